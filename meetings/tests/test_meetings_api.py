from __future__ import annotations

from datetime import timedelta
from typing import Any

from django.test import Client
from django.utils import timezone

from core.services import do_create_api_token
from events.models import Event
from meetings.models import MeetingRequest, MeetingSlot, Participant
from meetings.services import check_opt_in, do_publish_timetable
from members.models import User
from resources.services import ItemData, do_add_item


def bearer(user: User) -> dict[str, Any]:
    _token, key = do_create_api_token(user, "test")
    return {"HTTP_AUTHORIZATION": f"Bearer {key}"}


def post(client: Client, url: str, data: object, user: User) -> Any:
    return client.post(url, data, content_type="application/json", **bearer(user))


def test_the_meetings_journey_through_the_api(
    client: Client, fair: Event, resident: User, producer: User, curator: User
) -> None:
    base = f"/api/v1/events/{fair.pk}/meetings"
    me = post(client, f"{base}/participants", {}, resident)
    assert me.status_code == 201
    other = post(client, f"{base}/participants", {}, producer).json()
    slot = MeetingSlot.objects.filter(event=fair).first()
    assert slot is not None
    free = client.put(
        f"{base}/me/availability",
        {"slots": [slot.pk]},
        content_type="application/json",
        **bearer(resident),
    )
    assert free.json()["available"] == [slot.pk]
    request = post(
        client, f"{base}/requests", {"recipient": other["id"], "priority": 3}, resident
    ).json()
    assert request["status"] == "pending"
    answer = post(client, f"{base}/requests/{request['id']}/answer", {"accept": True}, producer)
    assert answer.json()["status"] == "accepted"
    built = post(client, f"{base}/timetable", {}, curator).json()
    assert built["meetings"] == 1
    assert built["total_weight"] == built["upper_bound"]
    do_publish_timetable(fair)
    agenda = client.get(f"{base}/agenda", **bearer(resident)).json()
    assert agenda[0]["with_participant"] == other["id"]
    assert agenda[0]["starts_at"].startswith(slot.starts_at.isoformat()[:16])


def test_bad_requests_answer_with_codes_and_change_nothing(
    client: Client, fair: Event, resident: User, producer: User
) -> None:
    base = f"/api/v1/events/{fair.pk}/meetings"
    me = check_opt_in(fair, resident)
    to_self = post(client, f"{base}/requests", {"recipient": me.pk}, resident)
    assert (to_self.status_code, to_self.json()["code"]) == (422, "self_request")
    stranger = post(client, f"{base}/requests", {"recipient": me.pk + 999}, resident)
    assert stranger.json()["code"] == "not_participant"
    assert not MeetingRequest.objects.exists()
    outside = client.put(
        f"{base}/me/availability",
        {"slots": [999999]},
        content_type="application/json",
        **bearer(resident),
    )
    assert (outside.status_code, outside.json()["code"]) == (422, "slot_outside_event")
    assert not Participant.objects.get(pk=me.pk).available.exists()


def test_people_without_a_place_cannot_opt_in(
    client: Client, fair: Event, client_user: User
) -> None:
    response = post(client, f"/api/v1/events/{fair.pk}/meetings/participants", {}, client_user)
    assert (response.status_code, response.json()["code"]) == (409, "not_registered")


def test_the_timetable_is_for_organisers_only(client: Client, fair: Event, resident: User) -> None:
    response = post(client, f"/api/v1/events/{fair.pk}/meetings/timetable", {}, resident)
    assert response.status_code == 404


def test_suggestions_come_with_reasons_and_skip_people_already_asked(
    client: Client, fair: Event, resident: User, producer: User, partner: User
) -> None:
    for user, offer, need in (
        (resident, "Гончарная школа: керамика и мастер-классы", "Магазин для продажи керамики"),
        (producer, "Магазин северных товаров: продаём керамику мастеров", "Новые мастера"),
        (partner, "Администрация города", "Праздники"),
    ):
        do_add_item(user.member, ItemData("offer", "other", offer, "members"))
        do_add_item(user.member, ItemData("need", "other", need, "members"))
    me, shop, _city = (check_opt_in(fair, u) for u in (resident, producer, partner))
    url = f"/api/v1/events/{fair.pk}/meetings/suggestions"
    body = client.get(url, **bearer(resident)).json()
    assert body[0]["participant"] == shop.pk
    assert body[0]["reasons"]
    MeetingRequest.objects.create(event=fair, requester=shop, recipient=me)
    assert shop.pk not in [s["participant"] for s in client.get(url, **bearer(resident)).json()]


def test_a_request_for_an_event_that_is_over_is_refused(
    client: Client, fair: Event, resident: User, producer: User
) -> None:
    _me, other = (check_opt_in(fair, u) for u in (resident, producer))
    length = fair.ends_at - fair.starts_at
    ends = timezone.now() - timedelta(minutes=1)
    Event.objects.filter(pk=fair.pk).update(starts_at=ends - length, ends_at=ends)
    url = f"/api/v1/events/{fair.pk}/meetings/requests"
    response = post(client, url, {"recipient": other.pk}, resident)
    assert (response.status_code, response.json()["code"]) == (409, "event_over")
    assert response.json()["message"]
    assert not MeetingRequest.objects.exists()


def test_free_slots_for_an_event_that_is_over_are_refused(
    client: Client, fair: Event, resident: User
) -> None:
    me = check_opt_in(fair, resident)
    slot = MeetingSlot.objects.filter(event=fair).first()
    assert slot is not None
    length = fair.ends_at - fair.starts_at
    ends = timezone.now() - timedelta(minutes=1)
    Event.objects.filter(pk=fair.pk).update(starts_at=ends - length, ends_at=ends)
    response = client.put(
        f"/api/v1/events/{fair.pk}/meetings/me/availability",
        {"slots": [slot.pk]},
        content_type="application/json",
        **bearer(resident),
    )
    assert (response.status_code, response.json()["code"]) == (409, "event_over")
    assert response.json()["message"]
    assert not me.available.exists()
