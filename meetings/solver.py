"""One-to-one meeting timetables: put requested meetings into slots and tables.

The problem: every request is an unordered pair of participants with a weight. A timetable
gives some requests a slot and a table so that nobody is in two meetings at once, both people
are free in the slot, and no slot uses more tables than exist; the goal is the largest total
weight. Tables are identical, so the search only decides slots and numbers tables at the end.

It is NP-hard (a planar 3-dimensional assignment), so `solve` runs a weight-ordered greedy and
then local search: insertions that move blocking meetings along short chains, exchanges that
drop lighter meetings for a heavier one, and seeded random kicks while time remains. Small
instances go to the HiGHS MILP solver as well, which proves optimality when it finishes.
`upper_bound` gives a proven bound on the best total, so every result carries its own quality
certificate. This module imports nothing from Django.
"""

import math
import random
import time
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass
from typing import Any, TypeGuard

import numpy as np
from scipy import sparse
from scipy.optimize import Bounds, LinearConstraint, linprog, milp

SlotId = str | int

# Instances with at most this many (request, slot) variables also go to the MILP solver.
MILP_MAX_VARIABLES = 3_000
# The full LP bound is used up to this many variables; beyond it, the capacity bound.
LP_MAX_VARIABLES = 30_000
# Search effort limits; they keep the result deterministic when time is not the limit.
CHAIN_DEPTH = 2
EVICTION_CANDIDATES = 40
STALL_KICKS = 4_000
STALE_ROUNDS = 3  # rounds of all moves without a gain before the search gives up
NEIGHBOURHOOD_SECONDS = 0.5
NEIGHBOURHOOD_RADIUS = 2
NEIGHBOURHOOD_PEOPLE = 50
# Totals within this of the bound count as optimal (weights are sums of input numbers).
BOUND_TOLERANCE = 1e-6


class InvalidInstance(ValueError):
    """The instance cannot be solved as given; the message says what to fix."""


@dataclass(frozen=True)
class Participant:
    id: str
    available: frozenset[SlotId]


@dataclass(frozen=True)
class Request:
    a: str
    b: str
    weight: float


@dataclass(frozen=True)
class Instance:
    slots: tuple[SlotId, ...]
    tables: int
    participants: tuple[Participant, ...]
    requests: tuple[Request, ...]


@dataclass(frozen=True)
class Meeting:
    a: str
    b: str
    slot: SlotId
    table: int


@dataclass(frozen=True)
class Schedule:
    meetings: tuple[Meeting, ...]
    total_weight: float
    seconds: float
    # Pinned meetings that could not be kept: the request is gone, someone is no longer free,
    # or they clash with an earlier pinned meeting.
    dropped_pinned: tuple[Meeting, ...] = ()


# --- Parsing ------------------------------------------------------------------------------


def parse_instance(data: Any) -> Instance:
    """Return the instance described by JSON-shaped `data`.

    Raise InvalidInstance if anything is malformed. A participant without "available" is
    free in every slot; a request without "weight" weighs 1.
    """
    if not isinstance(data, dict):
        raise InvalidInstance("the instance must be a JSON object")
    slots = _parse_slots(_field(data, "slots", list, "instance"))
    tables = data.get("tables")
    if not _is_int(tables) or tables < 1:
        raise InvalidInstance(f"tables must be a positive integer, got {tables!r}")
    participants = _parse_participants(_field(data, "participants", list, "instance"), slots)
    known = {p.id for p in participants}
    requests = _parse_requests(_field(data, "requests", list, "instance"), known)
    return Instance(tuple(slots), tables, participants, requests)


def parse_meetings(data: Any, where: str = "meetings") -> list[Meeting]:
    """Return the meetings in a list of {"a", "b", "slot", "table"} objects.

    Raise InvalidInstance if the shape is wrong. Whether the meetings still fit an instance is
    decided by `solve`, which drops the ones that do not.
    """
    if not isinstance(data, list):
        raise InvalidInstance(f"{where} must be a list")
    meetings = []
    for i, item in enumerate(data):
        at = f"{where}[{i}]"
        if not isinstance(item, dict):
            raise InvalidInstance(f"{at} must be an object")
        a = _field(item, "a", str, at)
        b = _field(item, "b", str, at)
        slot = item.get("slot")
        if not _is_slot_id(slot):
            raise InvalidInstance(f"{at}.slot must be a string or an integer, got {slot!r}")
        table = item.get("table", 1)
        if not _is_int(table):
            raise InvalidInstance(f"{at}.table must be an integer, got {table!r}")
        meetings.append(Meeting(a, b, slot, table))
    return meetings


