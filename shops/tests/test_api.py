"""Points of sale as JSON: the same rules and permissions as the pages."""

from __future__ import annotations

from decimal import Decimal
from typing import Any

import pytest
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from core.services import do_create_api_token
from members.models import Member, User
from shops.models import PointOfSale
from shops.services import check_answer_offer, check_offer_product
from shops.tests.factories import make_point, make_product


def bearer(user: User) -> dict[str, Any]:
    _token, key = do_create_api_token(user, "test")
    return {"HTTP_AUTHORIZATION": f"Bearer {key}"}


def schema_props(client: Client, name: str) -> set[str]:
    schema = client.get("/api/v1/openapi.json").json()
    return set(schema["components"]["schemas"][name]["properties"])


def post(client: Client, url: str, body: dict[str, Any], auth: dict[str, Any]) -> Any:
    return client.post(url, body, content_type="application/json", **auth)


@pytest.fixture
def shop(partner: User, potter: Member) -> tuple[PointOfSale, int]:
    point = make_point(partner, "30")
    product = make_product("Кружка", "1000.00", [(potter, "100")])
    offer = check_answer_offer(check_offer_product(point, product, potter), partner, True)
    return point, offer.pk


def test_a_shop_sells_through_the_api_and_the_maker_reads_the_statement(
    client: Client, shop: tuple[PointOfSale, int], partner: User, potter: Member
) -> None:
    point, offer_id = shop
    auth = bearer(partner)
    url = f"/api/v1/offers/{offer_id}/stock"
    today = timezone.localdate()
    assert (
        post(client, url, {"kind": "received", "quantity": 4, "date": str(today)}, auth).status_code
        == 201
    )
    over = post(client, url, {"kind": "sold", "quantity": 5, "date": str(today)}, auth)
    assert (over.status_code, over.json()["code"]) == (409, "not_enough_stock")
    negative = post(
        client, url, {"kind": "sold", "quantity": 1, "date": str(today), "unit_price": "-5"}, auth
    )
    assert (negative.status_code, negative.json()["code"]) == (422, "negative_price")
    sale = post(client, url, {"kind": "sold", "quantity": 3, "date": str(today)}, auth).json()
    assert (sale["gross"], sale["commission"], sale["payout"], sale["in_stock"]) == (
        "3000.00", "900.00", "2100.00", 1,
    )  # fmt: skip
    refund = post(
        client, f"/api/v1/sales/{sale['id']}/refunds", {"quantity": 1, "date": str(today)}, auth
    )
    assert refund.json()["gross"] == "-1000.00"
    month = f"{today.year}-{today.month:02d}"
    statement = client.get(f"/api/v1/me/statements/{month}", **bearer(potter.user)).json()
    assert statement["totals"] == {"sold": "2000.00", "commission": "600.00", "payout": "1400.00"}
    shop_month = client.get(f"/api/v1/points/{point.pk}/months/{month}", **auth).json()
    assert shop_month["totals"] == statement["totals"]
    assert (
        client.get(f"/api/v1/points/{point.pk}/months/{month}", **bearer(potter.user)).status_code
        == 404
    )
    assert (
        post(
            client,
            url,
            {"kind": "received", "quantity": 1, "date": str(today)},
            bearer(potter.user),
        ).status_code
        == 404
    )


def test_points_list_runs_constant_queries(
    client: Client, shop: tuple[PointOfSale, int], potter: Member, django_assert_num_queries: Any
) -> None:
    auth = bearer(potter.user)
    # token, token last used, member, points with product counts
    with django_assert_num_queries(4):
        body = client.get("/api/v1/points", **auth).json()
    assert [p["id"] for p in body] == [shop[0].pk]
    assert set(body[0]) == schema_props(client, "PointOut")
    detail = client.get(f"/api/v1/points/{shop[0].pk}", **auth).json()
    assert detail["offers"][0]["in_stock"] == 0


def test_a_superuser_without_the_curator_flag_lists_points_as_the_page_does(
    client: Client, shop: tuple[PointOfSale, int], superuser: User, login: Any
) -> None:
    # The page let them in (`is_curator`), the API read the flag alone and answered 404.
    assert login(superuser).get(reverse("shops:points")).status_code == 200
    response = client.get("/api/v1/points", **bearer(superuser))
    assert response.status_code == 200
    assert [p["id"] for p in response.json()] == [shop[0].pk]


def test_offering_a_product_one_does_not_make_is_forbidden(
    client: Client, shop: tuple[PointOfSale, int], carver: Member, potter: Member
) -> None:
    point, _offer = shop
    product = make_product("Ложка", "300", [(potter, "100")])
    response = post(
        client, f"/api/v1/points/{point.pk}/offers", {"product_id": product.pk}, bearer(carver.user)
    )
    assert (response.status_code, response.json()["code"]) == (403, "not_your_product")


def test_the_shop_edits_its_terms_and_ends_an_empty_consignment(
    client: Client, shop: tuple[PointOfSale, int], partner: User, potter: Member
) -> None:
    point, offer_id = shop
    body = {
        "name": "Лавка",
        "town": "kirovsk",
        "address": "ул. Ленина, 1",
        "commission_percent": "101",
    }
    bad = client.put(
        f"/api/v1/points/{point.pk}", body, content_type="application/json", **bearer(partner)
    )
    assert (bad.status_code, bad.json()["code"]) == (422, "commission_range")
    body["commission_percent"] = "15.5"
    ok = client.put(
        f"/api/v1/points/{point.pk}", body, content_type="application/json", **bearer(partner)
    )
    assert Decimal(ok.json()["commission_percent"]) == Decimal("15.5")
    maker = client.put(
        f"/api/v1/points/{point.pk}", body, content_type="application/json", **bearer(potter.user)
    )
    assert maker.status_code == 404
    ended = post(client, f"/api/v1/offers/{offer_id}/end", {}, bearer(potter.user))
    assert ended.json()["status"] == "ended"
    again = post(client, f"/api/v1/offers/{offer_id}/end", {}, bearer(partner))
    assert (again.status_code, again.json()["code"]) == (409, "offer_ended")
