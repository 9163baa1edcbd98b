"""Plans and goals for the help tests, made with the ORM (the plans part has its own services;
these tests need only rows to ask help on)."""

from __future__ import annotations

from datetime import date
from decimal import Decimal
from typing import Any

from django.utils import timezone

from members.models import Member, User
from plans.models import Goal, GoalKind, GoalUnit, HelpRequest, Plan, Step, Visibility
from plans.services.help import AskData, check_ask_help


def plan_for(member: Member, year: int | None = None, **fields: Any) -> Plan:
    plan, _ = Plan.objects.get_or_create(
        member=member,
        year=year or timezone.localdate().year,
        defaults={"visibility": fields.pop("visibility", Visibility.CURATORS), **fields},
    )
    return plan


def goal_for(member: Member, title: str = "Новая линейка подарков", **fields: Any) -> Goal:
    plan = fields.pop("plan", None) or plan_for(member)
    return Goal.objects.create(
        plan=plan,
        title=title,
        kind=fields.pop("kind", GoalKind.NEW_PRODUCT),
        target=fields.pop("target", Decimal("10")),
        unit=fields.pop("unit", GoalUnit.PIECES),
        **fields,
    )


def step_for(goal: Goal, title: str = "Найти фотографа", due: date | None = None) -> Step:
    return Step.objects.create(goal=goal, title=title, due=due)


def ask(user: User, goal: Goal | None = None, what: str = "Нужен фотограф") -> HelpRequest:
    """Return a new help request of the member `user` on their goal (one made if None)."""
    goal = goal or goal_for(user.member)
    return check_ask_help(user, goal, AskData(what=what))
