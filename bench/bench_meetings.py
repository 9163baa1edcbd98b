"""Meeting timetables: the solver against first-come filling, both against a proven bound.

Run from the project root:

    .venv/bin/python bench/bench_meetings.py [--seeds 0 1 2] [--time-limit 10]

Each instance is solved in the same run by the first-come baseline (requests in arrival
order, earliest slot where both are free and a table is left) and by `solve`; the bound is the
LP relaxation where it is cheap and the capacity relaxation otherwise.
"""

import argparse
import os
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from bench.meetings_instances import make_instance
from meetings.solver import (
    Instance,
    first_come_schedule,
    parse_instance,
    solve,
    upper_bound,
)

SIZES = [(200, 12), (1000, 16)]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--seeds", type=int, nargs="+", default=[0, 1, 2])
    parser.add_argument("--time-limit", type=float, default=10.0)
    args = parser.parse_args()
    print(f"cores: {os.cpu_count()}, time limit: {args.time_limit:g} s")
    print(f"{'instance':<28} {'method':<18} {'total':>9} {'% of bound':>11} {'seconds':>8}")
    for n_people, n_slots in SIZES:
        for seed in args.seeds:
            data = make_instance(n_people, n_slots, seed=seed)
            name = f"{n_people}×{n_slots} seed {seed} ({len(data['requests'])} req)"
            bench_one(name, parse_instance(data), args.time_limit)


def bench_one(name: str, instance: Instance, time_limit: float) -> None:
    started = time.perf_counter()
    bound, kind = upper_bound(instance)
    bound_seconds = time.perf_counter() - started
    rows = [(f"bound ({kind})", bound, bound_seconds)]
    baseline = first_come_schedule(instance)
    rows.append(("first-come", baseline.total_weight, baseline.seconds))
    schedule = solve(instance, time_limit=time_limit)
    rows.append(("solver", schedule.total_weight, schedule.seconds))
    for method, total, seconds in rows:
        share = 100 * total / bound if bound else 100.0
        print(f"{name:<28} {method:<18} {total:>9g} {share:>10.2f}% {seconds:>8.2f}")


if __name__ == "__main__":
    main()
