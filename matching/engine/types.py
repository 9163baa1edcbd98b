"""The values the matching engine takes and returns."""

from __future__ import annotations

from collections.abc import Hashable, Sequence
from dataclasses import dataclass
from typing import Literal, NamedTuple

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


# Reasons and matches are named tuples: a bulk run makes millions of them, and a tuple is made
# several times faster than a frozen dataclass.
class Reason(NamedTuple):
    """A need of one member that an offer of another meets.

    A reason holds the two items rather than copies of their fields: a bulk run makes millions
    of reasons, and each field copied costs a visit to the object it names.
    """

    direction: ReasonDirection  # they_offer: the partner meets my need; you_offer: the reverse
    need: Item  # for a free-text brief, an item with no id and no member
    offer: Item
    similarity: float

    @property
    def need_member(self) -> Hashable | None:
        return self.need.member_id

    @property
    def need_item_id(self) -> Hashable | None:
        return self.need.id

    @property
    def need_text(self) -> str:
        return self.need.text

    @property
    def offer_member(self) -> Hashable:
        return self.offer.member_id

    @property
    def offer_item_id(self) -> Hashable:
        return self.offer.id

    @property
    def offer_text(self) -> str:
        return self.offer.text

    @property
    def text(self) -> str:
        """Return the reason in words: "нужен фотограф для каталога ↔ предметная фотосъёмка"."""
        return f"{self.need.text} ↔ {self.offer.text}"


def brief_item(text: str) -> Item:
    """Return a free-text brief (an order's) as an item with no id and no member."""
    return Item(None, None, "need", "other", text)


class Match(NamedTuple):
    partner_id: Hashable
    score: float
    reasons: Sequence[Reason] = ()
    they_meet: float = 0.0  # how well the partner's offers meet my needs, 0..1
    you_meet: float = 0.0  # how well my offers meet the partner's needs, 0..1
    distance_km: float | None = None
