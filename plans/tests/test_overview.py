"""The curators' overview of all plans: goals by kind and town, progress, late steps, open
requests; private plans left out; constant queries."""

from __future__ import annotations

from collections.abc import Callable
from datetime import date, timedelta
from decimal import Decimal
from typing import Any

import pytest
from django.urls import reverse
from django.utils import timezone

from members.models import User
from plans.help_queries import on_track, overview
from plans.models import GoalKind, GoalUpdate, StepStatus, Visibility
from plans.tests.help_factories import ask, goal_for, plan_for, step_for

pytestmark = pytest.mark.django_db
Login = Callable[[User | None], Any]


def test_on_track_compares_the_share_done_with_the_share_of_time_gone() -> None:
    start, due = date(2026, 1, 1), date(2026, 12, 31)
    half = date(2026, 7, 2)
    assert on_track(Decimal(0), Decimal(10), Decimal(5), start, due, half)
    assert not on_track(Decimal(0), Decimal(10), Decimal(4), start, due, half)
    assert not on_track(Decimal(0), Decimal(10), None, start, due, half)
    # A goal with no room between baseline and target is on track once reached.
    assert on_track(Decimal(3), Decimal(3), Decimal(3), start, due, half)


def test_the_overview_counts_shared_plans_only(
    resident: User, producer: User, partner: User
) -> None:
    today = timezone.localdate()
    year = today.year
    shared = goal_for(resident.member, kind=GoalKind.SALES_CHANNEL, target=Decimal(2))
    GoalUpdate.objects.create(goal=shared, value=Decimal(2), date=today)
    late = step_for(shared, "Договориться с магазином", today - timedelta(days=3))
    step_for(shared, "Сделано", today - timedelta(days=3)).__class__.objects.filter(
        title="Сделано"
    ).update(status=StepStatus.DONE)
    ask(resident, shared)
    public_plan = plan_for(producer.member, visibility=Visibility.PUBLIC)
    goal_for(producer.member, kind=GoalKind.JOBS, plan=public_plan)
    private_plan = plan_for(partner.member, visibility=Visibility.PRIVATE)
    private = goal_for(partner.member, kind=GoalKind.JOBS, plan=private_plan)
    step_for(private, "Секретный шаг", today - timedelta(days=3))
    ask(partner, private)
    figures = overview(year, today)
    assert (figures.plans, figures.goals, figures.reached) == (2, 2, 1)
    assert figures.late_steps == 1
    assert figures.open_requests == 1
    by_kind = {row.kind: row for row in figures.kinds}
    assert by_kind[GoalKind.JOBS].total == 1
    assert by_kind[GoalKind.SALES_CHANNEL].by_town == {resident.member.town_id: 1}
    assert late.is_late_on(today)


def test_the_overview_runs_constant_queries(
    resident: User, producer: User, curator: User, login: Login, django_assert_num_queries: Any
) -> None:
    client = login(curator)
    url = reverse("plans:overview")
    today = timezone.localdate()
    for goals in (2, 20):
        for user in (resident, producer):
            for n in range(goals // 2):
                goal = goal_for(user.member, f"Цель {n}", kind=GoalKind.REVENUE)
                step_for(goal, "Шаг", today - timedelta(days=1))
                GoalUpdate.objects.create(goal=goal, value=Decimal(1), date=today)
                ask(user, goal)
        # session, user, goals with their latest value, late steps, open requests, towns,
        # plans, one page of plans with their counts, years, notifications, cluster settings
        with django_assert_num_queries(11):
            response = client.get(url)
    html = response.content.decode()
    assert 'data-test="late-steps">22<' in html
    assert 'data-test="open-requests">22<' in html
    assert "<script" not in html.split('data-test="chart"')[1].split("</svg>")[0]
    assert "выручка" in html
    assert "личные планы не входят" in html
