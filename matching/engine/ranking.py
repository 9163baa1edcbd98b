"""One member's ranking: their best partners, a brief's best makers, why two members fit.

    they_meet(A, B) = cos(needs of A, offers of B)
    you_meet(A, B)  = cos(offers of A, needs of B)

are combined so that a two-sided match ranks above a one-sided one of the same strength, while a
one-sided match still scores above zero (`scoring.combine`). Shared industries, agreeing item
types and a short distance between towns adjust the score gently; none of them filters.

`top_k` scores every profile that shares a feature with the member (gathering the member's
posting lists), then applies the adjustments only where they can matter: it adjusts the
`PRUNE_SAMPLE` best unadjusted scores, and their k-th adjusted score, divided by the largest
factor, bounds which other candidates can still reach the top k.
"""

from __future__ import annotations

import math
from collections.abc import Hashable, Iterable

import numpy as np
import scipy.sparse as sp

from matching.engine.building import TYPE_INDEX, IndexBuilding, Vector, rows_matrix
from matching.engine.features import text_features
from matching.engine.reasons import (
    REASON_MIN_SIMILARITY,
    REASONS_PER_SIDE,
    MemberItems,
    ReasonTable,
    reason_table,
    weighted_items,
)
from matching.engine.scoring import INDUSTRY_BONUS, MAX_ADJUSTMENT, TYPE_WEIGHT, combine
from matching.engine.types import Match, Reason, brief_item

# `top_k` adjusts this many of the best unadjusted scores first; their k-th adjusted score then
# bounds which other candidates can still reach the top k.
PRUNE_SAMPLE = 200


def _posting_sums(postings: sp.csr_matrix, features: np.ndarray, weights: np.ndarray) -> np.ndarray:
    """Return, for each column of `postings`, its entries in `features` rows times the weights."""
    used = weights != 0
    return np.asarray(postings[features[used]].T @ weights[used]).ravel()


class OneMemberRanking(IndexBuilding):
    """Rank the partners of one member, or of one brief, from the index's arrays."""

    def _adjustments(self, rows: int | np.ndarray, cols: np.ndarray) -> np.ndarray:
        """Return the factor for industry, item-type and distance agreement of rows with cols.

        `rows` is one member row for all cols or one row per col.
        """
        shared = (self._industry_mask[cols] & self._industry_mask[rows]) != 0
        type_fit = (
            (self._offer_types[cols] * self._need_types[rows]).sum(axis=-1)
            + (self._need_types[cols] * self._offer_types[rows]).sum(axis=-1)
        ) / 2
        distance = self._town_factor[self._town[rows], self._town[cols]]
        factor: np.ndarray = (
            (1.0 + INDUSTRY_BONUS * shared)
            * (1.0 - TYPE_WEIGHT + TYPE_WEIGHT * type_fit)
            * distance
        )
        return factor

    def _overlay_matrices(self) -> tuple[np.ndarray, sp.csr_matrix, sp.csr_matrix]:
        width = len(self._vocab)
        if self._overlay_cache is None or self._overlay_cache[1].shape[1] != width:
            rows = np.array(sorted(self._overlay), np.int64)
            needs = [self._overlay[r][0] for r in rows]
            offers = [self._overlay[r][1] for r in rows]
            self._overlay_cache = (rows, rows_matrix(needs, width), rows_matrix(offers, width))
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
        contenders: np.ndarray = candidates[unadjusted * MAX_ADJUSTMENT >= kth]
        return contenders

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
        matrix = rows_matrix(vectors, len(self._vocab))
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
        types = np.array([TYPE_INDEX[item.type] for item in items], np.int64)  # type: ignore[union-attr]
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
