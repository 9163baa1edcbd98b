"""The curators' queue: filters, bulk assignment, the SLA page, and constant queries."""

from __future__ import annotations

from collections.abc import Callable
from datetime import timedelta
from typing import Any

import pytest
from django.urls import reverse
from django.utils import timezone

from core.models import Town
from members.models import User
from plans.models import GoalKind, HelpRequest, HelpStatus
from plans.services.help import check_take_help_request
from plans.tests.help_factories import ask, goal_for

pytestmark = pytest.mark.django_db
Login = Callable[[User | None], Any]


def requests_of(user: User, count: int, **goal: Any) -> list[HelpRequest]:
    target = goal_for(user.member, **goal)
    return [ask(user, target, what=f"Запрос {user.pk}-{n}") for n in range(count)]


def shown(html: str) -> set[int]:
    return {int(part.split('"')[0]) for part in html.split('data-request="')[1:]}


def test_each_filter_narrows_the_queue(
    resident: User, producer: User, curator: User, login: Login
) -> None:
    kirovsk = requests_of(resident, 2, kind=GoalKind.SALES_CHANNEL)
    monchegorsk = requests_of(producer, 2, kind=GoalKind.JOBS)
    check_take_help_request(curator, kirovsk[0])
    late = monchegorsk[0]
    HelpRequest.objects.filter(pk=late.pk).update(due=timezone.localdate() - timedelta(days=1))
    closed = monchegorsk[1]
    HelpRequest.objects.filter(pk=closed.pk).update(status=HelpStatus.DONE)
    client = login(curator)
    url = reverse("plans:queue")

    def ids(query: str) -> set[int]:
        response = client.get(f"{url}?{query}")
        assert response.status_code == 200
        return shown(response.content.decode())

    assert ids("") == {kirovsk[0].pk, kirovsk[1].pk, late.pk}
    assert ids("mine=1") == {kirovsk[0].pk}
    assert ids("unassigned=1") == {kirovsk[1].pk, late.pk}
    assert ids("overdue=1") == {late.pk}
    assert ids("town=kirovsk") == {kirovsk[0].pk, kirovsk[1].pk}
    assert ids(f"kind={GoalKind.JOBS}") == {late.pk}
    assert ids("status=done") == {closed.pk}
    assert ids("status=all") == {r.pk for r in kirovsk + monchegorsk}
    # A wrong filter value is left out, not an error.
    assert ids("town=atlantis&kind=nonsense") == ids("")
    page = client.get(url).content.decode()
    assert "просрочен" in page
    assert "Мончегорск" in page
    assert "новый канал продаж" in page


def test_bulk_assignment_says_how_many_were_skipped(
    resident: User, curator: User, login: Login
) -> None:
    rows = requests_of(resident, 3)
    regina = User.objects.create_user(
        "regina@example.org", "x" * 12, is_curator=True, first_name="Регина"
    )
    check_take_help_request(regina, rows[0])
    client = login(curator)
    response = client.post(
        reverse("plans:queue_assign"),
        {"assignee": curator.pk, "requests": [r.pk for r in rows], "back": "unassigned=1"},
        follow=True,
    )
    html = response.content.decode()
    assert "Назначено 2 запроса." in html
    assert "1 пропущен" in html
    assert response.redirect_chain[-1][0] == reverse("plans:queue") + "?unassigned=1"
    assert HelpRequest.objects.filter(assignee=curator).count() == 2
    # Nothing ticked: the error is shown, nothing changes.
    response = client.post(reverse("plans:queue_assign"), {"assignee": curator.pk})
    assert response.status_code == 422
    assert "Отметьте хотя бы один запрос." in response.content.decode()


def test_the_queue_runs_the_same_queries_for_10_and_60_requests(
    resident: User, producer: User, curator: User, login: Login, django_assert_num_queries: Any
) -> None:
    client = login(curator)
    url = reverse("plans:queue")
    for total in (10, 60):
        existing = HelpRequest.objects.count()
        requests_of(resident, (total - existing) // 2)
        requests_of(producer, total - HelpRequest.objects.count())
        check_take_help_request(curator, HelpRequest.objects.last())  # type: ignore[arg-type]
        client.get(url)
        # session, user, requests with members, towns, goals and curators, curators for the
        # select, towns for the filter, notifications, cluster settings
        with django_assert_num_queries(7):
            response = client.get(f"{url}?town=kirovsk&kind=new_product&status=all")
        with django_assert_num_queries(7):
            response = client.get(url)
        assert len(shown(response.content.decode())) == min(total, 50)
    assert HelpRequest.objects.count() == 60


def test_the_sla_page_runs_constant_queries(
    resident: User, curator: User, login: Login, django_assert_num_queries: Any
) -> None:
    client = login(curator)
    url = reverse("plans:queue_sla")
    now = timezone.now()
    for count in (3, 30):
        for request in requests_of(resident, count - HelpRequest.objects.count()):
            HelpRequest.objects.filter(pk=request.pk).update(
                assignee=curator,
                created_at=now - timedelta(hours=10),
                first_answered_at=now - timedelta(hours=8),
                done_at=now,
            )
        # session, user, requests of the last 90 days with their curators, notifications,
        # cluster settings
        with django_assert_num_queries(5):
            response = client.get(url)
    html = response.content.decode()
    assert "2 часа" in html  # first answer: median
    assert "10 часов" in html  # done: median
    assert "curator" in html


def test_the_menu_leads_curators_to_the_queue(curator: User, login: Login) -> None:
    html = login(curator).get(reverse("plans:queue")).content.decode()
    assert 'id="nav-help-queue"' in html
    assert reverse("plans:overview") in html
    assert Town.objects.exists()
