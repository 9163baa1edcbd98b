"""The applicant's side: drafts, sending, withdrawing, through the services and the pages.
Every refusal says why and changes nothing."""

from __future__ import annotations

from collections.abc import Callable
from datetime import timedelta
from decimal import Decimal
from functools import partial
from pathlib import Path
from typing import Any

import pytest
from django.conf import settings
from django.core import mail
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import connection
from django.urls import reverse
from django.utils import timezone

from conftest import make_member, run_together
from core.models import Notification
from members.models import User
from support.models import Application, ApplicationStatus, Measure
from support.services import (
    ApplicationError,
    check_save_draft,
    check_submit_application,
    check_withdraw_application,
)
from support.tests.applying import (
    full_answers,
    measure_with_form,
    pdf,
    sent_application,
)
from support.tests.factories import make_measure, partner_measure

Login = Callable[..., Any]
today = timezone.localdate


def refused(call: Callable[[], Any]) -> ApplicationError:
    with pytest.raises(ApplicationError) as caught:
        call()
    return caught.value


# --- Drafts ----------------------------------------------------------------------------------


def test_a_member_saves_a_draft_and_sends_it(
    resident: User, partner: User, django_capture_on_commit_callbacks: Any
) -> None:
    measure, form = measure_with_form(provider_kind="partner", provider_member=partner.member)
    draft = check_save_draft(resident, measure, {str(form["text"].pk): "  Студия  "}, {})
    assert draft.status == ApplicationStatus.DRAFT
    assert draft.answers == {str(form["text"].pk): "Студия"}
    # Answers merge; a number is stored as digits.
    draft = check_save_draft(
        resident,
        measure,
        {str(form["stage"].pk): "Запуск", str(form["jobs"].pk): "1 500,50"},
        {form["plan"].pk: pdf()},
        Decimal(200000),
    )
    assert draft.answers == {
        str(form["text"].pk): "Студия",
        str(form["stage"].pk): "Запуск",
        str(form["jobs"].pk): "1500.5",
    }
    assert draft.files.get().name == "plan.pdf"
    with django_capture_on_commit_callbacks(execute=True):
        sent = check_submit_application(resident, draft)
    assert sent.status == ApplicationStatus.SUBMITTED
    assert sent.submitted_at is not None
    told = {n.user.email: n.text for n in Notification.objects.select_related("user")}
    assert "получена" in told["resident@example.org"]
    assert "Гончарная мастерская" in told["partner@example.org"]
    assert sorted(message.to[0] for message in mail.outbox) == [
        "partner@example.org",
        "resident@example.org",
    ]


def test_an_empty_answer_removes_the_old_one(resident: User) -> None:
    measure, form = measure_with_form()
    key = str(form["about"].pk)
    check_save_draft(resident, measure, {key: "Много слов"}, {})
    draft = check_save_draft(resident, measure, {key: ""}, {})
    assert key not in draft.answers


@pytest.mark.parametrize(
    ("key", "value", "code"),
    [
        ("unknown", "x", "unknown_field"),
        ("jobs", "много", "not_a_number"),
        ("stage", "Упадок", "unknown_option"),
        ("text", "а" * 301, "answer_too_long"),
        ("about", "а" * 5001, "answer_too_long"),
        ("plan", "plan.pdf", "file_expected"),
    ],
)
def test_bad_answers_are_refused_by_field(resident: User, key: str, value: str, code: str) -> None:
    measure, form = measure_with_form()
    pk = str(form[key].pk) if key in form else "999999"
    error = refused(lambda: check_save_draft(resident, measure, {pk: value}, {}))
    assert error.code == code
    assert error.field == (f"field_{pk}" if key in form else pk)
    assert not Application.objects.exists()


def test_a_file_of_the_wrong_type_is_refused_naming_the_question(resident: User) -> None:
    measure, form = measure_with_form()
    fake = SimpleUploadedFile("plan.pdf", b"MZ\x90\x00 not a pdf", content_type="application/pdf")
    error = refused(lambda: check_save_draft(resident, measure, {}, {form["plan"].pk: fake}))
    assert error.code == "file_type_mismatch"
    assert error.field == f"field_{form['plan'].pk}"
    assert "Бизнес-план" in error.message
    exe = SimpleUploadedFile("plan.exe", b"MZ", content_type="application/octet-stream")
    error = refused(lambda: check_save_draft(resident, measure, {}, {form["plan"].pk: exe}))
    assert error.code == "file_extension"
    # A file for a question that takes text.
    error = refused(lambda: check_save_draft(resident, measure, {}, {form["text"].pk: pdf()}))
    assert error.code == "not_a_file_field"
    assert not Application.objects.exists()


