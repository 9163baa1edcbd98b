"""Reads and access checks for support measures. Missing and forbidden both answer 404."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from django.contrib.auth.models import AnonymousUser
from django.db.models import Q, QuerySet
from django.http import Http404
from django.utils import timezone

from core.models import Industry, Town
from core.roles import is_curator
from members.models import Member, User
from members.queries import member_of
from projects.models import Project, Stage, TeamMembership
from support.eligibility import MemberSnapshot, Verdict, evaluate
from support.models import PUBLIC_STATUSES, Measure, MeasureQuerySet, open_on
from support.reasons import Names, verdict_lines

AnyUser = User | AnonymousUser
LAUNCHED = [Stage.LAUNCHED, Stage.COMPLETED]
# What "Measures for me" reads of each measure: a thousand rows load faster without the rest.
CARD_FIELDS = (
    "external_id", "title", "kind", "provider_kind", "provider_name",
    "provider_member__display_name", "amount", "unit", "opens", "deadline", "places",
    "status", "rules", "topic", "budget_cap",  # the API's `MeasureOut` reads these two
)  # fmt: skip


@dataclass(frozen=True)
class CatalogueFilters:
    kind: str = ""
    provider: str = ""
    town: Town | None = None
    industry: Industry | None = None
    open_now: bool = False


def may_provide_measures(user: AnyUser) -> bool:
    """Return whether the person may create measures: curators and partner members."""
    member = member_of(user)
    return is_curator(user) or (member is not None and member.is_partner)


def visible_measures(user: AnyUser) -> MeasureQuerySet:
    """Return the measures this person may see: open and closed ones for everyone; drafts and
    archived ones also for curators (all) and for a partner member (their own)."""
    if is_curator(user):
        return Measure.objects.all()
    member = member_of(user)
    if member is not None and member.is_partner:
        return Measure.objects.filter(Q(status__in=PUBLIC_STATUSES) | Q(provider_member=member))
    return Measure.objects.public()


def catalogue(
    user: AnyUser, filters: CatalogueFilters, today: date | None = None
) -> QuerySet[Measure]:
    today = today or timezone.localdate()
    measures = visible_measures(user).with_places_taken().select_related("provider_member")
    if filters.kind:
        measures = measures.filter(kind=filters.kind)
    if filters.provider:
        measures = measures.filter(provider_kind=filters.provider)
    if filters.town is not None:
        measures = measures.filter(
            Q(town_keys="") | Q(town_keys__contains=f" {filters.town.slug} ")
        )
    if filters.industry is not None:
        measures = measures.filter(
            Q(industry_keys="")
            | Q(industry_keys__contains=f" {filters.industry.slug} ")
            | Q(industry_keys__contains=f" g:{filters.industry.group.slug} ")
        )
    if filters.open_now:
        measures = measures.filter(open_on(today))  # places_taken is annotated above
    return measures.order_by("deadline", "title", "id")


def access_measure_for_user(user: AnyUser, measure_id: int) -> Measure:
    measure = (
        visible_measures(user)
        .with_places_taken()
        .select_related("provider_member")
        .filter(pk=measure_id)
        .first()
    )
    if measure is None:
        raise Http404
    return measure


def can_edit_measure(user: AnyUser, measure: Measure) -> bool:
    """Return whether the person may change the measure: curators, and its partner member."""
    if is_curator(user):
        return True
    member = member_of(user)
    return member is not None and member.is_partner and measure.provider_member_id == member.pk


def access_measure_for_provider(user: AnyUser, measure_id: int) -> Measure:
    """Return a measure the person may edit; raise Http404 otherwise (even if they see it)."""
    measure = Measure.objects.select_related("provider_member").filter(pk=measure_id).first()
    if measure is None or not can_edit_measure(user, measure):
        raise Http404
    return measure


# --- Eligibility ---------------------------------------------------------------------------


def has_launched_project(member: Member) -> bool:
    """Return whether the member owns or is confirmed on a project that launched (1 query)."""
    on_team = TeamMembership.objects.confirmed().filter(member=member).values("project_id")
    return Project.objects.filter(Q(owner=member) | Q(pk__in=on_team), stage__in=LAUNCHED).exists()


def member_snapshot(member: Member) -> MemberSnapshot:
    """Return what the rules read about the member (2 queries: industries, projects)."""
    industries = list(member.industries.select_related("group"))
    return MemberSnapshot(
        roles=frozenset(member.roles),
        town=member.town.slug,
        industries=frozenset(industry.slug for industry in industries),
        industry_groups=frozenset(industry.group.slug for industry in industries),
        legal_form=member.legal_form,
        jobs=member.jobs,
        joined_on=timezone.localdate(member.joined_at),
        registered_on=member.registered_on,
        has_launched_project=has_launched_project(member),
    )


@dataclass(frozen=True, slots=True)
class MeasureFit:
    measure: Measure
    verdict: Verdict
    is_open: bool
    lines: list[str]

    @property
    def eligible(self) -> bool:
        return self.verdict.eligible


def fits(
    measures: list[Measure], snapshot: MemberSnapshot, names: Names, today: date
) -> list[MeasureFit]:
    fitted = []
    for measure in measures:
        verdict = evaluate(measure.rules, snapshot, today)
        fitted.append(
            MeasureFit(measure, verdict, measure.is_open_on(today), verdict_lines(verdict, names))
        )
    return fitted


@dataclass(frozen=True)
class ForMe:
    eligible: list[MeasureFit]
    others: list[MeasureFit]


def measures_for_member(member: Member, today: date | None = None) -> ForMe:
    """Return the open measures the member qualifies for, then the other open ones, each with
    its reasons (the snapshot's 2 queries, the measures, and 3 for the names)."""
    today = today or timezone.localdate()
    snapshot = member_snapshot(member)
    measures = list(
        Measure.objects.open_on(today)
        .select_related("provider_member")
        .only(*CARD_FIELDS)
        .order_by("deadline", "title", "id")
    )
    fitted = fits(measures, snapshot, Names.load(), today)
    return ForMe(
        eligible=[fit for fit in fitted if fit.eligible],
        others=[fit for fit in fitted if not fit.eligible],
    )


def fit_for_user(user: AnyUser, measure: Measure, today: date | None = None) -> MeasureFit | None:
    """Return the member's fit for one measure; None for someone who is not a member."""
    member = member_of(user)
    if member is None:
        return None
    today = today or timezone.localdate()
    return fits([measure], member_snapshot(member), Names.load(), today)[0]


def catalogue_fits(member: Member, measures: list[Measure]) -> list[MeasureFit]:
    """Return every measure of the catalogue with the member's verdict, for exports."""
    today = timezone.localdate()
    return fits(measures, member_snapshot(member), Names.load(), today)
