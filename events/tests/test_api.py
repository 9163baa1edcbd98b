from __future__ import annotations

from collections.abc import Callable
from datetime import timedelta
from typing import Any

import pytest
from django.test import Client
from django.utils import timezone

from core.services import do_create_api_token
from events.models import Event, RegistrationStatus
from events.services import check_register
from events.tests.factories import make_event
from members.models import User


def bearer(user: User) -> dict[str, Any]:
    _token, key = do_create_api_token(user, "test")
    return {"HTTP_AUTHORIZATION": f"Bearer {key}"}


@pytest.fixture
def upcoming(db: None, curator: User) -> Event:
    return make_event(
        starts_at=timezone.now() + timedelta(days=7), capacity=1, organisers=[curator]
    )


def schema_props(client: Client, name: str) -> set[str]:
    schema = client.get("/api/v1/openapi.json").json()
    return set(schema["components"]["schemas"][name]["properties"])


def test_the_event_list_matches_the_schema_in_constant_queries(
    client: Client, upcoming: Event, django_assert_num_queries: Any
) -> None:
    make_event(starts_at=timezone.now() + timedelta(days=9))
    # events with town, series and confirmed count
    with django_assert_num_queries(1):
        body = client.get("/api/v1/events").json()
    assert body[0]["id"] == upcoming.pk
    assert set(body[0]) == schema_props(client, "EventOut")


def test_register_then_waiting_list_then_promotion(
    client: Client, upcoming: Event, resident: User, producer: User
) -> None:
    url = f"/api/v1/events/{upcoming.pk}/registration"
    first = client.post(url, {}, content_type="application/json", **bearer(resident))
    assert first.status_code == 201
    assert first.json()["status"] == "confirmed"
    assert len(first.json()["code"]) == 6
    second = client.post(url, {}, content_type="application/json", **bearer(producer))
    assert second.json() | {"registered_at": None} == second.json() | {
        "status": "waiting",
        "code": None,
        "waiting_position": 1,
        "registered_at": None,
    }
    assert set(second.json()) == schema_props(client, "RegistrationOut")
    again = client.post(url, {}, content_type="application/json", **bearer(resident))
    assert (again.status_code, again.json()["code"]) == (409, "already_registered")
    cancelled = client.delete(url, **bearer(resident))
    assert cancelled.json() == {"status": "cancelled", "promoted": 1}
    assert upcoming.registrations.get(user=producer).status == RegistrationStatus.CONFIRMED


def test_check_in_codes_are_checked_against_the_event(
    client: Client, upcoming: Event, resident: User, curator: User
) -> None:
    other = make_event(starts_at=upcoming.starts_at + timedelta(days=1), organisers=[curator])
    registration = check_register(other, resident)
    url = f"/api/v1/events/{upcoming.pk}/check-ins"
    response = client.post(
        url, {"code": registration.code}, content_type="application/json", **bearer(curator)
    )
    assert (response.status_code, response.json()["code"]) == (422, "other_event")
    assert "code" in response.json()["details"]
    ok = client.post(
        f"/api/v1/events/{other.pk}/check-ins",
        {"code": registration.code.lower()},
        content_type="application/json",
        **bearer(curator),
    )
    assert ok.status_code == 200
    assert ok.json()["already"] is False


def test_only_organisers_check_in(client: Client, upcoming: Event, resident: User) -> None:
    response = client.post(
        f"/api/v1/events/{upcoming.pk}/check-ins",
        {"code": "ABCDEF"},
        content_type="application/json",
        **bearer(resident),
    )
    assert (response.status_code, response.json()["code"]) == (404, "not_found")


def test_registration_needs_authentication(client: Client, upcoming: Event) -> None:
    response = client.post(f"/api/v1/events/{upcoming.pk}/registration", {}, "application/json")
    assert response.status_code == 401


def test_event_detail_has_the_programme(
    client: Client, upcoming: Event, login: Callable[..., Any]
) -> None:
    body = client.get(f"/api/v1/events/{upcoming.pk}").json()
    assert body["days"] == []
    assert body["sessions"] == []
    assert body["questions"] == []
    assert set(body) == schema_props(client, "EventDetailOut")
