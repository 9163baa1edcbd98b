"""Writes of a member's plan: starting it (blank or from last year's), goals and their steps,
files on steps, progress updates, who sees the plan, and closing the year.

Only the plan's member changes it, and only while it is open. Every write that changes the
order of goals or steps locks the plan's row first, so two tabs reordering at once cannot
leave two goals on one position. Nothing is changed when a check refuses.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date
from decimal import Decimal
from typing import TypeVar

from django.apps import apps
from django.db import IntegrityError, transaction
from django.db.models import Max
from django.utils import timezone
from django.utils.translation import gettext as _

from core.errors import DomainError
from members.models import Member, User
from members.queries import member_of, visible_members
from plans import progress
from plans.models import (
    FINISHED_STEPS,
    FIRST_YEAR,
    LAST_YEAR,
    Goal,
    GoalKind,
    GoalUnit,
    GoalUpdate,
    Outcome,
    Plan,
    PlanStatus,
    Step,
    StepFile,
    Visibility,
)
from plans.templates_data import BY_SLUG

MAX_FILES_PER_STEP = 10
Ordered = TypeVar("Ordered", Goal, Step)
MAX_GOALS = 30
MAX_STEPS = 30


class PlanError(DomainError):
    pass


# --- Who may change a plan -----------------------------------------------------------------


def check_plan_keeper(actor: User) -> Member:
    """Return the actor's directory entry; raise PlanError unless they are a resident or a
    producer (who keep plans)."""
    member = member_of(actor)
    if member is None or not (member.is_resident or member.is_producer):
        raise PlanError(
            "not_a_member",
            _("Plans are kept by the cluster's residents and producers."),
            None,
            kind="forbidden",
        )
    return member


def check_owner(actor: User, plan: Plan) -> None:
    member = member_of(actor)
    if member is None or plan.member_id != member.pk:
        raise PlanError(
            "not_owner", _("Only the plan's member can change it."), None, kind="forbidden"
        )


def check_open(plan: Plan) -> None:
    if plan.status == PlanStatus.CLOSED:
        raise PlanError(
            "plan_closed",
            _("The plan for %(year)s is closed: start next year's plan to go on.")
            % {"year": plan.year},
            None,
            kind="conflict",
        )


def check_editable(actor: User, plan: Plan) -> None:
    check_owner(actor, plan)
    check_open(plan)


def locked_plan(plan: Plan) -> Plan:
    """Return the plan's row locked for this transaction, as it is now."""
    return Plan.objects.select_for_update().get(pk=plan.pk)


# --- Starting a plan -------------------------------------------------------------------------


def allowed_years(today: date | None = None) -> list[int]:
    """Return the years one may start a plan for: this one and, from October, the next."""
    today = today or timezone.localdate()
    years = [today.year]
    if today.month >= 10:
        years.append(today.year + 1)
    return years


def _moved_to(day: date | None, year: int) -> date | None:
    """Return the same day of the month in `year` (28 February for the 29th), or None."""
    if day is None:
        return None
    try:
        return day.replace(year=year)
    except ValueError:
        return day.replace(year=year, day=28)


