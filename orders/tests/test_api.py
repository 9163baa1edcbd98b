"""Orders as JSON: the same rules and permissions as the pages."""

from __future__ import annotations

from datetime import timedelta
from decimal import Decimal
from typing import Any

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client
from django.utils import timezone

from core.services import do_create_api_token
from members.models import Member, User
from orders.models import Order, OrderStatus, Proposal
from orders.tests.factories import make_order, make_team


def bearer(user: User) -> dict[str, Any]:
    _token, key = do_create_api_token(user, "test")
    return {"HTTP_AUTHORIZATION": f"Bearer {key}"}


def schema_props(client: Client, name: str) -> set[str]:
    schema = client.get("/api/v1/openapi.json").json()
    return set(schema["components"]["schemas"][name]["properties"])


def post(client: Client, url: str, body: dict[str, Any], auth: dict[str, Any]) -> Any:
    return client.post(url, body, content_type="application/json", **auth)


def order_body(**fields: Any) -> dict[str, Any]:
    return {
        "title": "Фотосессия сувениров",
        "brief": "Предметная съёмка 40 сувениров ручной работы для каталога",
        "town": "kirovsk",
        "industries": ["folk-crafts"],
        "budget_min": "20000.00",
        "budget_max": "30000.00",
        "deadline": (timezone.localdate() + timedelta(days=14)).isoformat(),
        **fields,
    }


def test_a_client_places_and_publishes_an_order(
    client: Client, customer: User, potter: Member
) -> None:
    auth = bearer(customer)
    response = post(client, "/api/v1/orders", order_body(publish=True), auth)
    assert response.status_code == 201, response.json()
    body = response.json()
    assert body["status"] == "published"
    assert body["budget_max"] == "30000.00"
    assert body["actions"] == ["cancel"]
    assert set(body) == schema_props(client, "OrderDetailOut")
    routed = client.get("/api/v1/me/routed-orders", **bearer(potter.user)).json()
    assert routed[0]["order"]["id"] == body["id"]
    assert routed[0]["reasons"][0]["kind"] == "offer"
    assert set(routed[0]) == schema_props(client, "RoutedOrderOut")


@pytest.mark.parametrize(
    ("fields", "code"),
    [
        ({"budget_min": "40000", "budget_max": "30000"}, "budget_range"),
        ({"budget_min": "-1"}, "negative_budget"),
        ({"deadline": "2020-01-01"}, "deadline_past"),
        ({"town": "atlantis"}, "invalid_input"),
    ],
)
def test_bad_orders_are_422_with_a_code_and_nothing_saved(
    client: Client, customer: User, fields: dict[str, str], code: str
) -> None:
    response = post(client, "/api/v1/orders", order_body(**fields), bearer(customer))
    assert (response.status_code, response.json()["code"]) == (422, code)
    assert not Order.objects.exists()


@pytest.mark.parametrize("outsider", ["photographer", "unknown"])
def test_a_proposal_cannot_share_the_price_with_someone_outside_the_team(
    client: Client,
    customer: User,
    potter: Member,
    carver: Member,
    photographer: Member,
    outsider: str,
) -> None:
    order = make_order(customer)
    make_team(potter, carver)
    other = photographer.pk if outsider == "photographer" else photographer.pk + 1000
    body = {
        "price": "60000",
        "days": 20,
        "message": "Сделаем вместе",
        "shares": [
            {"member_id": potter.pk, "share": "50"},
            {"member_id": carver.pk, "share": "25"},
            {"member_id": other, "share": "25"},
        ],
    }
    refused = post(client, f"/api/v1/orders/{order.pk}/proposals", body, bearer(potter.user))
    # An unknown number answers as an outsider does: the answer reveals no member ids.
    assert (refused.status_code, refused.json()["code"]) == (422, "not_a_teammate")
    assert refused.json()["details"] == {"shares": [refused.json()["message"]]}
    assert not Proposal.objects.exists()


def test_the_board_runs_constant_queries(
    client: Client, customer: User, potter: Member, django_assert_num_queries: Any
) -> None:
    for n in range(3):
        make_order(customer, title=f"Сувениры {n}")
    auth = bearer(potter.user)
    client.get("/api/v1/orders", **auth)
    # token, token last used, member, orders with proposal counts and "sent to me", industries
    with django_assert_num_queries(5):
        body = client.get("/api/v1/orders", **auth).json()
    assert len(body["results"]) == 3
    assert body["has_next"] is False
    assert set(body) == schema_props(client, "OrderPageOut")
    assert client.get("/api/v1/orders", **bearer(customer)).status_code == 404


