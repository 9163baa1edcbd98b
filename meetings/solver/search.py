"""Greedy construction and local search over slot assignments."""

import math
import random
import time
from collections.abc import Callable, Sequence

from meetings.solver.lp import best_assignment
from meetings.solver.problem import BOUND_TOLERANCE, Problem

# Search effort limits; they keep the result deterministic when time is not the limit.
CHAIN_DEPTH = 2  # moves in a chain that makes room for a meeting
EVICTION_CANDIDATES = 40  # meetings tried when a full slot must give up a table
STALL_KICKS = 4_000  # random kicks without a gain before a round ends
STALE_ROUNDS = 3  # rounds of all moves without a gain before the search gives up
NEIGHBOURHOOD_SECONDS = 0.5  # HiGHS time for one neighbourhood
NEIGHBOURHOOD_RADIUS = 2  # meetings away from the left-out request
NEIGHBOURHOOD_PEOPLE = 50  # people in one neighbourhood at most


class Search:
    """Greedy construction and local search over slot assignments.

    `slot_of[r]` is the slot of request r or -1; `at[p][s]` is the request person p meets in
    slot s or -1. Every change goes through `assign` and is logged, so a failed move is undone
    with `undo_to(mark)`.
    """

    def __init__(
        self,
        problem: Problem,
        pinned: dict[int, int],
        rng: random.Random,
        *,
        chosen: Sequence[bool] = (),
        target: float = math.inf,
    ) -> None:
        self.p = problem
        self.rng = rng
        self.tables = problem.tables
        self.slot_of = [-1] * len(problem.ends)
        self.at = [[-1] * problem.n_slots for _ in range(problem.n_people)]
        self.used = [0] * problem.n_slots
        self.in_slot: list[set[int]] = [set() for _ in range(problem.n_slots)]
        self.free_slots = [len(p.available) for p in problem.instance.participants]
        self.total = 0.0
        self.log: list[tuple[int, int]] = []
        self.locked: set[int] = set()  # pinned meetings and the chain being built
        for r, s in pinned.items():
            self.assign(r, s)
        self.locked.update(pinned)
        self.pinned = frozenset(pinned)
        self.best = list(self.slot_of)
        self.best_total = self.total
        self.target = target  # stop searching once the total reaches it
        self.chosen = chosen or [True] * len(problem.ends)
        self.order = sorted(range(len(problem.ends)), key=self._priority(chosen))
        self.by_person: list[list[int]] = [[] for _ in range(problem.n_people)]
        for r in self.order:
            for person in problem.ends[r]:
                self.by_person[person].append(r)

    def _priority(self, chosen: Sequence[bool]) -> Callable[[int], tuple[float, ...]]:
        """Return the sort key of the order in which requests are tried.

        Requests the capacity relaxation picked come first, hardest to place (fewest possible
        slots) first; the rest follow, heaviest first.
        """
        weights, options = self.p.weights, self.p.options

        def key(r: int) -> tuple[float, ...]:
            if chosen and chosen[r]:
                return (0, len(options[r]), -weights[r], r)
            return (1, -weights[r], len(options[r]), r)

        return key

    def done(self, deadline: float) -> bool:
        return self.best_total >= self.target - BOUND_TOLERANCE or time.perf_counter() >= deadline

    # Primitive moves.

    def fits(self, r: int, s: int) -> bool:
        a, b = self.p.ends[r]
        return self.at[a][s] < 0 and self.at[b][s] < 0 and self.used[s] < self.tables

    def assign(self, r: int, s: int) -> None:
        """Put request r into slot s (-1: unschedule it), logging the change."""
        self.log.append((r, self.slot_of[r]))
        self._set(r, s)

    def _set(self, r: int, s: int) -> None:
        old = self.slot_of[r]
        a, b = self.p.ends[r]
        if old >= 0:
            self.at[a][old] = self.at[b][old] = -1
            self.free_slots[a] += 1
            self.free_slots[b] += 1
            self.used[old] -= 1
            self.in_slot[old].discard(r)
            self.total -= self.p.weights[r]
        if s >= 0:
            self.at[a][s] = self.at[b][s] = r
            self.free_slots[a] -= 1
            self.free_slots[b] -= 1
            self.used[s] += 1
            self.in_slot[s].add(r)
            self.total += self.p.weights[r]
        self.slot_of[r] = s

    def undo_to(self, mark: int) -> None:
        while len(self.log) > mark:
            r, old = self.log.pop()
            self._set(r, old)

    def commit(self) -> None:
        self.log.clear()
        if self.total > self.best_total:
            self.best_total = self.total
            self.best = list(self.slot_of)

    # Search phases.

    def run(self, deadline: float) -> None:
        self.greedy()
        self.commit()
        stale_rounds = 0
        while stale_rounds < STALE_ROUNDS and not self.done(deadline):
            before = self.best_total
            self.improve(deadline)
            self.commit()
            self.resolve_neighbourhoods(deadline)
            self.kicks(deadline)
            stale_rounds = 0 if self.best_total > before + BOUND_TOLERANCE else stale_rounds + 1

    def greedy(self) -> None:
        for r in self.order:
            if self.slot_of[r] < 0:
                free = [s for s in self.p.options[r] if self.fits(r, s)]
                if free:
                    # The emptiest slot keeps tables free where others may need them.
                    self.assign(r, min(free, key=lambda s: self.used[s]))

    def improve(self, deadline: float) -> None:
        """Insert or exchange unscheduled requests until no move gains weight."""
        changed = True
        while changed and time.perf_counter() < deadline:
            changed = False
            for r in self.order:
                if self.slot_of[r] >= 0:
                    continue
                if self.insert(r) or self.exchange(r, strict=True):
                    self.commit()
                    changed = True
                else:
                    self.undo_to(0)
                if time.perf_counter() >= deadline:
                    return

    def kicks(self, deadline: float) -> None:
        """Try random exchanges that do not lose weight; they move the search across ties."""
        stall = 0
        candidates = [r for r in self.order if self.p.options[r]]
        while candidates and stall < STALL_KICKS and not self.done(deadline):
            r = self.rng.choice(candidates)
            stall += 1
            if self.slot_of[r] >= 0:
                continue
            before = self.total
            if not self.exchange(r, strict=False):
                continue
            self.repair_around(r)
            self.commit()
            if self.total > before + BOUND_TOLERANCE:
                stall = 0
                self.improve(deadline)
                self.commit()

    def resolve_neighbourhoods(self, deadline: float) -> bool:
        """Re-solve the timetable around each left-out request the relaxation picked.

        Return whether the total grew.
        """
        improved = False
        for radius in range(1, NEIGHBOURHOOD_RADIUS + 1):
            for r in self.order:
                if self.done(deadline):
                    return improved
                if self.slot_of[r] < 0 and self.chosen[r] and self.p.options[r]:
                    improved = self.resolve_around(r, radius, deadline) or improved
        return improved

    def resolve_around(self, r: int, radius: int, deadline: float) -> bool:
        """Re-solve exactly the requests among the people around the unscheduled r.

        The people are r's two and their partners up to `radius` meetings away (a seeded sample
        past NEIGHBOURHOOD_PEOPLE); all other meetings stay fixed. Apply HiGHS's timetable if
        it gains weight and return whether it did.
        """
        ends, weights = self.p.ends, self.p.weights
        people = set(ends[r])
        frontier = set(people)
        for _ in range(radius):
            reached = {p for person in frontier for q in self.at[person] if q >= 0 for p in ends[q]}
            frontier = reached - people
            room = NEIGHBOURHOOD_PEOPLE - len(people)
            if len(frontier) > room:  # keep the MILP small: a seeded sample of the next ring
                frontier = set(self.rng.sample(sorted(frontier), max(room, 0)))
            people |= frontier
        free = sorted(
            {
                q
                for person in people
                for q in self.by_person[person]
                if q not in self.pinned and ends[q][0] in people and ends[q][1] in people
            }
        )
        free_set = set(free)
        local = {person: i for i, person in enumerate(sorted(people))}
        busy = {
            person: {s for s, q in enumerate(self.at[person]) if q >= 0 and q not in free_set}
            for person in people
        }
        capacity = list(self.used)
        for q in free:
            if self.slot_of[q] >= 0:
                capacity[self.slot_of[q]] -= 1
        capacity = [self.tables - used for used in capacity]
        options = [
            [
                s
                for s in self.p.options[q]
                if s not in busy[ends[q][0]] and s not in busy[ends[q][1]]
            ]
            for q in free
        ]
        current = sum(weights[q] for q in free if self.slot_of[q] >= 0)
        result = best_assignment(
            [(local[ends[q][0]], local[ends[q][1]]) for q in free],
            [weights[q] for q in free],
            options,
            len(local),
            capacity,
            {},
            min(NEIGHBOURHOOD_SECONDS, deadline - time.perf_counter()),
        )
        if result is None:
            return False
        if sum(weights[q] for q, s in zip(free, result, strict=True) if s >= 0) <= current + 1e-9:
            return False
        for q in free:
            self.assign(q, -1)
        for q, s in zip(free, result, strict=True):
            if s >= 0:
                self.assign(q, s)
        self.commit()
        return True

    def repair_around(self, r: int) -> None:
        """Try to insert the unscheduled requests of both people of r."""
        a, b = self.p.ends[r]
        for q in self.by_person[a] + self.by_person[b]:
            if self.slot_of[q] < 0:
                mark = len(self.log)
                if not self.insert(q):
                    self.undo_to(mark)

    # Moves.

    def insert(self, r: int, max_depth: int = CHAIN_DEPTH) -> bool:
        """Schedule r, moving other meetings along chains of up to `max_depth` moves."""
        a, b = self.p.ends[r]
        if not self.free_slots[a] or not self.free_slots[b]:
            return False  # moving meetings around cannot give a busy-all-day person a gap
        for depth in range(max_depth + 1):
            for s in self.p.options[r]:
                mark = len(self.log)
                self.locked.add(r)
                placed = self._insert_at(r, s, depth)
                self.locked.discard(r)
                if placed:
                    return True
                self.undo_to(mark)
        return False

    def _insert_at(self, r: int, s: int, depth: int) -> bool:
        """Put r into s after moving what blocks it; leave partial changes for the caller."""
        a, b = self.p.ends[r]
        qa, qb = self.at[a][s], self.at[b][s]
        if qa >= 0 or qb >= 0:
            if depth == 0 or qa in self.locked or qb in self.locked:
                return False
            for q in (qa, qb):
                if q >= 0:
                    self.assign(q, -1)
                    if not self._relocate(q, s, depth - 1):
                        return False
        elif self.used[s] >= self.tables and (depth == 0 or not self._free_a_table(s)):
            return False
        # A deeper move may have put someone else into s meanwhile.
        if not self.fits(r, s):
            return False
        self.assign(r, s)
        return True

    def _relocate(self, q: int, avoid: int, depth: int) -> bool:
        """Put the unscheduled q into any slot but `avoid`."""
        self.locked.add(q)
        try:
            for d in range(depth + 1):
                for s in self.p.options[q]:
                    if s == avoid:
                        continue
                    mark = len(self.log)
                    if self._insert_at(q, s, d):
                        return True
                    self.undo_to(mark)
            return False
        finally:
            self.locked.discard(q)

    def _free_a_table(self, s: int) -> bool:
        """Move one meeting out of the full slot s straight into another slot."""
        open_slots = [s2 for s2, used in enumerate(self.used) if used < self.tables]
        if not open_slots:
            return False
        at, ends = self.at, self.p.ends
        for tried, q in enumerate(self.in_slot[s]):
            if tried == EVICTION_CANDIDATES:
                break
            if q in self.locked:
                continue
            a, b = ends[q]
            for s2 in open_slots:
                if at[a][s2] < 0 and at[b][s2] < 0 and s2 in self.p.option_sets[q]:
                    self.assign(q, s2)
                    return True
        return False

    def exchange(self, r: int, *, strict: bool) -> bool:
        """Put r in place of lighter meetings, then try to put those back elsewhere.

        Apply the best slot found; with `strict`, only if it gains weight, otherwise if it
        loses none. Return whether a change was applied.
        """
        best_gain, best_slot = -math.inf, -1
        before = self.total
        for s in self.p.options[r]:
            mark = len(self.log)
            if self._exchange_at(r, s):
                gain = self.total - before
                if gain > best_gain + 1e-12:
                    best_gain, best_slot = gain, s
            self.undo_to(mark)
        if best_slot < 0 or best_gain < (1e-12 if strict else -1e-12):
            return False
        return self._exchange_at(r, best_slot)

    def _exchange_at(self, r: int, s: int) -> bool:
        a, b = self.p.ends[r]
        weight = self.p.weights[r]
        evicted = {q for q in (self.at[a][s], self.at[b][s]) if q >= 0}
        if not evicted and self.used[s] >= self.tables:
            movable = [q for q in self.in_slot[s] if q not in self.locked]
            if not movable:
                return False
            evicted = {min(movable, key=lambda q: (self.p.weights[q], q))}
        if evicted & self.locked or sum(self.p.weights[q] for q in evicted) > weight:
            return False
        for q in evicted:
            self.assign(q, -1)
        self.assign(r, s)
        self.locked.add(r)
        for q in sorted(evicted):
            mark = len(self.log)
            if not self.insert(q, max_depth=1):
                self.undo_to(mark)
        self.locked.discard(r)
        return True
