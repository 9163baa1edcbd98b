"""Real concurrent transactions: two tabs start this year's plan at once, or reorder goals at
once. SQLite serialises writers already; PostgreSQL runs these threads truly in parallel, so
the unique constraint and the plan-row lock are what keep the rows right there."""

from __future__ import annotations

from collections.abc import Callable

import pytest
from django.db import connection

from conftest import run_together
from members.models import User
from plans.models import Goal, Plan
from plans.services import check_move_goal
from plans.tests.factories import make_goal, make_plan

pytestmark = [
    pytest.mark.postgres_only,
    pytest.mark.django_db(transaction=True),
    pytest.mark.skipif(
        connection.vendor != "postgresql", reason="needs real concurrent transactions"
    ),
]


def test_two_tabs_starting_the_plan_make_one(resident: User) -> None:
    results, refused = run_together([lambda: make_plan(resident) for _tab in range(4)])
    assert len(results) == 1
    assert [error.code for error in refused] == ["plan_exists"] * 3
    assert Plan.objects.count() == 1


def test_goals_moved_at_once_keep_distinct_positions(resident: User) -> None:
    plan = make_plan(resident)
    goals = [make_goal(resident, plan, title=f"Цель {n}") for n in range(4)]

    def move(goal: Goal) -> Callable[[], None]:
        return lambda: check_move_goal(resident, goal, "up")

    run_together([move(goal) for goal in goals])
    positions = list(Goal.objects.filter(plan=plan).values_list("position", flat=True))
    assert sorted(positions) == [1, 2, 3, 4]
