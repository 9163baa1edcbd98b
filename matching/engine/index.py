"""The reciprocal matching index.

Every member has two sparse vectors over text features: the sum of their need items and the sum
of their offer items (each item scaled to unit length, so a long text does not outweigh a short
one). At scoring time the vectors are weighted by IDF over members and compared by cosine:

    they_meet(A, B) = cos(needs of A, offers of B)
    you_meet(A, B)  = cos(offers of A, needs of B)

and combined so that a two-sided match ranks above a one-sided one of the same strength, while a
one-sided match still scores above zero (see `combine`). Shared industries, agreeing item types
and a short distance between towns adjust the score gently; none of them filters.

Features found in more than `MAX_PROFILE_SHARE` of the members get no weight: they say little and
make the sparse products dense.

The member vectors live in a compressed base matrix built in one go; members changed since then
sit in a small overlay whose rows override the base ones, so one edit costs milliseconds.
`compact()` folds the overlay back into the base.
"""

from __future__ import annotations

import gc
import itertools
import math
from collections.abc import Callable, Hashable, Iterable, Iterator
from concurrent.futures import ThreadPoolExecutor
from contextlib import contextmanager
from dataclasses import dataclass

import numba
import numpy as np
import scipy.sparse as sp

from matching.engine.features import text_features
from matching.engine.kernels import best_of_heaps, rank_batch, sample_scores
from matching.engine.reasons import (
    REASON_MIN_SIMILARITY,
    REASONS_PER_SIDE,
    MemberItems,
    ReasonTable,
    reason_table,
    weighted_items,
)
from matching.engine.types import ITEM_TYPES, Item, Match, MemberInfo, Reason, brief_item

TownCoords = dict[str, tuple[float, float]]
Vector = tuple[np.ndarray, np.ndarray]  # (feature columns, weights)

ONE_SIDED_SHARE = 0.35
MAX_PROFILE_SHARE = 0.3
MIN_MEMBERS_TO_DROP_FEATURES = 20
INDUSTRY_BONUS = 0.1
TYPE_WEIGHT = 0.1
DISTANCE_SCALE_KM = 1000.0
CHUNK_ROWS = 4096
RANK_BATCH_ROWS = 4096
# `top_k_all` first scores this many members, spread over the rows, against everyone, for floors
# that prune pairs from the start; the floors are lowered by this share for float rounding (the
# sample's scores are kept in float32).
SEED_ROWS = 128
SEED_MARGIN = 1e-5
OVERLAY_LIMIT = 5000
# `top_k` adjusts this many of the best unadjusted scores first; their k-th adjusted score then
# bounds which other candidates can still reach the top k.
PRUNE_SAMPLE = 200
# No adjustment raises a score by more than this (the industry bonus, with room for rounding).
MAX_ADJUSTMENT = (1.0 + INDUSTRY_BONUS) * 1.001

_TYPE_INDEX = {name: number for number, name in enumerate(ITEM_TYPES)}
_EMPTY: Vector = (np.zeros(0, np.int32), np.zeros(0, np.float64))


@dataclass(frozen=True, slots=True)
class _ReasonData:
    """What finding the reasons of many pairs at once needs (see `reasons.reason_table`)."""

    weighted_items: sp.csr_matrix
    item_types: np.ndarray
    member_items: MemberItems


@contextmanager
def _numba_threads(count: int) -> Iterator[None]:
    """Let the compiled loops use `count` threads for a while."""
    previous = numba.get_num_threads()
    numba.set_num_threads(count)
    try:
        yield
    finally:
        numba.set_num_threads(previous)


@contextmanager
def _collector_paused() -> Iterator[None]:
    """Pause the cyclic garbage collector while making many objects that form no cycles.

    A bulk run makes millions of matches and reasons; each batch would otherwise set off
    collections that walk every object of the index.
    """
    was_enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if was_enabled:
            gc.enable()


