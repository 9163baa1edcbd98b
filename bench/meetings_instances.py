"""Seeded, heavy-tailed instances for the one-to-one meeting timetable benchmark.

The shape follows what brokerage events look like: everybody asks for about six meetings, a
few popular people (investors, big buyers) attract a large share of the requests, most people
stay all day and some arrive late, leave early or come for half a day only. Requests come out
in arrival order, which is what the first-come baseline consumes.
"""

import random
from typing import Any

PARETO_SHAPE = 1.3  # smaller is a heavier tail of popular people
WEIGHTS = (1, 1, 2, 2, 3, 4, 5)  # how much the requester wants the meeting


def make_instance(
    n_participants: int,
    n_slots: int,
    *,
    requests_per_participant: int = 6,
    tables: int | None = None,
    seed: int = 0,
) -> dict[str, Any]:
    """Return an instance as the JSON-shaped dict that `solve_meetings` reads."""
    rng = random.Random(seed)
    ids = [f"p{i:04d}" for i in range(n_participants)]
    slots = [f"s{j:02d}" for j in range(n_slots)]
    participants = [_participant(rng, pid, slots) for pid in ids]
    popularity = [rng.paretovariate(PARETO_SHAPE) for _ in ids]
    requests = _requests(rng, ids, popularity, requests_per_participant)
    return {
        "slots": slots,
        "tables": tables if tables is not None else max(1, n_participants // 4),
        "participants": participants,
        "requests": requests,
    }


def _participant(rng: random.Random, pid: str, slots: list[str]) -> dict[str, Any]:
    k = len(slots)
    u = rng.random()
    if u < 0.70:  # here all day
        return {"id": pid}
    if u < 0.90:  # late arrival, early departure or a gap in the middle
        gap = rng.randint(1, max(1, k // 4))
        start = rng.choice([0, k - gap, rng.randint(0, k - gap)])
        free = slots[:start] + slots[start + gap :]
    elif u < 0.97:  # half a day
        free = slots[: k // 2] if rng.random() < 0.5 else slots[k // 2 :]
    else:  # a handful of scattered slots
        free = sorted(rng.sample(slots, max(1, k // 4)))
    return {"id": pid, "available": free}


def _requests(
    rng: random.Random, ids: list[str], popularity: list[float], per_participant: int
) -> list[dict[str, Any]]:
    cumulative: list[float] = []
    total = 0.0
    for p in popularity:
        total += p
        cumulative.append(total)
    by_pair: dict[frozenset[str], dict[str, Any]] = {}
    for requester in ids:
        wanted = max(1, round(rng.gauss(per_participant, 2)))
        for _ in range(wanted * 3):  # bounded retries for self-picks and repeats
            if wanted == 0:
                break
            target = rng.choices(ids, cum_weights=cumulative)[0]
            pair = frozenset((requester, target))
            if target == requester:
                continue
            existing = by_pair.get(pair)
            if existing is not None:
                if existing["a"] == target:  # mutual interest is worth more
                    existing["weight"] += rng.choice(WEIGHTS)
                    wanted -= 1
                continue
            by_pair[pair] = {"a": requester, "b": target, "weight": rng.choice(WEIGHTS)}
            wanted -= 1
    requests = list(by_pair.values())
    rng.shuffle(requests)  # arrival order mixes requesters
    return requests
