"""Reads and access checks for support measures. Missing and forbidden both answer 404."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from decimal import Decimal
from typing import Any, Generic, NamedTuple, TypeVar

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
# What a card of "Measures for me" reads of each measure, as plain values: a thousand model
# instances cost more than evaluating all their rules (docs/benchmarks.md).
CARD_FIELDS = (
    "pk", "external_id", "title", "kind", "deadline", "rules",
    "amount", "unit",  # the volume
    "provider_kind", "provider_name", "provider_member__display_name",  # the provider
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


def shown_provider_member_id(user: AnyUser, measure: Measure) -> int | None:
    """Return the id of the measure's partner member as this person may see it: None when
    the partner's profile is not public, but for curators and the partner themself.

    Reads `measure.provider_member`: select it with the measure."""
    partner = measure.provider_member
    if partner is None or partner.public_profile or is_curator(user):
        return measure.provider_member_id
    member = member_of(user)
    return partner.pk if member is not None and member.pk == partner.pk else None


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


class MeasureCard(NamedTuple):
    """An open measure as its card on "Measures for me" shows it, with the member's verdict in
    words. A tuple of plain values, not the `Verdict` itself: the garbage collector stops
    tracking a tuple of strings, and a thousand cards kept alive cost collections otherwise."""

    pk: int
    external_id: str
    title: str
    kind: str
    provider: str  # as `Measure.provider` says it
    volume: str  # as `Measure.volume` says it: empty when the measure has no amount
    deadline: date | None
    eligible: bool
    lines: tuple[str, ...]


Fit = TypeVar("Fit", MeasureFit, MeasureCard)


@dataclass(frozen=True)
class ForMe(Generic[Fit]):
    eligible: list[Fit]
    others: list[Fit]


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


def measures_for_member(member: Member, today: date | None = None) -> ForMe[MeasureFit]:
    """Return the open measures the member qualifies for, then the other open ones, each with
    its reasons (the snapshot's 2 queries, the measures, and 3 for the names)."""
    today = today or timezone.localdate()
    snapshot = member_snapshot(member)
    measures = list(
        Measure.objects.open_on(today)
        .select_related("provider_member")
        .order_by("deadline", "title", "id")
    )
    fitted = fits(measures, snapshot, Names.load(), today)
    return ForMe(
        eligible=[fit for fit in fitted if fit.eligible],
        others=[fit for fit in fitted if not fit.eligible],
    )


def _provider(kind: str, name: str, member_name: str | None) -> str:
    member = None if member_name is None else Member(display_name=member_name)
    return Measure(provider_kind=kind, provider_name=name, provider_member=member).provider


def _volume(amount: Decimal | None, unit: str) -> str:
    return Measure(amount=amount, unit=unit).volume


def cards_for_member(member: Member, today: date | None = None) -> ForMe[MeasureCard]:
    """Return the cards of "Measures for me": the open measures the member qualifies for, then
    the others, each with its reasons (the snapshot's 2 queries, the measures, 3 for names).

    The verdicts of `measures_for_member`, from rows read as plain values rather than model
    instances; the few distinct providers and amounts are said once, by the model itself."""
    today = today or timezone.localdate()
    snapshot = member_snapshot(member)
    names = Names.load()
    rows = (
        Measure.objects.open_on(today).order_by("deadline", "title", "id").values_list(*CARD_FIELDS)
    )
    volumes: dict[tuple[Any, ...], str] = {}
    providers: dict[tuple[Any, ...], str] = {}
    eligible: list[MeasureCard] = []
    others: list[MeasureCard] = []
    for row in rows:
        pk, external_id, title, kind, deadline, rules = row[:6]
        volume_key, provider_key = row[6:8], row[8:]
        if volume_key not in volumes:
            volumes[volume_key] = _volume(*volume_key)
        if provider_key not in providers:
            providers[provider_key] = _provider(*provider_key)
        verdict = evaluate(rules, snapshot, today)
        card = MeasureCard(
            pk,
            external_id,
            title,
            kind,
            providers[provider_key],
            volumes[volume_key],
            deadline,
            verdict.eligible,
            tuple(verdict_lines(verdict, names)),
        )
        (eligible if verdict.eligible else others).append(card)
    return ForMe(eligible=eligible, others=others)


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
