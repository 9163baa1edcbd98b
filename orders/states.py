"""The order's life as a table: which action moves an order from which state to which, and who
may take it. Pure Python, so the services and the state-machine test read the same rules.

    draft ─publish→ published ─(first proposal)→ proposals ─accept→ assigned ─start→ in progress
      └─submit→ moderation ─approve→ published          delivered ←deliver─┘   ↑ request changes
    delivered ─accept delivery→ accepted ─(both reviews, or a curator)→ closed
    cancelled: by the client before work starts.
    disputed: from the work or a delivery; a curator resolves it.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Literal

Actor = Literal["client", "performer", "curator", "system"]

DRAFT = "draft"
MODERATION = "moderation"
PUBLISHED = "published"
PROPOSALS = "proposals"
ASSIGNED = "assigned"
IN_PROGRESS = "in_progress"
DELIVERED = "delivered"
ACCEPTED = "accepted"
CLOSED = "closed"
CANCELLED = "cancelled"
DISPUTED = "disputed"

STATES = (
    DRAFT,
    MODERATION,
    PUBLISHED,
    PROPOSALS,
    ASSIGNED,
    IN_PROGRESS,
    DELIVERED,
    ACCEPTED,
    CLOSED,
    CANCELLED,
    DISPUTED,
)
# Members may propose; the board lists these.
OPEN = frozenset({PUBLISHED, PROPOSALS})
# A performer is chosen: exactly one proposal is accepted.
ASSIGNED_STATES = frozenset({ASSIGNED, IN_PROGRESS, DELIVERED, DISPUTED, ACCEPTED, CLOSED})
# Reviews can be left once the client has accepted the work.
REVIEWABLE = frozenset({ACCEPTED, CLOSED})
FINAL = frozenset({CLOSED, CANCELLED})


@dataclass(frozen=True)
class Transition:
    source: str
    action: str
    target: str
    actors: frozenset[str]


def _t(source: str, action: str, target: str, *actors: Actor) -> Transition:
    return Transition(source, action, target, frozenset(actors))


TRANSITIONS: tuple[Transition, ...] = (
    _t(DRAFT, "publish", PUBLISHED, "client"),
    _t(DRAFT, "submit_for_moderation", MODERATION, "client"),
    _t(MODERATION, "approve", PUBLISHED, "curator"),
    _t(MODERATION, "return_to_draft", DRAFT, "curator"),
    _t(PUBLISHED, "first_proposal", PROPOSALS, "system"),
    _t(PROPOSALS, "last_proposal_withdrawn", PUBLISHED, "system"),
    _t(PROPOSALS, "accept_proposal", ASSIGNED, "client"),
    _t(ASSIGNED, "start", IN_PROGRESS, "performer"),
    _t(IN_PROGRESS, "deliver", DELIVERED, "performer"),
    _t(DELIVERED, "accept_delivery", ACCEPTED, "client"),
    _t(DELIVERED, "request_changes", IN_PROGRESS, "client"),
    _t(IN_PROGRESS, "dispute", DISPUTED, "client", "performer"),
    _t(DELIVERED, "dispute", DISPUTED, "client", "performer"),
    _t(DISPUTED, "resolve_continue", IN_PROGRESS, "curator"),
    _t(DISPUTED, "resolve_accept", ACCEPTED, "curator"),
    _t(DISPUTED, "resolve_cancel", CANCELLED, "curator"),
    _t(ACCEPTED, "close", CLOSED, "system", "curator"),
    *(
        _t(source, "cancel", CANCELLED, "client", "curator")
        for source in (DRAFT, MODERATION, PUBLISHED, PROPOSALS, ASSIGNED)
    ),
)

_BY_KEY = {(t.source, t.action): t for t in TRANSITIONS}
ACTIONS = tuple(dict.fromkeys(t.action for t in TRANSITIONS))


def transition(source: str, action: str) -> Transition | None:
    """Return the transition `action` takes from `source`, or None if it takes none."""
    return _BY_KEY.get((source, action))


def allowed(source: str, action: str, actors: set[str] | frozenset[str]) -> bool:
    found = _BY_KEY.get((source, action))
    return found is not None and bool(found.actors & actors)


def actions_from(source: str, actors: set[str] | frozenset[str]) -> list[str]:
    """Return the actions these actors may take on an order in `source`, in table order."""
    return [t.action for t in TRANSITIONS if t.source == source and t.actors & actors]


def reachable(start: str = DRAFT) -> set[str]:
    seen = {start}
    frontier = [start]
    while frontier:
        state = frontier.pop()
        for t in TRANSITIONS:
            if t.source == state and t.target not in seen:
                seen.add(t.target)
                frontier.append(t.target)
    return seen
