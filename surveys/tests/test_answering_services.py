"""Saving and sending answers: named and anonymous responses, the no-link guarantee, needs
turned into resource map items once, and every refusal changing nothing."""

from __future__ import annotations

from datetime import timedelta
from functools import partial
from typing import Any

import pytest
from django.db import connection
from django.utils import timezone

from conftest import make_member, run_together
from members.models import User
from resources.models import ResourceItem
from surveys.logic import Raw
from surveys.models import Answer, Invitation, Response, ResponseStatus, Survey, TurnedNeed
from surveys.services import AnswerError, check_save_answers, check_submit_response
from surveys.tests.answering_factories import invite, questions_by_code, ready_survey

pytestmark = pytest.mark.django_db


def raw(*values: str, other: str = "") -> Raw:
    return Raw(values, other)


def complete(survey: Survey, **extra: Raw) -> dict[int, object]:
    """Return answers to every required question of the ready survey (no hiring)."""
    q = questions_by_code(survey)
    answers = {
        "needs-by-kind": raw("premises", "sales_channels", other="Печь для обжига"),
        "needs-premises-size": raw("40"),
        "main-obstacle": raw("no_sales"),
        "plans-to-hire": raw("no"),
        **extra,
    }
    return {q[code].pk: value for code, value in answers.items()}


def rows(response: Response) -> list[tuple[str, str, float | None, str]]:
    return sorted(
        (a.question.text[:20], a.value, a.number, a.text)
        for a in Answer.objects.filter(response=response).select_related("question")
    )


@pytest.fixture
def survey(resident: User, producer: User) -> Survey:
    survey = ready_survey()
    invite(survey, resident, producer)
    return survey


@pytest.fixture
def anonymous(resident: User, producer: User) -> Survey:
    survey = ready_survey(is_anonymous=True)
    invite(survey, resident, producer)
    return survey


def test_a_named_response_is_saved_as_one_goes_and_sent(survey: Survey, resident: User) -> None:
    q = questions_by_code(survey)
    saved = check_save_answers(resident, survey, {q["needs-by-kind"].pk: raw("premises")})
    response = saved.response
    assert response.user == resident
    assert response.status == ResponseStatus.DRAFT
    assert response.started_at is not None
    assert response.submitted_at is None
    check_save_answers(resident, survey, complete(survey))
    sent = check_submit_response(resident, survey)
    assert sent.pk == response.pk
    assert sent.status == ResponseStatus.SUBMITTED
    assert sent.submitted_at is not None
    assert Invitation.objects.get(survey=survey, user=resident).answered
    # Where the person was when they answered, for the breakdowns.
    assert sent.town == resident.member.town
    assert list(sent.industries.all()) == list(resident.member.industries.all())
    assert (sent.is_resident, sent.is_producer, sent.is_partner) == (True, False, False)
    assert Response.objects.filter(survey=survey).count() == 1


def test_a_named_response_is_changed_and_sent_again_until_closing(
    survey: Survey, resident: User
) -> None:
    q = questions_by_code(survey)
    check_save_answers(resident, survey, complete(survey))
    first = check_submit_response(resident, survey)
    check_save_answers(resident, survey, {q["main-obstacle"].pk: raw("no_money")})
    again = check_submit_response(resident, survey)
    assert again.pk == first.pk
    assert again.submitted_at is not None
    assert first.submitted_at is not None
    assert again.submitted_at >= first.submitted_at
    assert Answer.objects.get(response=again, question=q["main-obstacle"]).value == "no_money"
    assert Response.objects.filter(survey=survey).count() == 1


def test_each_atomic_value_is_one_row(survey: Survey, resident: User) -> None:
    q = questions_by_code(survey)
    response = check_save_answers(
        resident,
        survey,
        complete(
            survey,
            **{
                "cluster-usefulness": raw("4"),
                "event-formats": raw("fair", "online"),
                "free-text": raw("  Больше ярмарок  "),
            },
        ),
    ).response
    assert rows(response) == sorted(
        [
            (q["needs-by-kind"].text[:20], "premises", None, ""),
            (q["needs-by-kind"].text[:20], "sales_channels", None, ""),
            (q["needs-by-kind"].text[:20], "other", None, "Печь для обжига"),
            (q["needs-premises-size"].text[:20], "", 40.0, ""),
            (q["main-obstacle"].text[:20], "no_sales", None, ""),
            (q["plans-to-hire"].text[:20], "no", None, ""),
            (q["cluster-usefulness"].text[:20], "", 4.0, ""),
            (q["event-formats"].text[:20], "fair", None, ""),
            (q["event-formats"].text[:20], "online", None, ""),
            (q["free-text"].text[:20], "", None, "Больше ярмарок"),
        ]
    )


