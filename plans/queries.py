"""Reads and access checks for plans. Missing and forbidden both answer 404.

Who sees a plan: its member always; curators when it is shared with them or public; anyone
signed in when it is public. A private plan is nobody's business but its member's: a curator
opening it gets "not found" as for a plan that does not exist.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date
from decimal import Decimal
from typing import Any

from django.contrib.auth.models import AnonymousUser
from django.db.models import Count, Prefetch, Q, QuerySet
from django.http import Http404
from django.utils import timezone

from core.roles import is_curator
from members.models import Member, User
from members.queries import member_of
from plans import progress
from plans.models import (
    FINISHED_STEPS,
    SHARED_WITH_CURATORS,
    Goal,
    GoalUpdate,
    Plan,
    Step,
    Visibility,
)

AnyUser = User | AnonymousUser


def may_keep_a_plan(user: AnyUser) -> bool:
    """Return whether the person keeps plans: residents and producers of the cluster."""
    member = member_of(user)
    return member is not None and (member.is_resident or member.is_producer)


def visible_plans(user: AnyUser) -> QuerySet[Plan]:
    """Return the plans this person may open."""
    if not user.is_authenticated:
        return Plan.objects.none()
    member = member_of(user)
    condition = Q(visibility=Visibility.PUBLIC, member__is_active=True)
    if is_curator(user):
        condition |= Q(visibility__in=SHARED_WITH_CURATORS)
    if member is not None:
        condition |= Q(member=member)
    return Plan.objects.filter(condition)


def is_owner(user: AnyUser, plan: Plan) -> bool:
    member = member_of(user)
    return member is not None and plan.member_id == member.pk


def access_plan_for_user(user: AnyUser, plan_id: int) -> Plan:
    plan = visible_plans(user).select_related("member__user", "member__town").filter(pk=plan_id)
    found = plan.first()
    if found is None:
        raise Http404
    return found


def access_plan_for_owner(user: AnyUser, plan_id: int) -> Plan:
    """Return the person's own plan; raise Http404 for anyone else's (even one they see)."""
    member = member_of(user)
    plan = Plan.objects.select_related("member__user", "member__town").filter(
        pk=plan_id, member=member
    )
    found = plan.first() if member is not None else None
    if found is None:
        raise Http404
    return found


def access_goal_for_owner(user: AnyUser, goal_id: int) -> Goal:
    member = member_of(user)
    goal = (
        Goal.objects.select_related("plan__member").filter(pk=goal_id, plan__member=member).first()
        if member is not None
        else None
    )
    if goal is None:
        raise Http404
    return goal


def access_step_for_owner(user: AnyUser, step_id: int) -> Step:
    member = member_of(user)
    step = (
        Step.objects.select_related("goal__plan__member")
        .filter(pk=step_id, goal__plan__member=member)
        .first()
        if member is not None
        else None
    )
    if step is None:
        raise Http404
    return step


def access_step_for_user(user: AnyUser, step_id: int) -> Step:
    """Return a step of a plan the person may open (for its files)."""
    step = (
        Step.objects.select_related("goal__plan")
        .filter(pk=step_id, goal__plan__in=visible_plans(user))
        .first()
    )
    if step is None:
        raise Http404
    return step


def current_plan(member: Member, year: int) -> Plan | None:
    return Plan.objects.filter(member=member, year=year).first()


def plans_of(member: Member) -> QuerySet[Plan]:
    return Plan.objects.filter(member=member).annotate(goal_count=Count("goals")).order_by("-year")


# --- The plan page --------------------------------------------------------------------------


@dataclass
class StepView:
    step: Step
    late: bool
    due_soon: bool


@dataclass
class GoalView:
    goal: Goal
    steps: list[StepView]
    updates: list[GoalUpdate]
    latest: Decimal | None
    fraction: float
    late_count: int
    points: list[progress.Point] = field(default_factory=list)
    # Set by the page: the SVG chart and the platform's suggestions.
    chart: str = ""
    suggestions: Any = None
    step_form: Any = None
    update_form: Any = None

    @property
    def percent(self) -> int:
        return round(self.fraction * 100)

    @property
    def reached(self) -> bool:
        return self.fraction >= 1.0


@dataclass
class PlanView:
    plan: Plan
    goals: list[GoalView]
    today: date

    @property
    def late_steps(self) -> list[tuple[Goal, Step]]:
        return [(g.goal, s.step) for g in self.goals for s in g.steps if s.late]

    @property
    def due_soon(self) -> list[tuple[Goal, Step]]:
        soon = [(g.goal, s.step) for g in self.goals for s in g.steps if s.due_soon]
        return sorted(soon, key=lambda pair: (pair[1].due or self.today, pair[1].pk))


def plan_goals(plan: Plan) -> QuerySet[Goal]:
    """Return the plan's goals with everything the plan page shows: 5 queries whatever the
    number of goals (goals with their links, steps, the steps' files, updates)."""
    return (
        Goal.objects.filter(plan=plan)
        .select_related("support_measure", "event", "project", "order", "partner")
        .prefetch_related(
            Prefetch("steps", queryset=Step.objects.prefetch_related("files")),
            Prefetch("updates", queryset=GoalUpdate.objects.order_by("date", "id")),
        )
        .order_by("position", "id")
    )


def goal_view(goal: Goal, plan: Plan, today: date) -> GoalView:
    updates = list(goal.updates.all())
    points = [progress.Point(update.date, update.value) for update in updates]
    latest = progress.latest_value(points)
    steps = [
        StepView(
            step,
            progress.is_late(step.due, step.status, today),
            progress.is_due_soon(step.due, step.status, today),
        )
        for step in goal.steps.all()
    ]
    return GoalView(
        goal=goal,
        steps=steps,
        updates=updates,
        latest=latest,
        fraction=progress.fraction_reached(goal.baseline, goal.target, latest),
        late_count=sum(1 for step in steps if step.late),
        points=points,
    )


def plan_view(plan: Plan, today: date | None = None) -> PlanView:
    today = today or timezone.localdate()
    return PlanView(plan, [goal_view(goal, plan, today) for goal in plan_goals(plan)], today)


def shared_plans(year: int) -> QuerySet[Plan]:
    """Return one year's plans shared with curators, with the counts their list shows."""
    today = timezone.localdate()
    late = Q(goals__steps__due__lt=today) & ~Q(goals__steps__status__in=FINISHED_STEPS)
    return (
        Plan.objects.shared_with_curators()
        .filter(year=year, member__is_active=True)
        .select_related("member__town")
        .annotate(
            goal_count=Count("goals", distinct=True),
            late_count=Count("goals__steps", filter=late, distinct=True),
        )
        .order_by("member__display_name", "id")
    )


def public_plan_of(member: Member, year: int) -> Plan | None:
    return Plan.objects.public().filter(member=member, year=year).first()
