"""The matching index's data: built in one pass, then kept up to date one edit at a time.

Every member has two sparse vectors over text features: the sum of their need items and the sum
of their offer items (each item scaled to unit length, so a long text does not outweigh a short
one), weighted at scoring time by IDF over members. Features found in more than
`MAX_PROFILE_SHARE` of the members get no weight: they say little and make the sparse products
dense.

The member vectors live in a compressed base matrix built in one go; members changed since then
sit in a small overlay whose rows override the base ones, so one edit costs milliseconds.
`compact()` folds the overlay back into the base.
"""

from __future__ import annotations

import itertools
import math
from collections.abc import Hashable, Iterable
from typing import Self

import numpy as np
import scipy.sparse as sp

from matching.engine.features import text_features
from matching.engine.reasons import ReasonTable
from matching.engine.scoring import town_tables
from matching.engine.types import ITEM_TYPES, Item, Match, MemberInfo, Reason

TownCoords = dict[str, tuple[float, float]]
Vector = tuple[np.ndarray, np.ndarray]  # (feature columns, weights)

MAX_PROFILE_SHARE = 0.3
MIN_MEMBERS_TO_DROP_FEATURES = 20
OVERLAY_LIMIT = 5000

TYPE_INDEX = {name: number for number, name in enumerate(ITEM_TYPES)}
EMPTY: Vector = (np.zeros(0, np.int32), np.zeros(0, np.float64))


def add_vectors(vectors: Iterable[Vector]) -> Vector:
    vectors = [v for v in vectors if len(v[0])]
    if not vectors:
        return EMPTY
    cols = np.concatenate([v[0] for v in vectors])
    vals = np.concatenate([v[1] for v in vectors])
    unique, inverse = np.unique(cols, return_inverse=True)
    return unique.astype(np.int32), np.bincount(inverse, weights=vals)


def rows_matrix(vectors: list[Vector], width: int) -> sp.csr_matrix:
    lengths = [len(v[0]) for v in vectors]
    indptr = np.zeros(len(vectors) + 1, np.int64)
    np.cumsum(lengths, out=indptr[1:])
    cols = np.concatenate([v[0] for v in vectors]) if vectors else np.zeros(0, np.int32)
    vals = np.concatenate([v[1] for v in vectors]) if vectors else np.zeros(0)
    return sp.csr_matrix((vals, cols, indptr), shape=(len(vectors), width))


def squared(matrix: sp.csr_matrix) -> sp.csr_matrix:
    """Return the matrix with each entry squared, sharing its index arrays."""
    return sp.csr_matrix((matrix.data**2, matrix.indices, matrix.indptr), shape=matrix.shape)


def grow(array: np.ndarray, size: int, fill: float | int = 0) -> np.ndarray:
    if len(array) >= size:
        return array
    extra = np.full((max(size, 2 * len(array)) - len(array), *array.shape[1:]), fill, array.dtype)
    return np.concatenate([array, extra])


