"""Whom to meet at an event: the matching engine run over the event's participants.

A member's "what we do" text stands for what they offer and "what we want" for what they
need, until resource maps (offers and needs line by line) replace them.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from matching.engine import Item, MatchIndex, MemberInfo
from meetings.models import Participant

SUGGESTIONS = 5


@dataclass(frozen=True)
class Suggestion:
    participant: Participant
    score: float
    reasons: list[str]


def _index(participants: Sequence[Participant]) -> MatchIndex:
    members, items = [], []
    coords: dict[str, tuple[float, float]] = {}
    for p in participants:
        member = getattr(p.user, "member", None)
        if member is None:
            continue
        town = member.town
        coords[town.slug] = (float(town.latitude), float(town.longitude))
        industries = tuple(i.slug for i in member.industries.all())
        members.append(MemberInfo(p.pk, town.slug, industries))
        if member.about:
            items.append(Item(f"{p.pk}-o", p.pk, "offer", "other", member.about, industries))
        if member.wants:
            items.append(Item(f"{p.pk}-n", p.pk, "need", "other", member.wants, industries))
    return MatchIndex.build(members, items, coords)


def suggest(
    participant: Participant, participants: Sequence[Participant], k: int = SUGGESTIONS
) -> list[Suggestion]:
    """Return the participants `participant` would gain most from meeting, with reasons."""
    by_id = {p.pk: p for p in participants}
    index = _index(participants)
    if participant.pk not in index.member_ids():
        return []
    return [
        Suggestion(by_id[m.partner_id], round(m.score, 3), [r.text for r in m.reasons][:3])
        for m in index.top_k(participant.pk, k)
        if m.partner_id in by_id
    ]


def pair_score(a: Participant, b: Participant) -> float:
    """Return how well two participants fit, 0..1 (0 when either has no profile)."""
    index = _index([a, b])
    ids = set(index.member_ids())
    if a.pk not in ids or b.pk not in ids:
        return 0.0
    match = next((m for m in index.top_k(a.pk, 1) if m.partner_id == b.pk), None)
    return round(min(match.score, 1.0), 3) if match else 0.0
