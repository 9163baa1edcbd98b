"""Ranking everyone at once (`top_k_all`, compiled loops) against one member at a time."""

from __future__ import annotations

import math
import random
from typing import cast

import pytest

from matching.engine import Item, MatchIndex, MemberInfo
from matching.engine.features import text_features
from matching.engine.reasons import REASON_FLOOR, REASONS_PER_SIDE, SAME_TYPE_REASON_BONUS
from matching.engine.types import Direction
from matching.tests.test_engine_incremental import PHRASES, TOWNS, assert_same_ranking


def region(seed: int, n_members: int, n_items: int) -> tuple[list[MemberInfo], list[Item]]:
    rng = random.Random(seed)
    members = [
        MemberInfo(f"m{i}", rng.choice([*TOWNS, None]), (rng.choice(["crafts", "music"]),))
        for i in range(n_members)
    ]
    items = []
    for number in range(n_items):
        direction, type_, text = rng.choice(PHRASES)
        words = [text, rng.choice(["", "недорого", "для туристов", f"«Р{number % 11}»"])]
        member = rng.choice(members).id
        items.append(Item(number, member, cast(Direction, direction), type_, " ".join(words)))
    return members, items


@pytest.mark.parametrize(
    ("seed", "k", "workers"), [(1, 10, 1), (2, 10, 2), (3, 1, 2), (4, 3, 1), (5, 500, 2)]
)
def test_ranking_everyone_equals_ranking_each_after_edits(seed, k, workers):
    rng = random.Random(seed)
    members, items = region(seed, 120, 360)
    index = MatchIndex.build(members, items, TOWNS)
    # Edits after the build: removed items and members, a new member, a moved member.
    for item in rng.sample(items, 40):
        index.remove_item(item.id)
    for member in rng.sample(members, 5):
        index.remove_member(member.id)
    index.upsert_member(MemberInfo("late", "kirovsk", ("music",)))
    index.upsert_item(Item("late-1", "late", "need", "skill", "Нужны музыканты на корпоратив"))
    index.upsert_member(MemberInfo(members[0].id, "murmansk"))

    everything = dict(index.top_k_all(k=k, workers=workers))

    alive = index.member_ids()
    assert everything.keys() == set(alive)
    for member_id in alive:
        assert_same_ranking(
            everything[member_id],
            index.top_k(member_id, k=k),
            lambda partner, member_id=member_id: index.reasons(member_id, partner),
        )


def test_equal_scores_rank_the_earlier_member_first_in_both_rankings():
    twins = [MemberInfo(f"twin{i}", "kirovsk") for i in range(12)]
    me = MemberInfo("me", "kirovsk")
    items = [Item("need", "me", "need", "equipment", "Нужна печь для обжига")]
    items += [
        Item(f"kiln{i}", twin.id, "offer", "equipment", "Муфельная печь для обжига керамики")
        for i, twin in enumerate(twins)
    ]
    index = MatchIndex.build([*twins, me], items, TOWNS)

    everything = dict(index.top_k_all(k=5, workers=2))

    expected = ["twin0", "twin1", "twin2", "twin3", "twin4"]
    assert [m.partner_id for m in everything["me"]] == expected
    assert [m.partner_id for m in index.top_k("me", k=5)] == expected


def test_a_member_with_nothing_to_match_gets_no_partners():
    members, items = region(6, 30, 90)
    index = MatchIndex.build([*members, MemberInfo("empty", "kirovsk")], items, TOWNS)

    everything = dict(index.top_k_all(k=10))

    assert everything["empty"] == []


def plain_reasons(index: MatchIndex, me: str, partner: str) -> list[tuple[str, str, str]]:
    """Return (direction, need id, offer id) by the rule of `reasons`, read plainly."""
    items = {item.id: item for item in index._items if item is not None}

    def vector(item: Item) -> dict[str, float]:
        weighted = {
            feature: weight * index._idf[index._vocab[feature]]
            for feature, weight in text_features(item.text).items()
        }
        norm = math.sqrt(sum(w * w for w in weighted.values())) or 1.0
        return {feature: w / norm for feature, w in weighted.items()}

    def side(needer: str, offerer: str, direction: str) -> list[tuple[str, str, str]]:
        needs = [i for i in items.values() if i.member_id == needer and i.direction == "need"]
        offers = [i for i in items.values() if i.member_id == offerer and i.direction == "offer"]
        needs.sort(key=lambda i: index._item_row[i.id])
        offers.sort(key=lambda i: index._item_row[i.id])
        found = []
        for position, need in enumerate(needs):
            best, best_offer = -1.0, None
            for offer in offers:
                a, b = vector(need), vector(offer)
                similarity = sum(w * b.get(f, 0.0) for f, w in a.items())
                if need.type == offer.type:
                    similarity *= SAME_TYPE_REASON_BONUS
                if similarity > best + 1e-12:
                    best, best_offer = similarity, offer
            if best_offer is not None and best >= REASON_FLOOR:
                found.append((-round(best, 9), position, need.id, best_offer.id))
        found.sort()
        return [(direction, str(n), str(o)) for _, _, n, o in found[:REASONS_PER_SIDE]]

    return side(me, partner, "they_offer") + side(partner, me, "you_offer")


def test_reasons_follow_their_rule_read_plainly():
    members, items = region(7, 25, 150)
    index = MatchIndex.build(members, items, TOWNS)

    for me, matches in index.top_k_all(k=4, workers=2):
        for match in matches:
            got = [(r.direction, str(r.need_item_id), str(r.offer_item_id)) for r in match.reasons]
            assert got == plain_reasons(index, cast(str, me), cast(str, match.partner_id))