def test_a_new_file_replaces_the_old_one_and_deletes_it_on_commit(
    resident: User, django_capture_on_commit_callbacks: Any
) -> None:
    measure, form = measure_with_form()
    draft = check_save_draft(resident, measure, {}, {form["plan"].pk: pdf("first.pdf")})
    old = Path(settings.MEDIA_ROOT) / str(draft.files.get().file.name)
    assert old.exists()
    with django_capture_on_commit_callbacks(execute=True):
        check_save_draft(resident, measure, {}, {form["plan"].pk: pdf("second.pdf")})
    stored = draft.files.get()
    assert stored.name == "second.pdf"
    assert not old.exists()
    assert (Path(settings.MEDIA_ROOT) / str(stored.file.name)).exists()


def test_the_amount_asked_for_is_at_most_the_measures(resident: User) -> None:
    measure, _form = measure_with_form(amount=Decimal(300000))
    error = refused(lambda: check_save_draft(resident, measure, {}, {}, Decimal(300001)))
    assert error.code == "amount_above_measure"
    assert error.field == "requested_amount"
    assert "300\xa0000" in error.message
    error = refused(lambda: check_save_draft(resident, measure, {}, {}, Decimal(-1)))
    assert error.code == "negative_amount"
    assert not Application.objects.exists()


# --- Who may apply, and when -----------------------------------------------------------------


def test_applying_when_not_eligible_says_why(resident: User) -> None:
    measure = make_measure(rules={"min_jobs": 5})
    error = refused(lambda: check_save_draft(resident, measure, {}, {}))
    assert error.code == "not_eligible"
    assert error.kind == "forbidden"
    assert "не менее 5 рабочих мест" in error.message
    assert not Application.objects.exists()


def test_people_who_are_no_members_cannot_apply(client_user: User, outsider: User) -> None:
    measure = make_measure()
    for user in (client_user, outsider):
        error = refused(lambda user=user: check_save_draft(user, measure, {}, {}))  # type: ignore[misc]
        assert (error.code, error.kind) == ("not_a_member", "forbidden")
    assert not Application.objects.exists()


def test_a_partner_cannot_apply_to_its_own_measure(partner: User) -> None:
    measure = partner_measure(partner)
    error = refused(lambda: check_save_draft(partner, measure, {}, {}))
    assert error.code == "own_measure"
    assert not Application.objects.exists()


@pytest.mark.parametrize(
    ("fields", "code", "words"),
    [
        ({"deadline": today() - timedelta(days=1)}, "deadline_passed", "срок подачи"),
        ({"opens": today() + timedelta(days=3)}, "not_open_yet", "откроется"),
        ({"status": "closed"}, "measure_not_open", "не принимает"),
    ],
)
def test_a_measure_that_is_not_open_takes_no_application(
    resident: User, fields: dict[str, Any], code: str, words: str
) -> None:
    if "deadline" in fields:
        fields["opens"] = today() - timedelta(days=30)
    measure = make_measure(**fields)
    error = refused(lambda: check_save_draft(resident, measure, {}, {}))
    assert (error.code, error.kind) == (code, "conflict")
    assert words in error.message.lower()
    assert not Application.objects.exists()


def test_sending_after_the_deadline_is_refused(resident: User) -> None:
    measure, form = measure_with_form()
    draft = check_save_draft(resident, measure, full_answers(form), {form["plan"].pk: pdf()})
    Measure.objects.filter(pk=measure.pk).update(
        opens=today() - timedelta(days=30), deadline=today() - timedelta(days=1)
    )
    error = refused(lambda: check_submit_application(resident, draft))
    assert error.code == "deadline_passed"
    draft.refresh_from_db()
    assert draft.status == ApplicationStatus.DRAFT


def test_applying_twice_is_refused(resident: User) -> None:
    measure, form = measure_with_form()
    sent = sent_application(resident, measure, form)
    error = refused(lambda: check_save_draft(resident, measure, {}, {}))
    assert (error.code, error.kind) == ("already_sent", "conflict")
    error = refused(lambda: check_submit_application(resident, sent))
    assert error.code == "already_sent"
    assert Application.objects.count() == 1