def check_start_plan(
    actor: User,
    year: int,
    *,
    previous: Plan | None = None,
    visibility: str = Visibility.CURATORS,
    today: date | None = None,
) -> Plan:
    """Start the actor's plan for `year`, blank or from `previous` (their earlier plan): its
    goals not reached carry over with their unfinished steps, due dates moved into the new
    year. Raise PlanError if they keep no plans, the year is not open for plans, the previous
    plan is not theirs, or they already have a plan for the year."""
    member = check_plan_keeper(actor)
    if year not in allowed_years(today) or not FIRST_YEAR <= year <= LAST_YEAR:
        raise PlanError(
            "wrong_year",
            _("A plan can be started for this year, and from October for the next one."),
            "year",
        )
    if visibility not in Visibility.values:
        raise PlanError("wrong_visibility", _("Choose who sees the plan."), "visibility")
    if previous is not None:
        if previous.member_id != member.pk:
            raise PlanError(
                "not_owner", _("Only your own plan can be continued."), None, kind="forbidden"
            )
        if previous.year >= year:
            raise PlanError(
                "wrong_year", _("Continue an earlier year's plan into a later year."), "year"
            )
    try:
        with transaction.atomic():
            plan = Plan.objects.create(
                member=member, year=year, visibility=visibility, started_from=previous
            )
            if previous is not None:
                _carry_over(previous, plan)
    except IntegrityError as error:
        raise PlanError(
            "plan_exists",
            _("You already have a plan for %(year)s.") % {"year": year},
            "year",
            kind="conflict",
        ) from error
    return plan


def _carry_over(previous: Plan, plan: Plan) -> None:
    goals = Goal.objects.filter(plan=previous).prefetch_related("steps", "updates")
    position = 0
    for goal in goals:
        points = [progress.Point(u.date, u.value) for u in goal.updates.all()]
        # The member's own word at the close decides; before it, the figures do.
        reached = (
            goal.outcome == Outcome.REACHED
            if goal.outcome
            else progress.is_reached(goal.baseline, goal.target, points)
        )
        if reached:
            continue
        latest = progress.latest_value(points)
        position += 1
        copy = Goal.objects.create(
            plan=plan,
            title=goal.title,
            kind=goal.kind,
            measure=goal.measure,
            # Where last year ended is where this one starts.
            baseline=min(latest if latest is not None else goal.baseline, goal.target),
            target=goal.target,
            unit=goal.unit,
            due=_moved_to(goal.due, plan.year),
            support_measure_id=goal.support_measure_id,
            event_id=None,  # last year's event is over
            project_id=goal.project_id,
            order_id=goal.order_id,
            partner_id=goal.partner_id,
            position=position,
            carried_from=goal,
        )
        steps = [
            Step(
                goal=copy,
                title=step.title,
                due=_moved_to(step.due, plan.year),
                status=step.status,
                notes=step.notes,
                position=number,
            )
            for number, step in enumerate(
                (s for s in goal.steps.all() if s.status not in FINISHED_STEPS), start=1
            )
        ]
        Step.objects.bulk_create(steps)


def check_set_visibility(actor: User, plan: Plan, visibility: str) -> Plan:
    """Set who sees the plan (closed plans too: a member may hide an old plan)."""
    check_owner(actor, plan)
    if visibility not in Visibility.values:
        raise PlanError("wrong_visibility", _("Choose who sees the plan."), "visibility")
    plan.visibility = visibility
    plan.updated_at = timezone.now()
    plan.save(update_fields=["visibility", "updated_at"])
    return plan


# --- Goals -----------------------------------------------------------------------------------


@dataclass
class GoalData:
    title: str
    kind: str
    target: Decimal
    unit: str
    baseline: Decimal = Decimal(0)
    measure: str = ""
    due: date | None = None
    support_measure_id: int | None = None
    event_id: int | None = None
    project_id: int | None = None
    order_id: int | None = None
    partner_id: int | None = None
    steps: list[StepData] = field(default_factory=list)


@dataclass
class StepData:
    title: str
    due: date | None = None
    notes: str = ""


UNIT_WORDS = {
    "jobs": lambda: _("Jobs are counted in people."),
    "revenue": lambda: _("Revenue is counted in roubles."),
}


def _unit_message(kind: str) -> str:
    said = UNIT_WORDS.get(kind)
    if said is not None:
        return said()
    units = ", ".join(str(GoalUnit(unit).label) for unit in progress.UNITS_BY_KIND[kind])
    return _("A goal of this kind is counted in: %(units)s.") % {"units": units}


