import random
from typing import cast

import pytest

from matching.engine import Item, MatchIndex, MemberInfo
from matching.engine.types import Direction

TOWNS = {"kirovsk": (67.61, 33.67), "apatity": (67.57, 33.39), "murmansk": (68.96, 33.08)}
PHRASES = [
    ("offer", "equipment", "Муфельная печь для обжига керамики"),
    ("need", "equipment", "Нужна печь для обжига"),
    ("offer", "skill", "Предметная фотосъёмка для каталогов"),
    ("need", "skill", "Ищу фотографа для каталога изделий"),
    ("offer", "sales_channel", "Сувенирная лавка берёт изделия на реализацию"),
    ("need", "sales_channel", "Где продавать вязаные варежки"),
    ("offer", "premises", "Лофт в аренду для мероприятий"),
    ("need", "premises", "Ищем площадку для концерта"),
    ("offer", "skill", "Кавер-группа, живая музыка"),
    ("need", "skill", "Нужны музыканты на корпоратив"),
    ("offer", "knowledge", "Уроки гончарного мастерства"),
    ("need", "knowledge", "Хочу научиться гончарному делу"),
]


def random_items(rng, members, count, start=0):
    items = []
    for number in range(start, start + count):
        direction, type_, text = rng.choice(PHRASES)
        items.append(Item(number, rng.choice(members).id, direction, type_, f"{text} {number % 7}"))
    return items


def results(index, member_ids):
    return {
        m: [(x.partner_id, round(x.score, 9), [r.text for r in x.reasons]) for x in index.top_k(m)]
        for m in member_ids
    }


@pytest.mark.parametrize("seed", [1, 2, 3])
def test_incremental_updates_give_the_same_result_as_a_full_rebuild(seed):
    rng = random.Random(seed)
    towns = list(TOWNS)
    members = [
        MemberInfo(f"m{i}", rng.choice(towns), (rng.choice(["crafts", "music"]),))
        for i in range(30)
    ]
    items = random_items(rng, members, 90)
    index = MatchIndex.build(members, items, TOWNS)
    live = {item.id: item for item in items}
    for step in range(40):
        action = rng.random()
        if action < 0.4:
            (item,) = random_items(rng, members, 1, start=1000 + step)
            index.upsert_item(item)
            live[item.id] = item
        elif action < 0.7 and live:
            old = live[rng.choice(sorted(live))]
            direction, type_, text = rng.choice(PHRASES)
            changed = Item(old.id, old.member_id, cast(Direction, direction), type_, text)
            index.upsert_item(changed)
            live[old.id] = changed
        elif action < 0.9 and live:
            item_id = rng.choice(sorted(live))
            index.remove_item(item_id)
            del live[item_id]
        else:
            new = MemberInfo(f"new{step}", rng.choice(towns), ("crafts",))
            members.append(new)
            index.upsert_member(new)
    member_ids = [m.id for m in members]
    rebuilt = MatchIndex.build(members, sorted(live.values(), key=lambda i: cast(int, i.id)), TOWNS)
    assert results(index, member_ids) == results(rebuilt, member_ids)
    index.compact()
    assert results(index, member_ids) == results(rebuilt, member_ids)


def test_moving_a_member_to_another_town_changes_the_distance():
    members = [MemberInfo("me", "kirovsk"), MemberInfo("kiln", "murmansk")]
    items = [
        Item(1, "me", "need", "equipment", "Нужна печь для обжига"),
        Item(2, "kiln", "offer", "equipment", "Печь для обжига"),
    ]
    index = MatchIndex.build(members, items, TOWNS)
    far = index.top_k("me")[0]
    index.upsert_member(MemberInfo("kiln", "kirovsk"))
    near = index.top_k("me")[0]
    assert near.distance_km == 0
    assert near.score > far.score