def test_required_questions_must_be_answered_to_send(resident: User) -> None:
    measure, form = measure_with_form()
    draft = check_save_draft(resident, measure, {str(form["text"].pk): "Студия"}, {})
    error = refused(lambda: check_submit_application(resident, draft))
    assert error.code == "answer_required"
    assert error.field == f"field_{form['stage'].pk}"
    assert "Стадия проекта" in error.message
    draft = check_save_draft(resident, measure, {str(form["stage"].pk): "Идея"}, {})
    error = refused(lambda: check_submit_application(resident, draft))
    assert error.field == f"field_{form['plan'].pk}"  # a required file needs a stored one
    assert "Приложите" in error.message
    draft.refresh_from_db()
    assert (draft.status, draft.submitted_at) == (ApplicationStatus.DRAFT, None)


def test_no_application_is_sent_beyond_the_places_left(
    resident: User, producer: User, partner: User
) -> None:
    measure, form = measure_with_form(places=1)
    sent_application(producer, measure, form)
    error = refused(lambda: sent_application(resident, measure, form))
    assert (error.code, error.kind) == ("no_places_left", "conflict")
    assert Application.objects.get(member=resident.member).status == ApplicationStatus.DRAFT
    # A withdrawal frees the place.
    check_withdraw_application(producer, Application.objects.get(member=producer.member))
    draft = Application.objects.get(member=resident.member)
    assert check_submit_application(resident, draft).status == ApplicationStatus.SUBMITTED


def test_someone_elses_application_cannot_be_sent_or_withdrawn(
    resident: User, producer: User
) -> None:
    measure, form = measure_with_form()
    draft = check_save_draft(resident, measure, full_answers(form), {form["plan"].pk: pdf()})
    assert refused(lambda: check_submit_application(producer, draft)).kind == "not_found"
    assert refused(lambda: check_withdraw_application(producer, draft)).kind == "not_found"
    draft.refresh_from_db()
    assert draft.status == ApplicationStatus.DRAFT


# --- Withdrawing -----------------------------------------------------------------------------


def test_withdrawing_frees_the_place_and_a_withdrawn_one_may_become_a_draft_again(
    resident: User,
) -> None:
    measure, form = measure_with_form(places=3)
    sent = sent_application(resident, measure, form)
    withdrawn = check_withdraw_application(resident, sent)
    assert withdrawn.status == ApplicationStatus.WITHDRAWN
    assert withdrawn.withdrawn_at is not None
    assert Measure.objects.with_places_taken().get(pk=measure.pk).places_left == 3
    error = refused(lambda: check_withdraw_application(resident, withdrawn))
    assert error.code == "already_withdrawn"
    assert refused(lambda: check_submit_application(resident, withdrawn)).code == "withdrawn"
    again = check_save_draft(resident, measure, {}, {})
    assert (again.pk, again.status, again.submitted_at) == (sent.pk, "draft", None)
    assert check_submit_application(resident, again).status == ApplicationStatus.SUBMITTED


@pytest.mark.parametrize(
    ("status", "code"),
    [("under_review", "review_started"), ("granted", "already_decided")],
)
def test_withdrawing_after_review_started_is_refused(
    resident: User, status: str, code: str
) -> None:
    measure, form = measure_with_form()
    sent = sent_application(resident, measure, form)
    Application.objects.filter(pk=sent.pk).update(status=status)
    sent.refresh_from_db()
    error = refused(lambda: check_withdraw_application(resident, sent))
    assert (error.code, error.kind) == (code, "conflict")
    sent.refresh_from_db()
    assert (sent.status, sent.withdrawn_at) == (status, None)
    if status == "under_review":
        assert "оценивать" in error.message


# --- Pages -----------------------------------------------------------------------------------


def test_the_apply_page_shows_the_form_and_sends_the_application(
    resident: User, login: Login
) -> None:
    measure, form = measure_with_form()
    client = login(resident)
    url = reverse("support:apply", args=[measure.pk])
    html = client.get(url).content.decode()
    assert "Бизнес-план" in html
    assert 'accept=".jpg' in html
    assert "Сохранить черновик" in html
    assert "Отправить заявку" in html
    # A draft without the required answers is saved; the amount is read as people write it.
    response = client.post(
        url,
        {
            "action": "draft",
            f"field_{form['text'].pk}": "Студия",
            "requested_amount": "120 000,50",
        },
    )
    assert response.status_code == 302
    assert Application.objects.get().answers == {str(form["text"].pk): "Студия"}
    assert Application.objects.get().requested_amount == Decimal("120000.50")
    response = client.post(url, {"action": "draft", "requested_amount": "много"})
    assert "Введите сумму в рублях" in response.content.decode()
    # Sending without them names each missing one by its field.
    response = client.post(url, {"action": "submit", f"field_{form['text'].pk}": "Студия"})
    assert response.status_code == 422
    html = response.content.decode()
    assert html.count("invalid-feedback") == 2  # the stage and the plan
    assert Application.objects.get().status == ApplicationStatus.DRAFT
    data = {
        "action": "submit",
        f"field_{form['text'].pk}": "Студия",
        f"field_{form['stage'].pk}": "Рост",
        f"field_{form['plan'].pk}": pdf(),
        "requested_amount": "150000",
    }
    response = client.post(url, data)
    application = Application.objects.get()
    assert response.status_code == 302
    assert response["Location"] == reverse("support:application", args=[application.pk])
    assert application.status == ApplicationStatus.SUBMITTED
    assert application.requested_amount == Decimal(150000)
    # The measure page now links to the application instead of offering to apply.
    html = client.get(reverse("support:detail", args=[measure.pk])).content.decode()
    assert "Моя заявка: отправлена" in html
    assert 'data-test="apply"' not in html
    # The apply page sends to the application.
    assert client.get(url)["Location"] == reverse("support:application", args=[application.pk])