def _amount_message(problem: str, unit: str, what: str) -> str:
    messages = {
        "negative": _("%(what)s cannot be below zero."),
        "too_large": _("%(what)s is too large."),
        "not_whole": _("%(what)s: %(unit)s are counted in whole numbers."),
        "too_precise": _("%(what)s: at most two digits after the comma."),
        "percent_too_large": _("%(what)s: at most 1000 percent."),
    }
    return messages[problem] % {"what": what, "unit": GoalUnit(unit).label}


def check_due(plan: Plan, due: date | None, field_name: str = "due") -> None:
    if due is not None and not progress.in_year(due, plan.year):
        raise PlanError(
            "due_outside_year",
            _("The date must fall within %(year)s, the plan's year.") % {"year": plan.year},
            field_name,
        )


def check_title(title: str, field_name: str = "title") -> str:
    title = title.strip()
    if not title:
        raise PlanError("title_missing", _("Give it a short title."), field_name)
    if len(title) > 200:
        raise PlanError("title_too_long", _("At most 200 characters."), field_name)
    return title


def check_goal_data(actor: User, plan: Plan, data: GoalData) -> GoalData:
    """Return the goal's data cleaned; raise PlanError on a wrong kind, unit or amount, a
    date outside the plan's year, or a link to something the actor may not see."""
    data.title = check_title(data.title)
    data.measure = data.measure.strip()
    if len(data.measure) > 300:
        raise PlanError("measure_too_long", _("At most 300 characters."), "measure")
    if data.kind not in GoalKind.values:
        raise PlanError("wrong_kind", _("Choose the kind of goal."), "kind")
    if data.unit not in GoalUnit.values:
        raise PlanError("wrong_unit", _("Choose the unit."), "unit")
    problem = progress.target_problem(data.kind, data.unit, data.target, data.baseline)
    if problem == "wrong_unit":
        raise PlanError("wrong_unit", _unit_message(data.kind), "unit")
    if problem == "target_not_above":
        raise PlanError(
            "target_not_above",
            _("The target must be above where you start (%(baseline)s).")
            % {"baseline": f"{data.baseline.normalize():f}"},
            "target",
        )
    if problem:
        target_problem = progress.amount_problem(data.unit, data.target)
        name, what = (
            ("target", _("The target")) if target_problem else ("baseline", _("The starting point"))
        )
        raise PlanError(problem, _amount_message(problem, data.unit, what), name)
    check_due(plan, data.due)
    for step in data.steps:
        step.title = check_title(step.title, "steps")
        check_due(plan, step.due, "steps")
    check_links(actor, plan.member, data)
    return data


def check_links(actor: User, member: Member, data: GoalData) -> None:
    """Raise PlanError if a link names something the actor may not see."""
    from events.queries import visible_events
    from orders.models import Order
    from projects.queries import visible_projects

    if data.support_measure_id is not None:
        measures = _visible_measure_ids(actor, data.support_measure_id)
        if data.support_measure_id not in measures:
            raise PlanError(
                "unknown_measure", _("Choose a support measure from the list."), "support_measure"
            )
    if data.event_id is not None and not visible_events(actor).filter(pk=data.event_id).exists():
        raise PlanError("unknown_event", _("Choose an event from the list."), "event")
    if (
        data.project_id is not None
        and not visible_projects(actor).filter(pk=data.project_id).exists()
    ):
        raise PlanError("unknown_project", _("Choose a project from the list."), "project")
    if data.order_id is not None:
        own = Order.objects.filter(pk=data.order_id, client=actor) | Order.objects.filter(
            pk=data.order_id, performer=member
        )
        if not own.exists():
            raise PlanError("unknown_order", _("Choose one of your orders."), "order")
    if data.partner_id is not None and (
        data.partner_id == member.pk
        or not visible_members(actor).filter(pk=data.partner_id).exists()
    ):
        raise PlanError("unknown_partner", _("Choose a partner from the list."), "partner")


