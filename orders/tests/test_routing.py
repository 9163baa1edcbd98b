"""Who hears about an order first: text fit, then ratings and current load."""

from __future__ import annotations

from collections.abc import Hashable
from decimal import Decimal

from matching.engine import Item, Match, Reason
from matching.engine.types import brief_item
from members.models import Member, User
from orders.models import RoutedMember
from orders.routing import MemberStats, load_factor, rank_routes, rating_factor
from orders.services import ProposalData, check_submit_proposal
from orders.tests.factories import make_maker, make_order


def match(member: str, score: float, km: float | None = 10.0) -> Match:
    offer = Item(1, member, "offer", "skill", f"{member} offer")
    reason = Reason("they_offer", brief_item("бриф"), offer, 0.5)
    return Match(member, score, [reason], they_meet=score, distance_km=km)


def test_load_spreads_orders_beyond_the_same_few() -> None:
    matches = [match("busy", 1.0), match("free", 0.9)]
    stats: dict[Hashable, MemberStats] = {"busy": MemberStats(open_proposals=2, orders_in_hand=1)}
    routes = rank_routes(matches, stats, limit=2)
    assert [r.member_id for r in routes] == ["free", "busy"]
    assert {"kind": "free"} in routes[0].reasons
    assert {"kind": "free"} not in routes[1].reasons


def test_ratings_count_with_their_number() -> None:
    one_five = MemberStats(rating_sum=5, rating_count=1)
    forty_good = MemberStats(rating_sum=192, rating_count=40)
    assert rating_factor(forty_good) > rating_factor(one_five) > rating_factor(MemberStats())
    assert rating_factor(MemberStats(rating_sum=2, rating_count=2)) < 1.0
    assert load_factor(MemberStats()) == 1.0


def test_reasons_say_why_in_data_not_words() -> None:
    stats: dict[Hashable, MemberStats] = {
        "a": MemberStats(
            rating_sum=9,
            rating_count=2,
            is_producer=True,
            industries=frozenset({"design", "music"}),
        )
    }
    route = rank_routes([match("a", 0.5, km=142.4)], stats, ["design", "music"], limit=1)[0]
    assert route.reasons == [
        {"kind": "offer", "text": "a offer"},
        {"kind": "industry", "industries": ["design", "music"]},
        {"kind": "town", "km": 142},
        {"kind": "rating", "rating": 4.5, "count": 2},
        {"kind": "free"},
        {"kind": "producer"},
    ]


def test_a_member_with_open_proposals_drops_below_an_equal_free_one(
    client_user: User, db: None
) -> None:
    text = ["Сувениры ручной работы: магниты и кружки с символикой"]
    first = make_maker("one@example.org", "Мастерская 1", text)
    second = make_maker("two@example.org", "Мастерская 2", text)
    earlier = [make_order(client_user, title=f"Сувениры {n}") for n in range(2)]
    leader = RoutedMember.objects.filter(order=earlier[0], rank=1).get().member
    for order in earlier:
        check_submit_proposal(order, leader, ProposalData(Decimal(1000), 5, "Сделаю"))
    later = make_order(client_user, title="Сувениры 3")
    ranked = list(RoutedMember.objects.filter(order=later).order_by("rank"))
    other = second if leader.pk == first.pk else first
    assert [r.member_id for r in ranked] == [other.pk, leader.pk]


def test_the_client_is_never_routed_their_own_order(db: None) -> None:
    member: Member = make_maker("self@example.org", "Мастерская", ["Сувениры ручной работы"])
    order = make_order(member.user)
    assert not RoutedMember.objects.filter(order=order, member=member).exists()
