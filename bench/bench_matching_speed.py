"""Measure the matching engine on synthetic regions, beside a naive pure-Python loop.

    .venv/bin/python bench/bench_matching_speed.py                  # 10,000 and 100,000 members
    .venv/bin/python bench/bench_matching_speed.py --members 5000   # a quick run

For each size, in a fresh process (so peak memory is that size's): generating the region,
building the index, top-10 with reasons for every member, the same without reasons, one
member's top-10 latency, one item's incremental update, and peak resident memory. The bulk runs
also report CPU seconds (this process and its workers), which other work on the machine does
not stretch as it does wall time, and how close the bulk top-10 comes to the exact one. Then the
naive baseline (every pair of members, every pair of items, in Python) on a 2,000-member
region, timed on a sample of members and extrapolated, against the engine on the same region.
"""

from __future__ import annotations

import argparse
import json
import math
import random
import resource
import subprocess
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from bench.synthetic_region import generate  # noqa: E402
from matching.engine import Item, MatchIndex, combine  # noqa: E402
from matching.engine.features import text_features  # noqa: E402


def percentile(values: list[float], share: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(share * len(ordered)))]


def measure_size(n_members: int, queries: int, updates: int, workers: int) -> dict:
    started = time.perf_counter()
    members, items, towns = generate(n_members, seed=1)
    figures: dict = {"members": n_members, "items": len(items)}
    figures["generate_s"] = time.perf_counter() - started
    # The compiled loops load (or, the first time, compile) once per process: not ranking.
    started = time.perf_counter()
    small = MatchIndex.build(*generate(300, seed=9))
    for with_reasons in (True, False):
        list(small.top_k_all(10, workers=workers, reasons=with_reasons))
    figures["warm_up_s"] = time.perf_counter() - started
    started = time.perf_counter()
    index = MatchIndex.build(members, items, towns)
    figures["build_s"] = time.perf_counter() - started
    rng = random.Random(2)
    sample = {member.id for member in rng.sample(members, min(queries, n_members))}
    bulk = {}
    for key, with_reasons in (("all_top10", True), ("all_top10_no_reasons", False)):
        started, cpu_started = time.perf_counter(), cpu_seconds()
        count = 0
        for member_id, matches in index.top_k_all(10, workers=workers, reasons=with_reasons):
            count += 1
            if with_reasons and member_id in sample:
                bulk[member_id] = matches
        figures[f"{key}_s"] = time.perf_counter() - started
        figures[f"{key}_cpu_s"] = cpu_seconds() - cpu_started
        assert count == n_members
    figures.update(bulk_agreement(index, bulk))
    latencies = []
    for member in rng.sample(members, min(queries, n_members)):
        started = time.perf_counter()
        index.top_k(member.id, k=10)
        latencies.append((time.perf_counter() - started) * 1000)
    figures["query_ms_p50"] = percentile(latencies, 0.5)
    figures["query_ms_p95"] = percentile(latencies, 0.95)
    update_ms, update_and_query_ms = [], []
    texts = [item.text for item in rng.sample(items, updates)]
    for step, old in enumerate(rng.sample(items, updates)):
        changed = Item(old.id, old.member_id, old.direction, old.type, texts[step])
        started = time.perf_counter()
        index.upsert_item(changed)
        update_ms.append((time.perf_counter() - started) * 1000)
        index.top_k(old.member_id, k=10)
        update_and_query_ms.append((time.perf_counter() - started) * 1000)
    figures["update_ms_p50"] = percentile(update_ms, 0.5)
    figures["update_ms_p95"] = percentile(update_ms, 0.95)
    figures["update_then_top10_ms_p95"] = percentile(update_and_query_ms, 0.95)
    figures["peak_rss_mb"] = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    return figures


def cpu_seconds() -> float:
    """Return the CPU time of this process and its finished children (the forked workers)."""
    own = resource.getrusage(resource.RUSAGE_SELF)
    children = resource.getrusage(resource.RUSAGE_CHILDREN)
    return own.ru_utime + own.ru_stime + children.ru_utime + children.ru_stime


def bulk_agreement(index: MatchIndex, bulk: dict) -> dict:
    """Return how close the bulk top-10 comes to `top_k`'s, member by member (1.00/1.00 when
    they agree).

    score share: the sum of the bulk top-10 scores over the sum of `top_k`'s; overlap: the share
    of `top_k`'s partners that the bulk top-10 holds (below 1 only where equal scores at the
    tenth place let float rounding pick another partner).
    """
    shares, overlaps = [], []
    for member_id, matches in bulk.items():
        exact = index.top_k(member_id, k=10)
        if not exact:
            continue
        shares.append(sum(m.score for m in matches) / sum(m.score for m in exact))
        found = {m.partner_id for m in matches} & {m.partner_id for m in exact}
        overlaps.append(len(found) / len(exact))
    return {
        "bulk_score_share": sum(shares) / len(shares),
        "bulk_overlap": sum(overlaps) / len(overlaps),
    }


