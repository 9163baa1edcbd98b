"""Find, for many pairs of members at once, the item pairs that explain each match.

For a pair (me, partner), each of my needs is met by the partner's offer most like it: the cosine
of their unit IDF-weighted item vectors, times `SAME_TYPE_REASON_BONUS` when the item types
agree (the first such offer in the partner's order on a tie). The needs met best come first, at
most `REASONS_PER_SIDE` of them, and none below `REASON_MIN_SIMILARITY` (same type). The same
then holds the other way round, for the partner's needs and my offers.

Items are named here by their position in a weighted item matrix; the caller maps positions
back to item rows.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import scipy.sparse as sp

REASON_MIN_SIMILARITY = 0.05
REASONS_PER_SIDE = 3
SAME_TYPE_REASON_BONUS = 1.15


@dataclass(frozen=True, slots=True)
class MemberItems:
    """Each member's needs and offers, as item positions in the member's own order.

    The items of member m are `needs[need_ptr[m]:need_ptr[m + 1]]` and likewise for offers.
    """

    need_ptr: np.ndarray
    needs: np.ndarray
    offer_ptr: np.ndarray
    offers: np.ndarray

    @classmethod
    def from_lists(cls, item_lists: list[list[int]], is_need: np.ndarray) -> MemberItems:
        """Return the structure for members whose item positions are listed in order."""
        lengths = np.array([len(items) for items in item_lists], np.int64)
        flat = np.fromiter(
            (item for items in item_lists for item in items), np.int64, int(lengths.sum())
        )
        owner = np.repeat(np.arange(len(item_lists)), lengths)
        need = is_need[flat]
        return cls(
            _pointers(owner[need], len(item_lists)),
            flat[need],
            _pointers(owner[~need], len(item_lists)),
            flat[~need],
        )


@dataclass(frozen=True, slots=True)
class ReasonTable:
    """Reasons for many pairs, sorted by pair: they-offer reasons first, each side best first."""

    pair: np.ndarray  # index into the pairs asked about
    they_offer: np.ndarray  # bool: the partner's offer meets my need
    need: np.ndarray  # item positions
    offer: np.ndarray
    similarity: np.ndarray


def _pointers(owner: np.ndarray, count: int) -> np.ndarray:
    pointers = np.zeros(count + 1, np.int64)
    np.cumsum(np.bincount(owner, minlength=count), out=pointers[1:])
    return pointers


def weighted_items(items: sp.csr_matrix, idf: np.ndarray) -> sp.csr_matrix:
    """Return the item rows weighted by IDF and scaled to unit length, indices sorted."""
    weighted = items.tocsr(copy=True)
    weighted.sort_indices()
    weighted.data = weighted.data * idf[weighted.indices]
    norms = np.sqrt(np.bincount(_row_of_entries(weighted), weighted.data**2, weighted.shape[0]))
    with np.errstate(divide="ignore"):
        scale = np.where(norms > 0, 1.0 / norms, 0.0)
    weighted.data *= np.repeat(scale, np.diff(weighted.indptr))
    return weighted


def _row_of_entries(matrix: sp.csr_matrix) -> np.ndarray:
    return np.repeat(np.arange(matrix.shape[0]), np.diff(matrix.indptr))


def _row_dots(matrix: sp.csr_matrix, left: np.ndarray, right: np.ndarray) -> np.ndarray:
    """Return matrix[left[i]] . matrix[right[i]] for each i."""
    if not len(left):
        return np.zeros(0)
    products = matrix[left].multiply(matrix[right]).tocsr()
    sums = np.bincount(_row_of_entries(products), products.data, len(left))
    return sums.astype(np.float64, copy=False)  # bincount of no entries gives integers


def _combinations(
    left_ptr: np.ndarray,
    left_items: np.ndarray,
    right_ptr: np.ndarray,
    right_items: np.ndarray,
    left_members: np.ndarray,
    right_members: np.ndarray,
) -> tuple[np.ndarray, np.ndarray, np.ndarray, np.ndarray]:
    """Return (pair, left item, right item, is the first right item) for every combination.

    Combinations come pair by pair, then left item by left item, then right item by right item.
    """
    left_count = left_ptr[left_members + 1] - left_ptr[left_members]
    right_count = right_ptr[right_members + 1] - right_ptr[right_members]
    counts = left_count * right_count
    total = int(counts.sum())
    pair = np.repeat(np.arange(len(counts)), counts)
    within = np.arange(total) - np.repeat(np.cumsum(counts) - counts, counts)
    width = right_count[pair]
    left = left_items[left_ptr[left_members][pair] + within // width]
    right_position = within % width
    right = right_items[right_ptr[right_members][pair] + right_position]
    return pair, left, right, right_position == 0


def _side(
    weighted: sp.csr_matrix,
    types: np.ndarray,
    left_ptr: np.ndarray,
    left_items: np.ndarray,
    right_ptr: np.ndarray,
    right_items: np.ndarray,
    left_members: np.ndarray,
    right_members: np.ndarray,
) -> tuple[np.ndarray, ...]:
    """Return (pair, rank, need, offer, similarity) of the reasons where left needs meet right
    offers."""
    pair, need, offer, first = _combinations(
        left_ptr, left_items, right_ptr, right_items, left_members, right_members
    )
    if not len(pair):
        empty = np.zeros(0, np.int64)
        return empty, empty, empty, empty, np.zeros(0)
    similarity = _row_dots(weighted, need, offer)
    similarity *= np.where(types[need] == types[offer], SAME_TYPE_REASON_BONUS, 1.0)
    starts = np.flatnonzero(first)
    best = np.maximum.reduceat(similarity, starts)
    sizes = np.diff(np.append(starts, len(similarity)))
    position = np.where(similarity == np.repeat(best, sizes), np.arange(len(similarity)), -1)
    # The first best offer of each need: the smallest position that holds the maximum.
    position[position < 0] = len(similarity)
    first_best = np.minimum.reduceat(position, starts)
    keep = best >= REASON_MIN_SIMILARITY * SAME_TYPE_REASON_BONUS
    starts, best, first_best = starts[keep], best[keep], first_best[keep]
    pairs = pair[starts]
    order = np.lexsort((starts, -best, pairs))
    pairs = pairs[order]
    rank = np.arange(len(pairs)) - np.searchsorted(pairs, pairs)
    chosen = order[rank < REASONS_PER_SIDE]
    return (
        pair[starts[chosen]],
        rank[rank < REASONS_PER_SIDE],
        need[starts[chosen]],
        offer[first_best[chosen]],
        np.minimum(best[chosen], 1.0),
    )


def reason_table(
    weighted: sp.csr_matrix,
    types: np.ndarray,
    lists: MemberItems,
    members: np.ndarray,
    partners: np.ndarray,
) -> ReasonTable:
    """Return the reasons for each pair (members[i], partners[i]), as members[i] sees them.

    `weighted` holds unit IDF-weighted item vectors by item position, `types` their type numbers
    and `lists` each member's items; members and partners are indices into `lists`.
    """
    they = _side(
        weighted,
        types,
        lists.need_ptr,
        lists.needs,
        lists.offer_ptr,
        lists.offers,
        members,
        partners,
    )
    you_pair, you_rank, their_need, my_offer, you_similarity = _side(
        weighted,
        types,
        lists.need_ptr,
        lists.needs,
        lists.offer_ptr,
        lists.offers,
        partners,
        members,
    )
    pair = np.concatenate([they[0], you_pair])
    they_offer = np.concatenate([np.ones(len(they[0]), bool), np.zeros(len(you_pair), bool)])
    order = np.lexsort((np.concatenate([they[1], you_rank]), ~they_offer, pair))
    return ReasonTable(
        pair[order],
        they_offer[order],
        np.concatenate([they[2], their_need])[order],
        np.concatenate([they[3], my_offer])[order],
        np.concatenate([they[4], you_similarity])[order],
    )
