"""Every member's ranking at once, equal to `top_k` for each (`top_k_all`).

Every pair of members is scored once, in compiled loops (`kernels`): the score is symmetric, so
the earlier member of a pair scores it and offers it to both members' heaps. Each member has a
floor (first the k-th best score with `SEED_ROWS` sampled members, then the worst score in
their full heap); a pair that cannot reach either member's floor is dropped early. The reasons
of the kept pairs are found in compiled code too (`reasons`), one chunk of rows ahead of the
thread that turns them into Python objects.
"""

from __future__ import annotations

import gc
from collections.abc import Callable, Hashable, Iterator
from concurrent.futures import ThreadPoolExecutor
from contextlib import contextmanager
from dataclasses import dataclass

import numba
import numpy as np
import scipy.sparse as sp

from matching.engine.building import TYPE_INDEX, IndexBuilding
from matching.engine.kernels import best_of_heaps, rank_batch, sample_scores
from matching.engine.reasons import MemberItems, ReasonTable, reason_table, weighted_items
from matching.engine.scoring import INDUSTRY_BONUS, MAX_ADJUSTMENT, ONE_SIDED_SHARE, TYPE_WEIGHT
from matching.engine.types import Match, Reason

CHUNK_ROWS = 4096
RANK_BATCH_ROWS = 4096
# `top_k_all` first scores this many members, spread over the rows, against everyone, for floors
# that prune pairs from the start; the floors are lowered by this share for float rounding (the
# sample's scores are kept in float32).
SEED_ROWS = 128
SEED_MARGIN = 1e-5


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


def _divide_columns(matrix: sp.csr_matrix, norms: np.ndarray) -> sp.csr_matrix:
    """Return a new matrix with each column divided by its norm (the input may be the index's
    own matrix, so it must stay untouched)."""
    matrix = matrix.tocsr()
    with np.errstate(divide="ignore", invalid="ignore"):
        data = np.where(norms[matrix.indices] > 0, matrix.data / norms[matrix.indices], 0.0)
    return sp.csr_matrix((data, matrix.indices, matrix.indptr), shape=matrix.shape)


class BulkRanking(IndexBuilding):
    """Rank every member's partners in one pass over all pairs."""

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
                if next_table is None:  # there is a chunk, so its reasons were asked for
                    raise RuntimeError("no reasons for a chunk")
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
        lists: list[np.ndarray] = []
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
                types[row] = TYPE_INDEX[item.type]
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
