from __future__ import annotations

from collections.abc import Callable
from typing import Any

import pytest
from django.test import Client

from core.services import do_create_api_token
from members.models import User
from support.tests.factories import make_measure, partner_measure

Login = Callable[..., Any]


@pytest.mark.parametrize("count", [10, 1000])
def test_the_catalogue_pages_with_constant_queries(
    count: int, reference_data: None, login: Login, django_assert_num_queries: Any
) -> None:
    for _number in range(count):
        make_measure(rules={"towns": ["kirovsk"]})
    client = login(None)
    # the kind filter needs no lookup; the page of measures with their partner members.
    with django_assert_num_queries(1):
        response = client.get("/api/v1/support/measures", {"kind": "grant", "open_now": True})
    body = response.json()
    assert response.status_code == 200
    assert len(body["results"]) == min(count, 50)
    assert body["has_next"] == (count > 50)
    assert body["results"][0]["rules"] == {"towns": ["kirovsk"]}
    assert body["results"][0]["is_open"] is True


def test_the_catalogue_refuses_unknown_filters_and_pages(
    reference_data: None, login: Login
) -> None:
    client = login(None)
    response = client.get("/api/v1/support/measures", {"town": "atlantis"})
    assert response.status_code == 422
    assert response.json()["code"] == "invalid_filter"
    response = client.get("/api/v1/support/measures", {"page": 3})
    assert response.status_code == 404
    assert response.json()["code"] == "page_not_found"


def test_a_draft_is_not_found_by_guests(reference_data: None, login: Login) -> None:
    draft = make_measure(status="draft")
    assert login(None).get(f"/api/v1/support/measures/{draft.pk}").status_code == 404


def test_eligibility_for_the_caller(resident: User, client_user: User, login: Login) -> None:
    fits = make_measure(rules={"towns": ["kirovsk"]})
    not_for_me = make_measure(rules={"min_jobs": 5})
    client = login(resident)
    body = client.get(f"/api/v1/support/measures/{fits.pk}/eligibility").json()
    assert body["eligible"] is True
    assert body["open"] is True
    assert len(body["reasons"]) == 1
    listed = client.get("/api/v1/support/for-me").json()
    assert [(row["measure"]["id"], row["eligible"]) for row in listed] == [
        (fits.pk, True),
        (not_for_me.pk, False),
    ]
    response = login(client_user).get("/api/v1/support/for-me")
    assert response.status_code == 403
    assert response.json()["code"] == "not_a_member"
    assert login(None).get("/api/v1/support/for-me").status_code == 401


@pytest.mark.parametrize("count", [10, 100])
def test_measures_for_me_costs_the_same_queries_for_10_and_100_measures(
    count: int, resident: User, login: Login, django_assert_num_queries: Any
) -> None:
    for number in range(count):
        make_measure(rules={"towns": ["kirovsk"], "min_jobs": number % 3})
    client = login(resident)
    # session, user, member (3); the member's industries, town and launched project (3); the
    # open measures with every field the answer shows (1); names of towns, industries and
    # groups (3).
    with django_assert_num_queries(10):
        response = client.get("/api/v1/support/for-me")
    assert response.status_code == 200
    assert len(response.json()) == count


def test_a_private_partner_is_named_only_to_curators_and_themself(
    cast: dict[str, User], login: Login
) -> None:
    partner = cast["partner"]
    partner.member.public_profile = False
    partner.member.save(update_fields=["public_profile"])
    measure = partner_measure(partner)
    own_id = partner.member.pk

    def shown(client: Client) -> set[int | None]:
        listed = client.get("/api/v1/support/measures").json()["results"]
        one = client.get(f"/api/v1/support/measures/{measure.pk}").json()
        return {row["provider_member_id"] for row in listed} | {one["provider_member_id"]}

    for role in ["curator", "superuser", "partner"]:
        assert shown(login(cast[role])) == {own_id}, role
    for role in ["resident", "producer", "client", "outsider"]:
        assert shown(login(cast[role])) == {None}, role
    assert shown(login(None)) == {None}
    token = do_create_api_token(partner, "t")[1]
    assert shown(Client(HTTP_AUTHORIZATION=f"Bearer {token}")) == {own_id}
    for_me = login(cast["resident"]).get("/api/v1/support/for-me").json()
    assert [row["measure"]["provider_member_id"] for row in for_me] == [None]
    partner.member.public_profile = True
    partner.member.save(update_fields=["public_profile"])
    assert shown(login(None)) == {own_id}


def test_a_private_partner_costs_one_lookup_of_the_caller_per_answer(
    partner: User, resident: User, login: Login, django_assert_num_queries: Any
) -> None:
    partner.member.public_profile = False
    partner.member.save(update_fields=["public_profile"])
    for _number in range(5):
        partner_measure(partner)
    client = login(resident)
    # session, user; the page of measures with their partner members; the caller's member
    # (once, not once per measure).
    with django_assert_num_queries(4):
        body = client.get("/api/v1/support/measures").json()
    assert [row["provider_member_id"] for row in body["results"]] == [None] * 5
