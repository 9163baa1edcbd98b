"""The compiled inner loops of `MatchIndex.top_k_all` (Numba).

Ranking every member of a 100,000-member region exactly means scoring some 5·10⁹ pairs of
members, about 2·10¹⁰ multiply-adds over posting lists. Through SciPy's sparse products each
multiply-add cost about 8 ns here (the product builds a sparse result); these loops add into two
dense arrays at about 2 ns, and keep each member's best partners in a heap as they go.

Three things keep the work down:
- The score of a pair is symmetric, so each pair is scored once, by its earlier member, and
  offered to both members' heaps.
- Each member has a floor, a score that k partners are known to reach, so no partner below it
  can enter the member's top k: first the k-th best of the member's scores with a sample of
  members (`sample_scores`), then the worst score in the member's heap once it is full. A pair
  whose best possible score is under both members' floors is dropped before the division of
  `combine`.
- The rows are dealt to threads, each with heaps of its own, merged at the end
  (`best_of_heaps`).

The arithmetic follows `index.combine` and `MatchIndex._adjustments` step by step, so both give
the same scores up to float rounding.

The arrays come in tuples:
- queries: (need_ptr, need_col, need_val, offer_ptr, offer_col, offer_val), a CSR row per member
  holding its needs (offers) weighted by IDF squared and divided by the member's norm;
- postings: (offer_ptr, offer_member, offer_val, need_ptr, need_member, need_val), a CSR row per
  feature holding every member's offers (needs) divided by their norm, members as unsigned rows in
  ascending order (unsigned spares the loops a check for negative indices);
- members: (alive, industry_mask, need_types, offer_types, town, town_factor);
- weights: (one_sided_share, industry_bonus, type_weight, max_adjustment).
"""

from __future__ import annotations

import numpy as np
from numba import njit, prange

Arrays = tuple[np.ndarray, ...]
Weights = tuple[float, float, float, float]


@njit(cache=True, nogil=True)
def _worse(score_a: float, partner_a: int, score_b: float, partner_b: int) -> bool:
    """Return whether partner a ranks below partner b: lower score, or equal and later row."""
    return score_a < score_b or (score_a == score_b and partner_a > partner_b)


@njit(cache=True, nogil=True)
def _swap(heap: np.ndarray, partners: np.ndarray, a: int, b: int) -> None:
    for column in range(heap.shape[1]):
        heap[a, column], heap[b, column] = heap[b, column], heap[a, column]
    partners[a], partners[b] = partners[b], partners[a]


@njit(cache=True, nogil=True)
def _sift_down(heap: np.ndarray, partners: np.ndarray, size: int) -> None:
    """Restore a heap (worst kept partner at the root) after its root was replaced.

    Heap rows are (score, they_meet, you_meet); partners are member rows.
    """
    position = 0
    while True:
        child = 2 * position + 1
        if child >= size:
            return
        if child + 1 < size and _worse(
            heap[child + 1, 0], partners[child + 1], heap[child, 0], partners[child]
        ):
            child += 1
        if not _worse(heap[child, 0], partners[child], heap[position, 0], partners[position]):
            return
        _swap(heap, partners, position, child)
        position = child


@njit(cache=True, nogil=True)
def _sift_up(heap: np.ndarray, partners: np.ndarray, position: int) -> None:
    while position > 0:
        parent = (position - 1) // 2
        if not _worse(heap[position, 0], partners[position], heap[parent, 0], partners[parent]):
            return
        _swap(heap, partners, position, parent)
        position = parent


@njit(cache=True, nogil=True)
def _offer(
    heap: np.ndarray,
    heap_partners: np.ndarray,
    heap_sizes: np.ndarray,
    floors: np.ndarray,
    member: int,
    partner: int,
    score: float,
    they_meet: float,
    you_meet: float,
) -> None:
    """Put the partner into the member's heap if it ranks among the best k offered so far.

    Once the heap is full, its worst score is one that k partners reach: it lifts the floor.
    """
    size = heap_sizes[member]
    k = heap.shape[1]
    if size < k:
        place = size
        size += 1
        heap_sizes[member] = size
    elif _worse(heap[member, 0, 0], heap_partners[member, 0], score, partner):
        place = 0
    else:
        return
    heap[member, place, 0] = score
    heap[member, place, 1] = they_meet
    heap[member, place, 2] = you_meet
    heap_partners[member, place] = partner
    if place:
        _sift_up(heap[member], heap_partners[member], place)
    else:
        _sift_down(heap[member], heap_partners[member], size)
    if size == k:
        floors[member] = max(floors[member], heap[member, 0, 0])


