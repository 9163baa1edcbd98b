"""Reciprocal matching of members' offers and needs (no Django import)."""

from matching.engine.index import MatchIndex, TownCoords, combine
from matching.engine.types import ITEM_TYPES, Item, Match, MemberInfo, Reason

__all__ = [
    "ITEM_TYPES",
    "Item",
    "Match",
    "MatchIndex",
    "MemberInfo",
    "Reason",
    "TownCoords",
    "combine",
]
