from __future__ import annotations

from collections.abc import Callable
from typing import Any

import pytest
from django.core import mail
from django.urls import reverse

from core.inn import with_check_digits
from core.models import Industry, Notification, Town
from members.models import Application, ApplicationStatus, JobsRecord, Member, User
from members.services import (
    ApplicationData,
    ApplicationError,
    do_accept_application,
    do_submit_application,
)


@pytest.fixture
def application(outsider: User, town: Town, industry: Industry) -> Application:
    return do_submit_application(
        outsider,
        ApplicationData(
            role="resident",
            kind="person",
            full_name="Ольга Резчикова",
            legal_form="self_employed",
            town=town,
            about="Режу по кости и дереву, делаю сувениры.",
            wants="Ищу магазин для продажи сувениров.",
            industries=[industry],
            jobs=3,
            consent_public_profile=True,
        ),
        consent_version="2026-11",
        ip="127.0.0.1",
    )


def review(client: Any, application: Application, decision: str, message: str = "") -> Any:
    return client.post(
        reverse("members:application_review", args=[application.pk]),
        {"decision": decision, "message": message},
    )


def test_accepting_creates_a_public_profile_and_tells_the_applicant(
    application: Application,
    curator: User,
    login: Callable[..., Any],
    django_capture_on_commit_callbacks: Any,
) -> None:
    with django_capture_on_commit_callbacks(execute=True):
        response = review(login(curator), application, "accept")
    assert response.status_code == 302
    application.refresh_from_db()
    assert application.status == ApplicationStatus.ACCEPTED
    member = Member.objects.get(user=application.applicant)
    assert member.public_profile is True
    assert member.is_resident
    assert member.user.is_resident
    assert member.jobs == 3
    assert JobsRecord.objects.get(member=member).jobs == 3
    assert " резать " in member.search_text  # lemmas are indexed for the directory
    assert len(mail.outbox) == 1
    assert mail.outbox[0].to == [application.applicant.email]
    assert Notification.objects.filter(user=application.applicant).exists()
    event = application.events.last()
    assert event is not None
    assert event.actor == curator
    assert event.action == "accepted"
    assert login(None).get(reverse("members:detail", args=[member.pk])).status_code == 200


def test_without_public_consent_the_profile_stays_hidden(
    application: Application, curator: User, login: Callable[..., Any]
) -> None:
    Application.objects.filter(pk=application.pk).update(consent_public_profile=False)
    review(login(curator), application, "accept")
    member = Member.objects.get(user=application.applicant)
    assert login(None).get(reverse("members:detail", args=[member.pk])).status_code == 404
    assert (
        login(application.applicant).get(reverse("members:detail", args=[member.pk])).status_code
        == 200
    )
    assert login(curator).get(reverse("members:detail", args=[member.pk])).status_code == 200
    directory = login(None).get(reverse("members:directory")).content.decode()
    assert "Ольга Резчикова" not in directory


@pytest.mark.parametrize("decision", ["decline", "ask_info"])
def test_declining_or_asking_needs_a_message(
    application: Application,
    curator: User,
    login: Callable[..., Any],
    decision: str,
    django_capture_on_commit_callbacks: Any,
) -> None:
    with django_capture_on_commit_callbacks(execute=True):
        response = review(login(curator), application, decision, "   ")
    assert response.status_code == 200
    assert "message" in response.context["form"].errors
    application.refresh_from_db()
    assert application.status == ApplicationStatus.SUBMITTED
    assert len(mail.outbox) == 0


def test_declining_tells_the_reason(
    application: Application,
    curator: User,
    login: Callable[..., Any],
    django_capture_on_commit_callbacks: Any,
) -> None:
    with django_capture_on_commit_callbacks(execute=True):
        review(
            login(curator), application, "decline", "Кластер работает только с Мурманской областью."
        )
    application.refresh_from_db()
    assert application.status == ApplicationStatus.DECLINED
    assert "Мурманской областью" in mail.outbox[0].body
    assert not Member.objects.filter(user=application.applicant).exists()
    status_page = login(application.applicant).get(reverse("members:application_status"))
    assert "Мурманской областью" in status_page.content.decode()


def test_a_decided_application_cannot_be_decided_again(
    application: Application, curator: User
) -> None:
    do_accept_application(application, curator)
    with pytest.raises(ApplicationError):
        do_accept_application(application, curator)
    assert Member.objects.filter(user=application.applicant).count() == 1
    assert application.events.filter(action="accepted").count() == 1


def test_queue_lists_waiting_applications_in_constant_queries(
    application: Application,
    curator: User,
    town: Town,
    industry: Industry,
    login: Callable[..., Any],
    django_assert_num_queries: Any,
) -> None:
    for number in range(5):
        user = User.objects.create_user(f"applicant{number}@example.org", "x" * 12)
        do_submit_application(
            user,
            ApplicationData(
                role="producer",
                kind="person",
                full_name=f"Заявитель {number}",
                legal_form="none",
                town=town,
                about="Фото",
                wants="Заказы",
                industries=[industry],
            ),
            consent_version="2026-11",
            ip=None,
        )
    client = login(curator)
    # session, user, cluster settings, unread count, page count, applications, industries
    with django_assert_num_queries(7):
        response = client.get(reverse("members:application_queue"))
    assert response.content.decode().count("list-group-item-action") == 6


def test_curators_see_applications_that_share_an_inn(
    outsider: User,
    resident: User,
    curator: User,
    town: Town,
    industry: Industry,
    login: Callable[..., Any],
) -> None:
    inn = with_check_digits("5107001234")

    def apply(user: User, name: str) -> Application:
        return do_submit_application(
            user,
            ApplicationData(
                role="resident",
                kind="person",
                full_name=name,
                legal_form="self_employed",
                inn=inn,
                town=town,
                about="Керамика",
                wants="Заказы",
                industries=[industry],
            ),
            consent_version="2026-11",
            ip=None,
        )

    first = apply(outsider, "Первая заявка")
    second = apply(User.objects.create_user("twin@example.org", "x" * 12), "Вторая заявка")
    alone = do_submit_application(
        User.objects.create_user("alone@example.org", "x" * 12),
        ApplicationData(
            role="resident",
            kind="person",
            full_name="Без ИНН",
            legal_form="none",
            town=town,
            about="Фото",
            wants="Заказы",
            industries=[industry],
        ),
        consent_version="2026-11",
        ip=None,
    )
    client = login(curator)
    queue = client.get(reverse("members:application_queue"))
    flagged = {a.pk for a in queue.context["page"] if a.inn_duplicate}
    assert flagged == {first.pk, second.pk}
    assert alone.pk not in flagged
    assert queue.content.decode().count('data-test="inn-duplicate"') == 2
    # A member who came to hold the ИНН meanwhile is shown too.
    Member.objects.filter(user=resident).update(inn=inn)
    page = client.get(reverse("members:application_review", args=[first.pk])).content.decode()
    assert 'data-test="inn-duplicates"' in page
    assert f'data-member="{resident.member.pk}"' in page
    assert f'data-application="{second.pk}"' in page
    assert f'data-application="{first.pk}"' not in page
    lone = client.get(reverse("members:application_review", args=[alone.pk])).content.decode()
    assert 'data-test="inn-duplicates"' not in lone
