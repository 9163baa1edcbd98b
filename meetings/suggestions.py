"""Whom to meet at an event: the matching engine's ranking among the event's participants.

The ranking and its reasons come from the same live index as the partner pages, limited to the
people taking part in the event's meetings, so a reason names the two resource-map items that
met (a need and an offer), worded by `matching.queries.reason_text` as on `/partners/`.
"""

from __future__ import annotations

from collections.abc import Hashable, Sequence
from dataclasses import dataclass

from matching.engine import Match
from matching.live_index import current_index
from matching.queries import reason_text
from meetings.models import Participant
from members.models import Member

SUGGESTIONS = 5


@dataclass(frozen=True)
class Suggestion:
    participant: Participant
    score: float
    reasons: list[str]


def _member(participant: Participant) -> Member | None:
    return getattr(participant.user, "member", None)


def _ranked(member: Member, among: set[int], k: int) -> list[Match]:
    """Return `member`'s k best partners among the given members, with their reasons."""
    with current_index() as index:
        others: set[Hashable] = set(index.member_ids()) - among
        try:
            return index.top_k(member.pk, k, exclude=others)
        except KeyError:  # not in the index: an inactive member
            return []


def suggest(
    participant: Participant, participants: Sequence[Participant], k: int = SUGGESTIONS
) -> list[Suggestion]:
    """Return the participants `participant` would gain most from meeting, with reasons."""
    me = _member(participant)
    by_member = {m.pk: (p, m) for p in participants if (m := _member(p)) is not None}
    if me is None:
        return []
    suggestions = []
    for match in _ranked(me, set(by_member), k):
        other, partner = by_member[match.partner_id]  # type: ignore[index]
        reasons = [reason_text(r, partner) for r in match.reasons]
        suggestions.append(Suggestion(other, round(match.score, 3), reasons))
    return suggestions


def pair_score(a: Participant, b: Participant) -> float:
    """Return how well two participants fit, 0..1 (0 when either has no resource map)."""
    me, partner = _member(a), _member(b)
    if me is None or partner is None:
        return 0.0
    match = next(iter(_ranked(me, {partner.pk}, 1)), None)
    return round(min(match.score, 1.0), 3) if match else 0.0
