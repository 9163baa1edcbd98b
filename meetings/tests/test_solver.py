import itertools
import random
from collections import Counter
from typing import Any

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from meetings.solver import (
    Instance,
    InvalidInstance,
    Meeting,
    Schedule,
    first_come_schedule,
    parse_instance,
    parse_meetings,
    schedule_to_json,
    solve,
    upper_bound,
)


def assert_valid(instance: Instance, schedule: Schedule) -> None:
    """Check every rule a timetable must keep, and that its total adds up."""
    free = {p.id: p.available for p in instance.participants}
    weight = {frozenset((r.a, r.b)): r.weight for r in instance.requests}
    busy: set[tuple[str, Any]] = set()
    tables_taken: set[tuple[Any, int]] = set()
    pairs: set[frozenset[str]] = set()
    for m in schedule.meetings:
        pair = frozenset((m.a, m.b))
        assert pair in weight, f"{m} was not requested"
        assert pair not in pairs, f"{m} is scheduled twice"
        pairs.add(pair)
        for person in (m.a, m.b):
            assert m.slot in free[person], f"{person} is not free for {m}"
            assert (person, m.slot) not in busy, f"{person} is double-booked by {m}"
            busy.add((person, m.slot))
        assert 1 <= m.table <= instance.tables, f"{m} has no such table"
        assert (m.slot, m.table) not in tables_taken, f"{m} shares a table"
        tables_taken.add((m.slot, m.table))
    per_slot = Counter(m.slot for m in schedule.meetings)
    assert all(count <= instance.tables for count in per_slot.values())
    assert schedule.total_weight == pytest.approx(sum(weight[p] for p in pairs))


def brute_force_optimum(instance: Instance) -> float:
    """Return the best total by trying every slot (or none) for every request."""
    free = {p.id: p.available for p in instance.participants}
    best = 0.0
    choices = [(None, *instance.slots)] * len(instance.requests)
    for assignment in itertools.product(*choices):
        busy: set[tuple[str, Any]] = set()
        per_slot: Counter[Any] = Counter()
        total = 0.0
        for req, slot in zip(instance.requests, assignment, strict=True):
            if slot is None:
                continue
            if (
                slot not in free[req.a]
                or slot not in free[req.b]
                or (req.a, slot) in busy
                or (req.b, slot) in busy
            ):
                break
            busy.update(((req.a, slot), (req.b, slot)))
            per_slot[slot] += 1
            total += req.weight
        else:
            if all(count <= instance.tables for count in per_slot.values()):
                best = max(best, total)
    return best


def random_instance(
    rng: random.Random, people: int, slots: int, requests: int, tables: int
) -> Instance:
    slot_ids = [f"s{k}" for k in range(slots)]
    participants: list[dict[str, Any]] = []
    for i in range(people):
        if rng.random() < 0.5:
            participants.append({"id": f"p{i}"})
        else:
            available = [s for s in slot_ids if rng.random() < 0.7]
            participants.append({"id": f"p{i}", "available": available})
    pairs = list(itertools.combinations(range(people), 2))
    rng.shuffle(pairs)
    return parse_instance(
        {
            "slots": slot_ids,
            "tables": tables,
            "participants": participants,
            "requests": [
                {"a": f"p{a}", "b": f"p{b}", "weight": rng.randint(0, 5)}
                for a, b in pairs[:requests]
            ],
        }
    )


def small_instance(**changes: Any) -> dict[str, Any]:
    data: dict[str, Any] = {
        "slots": ["9:00", "9:30"],
        "tables": 1,
        "participants": [{"id": "ann"}, {"id": "bob"}, {"id": "cat", "available": ["9:30"]}],
        "requests": [{"a": "ann", "b": "bob", "weight": 2}, {"a": "cat", "b": "ann", "weight": 3}],
    }
    data.update(changes)
    return data


def test_it_schedules_everyone_who_fits() -> None:
    instance = parse_instance(small_instance())
    schedule = solve(instance, time_limit=5)
    assert_valid(instance, schedule)
    assert schedule.total_weight == 5
    assert set(schedule.meetings) == {
        Meeting("ann", "bob", "9:00", 1),
        Meeting("cat", "ann", "9:30", 1),
    }


@pytest.mark.parametrize("seed", range(12))
def test_it_finds_the_optimum_on_tiny_instances(seed: int) -> None:
    rng = random.Random(seed)
    instance = random_instance(rng, people=5, slots=3, requests=6, tables=rng.randint(1, 2))
    optimum = brute_force_optimum(instance)
    schedule = solve(instance, time_limit=5)
    assert_valid(instance, schedule)
    assert schedule.total_weight == optimum
    assert upper_bound(instance)[0] >= optimum - 1e-6


@pytest.mark.parametrize("seed", range(12))
def test_the_local_search_alone_finds_the_optimum_on_tiny_instances(seed: int) -> None:
    rng = random.Random(100 + seed)
    instance = random_instance(rng, people=5, slots=3, requests=6, tables=rng.randint(1, 2))
    schedule = solve(instance, time_limit=5, use_milp=False)
    assert_valid(instance, schedule)
    assert schedule.total_weight == brute_force_optimum(instance)


