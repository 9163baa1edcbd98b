"""Who hears about a new order first: the matching engine's text fit, adjusted for how the
member's past work was rated and how busy they are now. Pure Python (no Django), so it can be
tested and benchmarked alone; `services.do_route_order` feeds it from the database.

Without the load adjustment the few members with the richest resource maps would top every
order; each open proposal or order in hand lowers a member's score a little, so work spreads.
"""

from __future__ import annotations

from collections.abc import Hashable, Iterable, Sequence
from dataclasses import dataclass, field
from typing import Any

from matching.engine import Match

# Bayesian average: a member with few reviews is pulled toward the prior, so one 5★ does not
# outrank forty 4.8★ reviews.
PRIOR_RATING = 4.0
PRIOR_WEIGHT = 3.0
RATING_WEIGHT = 0.1  # factor per star above or below the prior
LOAD_WEIGHT = 0.15  # each open proposal or order in hand
PRODUCER_BONUS = 0.05  # orders across several industries need someone to assemble a team
MAX_OFFER_REASONS = 2


@dataclass(frozen=True, slots=True)
class MemberStats:
    rating_sum: int = 0
    rating_count: int = 0
    open_proposals: int = 0
    orders_in_hand: int = 0
    is_producer: bool = False
    industries: frozenset[str] = frozenset()

    @property
    def load(self) -> int:
        return self.open_proposals + self.orders_in_hand

    @property
    def rating(self) -> float | None:
        return self.rating_sum / self.rating_count if self.rating_count else None


@dataclass(frozen=True, slots=True)
class Route:
    member_id: Hashable
    score: float
    fit: float  # the engine's score, before adjustments
    reasons: list[dict[str, Any]] = field(default_factory=list)


def rating_factor(stats: MemberStats) -> float:
    mean = (stats.rating_sum + PRIOR_RATING * PRIOR_WEIGHT) / (stats.rating_count + PRIOR_WEIGHT)
    return 1.0 + RATING_WEIGHT * (mean - PRIOR_RATING)


def load_factor(stats: MemberStats) -> float:
    return 1.0 / (1.0 + LOAD_WEIGHT * stats.load)


def _reasons(
    match: Match, stats: MemberStats, industries: frozenset[str], multi_industry: bool
) -> list[dict[str, Any]]:
    reasons: list[dict[str, Any]] = [
        {"kind": "offer", "text": reason.offer_text} for reason in match.reasons[:MAX_OFFER_REASONS]
    ]
    shared = sorted(stats.industries & industries)
    if shared:
        reasons.append({"kind": "industry", "industries": shared})
    if match.distance_km is not None:
        reasons.append({"kind": "town", "km": round(match.distance_km)})
    if stats.rating_count:
        reasons.append(
            {"kind": "rating", "rating": round(stats.rating or 0, 1), "count": stats.rating_count}
        )
    if stats.load == 0:
        reasons.append({"kind": "free"})
    if multi_industry and stats.is_producer:
        reasons.append({"kind": "producer"})
    return reasons


def rank_routes(
    matches: Sequence[Match],
    stats: dict[Hashable, MemberStats],
    industries: Iterable[str] = (),
    limit: int = 8,
) -> list[Route]:
    """Return the `limit` best members for an order, best first, each with its reasons.

    `matches` come from `MatchIndex.rank_offers_for_text` (more than `limit`, so the
    adjustments can reorder them); members missing from `stats` count as new and free.
    """
    wanted = frozenset(industries)
    multi_industry = len(wanted) > 1
    scored = []
    for match in matches:
        member_stats = stats.get(match.partner_id, MemberStats())
        score = match.score * rating_factor(member_stats) * load_factor(member_stats)
        if multi_industry and member_stats.is_producer:
            score *= 1.0 + PRODUCER_BONUS
        scored.append((score, match, member_stats))
    scored.sort(key=lambda entry: (-entry[0], str(entry[1].partner_id)))
    return [
        Route(
            match.partner_id,
            score,
            match.score,
            _reasons(match, member_stats, wanted, multi_industry),
        )
        for score, match, member_stats in scored[: max(limit, 0)]
    ]