def naive_rank(members, items, sample: int) -> tuple[float, int]:
    """Return seconds per member of a pure-Python pairwise loop over items, and members timed."""
    by_member: dict = {m.id: {"need": [], "offer": []} for m in members}
    document_frequency: dict[str, int] = {}
    vectors = {}
    for item in items:
        vectors[item.id] = text_features(item.text)
        by_member[item.member_id][item.direction].append(item.id)
    for member_id, sides in by_member.items():
        seen = {f for side in sides.values() for i in side for f in vectors[i]}
        for feature in seen:
            document_frequency[feature] = document_frequency.get(feature, 0) + 1
        del member_id
    n = len(members)
    weighted = {}
    for item_id, features in vectors.items():
        w = {
            f: v * (math.log((1 + n) / (1 + document_frequency[f])) + 1)
            for f, v in features.items()
        }
        norm = math.sqrt(sum(x * x for x in w.values())) or 1.0
        weighted[item_id] = {f: x / norm for f, x in w.items()}

    def cosine(a: dict, b: dict) -> float:
        if len(a) > len(b):
            a, b = b, a
        return sum(v * b.get(f, 0.0) for f, v in a.items())

    def meet(needs: list, offers: list) -> float:
        if not needs or not offers:
            return 0.0
        return sum(max(cosine(weighted[x], weighted[y]) for y in offers) for x in needs) / len(
            needs
        )

    import numpy as np

    started = time.perf_counter()
    timed = members[:sample]
    for me in timed:
        scores = []
        for other in members:
            if other.id == me.id:
                continue
            they = meet(by_member[me.id]["need"], by_member[other.id]["offer"])
            you = meet(by_member[other.id]["need"], by_member[me.id]["offer"])
            scores.append((float(combine(np.array([they]), np.array([you]))[0]), other.id))
        scores.sort(reverse=True)
        del scores[10:]
    return (time.perf_counter() - started) / len(timed), len(timed)


def measure_naive(n_members: int, sample: int) -> dict:
    members, items, towns = generate(n_members, seed=3)
    per_member, timed = naive_rank(members, items, sample)
    started = time.perf_counter()
    index = MatchIndex.build(members, items, towns)
    for _ in index.top_k_all(10):
        pass
    engine_s = time.perf_counter() - started
    naive_s = per_member * n_members
    return {
        "members": n_members,
        "naive_s_extrapolated": naive_s,
        "naive_members_timed": timed,
        "engine_build_and_all_top10_s": engine_s,
        "speed_ratio": naive_s / engine_s,
    }


def run_child(args: list[str]) -> dict:
    output = subprocess.run(
        [sys.executable, __file__, *args], check=True, capture_output=True, text=True
    ).stdout
    return json.loads(output.strip().splitlines()[-1])


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--members", type=int, nargs="+", default=[10_000, 100_000])
    parser.add_argument("--queries", type=int, default=200)
    parser.add_argument("--updates", type=int, default=50)
    parser.add_argument("--workers", type=int, default=1)
    parser.add_argument("--naive-members", type=int, default=2_000)
    parser.add_argument("--naive-sample", type=int, default=40)
    parser.add_argument("--child-size", type=int, help=argparse.SUPPRESS)
    parser.add_argument("--child-naive", action="store_true", help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.child_size:
        print(json.dumps(measure_size(args.child_size, args.queries, args.updates, args.workers)))
        return
    if args.child_naive:
        print(json.dumps(measure_naive(args.naive_members, args.naive_sample)))
        return
    common = ["--queries", str(args.queries), "--updates", str(args.updates)]
    common += ["--workers", str(args.workers)]
    rows = [run_child(["--child-size", str(n), *common]) for n in args.members]
    print(
        f"{'members':>8} {'items':>9} {'build s':>8} {'all top-10 s (cpu)':>18}"
        f" {'no reasons s (cpu)':>18} {'query p50/p95 ms':>17} {'update p50/p95 ms':>18}"
        f" {'peak MB':>8} {'bulk/exact':>10} {'warm-up s':>9}"
    )
    for r in rows:
        print(
            f"{r['members']:>8,} {r['items']:>9,} {r['build_s']:>8.1f}"
            f" {r['all_top10_s']:>10.1f} ({r['all_top10_cpu_s']:>5.1f})"
            f" {r['all_top10_no_reasons_s']:>10.1f} ({r['all_top10_no_reasons_cpu_s']:>5.1f})"
            f" {r['query_ms_p50']:>8.1f}/{r['query_ms_p95']:<8.1f}"
            f" {r['update_ms_p50']:>8.1f}/{r['update_ms_p95']:<9.1f} {r['peak_rss_mb']:>8.0f}"
            f" {r['bulk_score_share']:>5.2f}/{r['bulk_overlap']:.2f} {r['warm_up_s']:>9.1f}"
        )
    print(
        "bulk/exact: the bulk top-10's share of one-at-a-time top_k's score sum, and of its"
        f" partners (on {args.queries} members)"
    )
    naive_args = ["--child-naive", "--naive-members", str(args.naive_members)]
    naive = run_child([*naive_args, "--naive-sample", str(args.naive_sample)])
    print(
        f"naive pairwise loop on {naive['members']:,} members:"
        f" {naive['naive_s_extrapolated']:.0f} s"
        f" (timed on {naive['naive_members_timed']} members, extrapolated);"
        f" engine build + all top-10: {naive['engine_build_and_all_top10_s']:.1f} s;"
        f" engine is {naive['speed_ratio']:.0f}x faster"
    )
    print(json.dumps({"sizes": rows, "naive": naive}))


if __name__ == "__main__":
    main()