def test_the_capacity_bound_is_never_below_the_lp_bound() -> None:
    rng = random.Random(7)
    for _ in range(5):
        instance = random_instance(rng, people=12, slots=4, requests=30, tables=3)
        lp, lp_name = upper_bound(instance)
        capacity, capacity_name = upper_bound(instance, lp_max_variables=0)
        assert (lp_name, capacity_name) == ("lp", "capacity")
        assert capacity >= lp - 1e-6
        assert solve(instance, time_limit=2).total_weight <= lp + 1e-6


def test_first_come_fills_requests_in_arrival_order() -> None:
    # ann-bob arrives first and takes 9:00 although cat can only meet ann at 9:00.
    instance = parse_instance(
        small_instance(
            participants=[{"id": "ann"}, {"id": "bob"}, {"id": "cat", "available": ["9:00"]}]
        )
    )
    baseline = first_come_schedule(instance)
    assert_valid(instance, baseline)
    assert baseline.meetings == (Meeting("ann", "bob", "9:00", 1),)
    assert solve(instance, time_limit=5).total_weight == 5


def test_tables_are_numbered_from_one_in_each_slot() -> None:
    instance = parse_instance(
        {
            "slots": [1, 2],
            "tables": 2,
            "participants": [{"id": p} for p in "abcdef"],
            "requests": [
                {"a": pair[0], "b": pair[1], "weight": 1}
                for pair in ["ab", "cd", "ef", "ac", "bd", "ce"]
            ],
        }
    )
    schedule = solve(instance, time_limit=5)
    assert_valid(instance, schedule)
    assert schedule.total_weight == 4
    for slot in (1, 2):
        assert sorted(m.table for m in schedule.meetings if m.slot == slot) == [1, 2]


def test_it_keeps_pinned_meetings_at_their_slot_and_table() -> None:
    data = small_instance(tables=2, participants=[{"id": "ann"}, {"id": "bob"}, {"id": "cat"}])
    instance = parse_instance(data)
    published = Meeting("ann", "bob", "9:30", 2)
    schedule = solve(instance, time_limit=5, pinned=[published])
    assert_valid(instance, schedule)
    assert published in schedule.meetings
    assert Meeting("cat", "ann", "9:00", 1) in schedule.meetings
    assert schedule.dropped_pinned == ()


def test_it_keeps_a_pinned_meeting_even_when_moving_it_would_gain() -> None:
    # ann-bob at 9:30 blocks cat, who is free at 9:30 only; the published meeting wins.
    instance = parse_instance(small_instance())
    published = Meeting("ann", "bob", "9:30", 1)
    schedule = solve(instance, time_limit=5, pinned=[published])
    assert schedule.meetings == (published,)
    assert schedule.total_weight == 2


def test_it_drops_pinned_meetings_that_no_longer_fit() -> None:
    instance = parse_instance(small_instance())
    gone = Meeting("ann", "dan", "9:00", 1)  # the request was withdrawn
    busy = Meeting("cat", "ann", "9:00", 1)  # cat is no longer free at 9:00
    unknown_slot = Meeting("ann", "bob", "10:00", 1)
    schedule = solve(instance, time_limit=5, pinned=[gone, busy, unknown_slot])
    assert_valid(instance, schedule)
    assert schedule.dropped_pinned == (gone, busy, unknown_slot)
    assert schedule.total_weight == 5


def test_a_pinned_meeting_at_a_missing_table_gets_a_new_one() -> None:
    instance = parse_instance(small_instance())
    schedule = solve(instance, time_limit=5, pinned=[Meeting("ann", "bob", "9:00", 7)])
    assert Meeting("ann", "bob", "9:00", 1) in schedule.meetings


def test_it_is_deterministic_given_a_seed() -> None:
    instance = random_instance(random.Random(3), people=30, slots=6, requests=120, tables=6)
    first = solve(instance, time_limit=10, seed=5, use_milp=False)
    second = solve(instance, time_limit=10, seed=5, use_milp=False)
    assert first.meetings == second.meetings


def test_it_stops_at_the_time_limit() -> None:
    instance = random_instance(random.Random(4), people=150, slots=10, requests=900, tables=30)
    schedule = solve(instance, time_limit=0.2)
    assert_valid(instance, schedule)
    assert schedule.seconds < 1.0
    assert schedule.total_weight > first_come_schedule(instance).total_weight


def test_it_handles_an_empty_event() -> None:
    instance = parse_instance({"slots": [], "tables": 1, "participants": [], "requests": []})
    assert solve(instance).meetings == ()
    assert upper_bound(instance)[0] == 0
    assert first_come_schedule(instance).meetings == ()


def test_schedule_to_json_has_the_documented_fields() -> None:
    instance = parse_instance(small_instance())
    data = schedule_to_json(solve(instance, time_limit=5), upper_bound(instance))
    assert data["meetings"][0].keys() == {"a", "b", "slot", "table"}
    assert data["total_weight"] == 5
    assert data["upper_bound"] == pytest.approx(5)
    assert data["bound"] == "lp"
    assert data["seconds"] >= 0