def _parse_slots(raw: list[Any]) -> list[SlotId]:
    seen: set[SlotId] = set()
    for i, slot in enumerate(raw):
        if not _is_slot_id(slot):
            raise InvalidInstance(f"slots[{i}] must be a string or an integer, got {slot!r}")
        if slot in seen:
            raise InvalidInstance(f"slots[{i}]: slot {slot!r} is listed twice")
        seen.add(slot)
    return raw


def _parse_participants(raw: list[Any], slots: list[SlotId]) -> tuple[Participant, ...]:
    known_slots = set(slots)
    everywhere = frozenset(slots)
    participants: list[Participant] = []
    seen: set[str] = set()
    for i, item in enumerate(raw):
        at = f"participants[{i}]"
        if not isinstance(item, dict):
            raise InvalidInstance(f"{at} must be an object")
        pid = _field(item, "id", str, at)
        if not pid:
            raise InvalidInstance(f"{at}.id must not be empty")
        if pid in seen:
            raise InvalidInstance(f"{at}: participant {pid!r} is listed twice")
        seen.add(pid)
        if "available" not in item:
            participants.append(Participant(pid, everywhere))
            continue
        available = _field(item, "available", list, at)
        for slot in available:
            if not _is_slot_id(slot) or slot not in known_slots:
                raise InvalidInstance(f"{at} ({pid!r}) is available in unknown slot {slot!r}")
        participants.append(Participant(pid, frozenset(available)))
    return tuple(participants)


def _parse_requests(raw: list[Any], known: set[str]) -> tuple[Request, ...]:
    requests: list[Request] = []
    first_seen: dict[frozenset[str], int] = {}
    for i, item in enumerate(raw):
        at = f"requests[{i}]"
        if not isinstance(item, dict):
            raise InvalidInstance(f"{at} must be an object")
        a = _field(item, "a", str, at)
        b = _field(item, "b", str, at)
        for pid in (a, b):
            if pid not in known:
                raise InvalidInstance(f"{at}: unknown participant {pid!r}")
        if a == b:
            raise InvalidInstance(f"{at}: {a!r} cannot meet themselves")
        weight = item.get("weight", 1)
        if not _is_number(weight) or not math.isfinite(weight) or weight < 0:
            raise InvalidInstance(
                f"{at}: weight must be a non-negative finite number, got {weight!r}"
            )
        pair = frozenset((a, b))
        if pair in first_seen:
            raise InvalidInstance(
                f"{at}: {a!r} and {b!r} are already paired in requests[{first_seen[pair]}]"
            )
        first_seen[pair] = i
        requests.append(Request(a, b, weight))
    return tuple(requests)


def _field(item: dict[str, Any], key: str, kind: type, at: str) -> Any:
    if key not in item:
        raise InvalidInstance(f"{at} has no {key!r}")
    value = item[key]
    if not isinstance(value, kind) or isinstance(value, bool):
        raise InvalidInstance(f"{at}.{key} must be a {_KIND_NAMES[kind]}, got {value!r}")
    return value


_KIND_NAMES: dict[type, str] = {list: "list", str: "string", dict: "object"}


def _is_int(value: Any) -> TypeGuard[int]:
    return isinstance(value, int) and not isinstance(value, bool)


def _is_number(value: Any) -> TypeGuard[int | float]:
    return isinstance(value, int | float) and not isinstance(value, bool)


def _is_slot_id(value: Any) -> TypeGuard[SlotId]:
    return isinstance(value, str) or _is_int(value)


# --- Index form -----------------------------------------------------------------------------