def test_the_apply_page_shows_field_errors_and_attached_files(resident: User, login: Login) -> None:
    measure, form = measure_with_form()
    client = login(resident)
    url = reverse("support:apply", args=[measure.pk])
    fake = SimpleUploadedFile("plan.pdf", b"not a pdf")
    response = client.post(
        url,
        {"action": "draft", f"field_{form['jobs'].pk}": "много", f"field_{form['plan'].pk}": fake},
    )
    assert response.status_code == 422
    html = response.content.decode()
    assert "введите число" in html
    assert not Application.objects.exists()
    client.post(url, {"action": "draft", f"field_{form['plan'].pk}": pdf("мой план.pdf")})
    html = client.get(url).content.decode()
    assert "Прикреплён файл: мой план.pdf" in html


def test_the_apply_page_explains_why_not_and_shows_no_form(resident: User, login: Login) -> None:
    measure = make_measure(rules={"min_jobs": 5})
    client = login(resident)
    url = reverse("support:apply", args=[measure.pk])
    html = client.get(url).content.decode()
    assert 'data-test="refusal"' in html
    assert "не менее 5 рабочих мест" in html
    assert 'data-test="application-form"' not in html
    assert client.post(url, {"action": "draft"}).status_code == 200
    assert not Application.objects.exists()
    full = make_measure(places=1)
    html = client.get(reverse("support:apply", args=[full.pk])).content.decode()
    assert 'data-test="application-form"' in html
    assert "1 место" in html


def test_the_measure_page_offers_to_apply_and_shows_places_left(
    resident: User, producer: User, login: Login
) -> None:
    measure, form = measure_with_form(places=2)
    sent_application(producer, measure, form)
    html = login(resident).get(reverse("support:detail", args=[measure.pk])).content.decode()
    assert reverse("support:apply", args=[measure.pk]) in html
    assert "осталось 1" in html
    closed = make_measure(status="closed")
    html = login(resident).get(reverse("support:detail", args=[closed.pk])).content.decode()
    assert 'data-test="apply"' not in html


def test_my_applications_show_status_and_decision(resident: User, login: Login) -> None:
    measure, form = measure_with_form()
    sent = sent_application(resident, measure, form)
    Application.objects.filter(pk=sent.pk).update(
        status="partially_granted",
        granted_amount=Decimal(100000),
        decision_reason="Смета завышена",
        decided_at=timezone.now(),
    )
    draft_measure = make_measure(title="Грант «Рост»")
    check_save_draft(resident, draft_measure, {}, {})
    html = login(resident).get(reverse("support:my_applications")).content.decode()
    assert "одобрена частично" in html
    assert "100\xa0000" in html
    assert "Смета завышена" in html
    assert "черновик" in html
    assert reverse("support:apply", args=[draft_measure.pk]) in html


@pytest.mark.parametrize("count", [1, 20])
def test_my_applications_page_runs_constant_queries(
    count: int, resident: User, login: Login, django_assert_num_queries: Any
) -> None:
    for _number in range(count):
        check_save_draft(resident, make_measure(), {}, {})
    client = login(resident)
    url = reverse("support:my_applications")
    client.get(url)
    # session, user, member, notifications, cluster settings, count, applications with
    # measures (support:my_applications)
    with django_assert_num_queries(7):
        response = client.get(url)
    assert response.content.decode().count('data-test="application"') == count