def test_an_answer_hidden_by_a_later_change_is_dropped(survey: Survey, resident: User) -> None:
    q = questions_by_code(survey)
    response = check_save_answers(resident, survey, complete(survey)).response
    assert Answer.objects.filter(response=response, question=q["needs-premises-size"]).exists()
    check_save_answers(resident, survey, {q["needs-by-kind"].pk: raw("equipment")})
    assert not Answer.objects.filter(response=response, question=q["needs-premises-size"]).exists()


def test_a_required_question_hidden_is_not_required(survey: Survey, resident: User) -> None:
    q = questions_by_code(survey)
    answers = complete(survey)
    check_save_answers(resident, survey, answers)
    check_submit_response(resident, survey)  # "hire how many" is required, but hidden by "no"
    check_save_answers(resident, survey, {q["plans-to-hire"].pk: raw("yes")})
    with pytest.raises(AnswerError) as refused:
        check_submit_response(resident, survey)
    assert refused.value.code == "answers_missing"
    assert refused.value.problems == {q["hire-how-many"].pk: "Ответьте на этот вопрос."}


def test_the_missing_required_ones_of_a_section_are_reported_not_refused(
    survey: Survey, resident: User
) -> None:
    q = questions_by_code(survey)
    first = [q[c].pk for c in ("needs-by-kind", "main-obstacle", "cluster-usefulness")]
    saved = check_save_answers(
        resident, survey, {q["cluster-usefulness"].pk: raw("5")}, require=first
    )
    assert saved.missing == [q["needs-by-kind"].pk, q["main-obstacle"].pk]
    assert Answer.objects.filter(response=saved.response).count() == 1


def test_wrong_answers_are_refused_with_each_problem_and_nothing_changes(
    survey: Survey, resident: User
) -> None:
    q = questions_by_code(survey)
    response = check_save_answers(resident, survey, complete(survey)).response
    before = rows(response)
    with pytest.raises(AnswerError) as refused:
        check_save_answers(
            resident,
            survey,
            {
                q["needs-premises-size"].pk: raw("сорок"),
                q["cluster-usefulness"].pk: raw("7"),
                q["main-obstacle"].pk: raw("no_money"),
                q["free-text"].pk: raw("я" * 3001),
                987654: raw("x"),
            },
        )
    error = refused.value
    assert error.kind == "invalid"
    assert error.details() == {
        str(q["needs-premises-size"].pk): ["Введите число, например 12 или 3,5."],
        str(q["cluster-usefulness"].pk): ["Введите число от 1 до 5."],
        str(q["free-text"].pk): ["Не больше 3000 символов (сейчас 3001)."],
        "987654": ["В опросе нет вопроса 987654."],
    }
    assert rows(response) == before


@pytest.mark.parametrize(
    ("opens", "closes", "code"),
    [(1, 5, "not_open_yet"), (-10, -1, "survey_closed")],
)
def test_outside_its_dates_the_survey_takes_no_answers(
    resident: User, opens: int, closes: int, code: str
) -> None:
    today = timezone.localdate()
    survey = ready_survey(
        opens_on=today + timedelta(days=opens), closes_on=today + timedelta(days=closes)
    )
    invite(survey, resident)
    for attempt in (
        lambda: check_save_answers(resident, survey, complete(survey)),
        lambda: check_submit_response(resident, survey),
    ):
        with pytest.raises(AnswerError) as refused:
            attempt()
        assert (refused.value.code, refused.value.kind) == (code, "conflict")
    assert not Response.objects.exists()


def test_a_survey_not_sent_to_the_person_is_not_found(survey: Survey, partner: User) -> None:
    with pytest.raises(AnswerError) as refused:
        check_save_answers(partner, survey, complete(survey))
    assert refused.value.kind == "not_found"
    with pytest.raises(AnswerError):
        check_submit_response(partner, survey)
    assert not Response.objects.exists()


# --- Anonymous ---------------------------------------------------------------------------------


def test_an_anonymous_response_keeps_no_link_to_the_person_once_sent(
    anonymous: Survey, resident: User
) -> None:
    invitation = Invitation.objects.get(survey=anonymous, user=resident)
    draft = check_save_answers(resident, anonymous, complete(anonymous)).response
    assert draft.user is None
    assert draft.invitation == invitation
    assert draft.started_at is None
    sent = check_submit_response(resident, anonymous, needs_consent=True)
    sent.refresh_from_db()
    assert sent.status == ResponseStatus.SUBMITTED
    assert (sent.user, sent.invitation, sent.started_at, sent.submitted_at) == (
        None,
        None,
        None,
        None,
    )
    assert sent.needs_consent is False
    # The breakdowns are kept; nothing leads from the person or the invitation to it.
    assert sent.town == resident.member.town
    assert not Response.objects.filter(user=resident).exists()
    assert not Response.objects.filter(invitation__user=resident).exists()
    invitation.refresh_from_db()
    assert invitation.answered
    assert not TurnedNeed.objects.exists()
    assert not ResourceItem.objects.filter(member=resident.member, direction="need").exists()