def combine(they_meet: np.ndarray, you_meet: np.ndarray) -> np.ndarray:
    """Return the reciprocal score of two one-way scores in 0..1.

    Mostly their harmonic mean (RECON), plus a small share of their mean so that a one-sided
    match is still shown, below two-sided ones.
    """
    total = they_meet + you_meet
    # In place, as a bulk run combines millions of pairs: (1 - share) * 2ty / total + share *
    # total / 2, with the harmonic mean 0 where both are 0.
    score = they_meet * you_meet
    score *= 2
    np.divide(score, total, out=score, where=total > 0)
    score[total <= 0] = 0.0
    score *= 1 - ONE_SIDED_SHARE
    total *= ONE_SIDED_SHARE
    total /= 2
    score += total
    return score


def _haversine_km(lat1: np.ndarray, lon1: np.ndarray, lat2: np.ndarray, lon2: np.ndarray):
    lat1, lon1, lat2, lon2 = map(np.radians, (lat1, lon1, lat2, lon2))
    a = (
        np.sin((lat2 - lat1) / 2) ** 2
        + np.cos(lat1) * np.cos(lat2) * np.sin((lon2 - lon1) / 2) ** 2
    )
    return 2 * 6371.0 * np.arcsin(np.sqrt(np.minimum(a, 1.0)))


def _add_vectors(vectors: Iterable[Vector]) -> Vector:
    vectors = [v for v in vectors if len(v[0])]
    if not vectors:
        return _EMPTY
    cols = np.concatenate([v[0] for v in vectors])
    vals = np.concatenate([v[1] for v in vectors])
    unique, inverse = np.unique(cols, return_inverse=True)
    return unique.astype(np.int32), np.bincount(inverse, weights=vals)


def _rows_matrix(vectors: list[Vector], width: int) -> sp.csr_matrix:
    lengths = [len(v[0]) for v in vectors]
    indptr = np.zeros(len(vectors) + 1, np.int64)
    np.cumsum(lengths, out=indptr[1:])
    cols = np.concatenate([v[0] for v in vectors]) if vectors else np.zeros(0, np.int32)
    vals = np.concatenate([v[1] for v in vectors]) if vectors else np.zeros(0)
    return sp.csr_matrix((vals, cols, indptr), shape=(len(vectors), width))


def _squared(matrix: sp.csr_matrix) -> sp.csr_matrix:
    """Return the matrix with each entry squared, sharing its index arrays."""
    return sp.csr_matrix((matrix.data**2, matrix.indices, matrix.indptr), shape=matrix.shape)


def _divide_columns(matrix: sp.csr_matrix, norms: np.ndarray) -> sp.csr_matrix:
    """Return a new matrix with each column divided by its norm (the input may be the index's
    own matrix, so it must stay untouched)."""
    matrix = matrix.tocsr()
    with np.errstate(divide="ignore", invalid="ignore"):
        data = np.where(norms[matrix.indices] > 0, matrix.data / norms[matrix.indices], 0.0)
    return sp.csr_matrix((data, matrix.indices, matrix.indptr), shape=matrix.shape)


def _posting_sums(postings: sp.csr_matrix, features: np.ndarray, weights: np.ndarray) -> np.ndarray:
    """Return, for each column of `postings`, its entries in `features` rows times the weights."""
    used = weights != 0
    return np.asarray(postings[features[used]].T @ weights[used]).ravel()


def _grow(array: np.ndarray, size: int, fill: float | int = 0) -> np.ndarray:
    if len(array) >= size:
        return array
    extra = np.full((max(size, 2 * len(array)) - len(array), *array.shape[1:]), fill, array.dtype)
    return np.concatenate([array, extra])


