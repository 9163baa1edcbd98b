from __future__ import annotations

from collections.abc import Callable
from typing import Any

import pytest
from django.urls import reverse

from events.models import Event
from meetings.models import MeetingRequest
from meetings.services import check_opt_in, check_request_meeting
from meetings.suggestions import suggest
from members.models import User
from resources.services import ItemData, do_add_item

NEED = "Ищем магазин для продажи керамики"
OFFER = "Магазин северных товаров: продаём керамику мастеров"
ABOUT = "Гончарная школа: керамика, мастер-классы и магазин при мастерской"


@pytest.fixture
def maps(resident: User, producer: User, partner: User) -> None:
    """The potter needs a shop, the producer offers one; the city offers nothing that fits."""
    for user, direction, text in (
        (resident, "need", NEED),
        (resident, "offer", "Мастер-классы по гончарному делу"),
        (producer, "offer", OFFER),
        (producer, "need", "Мастер-классы для покупателей магазина"),
        (partner, "offer", "Площадка для городского праздника"),
    ):
        do_add_item(user.member, ItemData(direction, "other", text, "members"))
    # The about texts are long paragraphs that share words; they are not what met.
    for user in (resident, producer, partner):
        user.member.about, user.member.wants = ABOUT, ABOUT
        user.member.save(update_fields=["about", "wants"])


def test_a_suggestions_reasons_name_the_resource_items_that_met(
    fair: Event, resident: User, producer: User, partner: User, maps: None
) -> None:
    me, shop, _city = (check_opt_in(fair, u) for u in (resident, producer, partner))
    suggestions = suggest(me, [me, shop, _city])
    assert suggestions[0].participant == shop
    reasons = suggestions[0].reasons
    they_offer = next(r for r in reasons if NEED in r)
    assert OFFER in they_offer
    assert producer.member.display_name in they_offer
    assert not any(ABOUT in r or "↔" in r for r in reasons)


def test_the_meetings_page_shows_item_pairs_as_reasons(
    fair: Event,
    resident: User,
    producer: User,
    partner: User,
    maps: None,
    login: Callable[..., Any],
) -> None:
    _me, shop, _city = (check_opt_in(fair, u) for u in (resident, producer, partner))
    response = login(resident).get(reverse("meetings:event", args=[fair.pk]))
    suggested = response.context["suggestions"]
    assert [s.participant for s in suggested][:1] == [shop]
    page = response.content.decode()
    assert 'data-test="reasons"' in page
    assert OFFER in page
    assert ABOUT not in page


def test_a_request_keeps_the_engines_score_for_the_pair(
    fair: Event, resident: User, producer: User, partner: User, maps: None
) -> None:
    me, shop, city = (check_opt_in(fair, u) for u in (resident, producer, partner))
    check_request_meeting(me, shop.pk)
    check_request_meeting(city, shop.pk)
    scores = dict(MeetingRequest.objects.values_list("requester_id", "match_score"))
    assert scores[me.pk] > 0
    assert scores[city.pk] == 0