def assert_same_ranking(actual, expected, reasons_of=None):
    """Assert two lists of matches agree: scores to float rounding, partners in order but for
    equal scores (which float rounding may order either way), and the same reasons
    (`reasons_of(partner)` gives them for a partner that only an equal score let in)."""
    assert len(actual) == len(expected)
    by_partner = {m.partner_id: m for m in expected}
    for got, want in zip(actual, expected, strict=True):
        assert got.score == pytest.approx(want.score, rel=1e-9)
        if got.partner_id in by_partner:
            reasons = by_partner[got.partner_id].reasons
        else:
            assert reasons_of is not None
            reasons = reasons_of(got.partner_id)
        assert [r.text for r in got.reasons] == [r.text for r in reasons]


# A prune sample of 1 makes the adjustment bound decide which candidates are scored.
@pytest.mark.parametrize(("seed", "prune_sample"), [(7, 200), (8, 1)])
def test_top_k_all_agrees_with_top_k(seed, prune_sample, monkeypatch):
    from matching.engine import ranking

    monkeypatch.setattr(ranking, "PRUNE_SAMPLE", prune_sample)
    rng = random.Random(seed)
    members = [
        MemberInfo(f"m{i}", rng.choice(list(TOWNS)), (rng.choice(["crafts", "music", "food"]),))
        for i in range(80)
    ]
    index = MatchIndex.build(members, random_items(rng, members, 240), TOWNS)
    index.upsert_item(Item("late", "m3", "offer", "skill", "Предметная фотосъёмка"))
    seen: list[int] = []
    everything = dict(index.top_k_all(k=10, progress=seen.append))
    assert sum(seen) == len(members)
    assert everything.keys() == {m.id for m in members}
    for member in members:
        assert_same_ranking(everything[member.id], index.top_k(member.id, k=10))


def test_top_k_all_in_two_processes_gives_the_same_result(monkeypatch):
    from matching.engine import bulk

    monkeypatch.setattr(bulk, "CHUNK_ROWS", 8)
    rng = random.Random(5)
    members = [MemberInfo(f"m{i}", rng.choice(list(TOWNS))) for i in range(30)]
    index = MatchIndex.build(members, random_items(rng, members, 90), TOWNS)
    one = list(index.top_k_all(k=4))
    two = list(index.top_k_all(k=4, workers=2))
    assert one == two
    assert len(one) == 30


def test_top_k_pruned_by_the_adjustment_bound_equals_top_k_over_every_candidate(monkeypatch):
    from matching.engine import ranking

    rng = random.Random(13)
    members = [
        MemberInfo(f"m{i}", rng.choice(list(TOWNS)), (rng.choice(["crafts", "music"]),))
        for i in range(60)
    ]
    index = MatchIndex.build(members, random_items(rng, members, 240), TOWNS)
    member_ids = [m.id for m in members]
    unpruned = results(index, member_ids)
    monkeypatch.setattr(ranking, "PRUNE_SAMPLE", 1)
    assert results(index, member_ids) == unpruned


def test_reasons_are_the_best_item_pairs_on_each_side_at_most_three():
    rng = random.Random(17)
    members = [MemberInfo(f"m{i}", "kirovsk") for i in range(20)]
    items = random_items(rng, members, 120)
    index = MatchIndex.build(members, items, TOWNS)
    owner = {item.id: item.member_id for item in items}
    for member in members:
        for match in index.top_k(member.id):
            for direction in ("they_offer", "you_offer"):
                side = [r for r in match.reasons if r.direction == direction]
                assert len(side) <= 3
                assert [r.similarity for r in side] == sorted(
                    (r.similarity for r in side), reverse=True
                )
                assert len({r.need_item_id for r in side}) == len(side)
                needer, offerer = (
                    (member.id, match.partner_id)
                    if direction == "they_offer"
                    else (match.partner_id, member.id)
                )
                for reason in side:
                    assert owner[reason.need_item_id] == reason.need_member == needer
                    assert owner[reason.offer_item_id] == reason.offer_member == offerer
                    assert 0.05 <= reason.similarity <= 1.0