def test_propose_compare_accept_and_the_race_loser_sees_a_conflict(
    client: Client, customer: User, potter: Member, carver: Member, photographer: Member
) -> None:
    order = make_order(customer)
    make_team(potter, carver)
    url = f"/api/v1/orders/{order.pk}/proposals"
    team: dict[str, Any] = {
        "price": "60000.00",
        "days": 20,
        "message": "Сделаем вместе",
        "team_name": "Сувениры Хибин",
        "shares": [
            {"member_id": potter.pk, "share": "60", "role": "керамика"},
            {"member_id": carver.pk, "share": "30"},
        ],
    }
    bad = post(client, url, team, bearer(potter.user))
    assert (bad.status_code, bad.json()["code"]) == (422, "shares_total")
    team["shares"][1]["share"] = "40"
    made = post(client, url, team, bearer(potter.user))
    assert made.status_code == 201
    assert [s["share"] for s in made.json()["shares"]] == ["60.00", "40.00"]
    again = post(client, url, team, bearer(potter.user))
    assert (again.status_code, again.json()["code"]) == (409, "proposal_exists")
    solo = post(
        client, url, {"price": "50000", "days": 10, "message": "Один"}, bearer(photographer.user)
    )
    compare = client.get(url, **bearer(customer)).json()
    assert {p["id"] for p in compare} == {made.json()["id"], solo.json()["id"]}
    assert [p["id"] for p in client.get(url, **bearer(photographer.user)).json()] == [
        solo.json()["id"]
    ]
    accept = f"/api/v1/orders/{order.pk}/proposals/{made.json()['id']}/accept"
    stranger = post(client, accept, {}, bearer(photographer.user))
    assert (stranger.status_code, stranger.json()["code"]) == (403, "not_your_order")
    assert post(client, accept, {}, bearer(customer)).json()["status"] == "accepted"
    late = post(
        client,
        f"/api/v1/orders/{order.pk}/proposals/{solo.json()['id']}/accept",
        {},
        bearer(customer),
    )
    assert (late.status_code, late.json()["code"]) == (409, "already_assigned")
    closed = post(client, url, {"price": "1", "days": 1, "message": "x"}, bearer(carver.user))
    assert (closed.status_code, closed.json()["code"]) == (409, "order_not_open")


def test_the_work_through_the_api(client: Client, customer: User, potter: Member) -> None:
    order = make_order(customer)
    answer = {"price": "50000", "days": 10, "message": "Сделаю"}
    made = post(client, f"/api/v1/orders/{order.pk}/proposals", answer, bearer(potter.user)).json()
    post(client, f"/api/v1/orders/{order.pk}/proposals/{made['id']}/accept", {}, bearer(customer))
    maker, buyer = bearer(potter.user), bearer(customer)
    actions = f"/api/v1/orders/{order.pk}/actions"
    assert post(client, actions, {"action": "start"}, maker).json()["status"] == "in_progress"
    wrong = post(client, actions, {"action": "start"}, maker)
    assert (wrong.status_code, wrong.json()["code"]) == (409, "wrong_state")
    message = post(client, f"/api/v1/orders/{order.pk}/messages", {"text": "Готовы образцы"}, maker)
    assert message.status_code == 201
    delivery = client.post(
        f"/api/v1/orders/{order.pk}/deliveries",
        {"note": "Готово", "files": [SimpleUploadedFile("итог.pdf", b"%PDF-1.5 ok")]},
        **maker,
    )
    assert delivery.status_code == 201, delivery.json()
    assert delivery.json()["files"][0]["name"] == "итог.pdf"
    assert (
        post(client, actions, {"action": "accept_delivery"}, buyer).json()["status"] == "accepted"
    )
    review = post(
        client, f"/api/v1/orders/{order.pk}/reviews", {"rating": 5, "text": "Спасибо"}, buyer
    )
    assert review.status_code == 201
    post(client, f"/api/v1/orders/{order.pk}/reviews", {"rating": 4}, maker)
    assert Order.objects.get(pk=order.pk).status == OrderStatus.CLOSED
    reviews = client.get(f"/api/v1/members/{potter.pk}/reviews", **buyer).json()
    assert (reviews["average"], reviews["count"]) == (5.0, 1)


def test_the_work_lists_run_constant_queries(
    client: Client, customer: User, potter: Member, django_assert_num_queries: Any
) -> None:
    from orders.services import (
        ProposalData,
        check_accept_proposal,
        check_deliver,
        check_post_message,
        check_submit_proposal,
        check_take_action,
    )

    orders = [make_order(customer, title=f"Сувениры {n}") for n in range(2)]
    chosen = check_submit_proposal(orders[0], potter, ProposalData(Decimal(5000), 5, "Сделаю"))
    check_accept_proposal(orders[0], chosen.pk, customer)
    order = Order.objects.get(pk=orders[0].pk)
    check_take_action(order, potter.user, "start")
    for text in ("Вопрос", "Ответ"):
        check_post_message(order, customer, text)
    check_deliver(order, potter.user, "Готово", [SimpleUploadedFile("a.txt", b"a")])
    auth = bearer(customer)
    base = f"/api/v1/orders/{order.pk}"
    # token, token last used, order (access), member of the caller, messages
    with django_assert_num_queries(5):
        assert len(client.get(f"{base}/messages", **auth).json()) == 2
    # token, token last used, order (access), member of the caller, deliveries, their files
    with django_assert_num_queries(6):
        assert client.get(f"{base}/deliveries", **auth).json()[0]["files"][0]["name"] == "a.txt"
    # token, token last used, member of the caller, order (access), proposals with authors
    # and towns, their shares with members
    with django_assert_num_queries(6):
        assert len(client.get(f"{base}/proposals", **auth).json()) == 1
    # token, token last used, my orders with proposal counts, their industries
    with django_assert_num_queries(4):
        assert len(client.get("/api/v1/me/orders", **auth).json()) == 2
    maker = bearer(potter.user)
    # token, token last used, member, routes with orders, their industries
    with django_assert_num_queries(5):
        assert len(client.get("/api/v1/me/routed-orders", **maker).json()) == 2
    # token, token last used, member (access) and its industries, review summary, reviews
    with django_assert_num_queries(6):
        client.get(f"/api/v1/members/{potter.pk}/reviews", **auth)