def test_anonymous_answers_cannot_be_changed_or_sent_twice(
    anonymous: Survey, resident: User
) -> None:
    check_save_answers(resident, anonymous, complete(anonymous))
    check_submit_response(resident, anonymous)
    for attempt in (
        lambda: check_save_answers(resident, anonymous, complete(anonymous)),
        lambda: check_submit_response(resident, anonymous),
    ):
        with pytest.raises(AnswerError) as refused:
            attempt()
        assert (refused.value.code, refused.value.kind) == ("already_sent", "conflict")
    assert Response.objects.filter(survey=anonymous).count() == 1


def test_two_people_answering_anonymously_make_two_responses(
    anonymous: Survey, resident: User, producer: User
) -> None:
    for person in (resident, producer):
        check_save_answers(person, anonymous, complete(anonymous))
        check_submit_response(person, anonymous)
    responses = Response.objects.filter(survey=anonymous)
    assert responses.count() == 2
    assert not responses.filter(user__isnull=False).exists()
    assert not responses.filter(invitation__isnull=False).exists()


# --- Needs to the resource map ---------------------------------------------------------------


def needs_of(user: User) -> list[tuple[str, str]]:
    items = ResourceItem.objects.filter(member=user.member, direction="need")
    return sorted(items.values_list("type", "text"))


def test_needs_named_with_consent_become_items_once(survey: Survey, resident: User) -> None:
    check_save_answers(resident, survey, complete(survey))
    check_submit_response(resident, survey, needs_consent=True)
    expected = [
        ("other", "Печь для обжига"),
        ("premises", "Помещение: мастерская, студия, склад"),
        ("sales_channel", "Каналы продаж: магазины, маркетплейсы, ярмарки"),
    ]
    assert needs_of(resident) == expected
    # Sending again adds nothing twice; a need added later becomes one more item.
    q = questions_by_code(survey)
    check_submit_response(resident, survey, needs_consent=True)
    assert needs_of(resident) == expected
    check_save_answers(
        resident, survey, {q["needs-by-kind"].pk: raw("premises", "sales_channels", "training")}
    )
    check_submit_response(resident, survey, needs_consent=True)
    assert ("knowledge", "Обучение") in needs_of(resident)
    assert TurnedNeed.objects.count() == 4


def test_withdrawing_consent_keeps_the_items_already_added(survey: Survey, resident: User) -> None:
    check_save_answers(resident, survey, complete(survey))
    check_submit_response(resident, survey, needs_consent=True)
    item = ResourceItem.objects.get(member=resident.member, type="premises")
    item.text = "Мастерская 40 м² в Кировске"
    item.save()
    response = check_submit_response(resident, survey, needs_consent=False)
    assert response.needs_consent is False
    assert ResourceItem.objects.get(pk=item.pk).text == "Мастерская 40 м² в Кировске"
    assert len(needs_of(resident)) == 3


def test_without_consent_no_need_becomes_an_item(survey: Survey, resident: User) -> None:
    check_save_answers(resident, survey, complete(survey))
    check_submit_response(resident, survey)
    assert needs_of(resident) == []


def test_a_client_without_a_member_entry_is_never_asked_for_needs(
    survey: Survey, client_user: User
) -> None:
    invite(survey, client_user)
    check_save_answers(client_user, survey, complete(survey))
    response = check_submit_response(client_user, survey, needs_consent=True)
    assert response.needs_consent is False
    assert response.town is None
    assert response.is_client
    assert not ResourceItem.objects.exists()


# --- Two tabs at once, really concurrently ---------------------------------------------------


@pytest.mark.postgres_only
@pytest.mark.django_db(transaction=True)
@pytest.mark.skipif(connection.vendor != "postgresql", reason="needs real concurrent transactions")
@pytest.mark.parametrize("is_anonymous", [False, True])
def test_two_tabs_sending_at_once_make_one_response(
    town: Any, industry: Any, is_anonymous: bool
) -> None:
    user = User.objects.create_user("tabs@example.org", "x" * 12, is_resident=True)
    make_member(user, town, [industry])
    survey = ready_survey(is_anonymous=is_anonymous)
    invite(survey, user)
    answers = complete(survey)
    jobs = [
        partial(check_save_answers, user, survey, answers),
        partial(check_save_answers, user, survey, answers),
    ]
    saved, refused = run_together(jobs)
    assert (len(saved), refused) == (2, [])
    assert Response.objects.filter(survey=survey).count() == 1
    sent, refused = run_together([partial(check_submit_response, user, survey)] * 2)
    codes = sorted(["sent"] * len(sent) + [error.code for error in refused])
    assert codes == (["already_sent", "sent"] if is_anonymous else ["sent", "sent"])
    assert Response.objects.filter(survey=survey).count() == 1