@dataclass
class _Problem:
    """The instance in integer indices, which is what the algorithms work on."""

    instance: Instance
    tables: int
    n_slots: int
    ends: list[tuple[int, int]]  # participant indices of each request
    weights: list[float]
    options: list[list[int]]  # slots where both people are free, in slot order
    option_sets: list[frozenset[int]]
    request_of_pair: dict[frozenset[str], int]

    @classmethod
    def of(cls, instance: Instance) -> "_Problem":
        slot_index = {slot: k for k, slot in enumerate(instance.slots)}
        person_index = {p.id: i for i, p in enumerate(instance.participants)}
        free = [{slot_index[s] for s in p.available} for p in instance.participants]
        ends, options = [], []
        for req in instance.requests:
            a, b = person_index[req.a], person_index[req.b]
            ends.append((a, b))
            options.append(sorted(free[a] & free[b]))
        return cls(
            instance=instance,
            tables=instance.tables,
            n_slots=len(instance.slots),
            ends=ends,
            weights=[req.weight for req in instance.requests],
            options=options,
            option_sets=[frozenset(opts) for opts in options],
            request_of_pair={frozenset((r.a, r.b)): j for j, r in enumerate(instance.requests)},
        )

    @property
    def n_people(self) -> int:
        return len(self.instance.participants)


# --- Solving ------------------------------------------------------------------------------


def solve(
    instance: Instance,
    *,
    time_limit: float = 10.0,
    pinned: Sequence[Meeting] | None = None,
    seed: int = 0,
    use_milp: bool | None = None,
) -> Schedule:
    """Return a timetable with as much total weight as the search finds within `time_limit`.

    Pinned meetings (an earlier, published timetable) stay in their slot, and at their table
    when it is still free, as long as the request still exists, both people are free and
    they do not clash with an earlier pinned meeting; the others come back in
    `dropped_pinned`. The result depends only on the seed unless the time limit cuts the
    search short. `use_milp` forces the MILP solver on or off; by default small instances use it.
    """
    started = time.perf_counter()
    deadline = started + time_limit
    problem = _Problem.of(instance)
    kept, dropped = _resolve_pinned(problem, pinned or ())
    chosen, bound = _capacity_guide(problem, kept)
    search = _Search(problem, kept, random.Random(seed), chosen=chosen, target=bound)
    search.run(deadline)
    slot_of = search.best
    n_variables = sum(len(opts) for opts in problem.options)
    if use_milp is None:
        use_milp = n_variables <= MILP_MAX_VARIABLES
    if use_milp and search.best_total < bound - BOUND_TOLERANCE and time.perf_counter() < deadline:
        exact = _solve_milp(problem, kept, deadline - time.perf_counter())
        if exact is not None and _total(problem, exact) > _total(problem, slot_of):
            slot_of = exact
    meetings = _number_tables(problem, slot_of, pinned or (), kept)
    return Schedule(
        meetings=meetings,
        total_weight=_total(problem, slot_of),
        seconds=time.perf_counter() - started,
        dropped_pinned=tuple(dropped),
    )


def first_come_schedule(instance: Instance) -> Schedule:
    """Return the timetable that filling requests in arrival order gives.

    Each request takes the earliest slot where both people are free and a table is left,
    which is how self-service matchmaking sites fill their grids. It is the baseline.
    """
    started = time.perf_counter()
    problem = _Problem.of(instance)
    search = _Search(problem, {}, random.Random(0))
    for r, opts in enumerate(problem.options):
        for s in opts:
            if search.fits(r, s):
                search.assign(r, s)
                break
    slot_of = list(search.slot_of)
    return Schedule(
        meetings=_number_tables(problem, slot_of, (), {}),
        total_weight=_total(problem, slot_of),
        seconds=time.perf_counter() - started,
    )


def _total(problem: _Problem, slot_of: Sequence[int]) -> float:
    return sum(w for w, s in zip(problem.weights, slot_of, strict=True) if s >= 0)