@pytest.mark.parametrize(
    ("data", "message"),
    [
        ([], "must be a JSON object"),
        (small_instance(tables=0), "tables must be a positive integer"),
        (small_instance(tables=1.5), "tables must be a positive integer"),
        (small_instance(tables=True), "tables must be a positive integer"),
        (small_instance(slots="9:00"), "slots must be a list"),
        (small_instance(slots=["9:00", "9:00"]), "listed twice"),
        (small_instance(slots=[None]), "slots[0] must be a string or an integer"),
        (small_instance(participants=[{"id": "ann"}, {"id": "ann"}]), "listed twice"),
        (small_instance(participants=[{"name": "ann"}]), "participants[0] has no 'id'"),
        (small_instance(participants=[{"id": 5}]), "participants[0].id must be a string"),
        (
            small_instance(participants=[{"id": "ann", "available": ["noon"]}]),
            "unknown slot 'noon'",
        ),
        (small_instance(requests=[{"a": "ann", "b": "zed"}]), "unknown participant 'zed'"),
        (small_instance(requests=[{"a": "ann", "b": "ann"}]), "cannot meet themselves"),
        (
            small_instance(requests=[{"a": "ann", "b": "bob", "weight": -1}]),
            "requests[0]: weight must be a non-negative",
        ),
        (
            small_instance(requests=[{"a": "ann", "b": "bob", "weight": "high"}]),
            "weight must be a non-negative",
        ),
        (
            small_instance(requests=[{"a": "ann", "b": "bob"}, {"a": "bob", "b": "ann"}]),
            "requests[1]: 'bob' and 'ann' are already paired in requests[0]",
        ),
        (small_instance(requests=["ann-bob"]), "requests[0] must be an object"),
    ],
)
def test_it_rejects_malformed_instances(data: Any, message: str) -> None:
    with pytest.raises(InvalidInstance) as error:
        parse_instance(data)
    assert message in str(error.value)


def test_a_request_without_weight_weighs_one() -> None:
    instance = parse_instance(small_instance(requests=[{"a": "ann", "b": "bob"}]))
    assert instance.requests[0].weight == 1


def test_parse_meetings_reads_a_printed_schedule() -> None:
    printed = [{"a": "ann", "b": "bob", "slot": "9:00", "table": 1}]
    assert parse_meetings(printed) == [Meeting("ann", "bob", "9:00", 1)]
    with pytest.raises(InvalidInstance, match=r"meetings\[0\].table must be an integer"):
        parse_meetings([{"a": "ann", "b": "bob", "slot": "9:00", "table": "one"}])


@st.composite
def instances(draw: st.DrawFn) -> Instance:
    n_slots = draw(st.integers(0, 4))
    slots = list(range(n_slots))
    n_people = draw(st.integers(0, 8))
    participants = []
    for i in range(n_people):
        entry: dict[str, Any] = {"id": f"p{i}"}
        if draw(st.booleans()):
            entry["available"] = (
                draw(st.lists(st.sampled_from(slots), unique=True)) if slots else []
            )
        participants.append(entry)
    all_pairs = list(itertools.combinations(range(n_people), 2))
    pairs = draw(st.lists(st.sampled_from(all_pairs), unique=True)) if all_pairs else []
    weights = st.one_of(st.integers(0, 9), st.floats(0, 10, allow_nan=False))
    requests = [{"a": f"p{a}", "b": f"p{b}", "weight": draw(weights)} for a, b in pairs]
    tables = draw(st.integers(1, 3))
    return parse_instance(
        {"slots": slots, "tables": tables, "participants": participants, "requests": requests}
    )


@settings(max_examples=60, deadline=None)
@given(instance=instances(), seed=st.integers(0, 3))
def test_any_instance_gets_a_valid_timetable_within_the_bound(
    instance: Instance, seed: int
) -> None:
    bound, _ = upper_bound(instance)
    for schedule in (
        solve(instance, time_limit=2, seed=seed, use_milp=False),
        first_come_schedule(instance),
    ):
        assert_valid(instance, schedule)
        assert schedule.total_weight <= bound + 1e-6


@settings(max_examples=30, deadline=None)
@given(instance=instances(), dropped=st.integers(0, 20))
def test_a_rebuild_keeps_every_published_meeting_that_still_fits(
    instance: Instance, dropped: int
) -> None:
    published = solve(instance, time_limit=2, use_milp=False).meetings
    # A late change: one request is withdrawn.
    requests = instance.requests[:dropped] + instance.requests[dropped + 1 :]
    changed = Instance(instance.slots, instance.tables, instance.participants, requests)
    rebuilt = solve(changed, time_limit=2, pinned=list(published))
    assert_valid(changed, rebuilt)
    still_requested = {frozenset((r.a, r.b)) for r in requests}
    kept = [m for m in published if frozenset((m.a, m.b)) in still_requested]
    assert set(kept) <= set(rebuilt.meetings)
    assert len(rebuilt.dropped_pinned) == len(published) - len(kept)
