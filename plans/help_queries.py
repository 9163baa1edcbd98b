"""Reads of help requests: who may open one (missing and forbidden both answer 404), the
member's own list, the curators' queue with its filters, the SLA figures and the curators'
overview of all plans.

The overview reads only plans shared with curators or public: a member who chose "only me"
keeps the plan out of every figure, counts included.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import date, datetime, timedelta
from decimal import Decimal
from typing import Any

from django.contrib.auth.models import AnonymousUser
from django.db.models import Count, IntegerField, OuterRef, Prefetch, Q, QuerySet, Subquery
from django.db.models.functions import Coalesce
from django.http import Http404
from django.utils import timezone

from core.models import Town
from core.roles import is_curator
from matching.models import Introduction
from members.models import Member, User
from members.queries import member_of
from plans import sla
from plans.models import (
    OPEN_HELP_STATUSES,
    SHARED_WITH_CURATORS,
    Goal,
    GoalKind,
    GoalUpdate,
    HelpRequest,
    HelpRequestFile,
    HelpRequestMessage,
    HelpRequestNote,
    HelpStatus,
    Plan,
    Step,
    StepStatus,
)

AnyUser = User | AnonymousUser
SLA_DAYS = 90


def _with_details(requests: QuerySet[HelpRequest]) -> QuerySet[HelpRequest]:
    return requests.select_related(
        "member__town",
        "member__user",
        "goal__plan",
        "step",
        "assignee",
        "introduction__requester",
        "introduction__recipient",
        "support_measure",
        "event",
    )


def access_help_request_for_member(user: AnyUser, request_id: int) -> HelpRequest:
    """Return the person's own help request; raise Http404 for any other, missing or not."""
    member = member_of(user)
    if member is None:
        raise Http404
    found = _with_details(HelpRequest.objects.filter(pk=request_id, member=member)).first()
    if found is None:
        raise Http404
    return found


def access_help_request_for_curator(user: AnyUser, request_id: int) -> HelpRequest:
    """Return any help request to a curator; raise Http404 for everyone else."""
    if not is_curator(user):
        raise Http404
    found = _with_details(HelpRequest.objects.filter(pk=request_id)).first()
    if found is None:
        raise Http404
    return found


def access_help_request(user: AnyUser, request_id: int) -> HelpRequest:
    """Return the request to its member or a curator; raise Http404 for anyone else."""
    if is_curator(user):
        return access_help_request_for_curator(user, request_id)
    return access_help_request_for_member(user, request_id)


def access_goal_for_asking(user: AnyUser, goal_id: int) -> Goal:
    """Return the member's own goal to ask help on; raise Http404 for any other."""
    member = member_of(user)
    if member is None:
        raise Http404
    goal = Goal.objects.select_related("plan").filter(pk=goal_id, plan__member=member).first()
    if goal is None:
        raise Http404
    return goal


def my_help_requests(member: Member) -> QuerySet[HelpRequest]:
    """Return the member's requests with their goals and assignees, the newest first."""
    return HelpRequest.objects.filter(member=member).select_related("goal", "step", "assignee")


def thread(request: HelpRequest) -> list[HelpRequestMessage]:
    """Return the request's messages with their authors and files (2 queries)."""
    return list(
        request.messages.select_related("author").prefetch_related(
            Prefetch("files", queryset=HelpRequestFile.objects.order_by("uploaded_at", "id"))
        )
    )


def request_files(request: HelpRequest) -> list[HelpRequestFile]:
    """Return the files attached with the request itself (not with a message)."""
    return list(request.files.filter(message__isnull=True))


def notes(request: HelpRequest) -> list[HelpRequestNote]:
    """Return the curators' internal notes; only curators' pages and endpoints call this."""
    return list(request.notes.select_related("author"))


def member_introductions(member: Member) -> list[Introduction]:
    """Return the member's live introductions, either way, to link to a request."""
    return list(
        Introduction.objects.filter(Q(requester=member) | Q(recipient=member))
        .exclude(status="declined")
        .select_related("requester", "recipient")
        .order_by("-created_at")[:50]
    )


def curators() -> QuerySet[User]:
    return User.objects.filter(Q(is_curator=True) | Q(is_superuser=True), is_active=True).order_by(
        "first_name", "last_name", "email"
    )


# --- The queue -----------------------------------------------------------------------------


@dataclass(frozen=True)
class QueueFilters:
    mine: bool = False
    unassigned: bool = False
    overdue: bool = False
    town: str = ""  # a town's slug
    kind: str = ""  # a GoalKind
    # Empty: every open status; "all": closed ones too.
    status: str = ""


def queue(user: User, filters: QueueFilters, today: date) -> QuerySet[HelpRequest]:
    """Return the queue's requests with everything a row shows, the most overdue first, then
    the oldest: one query however many there are."""
    rows = HelpRequest.objects.select_related("member__town", "goal", "assignee")
    if filters.status == "all":
        pass
    elif filters.status in HelpStatus.values:
        rows = rows.filter(status=filters.status)
    else:
        rows = rows.filter(status__in=OPEN_HELP_STATUSES)
    if filters.mine:
        rows = rows.filter(assignee=user)
    if filters.unassigned:
        rows = rows.filter(assignee__isnull=True)
    if filters.overdue:
        rows = rows.filter(status__in=OPEN_HELP_STATUSES, due__lt=today)
    if filters.town:
        rows = rows.filter(member__town__slug=filters.town)
    if filters.kind:
        rows = rows.filter(goal__kind=filters.kind)
    return rows.order_by("due", "created_at", "id")


# --- SLA -----------------------------------------------------------------------------------


@dataclass(frozen=True)
class CuratorFigures:
    name: str
    figures: sla.Figures