class IndexBuilding:
    """The arrays both rankings read, and the ways to build and change them."""

    def __init__(self, town_coords: TownCoords | None = None) -> None:
        self._town_coords = dict(town_coords or {})
        self._town_index = {town: number for number, town in enumerate(self._town_coords)}
        self._town_km, self._town_factor = town_tables(self._town_coords)
        self._vocab: dict[str, int] = {}
        self._df = np.zeros(0, np.int64)
        self._idf = np.zeros(0)
        self._member_row: dict[Hashable, int] = {}
        self._members: list[MemberInfo] = []
        self._member_items: list[list[int]] = []
        self._alive = np.zeros(0, bool)
        self._town = np.zeros(0, np.int32)
        self._industry_mask = np.zeros(0, np.int64)
        self._industry_bit: dict[str, int] = {}
        self._need_types = np.zeros((0, len(ITEM_TYPES)))
        self._offer_types = np.zeros((0, len(ITEM_TYPES)))
        self._item_row: dict[Hashable, int] = {}
        self._items: list[Item | None] = []
        self._item_base = sp.csr_matrix((0, 0))
        self._item_extra: dict[int, Vector] = {}
        self._base_rows = 0
        self._need_base = sp.csr_matrix((0, 0))
        self._offer_base = sp.csr_matrix((0, 0))
        self._need_base_t = sp.csr_matrix((0, 0))
        self._offer_base_t = sp.csr_matrix((0, 0))
        # The base matrices with their entries squared, kept for the norms every edit recomputes.
        self._need_base_sq = sp.csr_matrix((0, 0))
        self._offer_base_sq = sp.csr_matrix((0, 0))
        self._overlay: dict[int, tuple[Vector, Vector]] = {}
        self._overlay_cache: tuple[np.ndarray, sp.csr_matrix, sp.csr_matrix] | None = None
        self._need_norm = np.zeros(0)
        self._offer_norm = np.zeros(0)

    # Building ------------------------------------------------------------------------------

    @classmethod
    def build(
        cls,
        members: Iterable[MemberInfo],
        items: Iterable[Item],
        town_coords: TownCoords | None = None,
    ) -> Self:
        """Return an index of the members and their items, built in one pass."""
        index = cls(town_coords)
        for member in members:
            index._add_member_row(member)
        rows: list[int] = []
        cols: list[int] = []
        vals: list[float] = []
        for item in items:
            if item.id in index._item_row:
                raise ValueError(f"duplicate item id {item.id!r}")
            if item.member_id not in index._member_row:
                index._add_member_row(MemberInfo(item.member_id, item.town))
            item_row = len(index._items)
            index._item_row[item.id] = item_row
            index._items.append(item)
            member_row = index._member_row[item.member_id]
            index._member_items[member_row].append(item_row)
            features = text_features(item.text)
            norm = math.sqrt(sum(w * w for w in features.values())) or 1.0
            for feature, weight in features.items():
                rows.append(item_row)
                cols.append(index._intern(feature))
                vals.append(weight / norm)
        width = len(index._vocab)
        index._item_base = sp.csr_matrix(
            (np.array(vals), (np.array(rows, np.int64), np.array(cols, np.int64))),
            shape=(len(index._items), width),
        )
        for member_row in range(len(index._members)):
            index._refresh_member_attributes(member_row)
        index._rebuild_base()
        return index

    def _rebuild_base(self) -> None:
        """Rebuild the base member matrices from the items, with no overlay left."""
        n_members, width = len(self._members), len(self._vocab)
        self._item_base = self._all_items_matrix(width)
        need_rows, need_cols, offer_rows, offer_cols = [], [], [], []
        for member_row, item_rows in enumerate(self._member_items):
            if not self._alive[member_row]:
                continue
            for item_row in item_rows:
                if self._items[item_row].direction == "need":  # type: ignore[union-attr]
                    need_rows.append(member_row)
                    need_cols.append(item_row)
                else:
                    offer_rows.append(member_row)
                    offer_cols.append(item_row)
        shape = (n_members, len(self._items))
        need_sum = sp.csr_matrix((np.ones(len(need_rows)), (need_rows, need_cols)), shape=shape)
        offer_sum = sp.csr_matrix((np.ones(len(offer_rows)), (offer_rows, offer_cols)), shape=shape)
        self._need_base = (need_sum @ self._item_base).tocsr()
        self._offer_base = (offer_sum @ self._item_base).tocsr()
        for matrix in (self._need_base, self._offer_base):
            matrix.sort_indices()
        self._need_base_t = self._need_base.T.tocsr()
        self._offer_base_t = self._offer_base.T.tocsr()
        self._need_base_sq = squared(self._need_base)
        self._offer_base_sq = squared(self._offer_base)
        self._base_rows = n_members
        self._overlay = {}
        self._overlay_cache = None
        present = (self._need_base + self._offer_base).tocsc()
        present.data[:] = 1
        self._df = np.zeros(width, np.int64)
        self._df[:] = np.diff(present.indptr)
        self._recompute_weights()

    def _all_items_matrix(self, width: int) -> sp.csr_matrix:
        base = self._item_base
        if not self._item_extra and base.shape == (len(self._items), width):
            return base
        base = sp.csr_matrix((base.data, base.indices, base.indptr), shape=(base.shape[0], width))
        vectors = [self._item_vector(row) for row in range(len(self._items))]
        return rows_matrix(vectors, width) if self._item_extra else base

    def compact(self) -> None:
        """Fold the members changed since the last build back into the base matrices."""
        if self._overlay or self._base_rows != len(self._members):
            self._rebuild_base()
            self._item_extra = {}

    # Vocabulary and weights ----------------------------------------------------------------

    def _intern(self, feature: str) -> int:
        column = self._vocab.get(feature)
        if column is None:
            column = self._vocab[feature] = len(self._vocab)
        return column

    def _recompute_weights(self) -> None:
        width = len(self._vocab)
        self._df = grow(self._df, width)[:width] if len(self._df) < width else self._df
        n_alive = int(self._alive.sum())
        idf = np.log((1.0 + n_alive) / (1.0 + self._df[:width])) + 1.0
        if n_alive >= MIN_MEMBERS_TO_DROP_FEATURES:
            idf[self._df[:width] > MAX_PROFILE_SHARE * n_alive] = 0.0
        self._idf = idf
        idf2 = idf * idf
        base_width = self._need_base.shape[1]
        n_members = len(self._members)
        self._need_norm = np.zeros(n_members)
        self._offer_norm = np.zeros(n_members)
        if self._base_rows:
            self._need_norm[: self._base_rows] = np.sqrt(self._need_base_sq @ idf2[:base_width])
            self._offer_norm[: self._base_rows] = np.sqrt(self._offer_base_sq @ idf2[:base_width])
        for member_row, (need, offer) in self._overlay.items():
            self._need_norm[member_row] = math.sqrt(float(need[1] ** 2 @ idf2[need[0]]))
            self._offer_norm[member_row] = math.sqrt(float(offer[1] ** 2 @ idf2[offer[0]]))

    # Members and items ---------------------------------------------------------------------

    def _add_member_row(self, member: MemberInfo) -> int:
        if member.id in self._member_row:
            raise ValueError(f"duplicate member id {member.id!r}")
        row = len(self._members)
        self._member_row[member.id] = row
        self._members.append(member)
        self._member_items.append([])
        size = row + 1
        self._alive = grow(self._alive, size, False)
        self._alive[row] = True
        self._town = grow(self._town, size, -1)
        self._industry_mask = grow(self._industry_mask, size)
        self._need_types = grow(self._need_types, size)
        self._offer_types = grow(self._offer_types, size)
        return row

    def _refresh_member_attributes(self, row: int) -> None:
        member = self._members[row]
        self._town[row] = self._town_index.get(member.town or "", -1)
        mask = 0
        need_types = np.zeros(len(ITEM_TYPES))
        offer_types = np.zeros(len(ITEM_TYPES))
        industries = list(member.industries)
        for item_row in self._member_items[row]:
            item = self._live_item(item_row)
            industries.extend(item.industries)
            types = need_types if item.direction == "need" else offer_types
            types[TYPE_INDEX[item.type]] += 1
        for industry in industries:
            bit = self._industry_bit.setdefault(industry, len(self._industry_bit) % 63)
            mask |= 1 << bit
        self._industry_mask[row] = mask
        for types, target in ((need_types, self._need_types), (offer_types, self._offer_types)):
            norm = float(np.linalg.norm(types))
            target[row] = types / norm if norm else types

    def _live_item(self, item_row: int) -> Item:
        item = self._items[item_row]
        if item is None:  # a removed item's row is in no member's list
            raise LookupError(f"item row {item_row} was removed")
        return item

    def _item_vector(self, item_row: int) -> Vector:
        extra = self._item_extra.get(item_row)
        if extra is not None:
            return extra
        if item_row >= self._item_base.shape[0]:
            return EMPTY
        start, end = self._item_base.indptr[item_row], self._item_base.indptr[item_row + 1]
        return self._item_base.indices[start:end], self._item_base.data[start:end]

    def _member_vectors(self, row: int) -> tuple[Vector, Vector]:
        """Return the current (needs, offers) vectors of a member."""
        if row in self._overlay:
            return self._overlay[row]
        if row >= self._base_rows:
            return EMPTY, EMPTY
        vectors = []
        for matrix in (self._need_base, self._offer_base):
            start, end = matrix.indptr[row], matrix.indptr[row + 1]
            vectors.append((matrix.indices[start:end], matrix.data[start:end]))
        return vectors[0], vectors[1]

    def _recompute_member(self, row: int) -> None:
        """Recompute a member's vectors from their items after an edit, with the IDF weights."""
        old_need, old_offer = self._member_vectors(row)
        old_features = np.union1d(old_need[0], old_offer[0])
        if self._alive[row]:
            by_direction: dict[str, list[Vector]] = {"need": [], "offer": []}
            for item_row in self._member_items[row]:
                item = self._live_item(item_row)
                by_direction[item.direction].append(self._item_vector(item_row))
            need, offer = add_vectors(by_direction["need"]), add_vectors(by_direction["offer"])
        else:
            need, offer = EMPTY, EMPTY
        new_features = np.union1d(need[0], offer[0])
        self._df = grow(self._df, len(self._vocab))
        np.subtract.at(self._df, np.setdiff1d(old_features, new_features), 1)
        np.add.at(self._df, np.setdiff1d(new_features, old_features), 1)
        self._overlay[row] = (need, offer)
        self._overlay_cache = None
        self._refresh_member_attributes(row)
        self._recompute_weights()
        if len(self._overlay) > OVERLAY_LIMIT:
            self.compact()

    def upsert_member(self, member: MemberInfo) -> None:
        """Add a member or change their town and industries."""
        row = self._member_row.get(member.id)
        if row is None:
            row = self._add_member_row(member)
            self._need_norm = grow(self._need_norm, row + 1)
            self._offer_norm = grow(self._offer_norm, row + 1)
            self._recompute_member(row)
            return
        self._members[row] = member
        if not self._alive[row]:
            self._alive[row] = True
            self._recompute_member(row)
        else:
            self._refresh_member_attributes(row)

    def remove_member(self, member_id: Hashable) -> None:
        """Take a member and all their items out of the recommendations."""
        row = self._member_row[member_id]
        for item_row in list(self._member_items[row]):
            item = self._live_item(item_row)
            del self._item_row[item.id]
            self._items[item_row] = None
        self._member_items[row] = []
        self._alive[row] = False
        self._recompute_member(row)

    def upsert_item(self, item: Item) -> None:
        """Add an item or replace the item with the same id, updating its member's vectors."""
        old_row = self._item_row.get(item.id)
        member_row = self._member_row.get(item.member_id)
        if member_row is None:
            self.upsert_member(MemberInfo(item.member_id, item.town))
        elif not self._alive[member_row]:
            self.upsert_member(self._members[member_row])
        touched = {self._member_row[item.member_id]}
        if old_row is not None:
            old = self._live_item(old_row)
            old_member = self._member_row[old.member_id]
            self._member_items[old_member].remove(old_row)
            touched.add(old_member)
            row = old_row
            self._items[row] = item
        else:
            row = len(self._items)
            self._items.append(item)
            self._item_row[item.id] = row
        self._member_items[self._member_row[item.member_id]].append(row)
        features = text_features(item.text)
        norm = math.sqrt(sum(w * w for w in features.values())) or 1.0
        cols = np.array([self._intern(f) for f in features], np.int32)
        vals = np.array(list(features.values())) / norm
        order = np.argsort(cols)
        self._item_extra[row] = (cols[order], vals[order])
        for member_row in touched:
            self._recompute_member(member_row)

    def remove_item(self, item_id: Hashable) -> None:
        """Remove an item, updating its member's vectors."""
        row = self._item_row.pop(item_id)
        item = self._live_item(row)
        member_row = self._member_row[item.member_id]
        self._member_items[member_row].remove(row)
        self._items[row] = None
        self._item_extra[row] = EMPTY
        self._recompute_member(member_row)

    # Reading rows back as the engine's values ---------------------------------------------

    def _match_list(
        self,
        partners: np.ndarray,
        scores: np.ndarray,
        they_meet: np.ndarray,
        you_meet: np.ndarray,
        km: np.ndarray,
        reasons: list[list[Reason]],
        member_ids: list[Hashable] | None = None,
    ) -> list[Match]:
        """Return matches from arrays; `member_ids` (by row) spares a bulk run the lookups."""
        if member_ids is None:
            ids = [self._members[p].id for p in partners.tolist()]
        else:
            ids = list(map(member_ids.__getitem__, partners.tolist()))
        fields = zip(
            ids,
            scores.tolist(),
            reasons,
            they_meet.tolist(),
            you_meet.tolist(),
            [None if math.isnan(d) else d for d in km.tolist()],
            strict=True,
        )
        return list(map(tuple.__new__, itertools.repeat(Match), fields))

    def _reason_lists(self, table: ReasonTable, pairs: int) -> list[list[Reason]]:
        """Return the reasons of a table (items as item rows) grouped by pair."""
        item = self._items.__getitem__
        columns = zip(
            map(("you_offer", "they_offer").__getitem__, table.they_offer.tolist()),
            map(item, table.need.tolist()),
            map(item, table.offer.tolist()),
            table.similarity.tolist(),
            strict=True,
        )
        # A bulk run makes millions: map() rather than a loop, and tuple.__new__ rather than
        # the named tuple's own __new__, a Python function.
        reasons: list[Reason] = list(map(tuple.__new__, itertools.repeat(Reason), columns))
        bounds = np.searchsorted(table.pair, np.arange(pairs + 1)).tolist()
        return [reasons[begin:end] for begin, end in itertools.pairwise(bounds)]

    # Introspection --------------------------------------------------------------------------

    def __len__(self) -> int:
        return int(self._alive[: len(self._members)].sum())

    def member_ids(self) -> list[Hashable]:
        return [m.id for m, alive in zip(self._members, self._alive, strict=False) if alive]
