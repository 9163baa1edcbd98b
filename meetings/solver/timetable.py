"""Solving: the timetable with the best total the search finds, and the first-come baseline."""

import random
import time
from collections.abc import Iterable, Sequence

from meetings.solver.instance import Instance, Meeting, Schedule
from meetings.solver.lp import capacity_guide, solve_milp
from meetings.solver.problem import BOUND_TOLERANCE, Problem
from meetings.solver.search import Search

# Instances with at most this many (request, slot) variables also go to the MILP solver.
MILP_MAX_VARIABLES = 3_000


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
    problem = Problem.of(instance)
    kept, dropped = _resolve_pinned(problem, pinned or ())
    chosen, bound = capacity_guide(problem, kept)
    # A seeded generator, so a timetable can be solved again the same way; no secret in it.
    rng = random.Random(seed)  # noqa: S311
    search = Search(problem, kept, rng, chosen=chosen, target=bound)
    search.run(deadline)
    slot_of = search.best
    n_variables = sum(len(opts) for opts in problem.options)
    if use_milp is None:
        use_milp = n_variables <= MILP_MAX_VARIABLES
    if use_milp and search.best_total < bound - BOUND_TOLERANCE and time.perf_counter() < deadline:
        exact = solve_milp(problem, kept, deadline - time.perf_counter())
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
    problem = Problem.of(instance)
    search = Search(problem, {}, random.Random(0))  # noqa: S311 (repeatable, no secret)
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


def _total(problem: Problem, slot_of: Sequence[int]) -> float:
    return sum(w for w, s in zip(problem.weights, slot_of, strict=True) if s >= 0)


def _resolve_pinned(
    problem: Problem, pinned: Iterable[Meeting]
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
    problem: Problem,
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