def test_the_application_page_shows_answers_files_and_timeline(
    resident: User, login: Login
) -> None:
    measure, form = measure_with_form()
    sent = sent_application(resident, measure, form)
    client = login(resident)
    html = client.get(reverse("support:application", args=[sent.pk])).content.decode()
    assert "Гончарная студия" in html
    assert "Стадия проекта" in html
    stored = sent.files.get()
    download = reverse("support:application_file", args=[sent.pk, stored.pk])
    assert download in html
    assert 'data-step="created"' in html
    assert 'data-step="submitted"' in html
    assert "Отозвать заявку" in html
    response = client.get(download)
    assert response.status_code == 200
    assert "attachment" in response["Content-Disposition"]
    assert b"".join(response.streaming_content) == pdf().read()


def test_withdrawing_from_the_page(resident: User, login: Login) -> None:
    measure, form = measure_with_form()
    sent = sent_application(resident, measure, form)
    client = login(resident)
    url = reverse("support:withdraw", args=[sent.pk])
    response = client.post(url, headers={"HX-Request": "true"})
    assert response["HX-Redirect"] == reverse("support:application", args=[sent.pk])
    sent.refresh_from_db()
    assert sent.status == ApplicationStatus.WITHDRAWN
    html = client.get(reverse("support:application", args=[sent.pk])).content.decode()
    assert "отозвана" in html
    assert 'data-step="withdrawn"' in html
    response = client.post(url, follow=True)
    assert "уже отозвана" in response.content.decode()


def test_the_page_says_a_reviewed_application_cannot_be_withdrawn(
    resident: User, login: Login
) -> None:
    measure, form = measure_with_form()
    sent = sent_application(resident, measure, form)
    Application.objects.filter(pk=sent.pk).update(status="under_review")
    client = login(resident)
    html = client.get(reverse("support:application", args=[sent.pk])).content.decode()
    assert 'data-test="withdraw"' not in html
    assert 'data-test="no-withdraw"' in html
    response = client.post(reverse("support:withdraw", args=[sent.pk]), follow=True)
    assert "оценивать" in response.content.decode()
    sent.refresh_from_db()
    assert sent.status == "under_review"


def test_who_sees_an_application_and_its_files(
    cast: dict[str, User], login: Login, town: Any, industry: Any
) -> None:
    measure, form = measure_with_form(
        provider_kind="partner", provider_member=cast["partner"].member
    )
    draft = check_save_draft(cast["resident"], measure, {}, {form["plan"].pk: pdf()})
    stored = draft.files.get()
    other = User.objects.create_user("other@example.org", "x" * 12, is_resident=True)
    make_member(other, town, [industry])
    roles = {**cast, "other member": other}
    urls = [
        reverse("support:application", args=[draft.pk]),
        reverse("support:application_file", args=[draft.pk, stored.pk]),
    ]

    # A draft is the applicant's own.
    for url in urls:
        seen = {role: login(user).get(url).status_code for role, user in roles.items()}
        assert {role for role, status in seen.items() if status == 200} == {"resident"}, url
    draft = check_save_draft(cast["resident"], measure, full_answers(form), {})
    check_submit_application(cast["resident"], draft)
    for url in urls:
        seen = {role: login(user).get(url).status_code for role, user in roles.items()}
        assert {role for role, status in seen.items() if status == 200} == {
            "resident",
            "partner",
            "curator",
            "superuser",
        }, url
        assert seen["other member"] == seen["outsider"] == seen["client"] == 404
    # A file of another application is not found through this one.
    other_measure, other_form = measure_with_form()
    theirs = check_save_draft(cast["producer"], other_measure, {}, {other_form["plan"].pk: pdf()})
    wrong = reverse("support:application_file", args=[draft.pk, theirs.files.get().pk])
    assert login(cast["resident"]).get(wrong).status_code == 404


# --- The last place, really concurrently -----------------------------------------------------


@pytest.mark.postgres_only
@pytest.mark.django_db(transaction=True)
@pytest.mark.skipif(connection.vendor != "postgresql", reason="needs real concurrent transactions")
def test_two_members_sending_for_the_last_place_cannot_both_take_it(
    town: Any, industry: Any
) -> None:
    measure, form = measure_with_form(places=1)
    people = []
    for number in range(6):
        user = User.objects.create_user(f"m{number}@example.org", "x" * 12, is_resident=True)
        make_member(user, town, [industry])
        people.append(user)
    drafts = [
        check_save_draft(user, measure, full_answers(form), {form["plan"].pk: pdf()})
        for user in people
    ]
    jobs = [
        partial(check_submit_application, user, draft)
        for user, draft in zip(people, drafts, strict=True)
    ]
    sent, refused = run_together(jobs)
    codes = ["sent"] * len(sent) + [error.code for error in refused]
    assert sorted(codes) == ["no_places_left"] * 5 + ["sent"]
    assert Application.objects.filter(status=ApplicationStatus.SUBMITTED).count() == 1