class MatchIndex:
    def __init__(self, town_coords: TownCoords | None = None) -> None:
        self._town_coords = dict(town_coords or {})
        self._town_index = {town: number for number, town in enumerate(self._town_coords)}
        self._build_town_tables()
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
    ) -> MatchIndex:
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
        self._need_base_sq = _squared(self._need_base)
        self._offer_base_sq = _squared(self._offer_base)
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
        return _rows_matrix(vectors, width) if self._item_extra else base

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
        self._df = _grow(self._df, width)[:width] if len(self._df) < width else self._df
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
        self._alive = _grow(self._alive, size, False)
        self._alive[row] = True
        self._town = _grow(self._town, size, -1)
        self._industry_mask = _grow(self._industry_mask, size)
        self._need_types = _grow(self._need_types, size)
        self._offer_types = _grow(self._offer_types, size)
        return row

    def _refresh_member_attributes(self, row: int) -> None:
        member = self._members[row]
        self._town[row] = self._town_index.get(member.town or "", -1)
        mask = 0
        need_types = np.zeros(len(ITEM_TYPES))
        offer_types = np.zeros(len(ITEM_TYPES))
        industries = list(member.industries)
        for item_row in self._member_items[row]:
            item = self._items[item_row]
            assert item is not None
            industries.extend(item.industries)
            types = need_types if item.direction == "need" else offer_types
            types[_TYPE_INDEX[item.type]] += 1
        for industry in industries:
            bit = self._industry_bit.setdefault(industry, len(self._industry_bit) % 63)
            mask |= 1 << bit
        self._industry_mask[row] = mask
        for types, target in ((need_types, self._need_types), (offer_types, self._offer_types)):
            norm = float(np.linalg.norm(types))
            target[row] = types / norm if norm else types

    def _item_vector(self, item_row: int) -> Vector:
        extra = self._item_extra.get(item_row)
        if extra is not None:
            return extra
        if item_row >= self._item_base.shape[0]:
            return _EMPTY
        start, end = self._item_base.indptr[item_row], self._item_base.indptr[item_row + 1]
        return self._item_base.indices[start:end], self._item_base.data[start:end]

    def _member_vectors(self, row: int) -> tuple[Vector, Vector]:
        """Return the current (needs, offers) vectors of a member."""
        if row in self._overlay:
            return self._overlay[row]
        if row >= self._base_rows:
            return _EMPTY, _EMPTY
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
                item = self._items[item_row]
                assert item is not None
                by_direction[item.direction].append(self._item_vector(item_row))
            need, offer = _add_vectors(by_direction["need"]), _add_vectors(by_direction["offer"])
        else:
            need, offer = _EMPTY, _EMPTY
        new_features = np.union1d(need[0], offer[0])
        self._df = _grow(self._df, len(self._vocab))
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
            self._need_norm = _grow(self._need_norm, row + 1)
            self._offer_norm = _grow(self._offer_norm, row + 1)
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
            item = self._items[item_row]
            assert item is not None
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
            old = self._items[old_row]
            assert old is not None
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
        item = self._items[row]
        assert item is not None
        member_row = self._member_row[item.member_id]
        self._member_items[member_row].remove(row)
        self._items[row] = None
        self._item_extra[row] = _EMPTY
        self._recompute_member(member_row)

    # Scoring -------------------------------------------------------------------------------

    def _build_town_tables(self) -> None:
        count = len(self._town_coords)
        lat = np.array([c[0] for c in self._town_coords.values()], float)
        lon = np.array([c[1] for c in self._town_coords.values()], float)
        km = np.full((count + 1, count + 1), np.nan)
        km[:count, :count] = _haversine_km(lat[:, None], lon[:, None], lat[None, :], lon[None, :])
        self._town_km = km
        self._town_factor = np.where(np.isnan(km), 1.0, 1.0 / (1.0 + km / DISTANCE_SCALE_KM))

    def _adjustments(self, rows: int | np.ndarray, cols: np.ndarray) -> np.ndarray:
        """Return the factor for industry, item-type and distance agreement of rows with cols.

        `rows` is one member row for all cols or one row per col.
        """
        shared = (self._industry_mask[cols] & self._industry_mask[rows]) != 0
        type_fit = (
            (self._offer_types[cols] * self._need_types[rows]).sum(axis=-1)
            + (self._need_types[cols] * self._offer_types[rows]).sum(axis=-1)
        ) / 2
        return (
            (1.0 + INDUSTRY_BONUS * shared)
            * (1.0 - TYPE_WEIGHT + TYPE_WEIGHT * type_fit)
            * self._town_factor[self._town[rows], self._town[cols]]
        )

    def _overlay_matrices(self) -> tuple[np.ndarray, sp.csr_matrix, sp.csr_matrix]:
        width = len(self._vocab)
        if self._overlay_cache is None or self._overlay_cache[1].shape[1] != width:
            rows = np.array(sorted(self._overlay), np.int64)
            needs = [self._overlay[r][0] for r in rows]
            offers = [self._overlay[r][1] for r in rows]
            self._overlay_cache = (rows, _rows_matrix(needs, width), _rows_matrix(offers, width))
        return self._overlay_cache

    def _one_way_scores(self, query: Vector, query_norm: float, side: str) -> np.ndarray:
        """Return cos(query, each member's `side` vector) for all member rows."""
        n_members = len(self._members)
        scores = np.zeros(n_members)
        if not query_norm or not len(query[0]):
            return scores
        cols, vals = query
        weights = vals * self._idf[cols] ** 2 / query_norm
        base_t = self._offer_base_t if side == "offer" else self._need_base_t
        in_base = cols < base_t.shape[0]
        if self._base_rows and in_base.any():
            scores[: self._base_rows] = _posting_sums(base_t, cols[in_base], weights[in_base])
        overlay_rows, overlay_needs, overlay_offers = self._overlay_matrices()
        if len(overlay_rows):
            dense = np.zeros(len(self._vocab))
            dense[cols] = weights
            overlay = overlay_offers if side == "offer" else overlay_needs
            scores[overlay_rows] = overlay @ dense
        norms = self._offer_norm if side == "offer" else self._need_norm
        with np.errstate(divide="ignore", invalid="ignore"):
            return np.where(norms[:n_members] > 0, scores / norms[:n_members], 0.0)

    def _scores(self, row: int) -> tuple[np.ndarray, np.ndarray]:
        need, offer = self._member_vectors(row)
        they_meet = self._one_way_scores(need, self._need_norm[row], "offer")
        you_meet = self._one_way_scores(offer, self._offer_norm[row], "need")
        return they_meet, you_meet

    def top_k(
        self, member_id: Hashable, k: int = 10, exclude: Iterable[Hashable] = ()
    ) -> list[Match]:
        """Return the member's k best partners, best first, each with its reasons."""
        row = self._member_row[member_id]
        they_meet, you_meet = self._scores(row)
        candidates = np.flatnonzero(((they_meet + you_meet) > 0) & self._alive[: len(they_meet)])
        excluded = {row} | {self._member_row[m] for m in exclude if m in self._member_row}
        candidates = candidates[~np.isin(candidates, list(excluded))]
        candidates = self._contenders(row, candidates, they_meet, you_meet, k)
        scores = combine(they_meet[candidates], you_meet[candidates])
        scores *= self._adjustments(row, candidates)
        best = np.lexsort((candidates, -scores))[: max(k, 0)]
        partners = candidates[best]
        km = self._town_km[self._town[row], self._town[partners]]
        reasons = self._pair_reasons(row, partners)
        return self._match_list(
            partners, scores[best], they_meet[partners], you_meet[partners], km, reasons
        )

    @staticmethod
    def _top(scores: np.ndarray, k: int) -> np.ndarray:
        """Return the positions of the k highest scores, best first, ties by position."""
        part = np.argpartition(-scores, k - 1)[:k] if len(scores) > k else np.arange(len(scores))
        return part[np.lexsort((part, -scores[part]))]

    def _contenders(
        self,
        row: int,
        candidates: np.ndarray,
        they_meet: np.ndarray,
        you_meet: np.ndarray,
        k: int,
    ) -> np.ndarray:
        """Return the candidates that can still reach the top k once adjusted (ascending).

        The k-th best adjusted score among the best unadjusted ones is a lower bound of the
        final k-th score; no adjustment lifts a score by more than `MAX_ADJUSTMENT`.
        """
        sample_size = max(PRUNE_SAMPLE, k)
        if k < 1 or len(candidates) <= sample_size:
            return candidates
        unadjusted = combine(they_meet[candidates], you_meet[candidates])
        sample = np.argpartition(-unadjusted, sample_size - 1)[:sample_size]
        adjusted = unadjusted[sample] * self._adjustments(row, candidates[sample])
        kth = -np.partition(-adjusted, k - 1)[k - 1]
        return candidates[unadjusted * MAX_ADJUSTMENT >= kth]

    def top_k_all(
        self,
        k: int = 10,
        progress: Callable[[int], object] | None = None,
        workers: int = 1,
        reasons: bool = True,
    ) -> Iterator[tuple[Hashable, list[Match]]]:
        """Yield (member id, top-k matches) for every member.

        This equals `top_k` for every member (up to float rounding and the order of equal
        scores): every pair of members is scored once, in compiled code (`kernels`), before the
        first member is yielded; `progress` is called with the number of members ranked as
        ranking goes on. The work is shared by `workers` threads. Without `reasons` the matches
        carry none (a bulk job that stores scores can ask `reasons()` later for the pairs it
        shows).
        """
        self.compact()
        alive_rows = np.flatnonzero(self._alive[: len(self._members)])
        threads = max(1, min(workers, numba.config.NUMBA_NUM_THREADS))  # type: ignore[attr-defined]
        with _numba_threads(threads):
            counts, partners, values = self._rank_everyone(alive_rows, k, threads, progress)
        reason_data = self._reason_data() if reasons else None
        member_ids = [member.id for member in self._members]
        ends = np.cumsum(counts)
        chunks = []
        for start in range(0, len(alive_rows), CHUNK_ROWS):
            chunk_counts = counts[start : start + CHUNK_ROWS]
            begin = int(ends[start - 1]) if start else 0
            entries = slice(begin, begin + int(chunk_counts.sum()))
            rows = alive_rows[start : start + CHUNK_ROWS]
            chunks.append((rows, chunk_counts, partners[entries], values[entries]))

        def chunk_reasons(chunk: tuple[np.ndarray, ...]) -> ReasonTable | None:
            if reason_data is None:
                return None
            rows, chunk_counts, chunk_partners, _ = chunk
            with _numba_threads(threads):
                return reason_table(
                    reason_data.weighted_items,
                    reason_data.item_types,
                    reason_data.member_items,
                    np.repeat(rows, chunk_counts),
                    chunk_partners,
                    parallel=True,
                )

        # The next chunk's reasons are found in compiled code, which lets go of the GIL, while
        # this chunk's reasons and matches are made into Python objects.
        with ThreadPoolExecutor(max_workers=1) as helper:
            next_table = helper.submit(chunk_reasons, chunks[0]) if chunks else None
            for number, chunk in enumerate(chunks):
                assert next_table is not None
                table = next_table.result()
                if number + 1 < len(chunks):
                    next_table = helper.submit(chunk_reasons, chunks[number + 1])
                yield from self._chunk_results(*chunk, table, member_ids)

    def _rank_everyone(
        self,
        rows: np.ndarray,
        k: int,
        threads: int,
        progress: Callable[[int], object] | None,
    ) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
        """Return the rows' k best partners, as `kernels.best_of_heaps` does."""
        n_members = len(self._members)
        k = max(0, min(k, len(rows) - 1))
        idf2 = self._idf**2
        every = np.arange(n_members)
        need_q = self._queries(every, self._need_base, self._need_norm, idf2)
        offer_q = self._queries(every, self._offer_base, self._offer_norm, idf2)
        offers = _divide_columns(self._offer_base_t, self._offer_norm)
        needs = _divide_columns(self._need_base_t, self._need_norm)
        for matrix in (offers, needs):
            matrix.sort_indices()  # the loops search each posting list by member
        lists = []
        for matrix in (need_q, offer_q, offers, needs):
            # Unsigned member rows spare the compiled loops a check for negative indices.
            lists += [matrix.indptr.astype(np.int64), matrix.indices.astype(np.uint32), matrix.data]
        queries, postings = tuple(lists[:6]), tuple(lists[6:])
        members = (
            self._alive[:n_members],
            self._industry_mask[:n_members],
            self._need_types[:n_members],
            self._offer_types[:n_members],
            self._town[:n_members],
            self._town_factor,
        )
        weights = (ONE_SIDED_SHARE, INDUSTRY_BONUS, TYPE_WEIGHT, MAX_ADJUSTMENT)
        rows = rows.astype(np.int64)
        # One heap and floor per member in each part, so that threads never share one.
        heap = np.zeros((threads, n_members, k, 3))
        heap_partners = np.full((threads, n_members, k), -1, np.int64)
        heap_sizes = np.zeros((threads, n_members), np.int64)
        floors = np.empty((threads, n_members))
        floors[:] = self._seed_floors(rows, k, queries, postings, members, weights)
        # Batches only so that progress shows; a row costs in proportion to the members after it.
        for start in range(0, len(rows), RANK_BATCH_ROWS):
            batch = rows[start : start + RANK_BATCH_ROWS]
            if k:
                rank_batch(
                    batch, queries, postings, members, weights, heap, heap_partners, heap_sizes,
                    floors,
                )  # fmt: skip
            if progress is not None:
                progress(len(batch))
        return best_of_heaps(rows, heap, heap_partners, heap_sizes)

    @staticmethod
    def _seed_floors(
        rows: np.ndarray,
        k: int,
        queries: tuple[np.ndarray, ...],
        postings: tuple[np.ndarray, ...],
        members: tuple[np.ndarray, ...],
        weights: tuple[float, float, float, float],
    ) -> np.ndarray:
        """Return each member's k-th best score with a sample of the rows, lowered by a margin
        for rounding: a score that k partners reach, known before ranking starts (-1 if none).

        Without it the first rows offer nearly every pair to the heaps, still empty.
        """
        n_members = len(members[0])
        sample = rows[:: max(1, len(rows) // SEED_ROWS)]
        if not k or len(sample) < k:
            return np.full(n_members, -1.0)
        scores = sample_scores(sample, queries, postings, members, weights)
        kth = np.partition(scores, len(sample) - k, axis=0)[len(sample) - k].astype(np.float64)
        return np.where(kth > 0, kth * (1 - SEED_MARGIN), -1.0)

    def _reason_data(self) -> _ReasonData:
        is_need = np.zeros(len(self._items), bool)
        types = np.full(len(self._items), -1, np.int64)
        for row, item in enumerate(self._items):
            if item is not None:
                is_need[row] = item.direction == "need"
                types[row] = _TYPE_INDEX[item.type]
        return _ReasonData(
            weighted_items(self._item_base, self._idf),
            types,
            MemberItems.from_lists(self._member_items, is_need),
        )

    def _chunk_results(
        self,
        rows: np.ndarray,
        counts: np.ndarray,
        partners: np.ndarray,
        values: np.ndarray,
        table: ReasonTable | None,
        member_ids: list[Hashable],
    ) -> list[tuple[Hashable, list[Match]]]:
        """Return (member id, matches) for rows whose partners come row after row."""
        member_rows = np.repeat(rows, counts)
        km = self._town_km[self._town[member_rows], self._town[partners]]
        with _collector_paused():
            if table is None:
                reasons: list[list[Reason]] = [[] for _ in range(len(partners))]
            else:
                reasons = self._reason_lists(table, len(partners))
            matches = self._match_list(
                partners, values[:, 0], values[:, 1], values[:, 2], km, reasons, member_ids
            )
        ends = np.cumsum(counts).tolist()
        return [
            (member_ids[row], matches[end - count : end])
            for row, count, end in zip(rows.tolist(), counts.tolist(), ends, strict=True)
        ]

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

    @staticmethod
    def _queries(
        rows: np.ndarray, base: sp.csr_matrix, norms: np.ndarray, idf2: np.ndarray
    ) -> sp.csr_matrix:
        """Return the rows' vectors weighted by IDF squared and divided by their norms."""
        query = base[rows]
        with np.errstate(divide="ignore"):
            inverse_norm = np.where(norms[rows] > 0, 1.0 / norms[rows], 0.0)
        query.data = (
            query.data * idf2[query.indices] * np.repeat(inverse_norm, np.diff(query.indptr))
        )
        query.eliminate_zeros()
        return query

    # Orders ---------------------------------------------------------------------------------

    def rank_offers_for_text(
        self,
        text: str,
        industries: Iterable[str] = (),
        town: str | None = None,
        k: int = 10,
        exclude: Iterable[Hashable] = (),
    ) -> list[Match]:
        """Return the k members whose offers best meet a free-text brief, with reasons."""
        brief = brief_item(text)
        features = text_features(text)
        norm = math.sqrt(sum(w * w for w in features.values())) or 1.0
        known = [(self._vocab[f], w / norm) for f, w in features.items() if f in self._vocab]
        unknown_weight = (
            sum((w / norm) ** 2 for f, w in features.items() if f not in self._vocab)
            * (math.log(1.0 + self._alive.sum()) + 1.0) ** 2
        )
        cols = np.array([c for c, _ in known], np.int32)
        vals = np.array([w for _, w in known])
        query_norm = math.sqrt(float(vals**2 @ self._idf[cols] ** 2) + unknown_weight)
        they_meet = self._one_way_scores((cols, vals), query_norm, "offer")
        candidates = np.flatnonzero((they_meet > 0) & self._alive[: len(they_meet)])
        excluded = [self._member_row[m] for m in exclude if m in self._member_row]
        candidates = candidates[~np.isin(candidates, excluded)]
        mask = 0
        for industry in industries:
            if industry in self._industry_bit:
                mask |= 1 << self._industry_bit[industry]
        town_row = self._town_index.get(town or "", -1)
        scores = they_meet[candidates] * (
            (1.0 + INDUSTRY_BONUS * ((self._industry_mask[candidates] & mask) != 0))
            * self._town_factor[town_row, self._town[candidates]]
        )
        best = self._top(scores, k)
        partners = candidates[best]
        query_matrix = self._weighted_rows([(cols, vals)])
        km = self._town_km[town_row, self._town[partners]]
        matches = []
        for partner, score, d in zip(partners, scores[best], km, strict=True):
            offers = self._direction_items(int(partner), "offer")
            similarity = (
                query_matrix @ self._weighted_rows([self._item_vector(r) for r in offers]).T
            ).toarray()
            reasons = []
            for j in np.argsort(-similarity[0])[:REASONS_PER_SIDE]:
                offer = self._items[offers[j]]
                if offer is None or similarity[0, j] < REASON_MIN_SIMILARITY:
                    break
                reasons.append(Reason("they_offer", brief, offer, float(similarity[0, j])))
            matches.append(
                Match(
                    self._members[partner].id,
                    float(score),
                    reasons,
                    they_meet=float(they_meet[partner]),
                    distance_km=None if np.isnan(d) else float(d),
                )
            )
        return matches

    # Reasons -------------------------------------------------------------------------------

    def _direction_items(self, row: int, direction: str) -> list[int]:
        return [r for r in self._member_items[row] if self._items[r].direction == direction]  # type: ignore[union-attr]

    def _weighted_rows(self, vectors: list[Vector]) -> sp.csr_matrix:
        """Return item vectors weighted by IDF and scaled to unit length, one row each."""
        matrix = _rows_matrix(vectors, len(self._vocab))
        return weighted_items(matrix, self._idf)

    def reasons(self, member_id: Hashable, partner_id: Hashable) -> list[Reason]:
        """Return why two members fit, as for the partner in `member_id`'s recommendations."""
        row = self._member_row[member_id]
        partner = np.array([self._member_row[partner_id]])
        return self._pair_reasons(row, partner)[0]

    def _pair_reasons(self, row: int, partners: np.ndarray) -> list[list[Reason]]:
        """Return, for each partner, the item pairs that met, best first on each side."""
        item_rows: list[int] = []
        item_lists: list[list[int]] = []
        for member_row in [row, *partners.tolist()]:
            own = self._member_items[member_row]
            item_lists.append(list(range(len(item_rows), len(item_rows) + len(own))))
            item_rows.extend(own)
        items = [self._items[r] for r in item_rows]
        is_need = np.array([item.direction == "need" for item in items], np.bool_)  # type: ignore[union-attr]
        types = np.array([_TYPE_INDEX[item.type] for item in items], np.int64)  # type: ignore[union-attr]
        weighted = self._weighted_rows([self._item_vector(r) for r in item_rows])
        table = reason_table(
            weighted,
            types,
            MemberItems.from_lists(item_lists, is_need),
            np.zeros(len(partners), np.int64),
            np.arange(1, len(partners) + 1),
        )
        positions = np.array(item_rows, np.int64)
        table = ReasonTable(
            table.pair,
            table.they_offer,
            positions[table.need],
            positions[table.offer],
            table.similarity,
        )
        return self._reason_lists(table, len(partners))

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