def _resolve_pinned(
    problem: _Problem, pinned: Iterable[Meeting]
) -> tuple[dict[int, int], list[Meeting]]:
    """Return the pinned meetings that still fit as {request: slot}, and the dropped ones."""
    slot_index = {slot: k for k, slot in enumerate(problem.instance.slots)}
    kept: dict[int, int] = {}
    busy: set[tuple[int, int]] = set()
    used = [0] * problem.n_slots
    dropped = []
    for meeting in pinned:
        r = problem.request_of_pair.get(frozenset((meeting.a, meeting.b)), -1)
        s = slot_index.get(meeting.slot, -1)
        a, b = problem.ends[r] if r >= 0 else (-1, -1)
        if (
            r < 0
            or r in kept
            or s not in problem.options[r]
            or (a, s) in busy
            or (b, s) in busy
            or used[s] >= problem.tables
        ):
            dropped.append(meeting)
            continue
        kept[r] = s
        busy.update(((a, s), (b, s)))
        used[s] += 1
    return kept, dropped


def _number_tables(
    problem: _Problem,
    slot_of: Sequence[int],
    pinned: Sequence[Meeting],
    kept: dict[int, int],
) -> tuple[Meeting, ...]:
    """Return the meetings with tables numbered from 1 in each slot.

    Kept pinned meetings keep their table number when it exists and is not taken.
    """
    instance = problem.instance
    taken: list[set[int]] = [set() for _ in range(problem.n_slots)]
    table_of: dict[int, int] = {}
    for meeting in pinned:
        r = problem.request_of_pair.get(frozenset((meeting.a, meeting.b)), -1)
        s = kept.get(r, -1)
        if (
            s >= 0
            and slot_of[r] == s
            and 1 <= meeting.table <= problem.tables
            and meeting.table not in taken[s]
            and r not in table_of
        ):
            taken[s].add(meeting.table)
            table_of[r] = meeting.table
    next_free = [1] * problem.n_slots
    meetings = []
    for r in sorted(range(len(slot_of)), key=lambda r: (slot_of[r], r)):
        s = slot_of[r]
        if s < 0:
            continue
        if r not in table_of:
            while next_free[s] in taken[s]:
                next_free[s] += 1
            table_of[r] = next_free[s]
            taken[s].add(next_free[s])
        req = instance.requests[r]
        meetings.append(Meeting(req.a, req.b, instance.slots[s], table_of[r]))
    return tuple(meetings)


