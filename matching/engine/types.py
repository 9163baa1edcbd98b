"""The values the matching engine takes and returns."""

from __future__ import annotations

from collections.abc import Hashable
from dataclasses import dataclass, field
from typing import Literal

Direction = Literal["offer", "need"]
ReasonDirection = Literal["they_offer", "you_offer"]

ITEM_TYPES = (
    "skill",
    "equipment",
    "premises",
    "sales_channel",
    "audience",
    "knowledge",
    "contacts",
    "finance",
    "materials",
    "other",
)


@dataclass(frozen=True, slots=True)
class Item:
    """One line of a member's resource map: something they have (offer) or look for (need)."""

    id: Hashable
    member_id: Hashable
    direction: Direction
    type: str
    text: str
    industries: tuple[str, ...] = ()
    town: str | None = None  # None: the member's town

    def __post_init__(self) -> None:
        if self.direction not in ("offer", "need"):
            raise ValueError(f"direction must be 'offer' or 'need', not {self.direction!r}")
        if self.type not in ITEM_TYPES:
            raise ValueError(f"unknown item type {self.type!r}")


@dataclass(frozen=True, slots=True)
class MemberInfo:
    id: Hashable
    town: str | None = None  # a key of the town coordinates
    industries: tuple[str, ...] = ()


@dataclass(frozen=True, slots=True)
class Reason:
    """A need of one member that an offer of another meets."""

    direction: ReasonDirection  # they_offer: the partner meets my need; you_offer: the reverse
    need_member: Hashable | None  # None for a free-text brief
    need_item_id: Hashable | None
    need_text: str
    offer_member: Hashable
    offer_item_id: Hashable
    offer_text: str
    similarity: float

    @property
    def text(self) -> str:
        """Return the reason in words: "нужен фотограф для каталога ↔ предметная фотосъёмка"."""
        return f"{self.need_text} ↔ {self.offer_text}"


@dataclass(frozen=True, slots=True)
class Match:
    partner_id: Hashable
    score: float
    reasons: list[Reason] = field(default_factory=list)
    they_meet: float = 0.0  # how well the partner's offers meet my needs, 0..1
    you_meet: float = 0.0  # how well my offers meet the partner's needs, 0..1
    distance_km: float | None = None