def _visible_measure_ids(actor: User, measure_id: int) -> set[int]:
    """Return {measure_id} if the actor may see the support measure; empty if not, or when
    the support app is not installed (a plan then links to no measure)."""
    if not apps.is_installed("support"):
        return set()
    from support.queries import visible_measures

    return set(visible_measures(actor).filter(pk=measure_id).values_list("pk", flat=True))


def _apply(goal: Goal, data: GoalData) -> None:
    goal.title, goal.kind, goal.measure = data.title, data.kind, data.measure
    goal.baseline, goal.target, goal.unit, goal.due = (
        data.baseline,
        data.target,
        data.unit,
        data.due,
    )
    goal.support_measure_id = data.support_measure_id
    goal.event_id, goal.project_id = data.event_id, data.project_id
    goal.order_id, goal.partner_id = data.order_id, data.partner_id


def check_add_goal(actor: User, plan: Plan, data: GoalData) -> Goal:
    """Add a goal (and the steps given with it) at the end of the plan."""
    check_editable(actor, plan)
    data = check_goal_data(actor, plan, data)
    with transaction.atomic():
        plan = locked_plan(plan)
        check_open(plan)
        count = plan.goals.count()
        if count >= MAX_GOALS:
            raise PlanError(
                "too_many_goals",
                _("A plan holds at most %(n)s goals.") % {"n": MAX_GOALS},
                None,
                kind="conflict",
            )
        last = plan.goals.aggregate(last=Max("position"))["last"] or 0
        goal = Goal(plan=plan, position=last + 1)
        _apply(goal, data)
        goal.save()
        Step.objects.bulk_create(
            Step(goal=goal, title=step.title, due=step.due, notes=step.notes, position=number)
            for number, step in enumerate(data.steps, start=1)
        )
    return goal


def template_goal_data(plan: Plan, slug: str, today: date | None = None) -> GoalData:
    """Return a template's goal for the plan, its dates counted from today (or from 1 January
    for a plan of a year not begun); raise PlanError for an unknown template."""
    template = BY_SLUG.get(slug)
    if template is None:
        raise PlanError("unknown_template", _("Choose one of the templates."), "template")
    today = today or timezone.localdate()
    start = max(today, plan.first_day)
    return GoalData(
        title=template.title,
        kind=template.kind,
        target=template.target,
        unit=template.unit,
        baseline=template.baseline,
        measure=template.measure,
        due=progress.due_from_offset(start, template.offset_days, plan.year),
        steps=[
            StepData(step.title, progress.due_from_offset(start, step.offset_days, plan.year))
            for step in template.steps
        ],
    )


def check_add_goal_from_template(
    actor: User, plan: Plan, slug: str, today: date | None = None
) -> Goal:
    check_editable(actor, plan)
    return check_add_goal(actor, plan, template_goal_data(plan, slug, today))


def check_edit_goal(actor: User, goal: Goal, data: GoalData) -> Goal:
    plan = goal.plan
    check_editable(actor, plan)
    data.steps = []
    data = check_goal_data(actor, plan, data)
    with transaction.atomic():
        check_open(locked_plan(plan))
        _apply(goal, data)
        goal.updated_at = timezone.now()
        goal.save()
    return goal


def check_delete_goal(actor: User, goal: Goal) -> None:
    check_editable(actor, goal.plan)
    with transaction.atomic():
        check_open(locked_plan(goal.plan))
        files = list(StepFile.objects.filter(step__goal=goal))
        goal.delete()
        transaction.on_commit(lambda: remove_files(files))


def remove_files(files: list[StepFile]) -> None:
    for stored in files:
        stored.file.delete(save=False)


def renumbered(items: list[Ordered], pk: int, direction: str) -> list[Ordered]:
    """Return the items renumbered 1..n after moving `pk` one place up or down."""
    order = [item.pk for item in items]
    at = order.index(pk)
    to = at - 1 if direction == "up" else at + 1
    if 0 <= to < len(order):
        order[at], order[to] = order[to], order[at]
    by_pk = {item.pk: item for item in items}
    moved = [by_pk[item_pk] for item_pk in order]
    for number, item in enumerate(moved, start=1):
        item.position = number
    return moved