class _Search:
    """Greedy construction and local search over slot assignments.

    `slot_of[r]` is the slot of request r or -1; `at[p][s]` is the request person p meets in
    slot s or -1. Every change goes through `assign` and is logged, so a failed move is undone
    with `undo_to(mark)`.
    """

    def __init__(
        self,
        problem: _Problem,
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
            if self.exchange(r, strict=False) and self.total >= before:
                gained = self.total > before + 1e-12
                self.repair_around(r)
                gained = gained or self.total > before + 1e-12
                self.commit()
                if gained:
                    stall = 0
                    self.improve(deadline)
                    self.commit()
            else:
                self.undo_to(0)

    def resolve_neighbourhoods(self, deadline: float) -> bool:
        """Re-solve exactly the timetable around each request the relaxation wants but the
        search left out; return whether anything improved."""
        improved = False
        for radius in range(1, NEIGHBOURHOOD_RADIUS + 1):
            for r in self.order:
                if self.done(deadline):
                    return improved
                if self.slot_of[r] < 0 and self.chosen[r] and self.p.options[r]:
                    improved = self.resolve_around(r, radius, deadline) or improved
        return improved

    def resolve_around(self, r: int, radius: int, deadline: float) -> bool:
        """Re-solve with HiGHS all requests among r's people and their current partners up to
        `radius` meetings away, everything else fixed; apply the result if it gains weight."""
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
        result = _best_assignment(
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
        for q in self._requests_of(a) + self._requests_of(b):
            if self.slot_of[q] < 0:
                mark = len(self.log)
                if not self.insert(q):
                    self.undo_to(mark)

    def _requests_of(self, person: int) -> list[int]:
        return self.by_person[person]

    # Moves.

    def insert(self, r: int, max_depth: int = CHAIN_DEPTH) -> bool:
        """Schedule r, moving other meetings along chains of up to CHAIN_DEPTH moves."""
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


def _capacity_guide(problem: _Problem, pinned: dict[int, int]) -> tuple[list[bool], float]:
    """Return which requests the capacity relaxation picks, and its optimal value.

    The relaxation forgets which slot each meeting takes, so it is a cheap LP; on realistic
    instances its solution is integral and nearly always fits into slots, so the search
    places those requests first. The value bounds the best total (up to solver tolerance).
    """
    matrix, rhs, weights, possible = _capacity_model(problem)
    chosen = [False] * len(problem.ends)
    if not possible:
        return chosen, 0.0
    lower = np.array([1.0 if r in pinned else 0.0 for r in possible])
    result = linprog(-weights, A_ub=matrix, b_ub=rhs, bounds=np.c_[lower, np.ones(len(possible))])
    if result.status != 0:  # numerical trouble: fall back to plain weight order
        return chosen, math.inf
    for r, value in zip(possible, result.x, strict=True):
        chosen[r] = value > 0.5
    return chosen, -float(result.fun)


def _solve_milp(problem: _Problem, pinned: dict[int, int], seconds: float) -> list[int] | None:
    """Return the best slot assignment HiGHS finds in time, or None if it finds none."""
    return _best_assignment(
        problem.ends,
        problem.weights,
        problem.options,
        problem.n_people,
        [problem.tables] * problem.n_slots,
        pinned,
        seconds,
    )


def _best_assignment(
    ends: Sequence[tuple[int, int]],
    weights: Sequence[float],
    options: Sequence[Sequence[int]],
    n_people: int,
    capacity: Sequence[int],
    fixed: dict[int, int],
    seconds: float,
) -> list[int] | None:
    """Return the slot of each request (-1: none) in the best timetable HiGHS finds in time.

    `capacity[s]` is the number of tables in slot s; `fixed` requests must take their slot.
    Return None if the solver found no timetable in time.
    """
    matrix, rhs, request, slot = _assignment_model(ends, options, n_people, capacity)
    if len(request) == 0:
        return [-1] * len(ends)
    lower = np.zeros(len(request))
    for r, s in fixed.items():
        lower[(request == r) & (slot == s)] = 1.0
    result = milp(
        c=-np.asarray(weights, dtype=float)[request],
        constraints=LinearConstraint(matrix, -np.inf, rhs),
        integrality=np.ones(len(request)),
        bounds=Bounds(lower, 1.0),
        options={"time_limit": max(seconds, 0.01), "disp": False},
    )
    if result.x is None:
        return None
    slot_of = [-1] * len(ends)
    for j in np.flatnonzero(result.x > 0.5):
        slot_of[request[j]] = int(slot[j])
    return slot_of


def _assignment_model(
    ends: Sequence[tuple[int, int]],
    options: Sequence[Sequence[int]],
    n_people: int,
    capacity: Sequence[int],
) -> tuple[sparse.csr_array, np.ndarray, np.ndarray, np.ndarray]:
    """Return A, b of `A x <= b` and the request and slot of each (request, slot) column.

    Rows: each request at most once; each person at most once per slot; slot s holds at
    most `capacity[s]` meetings.
    """
    n_requests, n_slots = len(ends), len(capacity)
    sizes = [len(opts) for opts in options]
    request = np.repeat(np.arange(n_requests), sizes)
    slot = np.fromiter((s for opts in options for s in opts), np.int64, sum(sizes))
    people = np.asarray(ends, dtype=np.int64).reshape(-1, 2)
    person_rows = n_requests
    slot_rows = n_requests + n_people * n_slots
    rows = np.concatenate(
        [
            request,
            person_rows + people[request, 0] * n_slots + slot,
            person_rows + people[request, 1] * n_slots + slot,
            slot_rows + slot,
        ]
    )
    columns = np.tile(np.arange(len(request)), 4)
    matrix = sparse.csr_array(
        (np.ones(len(rows)), (rows, columns)), shape=(slot_rows + n_slots, len(request))
    )
    rhs = np.ones(slot_rows + n_slots)
    rhs[slot_rows:] = capacity
    return matrix, rhs, request, slot


# --- Upper bound --------------------------------------------------------------------------


def upper_bound(
    instance: Instance, *, lp_max_variables: int = LP_MAX_VARIABLES
) -> tuple[float, str]:
    """Return a proven upper bound on the best total weight and the name of the bound.

    "lp" is the LP relaxation of the full model. Past `lp_max_variables` it is "capacity":
    the LP where each person meets at most once per slot they could use and the event
    holds at most tables × slots meetings, slots forgotten. Either way the number is
    recomputed from the dual values, so solver tolerances cannot make it too small.
    """
    problem = _Problem.of(instance)
    n_variables = sum(len(opts) for opts in problem.options)
    if n_variables == 0:
        return 0.0, "lp"
    if n_variables <= lp_max_variables:
        matrix, rhs, request, _ = _assignment_model(
            problem.ends, problem.options, problem.n_people, [problem.tables] * problem.n_slots
        )
        bound = _lp_dual_bound(matrix, rhs, np.asarray(problem.weights)[request])
        name = "lp"
    else:
        matrix, rhs, weights, _ = _capacity_model(problem)
        bound, name = _lp_dual_bound(matrix, rhs, weights), "capacity"
    if all(float(w).is_integer() for w in problem.weights):
        # Whole weights give a whole optimum; this drops the float noise of the duals.
        bound = math.floor(bound + BOUND_TOLERANCE)
    return bound, name


def _capacity_model(
    problem: _Problem,
) -> tuple[sparse.csr_array, np.ndarray, np.ndarray, list[int]]:
    """Return A, b, w and the requests (columns) of the capacity relaxation."""
    possible = [r for r, opts in enumerate(problem.options) if opts]
    usable: list[set[int]] = [set() for _ in range(problem.n_people)]
    for r in possible:
        for person in problem.ends[r]:
            usable[person].update(problem.options[r])
    ends = np.asarray([problem.ends[r] for r in possible], dtype=np.int64).reshape(-1, 2)
    columns = np.arange(len(possible))
    n_people = problem.n_people
    rows = np.concatenate([ends[:, 0], ends[:, 1], np.full(len(possible), n_people)])
    matrix = sparse.csr_array(
        (np.ones(len(rows)), (rows, np.tile(columns, 3))), shape=(n_people + 1, len(possible))
    )
    rhs = np.array([len(u) for u in usable] + [problem.tables * problem.n_slots], dtype=float)
    return matrix, rhs, np.asarray(problem.weights, dtype=float)[possible], possible


def _lp_dual_bound(matrix: sparse.csr_array, rhs: np.ndarray, weights: np.ndarray) -> float:
    """Return the bound of max w·x, A x <= b, 0 <= x <= 1 given by HiGHS's dual values.

    For any y >= 0, b·y + Σ max(0, w - Aᵀy) bounds the maximum (weak duality with the
    box constraints), so the result is valid whatever the solver's tolerances.
    """
    result = linprog(-weights, A_ub=matrix, b_ub=rhs, bounds=(0, 1), method="highs")
    if result.status != 0:
        raise RuntimeError(f"the LP bound failed: {result.message}")
    duals = np.maximum(-np.asarray(result.ineqlin.marginals), 0.0)
    reduced = weights - matrix.T @ duals
    return float(rhs @ duals + np.maximum(reduced, 0.0).sum())


# --- Output -------------------------------------------------------------------------------


def schedule_to_json(schedule: Schedule, bound: tuple[float, str] | None = None) -> dict[str, Any]:
    """Return the schedule as the JSON-shaped dict `solve_meetings` prints."""
    data: dict[str, Any] = {
        "meetings": [
            {"a": m.a, "b": m.b, "slot": m.slot, "table": m.table} for m in schedule.meetings
        ],
        "total_weight": schedule.total_weight,
    }
    if bound is not None:
        data["upper_bound"], data["bound"] = bound
    data["seconds"] = round(schedule.seconds, 3)
    if schedule.dropped_pinned:
        data["dropped_pinned"] = [
            {"a": m.a, "b": m.b, "slot": m.slot, "table": m.table} for m in schedule.dropped_pinned
        ]
    return data
