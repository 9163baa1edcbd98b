"""Find, for many pairs of members at once, the item pairs that explain each match.

For a pair (me, partner), each of my needs is met by the partner's offer most like it: the cosine
of their unit IDF-weighted item vectors, times `SAME_TYPE_REASON_BONUS` when the item types
agree (the first such offer in the partner's order on a tie). The needs met best come first, at
most `REASONS_PER_SIDE` of them, and none below `REASON_MIN_SIMILARITY` (same type). The same
then holds the other way round, for the partner's needs and my offers.

Items are named here by their position in a weighted item matrix; the caller maps positions
back to item rows. The loops are compiled (Numba): about 50 item cosines a pair, for a million
pairs in a bulk run.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import scipy.sparse as sp
from numba import njit, prange

REASON_MIN_SIMILARITY = 0.05
REASONS_PER_SIDE = 3
SAME_TYPE_REASON_BONUS = 1.15
# A reason is kept when its best (bonused) similarity reaches this.
REASON_FLOOR = REASON_MIN_SIMILARITY * SAME_TYPE_REASON_BONUS


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


@njit(cache=True, nogil=True)
def _dot(ptr: np.ndarray, col: np.ndarray, val: np.ndarray, a: int, b: int) -> float:
    """Return the dot product of two rows of a CSR matrix with sorted indices."""
    i, i_end = ptr[a], ptr[a + 1]
    j, j_end = ptr[b], ptr[b + 1]
    total = 0.0
    while i < i_end and j < j_end:
        if col[i] == col[j]:
            total += val[i] * val[j]
            i += 1
            j += 1
        elif col[i] < col[j]:
            i += 1
        else:
            j += 1
    return total


@njit(cache=True, nogil=True)
def _side(
    item_ptr: np.ndarray,
    item_col: np.ndarray,
    item_val: np.ndarray,
    types: np.ndarray,
    needs: np.ndarray,
    offers: np.ndarray,
    out_need: np.ndarray,
    out_offer: np.ndarray,
    out_similarity: np.ndarray,
) -> int:
    """Write the reasons where the `needs` meet the `offers`, best first; return how many."""
    count = len(needs)
    best = np.full(count, -1.0)
    best_offer = np.zeros(count, np.int64)
    for i in range(count):
        for offer in offers:
            similarity = _dot(item_ptr, item_col, item_val, needs[i], offer)
            if types[needs[i]] == types[offer]:
                similarity *= SAME_TYPE_REASON_BONUS
            if similarity > best[i]:  # the first best offer wins a tie
                best[i] = similarity
                best_offer[i] = offer
    written = 0
    taken = np.zeros(count, np.bool_)
    while written < min(REASONS_PER_SIDE, len(out_need)):
        # The need met best next; the earlier need on a tie.
        pick = -1
        for i in range(count):
            if not taken[i] and best[i] >= REASON_FLOOR and (pick < 0 or best[i] > best[pick]):
                pick = i
        if pick < 0:
            break
        taken[pick] = True
        out_need[written] = needs[pick]
        out_offer[written] = best_offer[pick]
        out_similarity[written] = min(best[pick], 1.0)
        written += 1
    return written


@njit(cache=True, nogil=True)
def _pair_reasons(
    pair: int,
    item_ptr: np.ndarray,
    item_col: np.ndarray,
    item_val: np.ndarray,
    types: np.ndarray,
    lists: tuple[np.ndarray, np.ndarray, np.ndarray, np.ndarray],
    members: np.ndarray,
    partners: np.ndarray,
    count: np.ndarray,
    need: np.ndarray,
    offer: np.ndarray,
    similarity: np.ndarray,
) -> None:
    """Fill the pair's slots: they-offer reasons first, then you-offer ones."""
    need_ptr, needs, offer_ptr, offers = lists
    for side in range(2):
        needy, offering = (members[pair], partners[pair])
        if side == 1:
            needy, offering = offering, needy
        first = side * REASONS_PER_SIDE
        last = first + REASONS_PER_SIDE
        count[pair, side] = _side(
            item_ptr,
            item_col,
            item_val,
            types,
            needs[need_ptr[needy] : need_ptr[needy + 1]],
            offers[offer_ptr[offering] : offer_ptr[offering + 1]],
            need[pair, first:last],
            offer[pair, first:last],
            similarity[pair, first:last],
        )


@njit(cache=True, nogil=True)
def _reason_slots(
    item_ptr: np.ndarray,
    item_col: np.ndarray,
    item_val: np.ndarray,
    types: np.ndarray,
    lists: tuple[np.ndarray, np.ndarray, np.ndarray, np.ndarray],
    members: np.ndarray,
    partners: np.ndarray,
    slots: tuple[np.ndarray, np.ndarray, np.ndarray, np.ndarray],
) -> None:
    for pair in range(len(members)):
        _pair_reasons(pair, item_ptr, item_col, item_val, types, lists, members, partners, *slots)


@njit(cache=True, parallel=True, nogil=True)
def _reason_slots_in_threads(
    item_ptr: np.ndarray,
    item_col: np.ndarray,
    item_val: np.ndarray,
    types: np.ndarray,
    lists: tuple[np.ndarray, np.ndarray, np.ndarray, np.ndarray],
    members: np.ndarray,
    partners: np.ndarray,
    slots: tuple[np.ndarray, np.ndarray, np.ndarray, np.ndarray],
) -> None:
    for pair in prange(len(members)):
        _pair_reasons(pair, item_ptr, item_col, item_val, types, lists, members, partners, *slots)


def reason_table(
    weighted: sp.csr_matrix,
    types: np.ndarray,
    lists: MemberItems,
    members: np.ndarray,
    partners: np.ndarray,
    parallel: bool = False,
) -> ReasonTable:
    """Return the reasons for each pair (members[i], partners[i]), as members[i] sees them.

    `weighted` holds unit IDF-weighted item vectors by item position, indices sorted; `types`
    their type numbers and `lists` each member's items; members and partners are indices into
    `lists`. With `parallel`, the pairs are shared by Numba's threads: for bulk runs only, as
    the threads do not survive a fork (a web server forks its workers).
    """
    pairs = len(members)
    width = 2 * REASONS_PER_SIDE
    count = np.zeros((pairs, 2), np.int64)
    need = np.zeros((pairs, width), np.int64)
    offer = np.zeros((pairs, width), np.int64)
    similarity = np.zeros((pairs, width))
    fill = _reason_slots_in_threads if parallel else _reason_slots
    fill(
        weighted.indptr.astype(np.int64),
        weighted.indices,
        weighted.data,
        types,
        (lists.need_ptr, lists.needs, lists.offer_ptr, lists.offers),
        members.astype(np.int64),
        partners.astype(np.int64),
        (count, need, offer, similarity),
    )
    # Keep the written slots, pair by pair: they-offer reasons, then you-offer ones.
    used = np.arange(REASONS_PER_SIDE)[None, None, :] < count[:, :, None]
    used = used.reshape(len(members), 2 * REASONS_PER_SIDE)
    they_offer = np.zeros_like(used)
    they_offer[:, :REASONS_PER_SIDE] = True
    return ReasonTable(
        np.repeat(np.arange(len(members)), used.sum(axis=1)),
        they_offer[used],
        need[used],
        offer[used],
        similarity[used],
    )