@dataclass(frozen=True)
class SlaView:
    since: datetime
    overall: sla.Figures
    by_curator: list[CuratorFigures]


def sla_view(now: datetime) -> SlaView:
    """Return the SLA figures over the requests made in the last SLA_DAYS days (1 query)."""
    since = now - timedelta(days=SLA_DAYS)
    rows = HelpRequest.objects.filter(created_at__gte=since).values_list(
        "assignee_id",
        "assignee__first_name",
        "assignee__last_name",
        "assignee__email",
        "created_at",
        "first_answered_at",
        "done_at",
    )
    names: dict[int, str] = {}
    timings = []
    for pk, first, last, email, created, answered, done in rows:
        if pk is not None:
            names[pk] = f"{first} {last}".strip() or email
        timings.append(sla.Timing(pk, created, answered, done))
    result = sla.report(timings)
    by_curator = sorted(
        (
            CuratorFigures(names[int(str(key))], figures)
            for key, figures in result.by_curator.items()
        ),
        key=lambda row: row.name,
    )
    return SlaView(since, result.overall, by_curator)


# --- The curators' overview of all plans ----------------------------------------------------


@dataclass
class KindRow:
    kind: str
    label: str
    by_town: dict[int, int] = field(default_factory=dict)
    total: int = 0


@dataclass(frozen=True)
class Overview:
    year: int
    plans: int
    goals: int
    reached: int
    on_track: int
    late_steps: int
    open_requests: int
    towns: list[Town]
    kinds: list[KindRow]

    @property
    def reached_share(self) -> int:
        return round(100 * self.reached / self.goals) if self.goals else 0

    @property
    def on_track_share(self) -> int:
        return round(100 * self.on_track / self.goals) if self.goals else 0


def shared_plans(year: int) -> QuerySet[Plan]:
    return Plan.objects.filter(year=year, visibility__in=SHARED_WITH_CURATORS)


def _latest_value() -> Subquery:
    latest = GoalUpdate.objects.filter(goal=OuterRef("pk")).order_by("-date", "-id")
    return Subquery(latest.values("value")[:1])


def on_track(
    baseline: Decimal, target: Decimal, latest: Decimal | None, start: date, due: date, today: date
) -> bool:
    """Return whether a goal not yet reached has come at least as far as the share of its
    time gone by (from the plan's first day to its due date)."""
    if latest is None:
        return False
    span = (due - start).days
    if span <= 0 or target == baseline:
        return latest >= target
    gone = min(1.0, max(0.0, (today - start).days / span))
    done = float((latest - baseline) / (target - baseline))
    return done >= gone


def overview(year: int, today: date) -> Overview:
    """Return the year's figures over the shared plans (5 queries: goals with their latest
    value, late steps, open requests, towns, plans)."""
    plans = shared_plans(year)
    goals = (
        Goal.objects.filter(plan__in=plans)
        .annotate(latest=_latest_value())
        .values_list("kind", "plan__member__town_id", "baseline", "target", "due", "latest")
    )
    kinds = {kind: KindRow(kind, str(label)) for kind, label in GoalKind.choices}
    total = reached = ahead = 0
    plan_start = date(year, 1, 1)
    for kind, town_id, baseline, target, due, latest in goals:
        row = kinds[kind]
        row.by_town[town_id] = row.by_town.get(town_id, 0) + 1
        row.total += 1
        total += 1
        if latest is not None and latest >= target:
            reached += 1
        elif on_track(baseline, target, latest, plan_start, due or date(year, 12, 31), today):
            ahead += 1
    late = Step.objects.late_on(today).filter(goal__plan__in=plans).count()
    open_requests = HelpRequest.objects.open().filter(goal__plan__in=plans).count()
    town_ids = {town for row in kinds.values() for town in row.by_town}
    towns = list(Town.objects.filter(pk__in=town_ids).order_by("name_ru"))
    plan_count = plans.count()
    return Overview(
        year=year,
        plans=plan_count,
        goals=total,
        reached=reached,
        on_track=ahead,
        late_steps=late,
        open_requests=open_requests,
        towns=towns,
        kinds=[row for row in kinds.values() if row.total],
    )


def plan_rows(year: int, today: date) -> QuerySet[Plan]:
    """Return the year's shared plans with their counts as annotations, for one page of the
    overview's list (1 query per page)."""

    def counted(rows: QuerySet[Any]) -> Coalesce:
        return Coalesce(Subquery(rows.order_by().values("n")[:1], output_field=IntegerField()), 0)

    goals = Goal.objects.filter(plan=OuterRef("pk")).values("plan").annotate(n=Count("pk"))
    late = (
        Step.objects.filter(goal__plan=OuterRef("pk"), due__lt=today)
        .exclude(status__in=[StepStatus.DONE, StepStatus.DROPPED])
        .values("goal__plan")
        .annotate(n=Count("pk"))
    )
    requests = (
        HelpRequest.objects.filter(goal__plan=OuterRef("pk"), status__in=OPEN_HELP_STATUSES)
        .values("goal__plan")
        .annotate(n=Count("pk"))
    )
    return (
        shared_plans(year)
        .select_related("member__town")
        .annotate(
            goal_count=counted(goals), late_steps=counted(late), open_requests=counted(requests)
        )
        .order_by("member__display_name", "id")
    )


def plan_years() -> Sequence[int]:
    """Return the years that have shared plans, the latest first (1 query)."""
    return list(
        Plan.objects.filter(visibility__in=SHARED_WITH_CURATORS)
        .values_list("year", flat=True)
        .distinct()
        .order_by("-year")
    )


def this_year() -> int:
    return timezone.localdate().year
