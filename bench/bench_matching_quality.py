"""Score the matching engine against the labelled evaluation set, beside an exact-word baseline.

    .venv/bin/python bench/bench_matching_quality.py [--verbose]

Reports, over the members that have expected partners: the share with an expected partner in
the top 3, precision@5, recall@10 and mean reciprocal rank (of the first expected partner).
"""

from __future__ import annotations

import argparse
import json
import sys
from collections.abc import Callable, Hashable
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from core.textnorm import stop_words, tokens  # noqa: E402
from matching.engine import Item, MatchIndex, MemberInfo  # noqa: E402

EVAL_SET = ROOT / "matching" / "eval" / "members.json"
DEPTH = 50

Ranker = Callable[[Hashable], list[Hashable]]


def load(path: Path = EVAL_SET) -> tuple[list[MemberInfo], list[Item], dict, dict]:
    data = json.loads(path.read_text(encoding="utf-8"))
    coords = {key: (town["lat"], town["lon"]) for key, town in data["towns"].items()}
    members, items, expected = [], [], {}
    for member in data["members"]:
        members.append(MemberInfo(member["id"], member["town"], tuple(member["industries"])))
        expected[member["id"]] = member["expected"]
        for number, item in enumerate(member["items"]):
            items.append(
                Item(
                    f"{member['id']}-{number}",
                    member["id"],
                    item["direction"],
                    item["type"],
                    item["text"],
                )
            )
    return members, items, coords, expected


def engine_ranker(members: list[MemberInfo], items: list[Item], coords: dict) -> Ranker:
    index = MatchIndex.build(members, items, coords)
    return lambda member_id: [m.partner_id for m in index.top_k(member_id, k=DEPTH)]


def baseline_ranker(
    members: list[MemberInfo], items: list[Item], drop_stop_words: bool = True
) -> Ranker:
    """Rank partners by the number of words shared, as written, between needs and offers."""
    stop = stop_words() if drop_stop_words else frozenset()
    words: dict[tuple[Hashable, str], set[str]] = {}
    for item in items:
        key = (item.member_id, item.direction)
        words.setdefault(key, set()).update(w for w in tokens(item.text) if w not in stop)

    def rank(member_id: Hashable) -> list[Hashable]:
        mine_need = words.get((member_id, "need"), set())
        mine_offer = words.get((member_id, "offer"), set())
        scored = []
        for other in members:
            if other.id == member_id:
                continue
            score = len(mine_need & words.get((other.id, "offer"), set())) + len(
                mine_offer & words.get((other.id, "need"), set())
            )
            if score:
                scored.append((-score, str(other.id), other.id))
        return [member for *_, member in sorted(scored)][:DEPTH]

    return rank


def evaluate(rank: Ranker, expected: dict[Hashable, list[Hashable]]) -> dict[str, float]:
    judged = [m for m, partners in expected.items() if partners]
    top3 = p5 = r10 = rr = 0.0
    for member in judged:
        ranking = rank(member)
        wanted = set(expected[member])
        top3 += bool(wanted & set(ranking[:3]))
        p5 += len(wanted & set(ranking[:5])) / 5
        r10 += len(wanted & set(ranking[:10])) / len(wanted)
        rr += next((1 / (i + 1) for i, m in enumerate(ranking) if m in wanted), 0.0)
    n = len(judged)
    return {"top3": top3 / n, "p@5": p5 / n, "r@10": r10 / n, "mrr": rr / n, "members": n}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--verbose", action="store_true", help="show each member's top 3")
    args = parser.parse_args()
    members, items, coords, expected = load()
    engine = engine_ranker(members, items, coords)
    baseline = baseline_ranker(members, items)
    results = {
        "engine": evaluate(engine, expected),
        "exact words": evaluate(baseline, expected),
        "exact, raw": evaluate(baseline_ranker(members, items, drop_stop_words=False), expected),
    }
    print(f"{len(members)} members, {len(items)} items, {results['engine']['members']:.0f} judged")
    print(f"{'ranker':<12} {'top-3 hit':>9} {'P@5':>6} {'R@10':>6} {'MRR':>6}")
    for name, r in results.items():
        print(f"{name:<12} {r['top3']:>9.1%} {r['p@5']:>6.3f} {r['r@10']:>6.3f} {r['mrr']:>6.3f}")
    ratio = results["engine"]["mrr"] / max(results["exact words"]["mrr"], 1e-9)
    print(f"MRR ratio engine / exact words: {ratio:.2f}x")
    print("exact words: shared words as written, stop words dropped; exact, raw: stop words kept")
    if args.verbose:
        names = {m.id: m for m in members}
        for member in members:
            ranking = engine(member.id)[:3]
            hit = "ok " if set(ranking) & set(expected[member.id]) else "-- "
            print(
                hit, member.id, ranking, "expected", expected[member.id][:5], names[member.id].town
            )


if __name__ == "__main__":
    main()