def check_direction(direction: str) -> None:
    if direction not in ("up", "down"):
        raise PlanError("wrong_direction", _("Move up or down."), "direction")


def check_move_goal(actor: User, goal: Goal, direction: str) -> None:
    check_editable(actor, goal.plan)
    check_direction(direction)
    with transaction.atomic():
        check_open(locked_plan(goal.plan))
        goals = renumbered(list(Goal.objects.filter(plan_id=goal.plan_id)), goal.pk, direction)
        Goal.objects.bulk_update(goals, ["position"])


# --- Progress --------------------------------------------------------------------------------


def check_record_update(
    actor: User,
    goal: Goal,
    value: Decimal,
    day: date,
    comment: str = "",
    today: date | None = None,
) -> GoalUpdate:
    """Record the value the goal reached on `day`; raise PlanError for a value that does not
    fit the goal's unit, a day outside the plan's year or in the future."""
    plan = goal.plan
    check_editable(actor, plan)
    problem = progress.amount_problem(goal.unit, value)
    if problem:
        raise PlanError(problem, _amount_message(problem, goal.unit, _("The value")), "value")
    today = today or timezone.localdate()
    check_due(plan, day, "date")
    if day > today:
        raise PlanError("date_in_future", _("Record what is reached by today."), "date")
    comment = comment.strip()
    if len(comment) > 1000:
        raise PlanError("comment_too_long", _("At most 1000 characters."), "comment")
    with transaction.atomic():
        check_open(locked_plan(plan))
        return GoalUpdate.objects.create(
            goal=goal, value=value, date=day, comment=comment, created_by=actor
        )


def check_delete_update(actor: User, update: GoalUpdate) -> None:
    check_editable(actor, update.goal.plan)
    update.delete()


# --- Closing the year ------------------------------------------------------------------------


@dataclass
class GoalOutcome:
    goal_id: int
    outcome: str
    note: str = ""


def check_close_plan(actor: User, plan: Plan, review: str, outcomes: list[GoalOutcome]) -> Plan:
    """Close the plan with the member's review and what was reached per goal; raise PlanError
    for an outcome on another plan's goal or a missing one."""
    check_editable(actor, plan)
    review = review.strip()
    if len(review) > 5000:
        raise PlanError("review_too_long", _("At most 5000 characters."), "review")
    goals = {goal.pk: goal for goal in Goal.objects.filter(plan=plan)}
    given = {outcome.goal_id: outcome for outcome in outcomes}
    if set(given) - set(goals):
        raise PlanError("unknown_goal", _("Say the outcome of this plan's goals only."), None)
    for goal_id, goal in goals.items():
        outcome = given.get(goal_id)
        if outcome is None or outcome.outcome not in Outcome.values:
            raise PlanError(
                "outcome_missing",
                _("Say what came of «%(goal)s».") % {"goal": goal.title},
                f"outcome_{goal_id}",
            )
        if len(outcome.note.strip()) > 1000:
            raise PlanError("note_too_long", _("At most 1000 characters."), f"note_{goal_id}")
    now = timezone.now()
    with transaction.atomic():
        locked = locked_plan(plan)
        check_open(locked)
        for goal_id, goal in goals.items():
            goal.outcome = given[goal_id].outcome
            goal.outcome_note = given[goal_id].note.strip()
        Goal.objects.bulk_update(goals.values(), ["outcome", "outcome_note"])
        plan.status, plan.review, plan.closed_at, plan.updated_at = (
            PlanStatus.CLOSED,
            review,
            now,
            now,
        )
        plan.save(update_fields=["status", "review", "closed_at", "updated_at"])
    return plan
