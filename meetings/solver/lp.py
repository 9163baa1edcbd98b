"""Linear programs over the timetable: the proven upper bounds, the capacity relaxation that
guides the search, and exact MILP solves of whole (small) or partial timetables with HiGHS."""

import math
from collections.abc import Sequence

import numpy as np
from scipy import sparse
from scipy.optimize import Bounds, LinearConstraint, linprog, milp

from meetings.solver.instance import Instance
from meetings.solver.problem import BOUND_TOLERANCE, Problem

# The full LP bound is used up to this many (request, slot) variables; beyond, the capacity one.
LP_MAX_VARIABLES = 30_000


def capacity_guide(problem: Problem, pinned: dict[int, int]) -> tuple[list[bool], float]:
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
    # scipy-stubs types A_ub as a dense array only; HiGHS takes the sparse matrix as it is.
    result = linprog(  # type: ignore[call-overload]
        -weights, A_ub=matrix, b_ub=rhs, bounds=np.c_[lower, np.ones(len(possible))]
    )
    if result.status != 0:  # numerical trouble: fall back to plain weight order
        return chosen, math.inf
    for r, value in zip(possible, result.x, strict=True):
        chosen[r] = value > 0.5
    return chosen, -float(result.fun)


def solve_milp(problem: Problem, pinned: dict[int, int], seconds: float) -> list[int] | None:
    """Return the best slot assignment HiGHS finds in time, or None if it finds none."""
    return best_assignment(
        problem.ends,
        problem.weights,
        problem.options,
        problem.n_people,
        [problem.tables] * problem.n_slots,
        pinned,
        seconds,
    )


def best_assignment(
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
        integrality=np.ones(len(request), dtype=np.int64),
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


def upper_bound(
    instance: Instance, *, lp_max_variables: int = LP_MAX_VARIABLES
) -> tuple[float, str]:
    """Return a proven upper bound on the best total weight and the name of the bound.

    "lp" is the LP relaxation of the full model. Past `lp_max_variables` it is "capacity":
    the LP where each person meets at most once per slot they could use and the event
    holds at most tables × slots meetings, slots forgotten. Either way the number is
    recomputed from the dual values, so solver tolerances cannot make it too small.
    """
    problem = Problem.of(instance)
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
    problem: Problem,
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
    # scipy-stubs types A_ub as a dense array only; HiGHS takes the sparse matrix as it is.
    result = linprog(-weights, A_ub=matrix, b_ub=rhs, bounds=(0, 1), method="highs")  # type: ignore[call-overload]
    if result.status != 0:
        raise RuntimeError(f"the LP bound failed: {result.message}")
    duals = np.maximum(-np.asarray(result.ineqlin.marginals), 0.0)
    reduced = weights - matrix.T @ duals
    return float(rhs @ duals + np.maximum(reduced, 0.0).sum())