@njit(cache=True, nogil=True)
def _scatter(
    ptr: np.ndarray,
    col: np.ndarray,
    val: np.ndarray,
    member: int,
    post_ptr: np.ndarray,
    post_member: np.ndarray,
    post_val: np.ndarray,
    after: int,
    into: np.ndarray,
) -> None:
    """Add the member's query row times the posting lists of its features into `into`, for the
    members after row `after` only."""
    for entry in range(ptr[member], ptr[member + 1]):
        feature = col[entry]
        weight = val[entry]
        begin = post_ptr[feature]
        end = post_ptr[feature + 1]
        if after >= 0:
            begin += np.searchsorted(post_member[begin:end], after, side="right")
        for posting in range(begin, end):
            into[post_member[posting]] += weight * post_val[posting]


@njit(cache=True, nogil=True)
def _scatter_both(
    queries: Arrays,
    postings: Arrays,
    member: int,
    after: int,
    they_meet: np.ndarray,
    you_meet: np.ndarray,
) -> None:
    """Add the member's one-way scores with every member after row `after`."""
    need_ptr, need_col, need_val, offer_ptr, offer_col, offer_val = queries
    offer_post_ptr, offer_member, offer_post_val, need_post_ptr, need_member, need_post_val = (
        postings
    )
    _scatter(need_ptr, need_col, need_val, member, offer_post_ptr, offer_member,
             offer_post_val, after, they_meet)  # fmt: skip
    _scatter(offer_ptr, offer_col, offer_val, member, need_post_ptr, need_member,
             need_post_val, after, you_meet)  # fmt: skip


@njit(cache=True, nogil=True)
def _combined(they_meet: float, you_meet: float, one_sided_share: float) -> float:
    """`index.combine` for one pair whose one-way scores are not both zero."""
    total = they_meet + you_meet
    return (they_meet * you_meet * 2.0 / total) * (1.0 - one_sided_share) + (
        total * one_sided_share / 2.0
    )


@njit(cache=True, nogil=True)
def _adjusted(combined: float, row: int, partner: int, members: Arrays, weights: Weights) -> float:
    """`MatchIndex._adjustments` applied to one pair's combined score."""
    _, industry_mask, need_types, offer_types, town, town_factor = members
    _, industry_bonus, type_weight, _ = weights
    fit = 0.0
    back = 0.0
    for type_ in range(need_types.shape[1]):
        fit += offer_types[partner, type_] * need_types[row, type_]
        back += need_types[partner, type_] * offer_types[row, type_]
    shared: bool = (industry_mask[partner] & industry_mask[row]) != 0
    distance: float = town_factor[town[row], town[partner]]
    return (
        combined
        * (1.0 + industry_bonus * shared)
        * (1.0 - type_weight + type_weight * ((fit + back) / 2.0))
        * distance
    )


@njit(cache=True, parallel=True)
def sample_scores(
    sample: np.ndarray, queries: Arrays, postings: Arrays, members: Arrays, weights: Weights
) -> np.ndarray:
    """Return the scores of the sample's members with every member, a row each (-1 for none).

    Stored as float32: the caller takes floors from them, lowered for the rounding.
    """
    alive = members[0]
    one_sided_share = weights[0]
    n_members = len(alive)
    scores = np.full((len(sample), n_members), -1.0, np.float32)
    for i in prange(len(sample)):
        row = sample[i]
        they_meet = np.zeros(n_members)
        you_meet = np.zeros(n_members)
        _scatter_both(queries, postings, row, -1, they_meet, you_meet)
        for partner in range(n_members):
            t = they_meet[partner]
            y = you_meet[partner]
            if t + y <= 0.0 or partner == row or not alive[partner]:
                continue
            combined = _combined(t, y, one_sided_share)
            scores[i, partner] = _adjusted(combined, row, partner, members, weights)
    return scores


