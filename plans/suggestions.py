"""What the platform suggests for each goal of a plan: partners from matching whose offers fit
the goal, open support measures the member is eligible for, and upcoming events of a fitting
kind. At most three of each per goal, in a fixed number of queries for the whole plan: each
source is asked once and its answers shared out among the goals by kind.

The support app is optional: without it, goals get no measures (and nothing is imported).
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import date
from typing import cast

from django.apps import apps
from django.utils import timezone

from events.models import Event
from events.queries import visible_events
from matching.engine import Match
from matching.live_index import current_index
from matching.models import HiddenSuggestion
from matching.queries import reason_text, visible_rankings
from members.models import Member, User
from members.queries import visible_members
from plans.models import Goal

CAP = 3
# How many of the member's best partners are read to share out among the goals.
PARTNERS_READ = 40
EVENTS_READ = 60

# Goal kind -> the resource item types (resources.ItemType) of offers that help with it.
ITEM_TYPES: dict[str, frozenset[str]] = {
    "revenue": frozenset({"sales_channel", "audience", "contacts", "finance"}),
    "jobs": frozenset({"skill", "contacts", "knowledge"}),
    "new_product": frozenset({"skill", "materials", "equipment", "knowledge"}),
    "sales_channel": frozenset({"sales_channel", "audience"}),
    "premises": frozenset({"premises", "equipment"}),
    "training": frozenset({"knowledge", "skill"}),
}
# Goal kind -> the kinds of support measure (support.MeasureKind) that help with it.
MEASURE_KINDS: dict[str, frozenset[str]] = {
    "revenue": frozenset({"grant", "subsidy", "loan", "promotion", "sales_channel"}),
    "jobs": frozenset({"grant", "subsidy", "consultation"}),
    "new_product": frozenset({"grant", "subsidy", "equipment", "consultation", "sponsorship"}),
    "sales_channel": frozenset({"sales_channel", "promotion"}),
    "premises": frozenset({"premises", "loan", "equipment"}),
    "training": frozenset({"training", "consultation"}),
}
# Goal kind -> the kinds of event (events.EventKind) worth going to for it.
EVENT_KINDS: dict[str, frozenset[str]] = {
    "revenue": frozenset({"fair", "pitch_session"}),
    "jobs": frozenset({"meetup", "creative_weekend"}),
    "new_product": frozenset({"fair", "pitch_session", "creative_weekend"}),
    "sales_channel": frozenset({"fair", "meetup", "tour_visit"}),
    "premises": frozenset({"tour_visit", "meetup"}),
    "training": frozenset({"training", "creative_weekend"}),
}


def fits(table: dict[str, frozenset[str]], goal_kind: str, value: str) -> bool:
    """Return whether `value` fits a goal of `goal_kind` ("other" goals take everything)."""
    kinds = table.get(goal_kind)
    return kinds is None or value in kinds


@dataclass(frozen=True)
class PartnerSuggestion:
    partner: Member
    reasons: list[str]


@dataclass(frozen=True)
class MeasureSuggestion:
    pk: int
    title: str
    kind: str
    deadline: date | None


@dataclass
class GoalSuggestions:
    partners: list[PartnerSuggestion] = field(default_factory=list)
    measures: list[MeasureSuggestion] = field(default_factory=list)
    events: list[Event] = field(default_factory=list)

    @property
    def empty(self) -> bool:
        return not (self.partners or self.measures or self.events)


def suggestions_for_goals(
    member: Member, goals: Iterable[Goal], viewer: User, today: date | None = None
) -> dict[int, GoalSuggestions]:
    """Return each goal's suggestions by goal id, as `viewer` may see them (the member
    themself, or a curator): partners 2 queries, measures 6 (none without support), events 1,
    whatever the number of goals."""
    today = today or timezone.localdate()
    goals = list(goals)
    found = {goal.pk: GoalSuggestions() for goal in goals}
    if not goals:
        return found
    _share_partners(member, goals, viewer, found)
    _share_measures(member, goals, today, found)
    _share_events(goals, viewer, found)
    return found


def _share_partners(
    member: Member, goals: list[Goal], viewer: User, found: dict[int, GoalSuggestions]
) -> None:
    hidden = set(HiddenSuggestion.objects.filter(member=member).values_list("hidden_id", flat=True))
    with current_index() as index:

        def ranking(k: int) -> list[Match]:
            try:
                return index.top_k(member.pk, k=k, exclude=hidden)
            except KeyError:  # no resource map yet: nothing to match on
                return []

        visible = visible_members(viewer).select_related("town")
        (matches,), partners = visible_rankings([ranking], PARTNERS_READ, visible)
    for match in matches:
        partner = partners[cast(int, match.partner_id)]
        for goal in goals:
            shown = found[goal.pk].partners
            if len(shown) >= CAP:
                continue
            reasons = [
                reason
                for reason in match.reasons
                if reason.direction == "they_offer"
                and fits(ITEM_TYPES, goal.kind, reason.offer.type)
            ]
            if reasons:
                words = [reason_text(reason, partner) for reason in reasons[:2]]
                shown.append(PartnerSuggestion(partner, words))


def _share_measures(
    member: Member, goals: list[Goal], today: date, found: dict[int, GoalSuggestions]
) -> None:
    if not apps.is_installed("support"):
        return
    from support.queries import cards_for_member

    for card in cards_for_member(member, today).eligible:
        suggestion = MeasureSuggestion(card.pk, card.title, card.kind, card.deadline)
        for goal in goals:
            shown = found[goal.pk].measures
            if len(shown) < CAP and fits(MEASURE_KINDS, goal.kind, card.kind):
                shown.append(suggestion)


def _share_events(goals: list[Goal], viewer: User, found: dict[int, GoalSuggestions]) -> None:
    kinds = set().union(*(EVENT_KINDS.get(goal.kind, set()) for goal in goals))
    events = visible_events(viewer).filter(ends_at__gte=timezone.now()).select_related("town")
    if not any(goal.kind not in EVENT_KINDS for goal in goals):
        events = events.filter(kind__in=kinds)
    for event in events.order_by("starts_at", "id")[:EVENTS_READ]:
        for goal in goals:
            shown = found[goal.pk].events
            if len(shown) < CAP and fits(EVENT_KINDS, goal.kind, event.kind):
                shown.append(event)