@njit(cache=True, nogil=True)
def _rank_part(
    rows: np.ndarray,
    queries: Arrays,
    postings: Arrays,
    members: Arrays,
    weights: Weights,
    heap: np.ndarray,
    heap_partners: np.ndarray,
    heap_sizes: np.ndarray,
    floors: np.ndarray,
) -> None:
    """Score each of the rows against every member after it; offer each pair to both heaps."""
    alive, industry_mask, _, _, town, town_factor = members
    one_sided_share, industry_bonus, _, max_adjustment = weights
    # The room that `max_adjustment` leaves for rounding.
    rounding = max_adjustment / (1.0 + industry_bonus)
    n_members = len(alive)
    they_meet = np.zeros(n_members)
    you_meet = np.zeros(n_members)
    for row in rows:
        _scatter_both(queries, postings, row, row, they_meet, you_meet)
        row_floor = floors[row]
        for partner in range(row + 1, n_members):
            t = they_meet[partner]
            y = you_meet[partner]
            they_meet[partner] = 0.0
            you_meet[partner] = 0.0
            total = t + y
            # A combined score never exceeds the mean of its one-way scores (a harmonic mean
            # never exceeds the mean): most pairs stop here, before the division.
            if total <= 0.0 or total * max_adjustment / 2.0 < min(row_floor, floors[partner]):
                continue
            if not alive[partner]:
                continue
            combined = _combined(t, y, one_sided_share)
            partner_floor = floors[partner]
            bound = combined * max_adjustment
            if bound < row_floor and bound < partner_floor:
                continue
            # Agreeing item types never raise a score, so industries and distance bound it.
            shared = (industry_mask[partner] & industry_mask[row]) != 0
            bound = (
                combined * (1.0 + industry_bonus * shared) * town_factor[town[row], town[partner]]
            )
            if bound * rounding < row_floor and bound * rounding < partner_floor:
                continue
            score = _adjusted(combined, row, partner, members, weights)
            if score >= row_floor:
                _offer(heap, heap_partners, heap_sizes, floors, row, partner, score, t, y)
                row_floor = floors[row]
            if score >= partner_floor:
                _offer(heap, heap_partners, heap_sizes, floors, partner, row, score, y, t)


@njit(cache=True, parallel=True)
def rank_batch(
    rows: np.ndarray,
    queries: Arrays,
    postings: Arrays,
    members: Arrays,
    weights: Weights,
    heap: np.ndarray,
    heap_partners: np.ndarray,
    heap_sizes: np.ndarray,
    floors: np.ndarray,
) -> None:
    """Score each of the rows against every member after it, offering each pair to both
    members' heaps.

    The rows are dealt to as many threads as the heaps have parts (their first axis); each part
    holds a heap and a floor for every member. Calling this for every alive row, in any
    batches, and then `best_of_heaps` ranks everyone.
    """
    parts = heap.shape[0]
    for part in prange(parts):
        _rank_part(
            rows[part::parts],
            queries,
            postings,
            members,
            weights,
            heap[part],
            heap_partners[part],
            heap_sizes[part],
            floors[part],
        )


@njit(cache=True, nogil=True)
def best_of_heaps(
    rows: np.ndarray, heap: np.ndarray, heap_partners: np.ndarray, heap_sizes: np.ndarray
) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """Return the rows' k best partners over all parts' heaps: (counts, partners, values).

    Partners come row after row, best first (ties by partner row); `values` holds (score,
    they_meet, you_meet) for each.
    """
    parts, _, k, _ = heap.shape
    counts = np.zeros(len(rows), np.int64)
    partners = np.empty(len(rows) * k, np.int64)
    values = np.empty((len(rows) * k, 3))
    merged = np.empty((1, k, 3))
    merged_partners = np.empty((1, k), np.int64)
    merged_sizes = np.zeros(1, np.int64)
    merged_floors = np.zeros(1)
    filled = 0
    for i in range(len(rows)):
        member = rows[i]
        merged_sizes[0] = 0
        for part in range(parts):
            for place in range(heap_sizes[part, member]):
                _offer(
                    merged,
                    merged_partners,
                    merged_sizes,
                    merged_floors,
                    0,
                    heap_partners[part, member, place],
                    heap[part, member, place, 0],
                    heap[part, member, place, 1],
                    heap[part, member, place, 2],
                )
        size = merged_sizes[0]
        counts[i] = size
        # Empty the heap worst first, so the list comes out best first from the end.
        for place in range(size - 1, -1, -1):
            partners[filled + place] = merged_partners[0, 0]
            values[filled + place] = merged[0, 0]
            _swap(merged[0], merged_partners[0], 0, place)
            _sift_down(merged[0], merged_partners[0], place)
        filled += size
    return counts, partners[:filled], values[:filled]
