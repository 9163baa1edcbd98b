from __future__ import annotations

from collections.abc import Callable
from datetime import UTC, datetime, timedelta
from typing import Any

from django.urls import reverse
from django.utils import timezone

from events.models import Event
from events.tests.factories import make_event
from meetings.models import Meeting, MeetingRequest, MeetingSlot, Participant, RequestStatus
from meetings.queries import slots_of
from meetings.services import (
    check_answer_request,
    check_opt_in,
    check_request_meeting,
    do_build_timetable,
    do_publish_timetable,
)
from members.models import User


def test_participants_opt_in_request_and_answer_through_the_pages(
    fair: Event, resident: User, producer: User, login: Callable[..., Any]
) -> None:
    alice, bob = login(resident), login(producer)
    for client in (alice, bob):
        assert client.post(reverse("meetings:opt_in", args=[fair.pk])).status_code == 302
    bob_p = Participant.objects.get(user=producer)
    page = alice.get(reverse("meetings:event", args=[fair.pk])).content.decode()
    assert f'data-participant-id="{bob_p.pk}"' in page
    alice.post(
        reverse("meetings:request", args=[fair.pk]),
        {"recipient": bob_p.pk, "note": "Сувениры в ваш магазин", "priority": 3},
    )
    request = MeetingRequest.objects.get()
    assert (request.priority, request.note) == (3, "Сувениры в ваш магазин")
    bob.post(reverse("meetings:answer", args=[fair.pk]), {"request": request.pk, "accept": "on"})
    request.refresh_from_db()
    assert request.status == RequestStatus.ACCEPTED


def test_a_request_to_oneself_changes_nothing(
    fair: Event, resident: User, login: Callable[..., Any]
) -> None:
    client = login(resident)
    client.post(reverse("meetings:opt_in", args=[fair.pk]))
    me = Participant.objects.get(user=resident)
    url = reverse("meetings:request", args=[fair.pk])
    response = client.post(url, {"recipient": me.pk, "priority": 2})
    assert response.status_code == 302
    assert not MeetingRequest.objects.exists()


def test_someone_elses_request_cannot_be_answered(
    fair: Event, resident: User, producer: User, partner: User, login: Callable[..., Any]
) -> None:
    a, b, _c = (check_opt_in(fair, u) for u in (resident, producer, partner))
    request = check_request_meeting(a, b.pk)
    response = login(partner).post(
        reverse("meetings:answer", args=[fair.pk]), {"request": request.pk, "accept": "on"}
    )
    assert response.status_code == 404
    request.refresh_from_db()
    assert request.status == RequestStatus.PENDING


def _built(fair: Event, resident: User, producer: User, partner: User) -> None:
    a, b, c = (check_opt_in(fair, u) for u in (resident, producer, partner))
    for x, y in ((a, b), (a, c), (b, c)):
        check_answer_request(check_request_meeting(x, y.pk), y, accept=True)
    do_build_timetable(fair, time_limit=1)


def test_the_organiser_builds_and_publishes_and_everyone_sees_their_agenda(
    fair: Event,
    resident: User,
    producer: User,
    partner: User,
    curator: User,
    login: Callable[..., Any],
) -> None:
    a, b, c = (check_opt_in(fair, u) for u in (resident, producer, partner))
    for x, y in ((a, b), (a, c), (b, c)):
        check_answer_request(check_request_meeting(x, y.pk), y, accept=True)
    organiser = login(curator)
    url = reverse("meetings:timetable", args=[fair.pk])
    assert organiser.post(url, {"action": "build"}).status_code == 302
    assert Meeting.objects.count() == 3
    agenda_url = reverse("meetings:agenda", args=[fair.pk])
    assert 'id="agenda-empty"' in login(resident).get(agenda_url).content.decode()
    organiser.post(url, {"action": "publish"})
    for user in (resident, producer, partner):
        page = login(user).get(agenda_url).content.decode()
        assert page.count("data-meeting-slot=") == 2
    ics = login(resident).get(reverse("meetings:agenda_ics", args=[fair.pk])).content.decode()
    assert ics.count("BEGIN:VEVENT") == 2
    printed = login(resident).get(reverse("meetings:agenda_print", args=[fair.pk]))
    assert printed.status_code == 200
    tables = organiser.get(reverse("meetings:tables_print", args=[fair.pk])).content.decode()
    assert tables.count('class="cc-page"') == 2


def test_setup_refuses_slots_outside_the_event(
    fair: Event, curator: User, login: Callable[..., Any]
) -> None:
    response = login(curator).post(
        reverse("meetings:setup", args=[fair.pk]),
        {
            "tables": 4,
            "date": "2099-01-01",
            "first_slot": "10:00",
            "slot_count": 3,
            "slot_minutes": 20,
            "break_minutes": 5,
        },
    )
    assert response.status_code == 200
    assert response.context["form"].errors
    assert MeetingSlot.objects.filter(event=fair).count() == 3


def test_the_timetable_page_runs_constant_queries(
    fair: Event,
    resident: User,
    producer: User,
    partner: User,
    curator: User,
    login: Callable[..., Any],
    django_assert_num_queries: Any,
) -> None:
    _built(fair, resident, producer, partner)
    client = login(curator)
    # session, user, unread notifications, cluster settings (base page); event with town;
    # meeting plan; meetings with slots and both people's members; participant count
    with django_assert_num_queries(8):
        response = client.get(reverse("meetings:timetable", args=[fair.pk]))
    assert len(response.context["meetings"]) == 3


def test_the_agenda_page_runs_constant_queries(
    fair: Event,
    resident: User,
    producer: User,
    partner: User,
    login: Callable[..., Any],
    django_assert_num_queries: Any,
) -> None:
    _built(fair, resident, producer, partner)
    do_publish_timetable(fair)
    client = login(resident)
    # session, user, unread notifications, cluster settings (base page); event with town and
    # series; meeting plan; the participant, their free slots; meetings with both people
    with django_assert_num_queries(9):
        response = client.get(reverse("meetings:agenda", args=[fair.pk]))
    assert len(response.context["items"]) == 2


def test_slots_typed_in_moscow_time_are_stored_in_utc(
    db: None, curator: User, login: Callable[..., Any]
) -> None:
    starts = datetime(2027, 4, 17, 7, 0, tzinfo=UTC)  # 10:00 in Monchegorsk
    event = make_event(starts_at=starts, organisers=[curator])
    setup_page = login(curator).get(reverse("meetings:setup", args=[event.pk]))
    assert setup_page.context["form"].initial["first_slot"].strftime("%H:%M") == "10:00"
    response = login(curator).post(
        reverse("meetings:setup", args=[event.pk]),
        {
            "tables": 4,
            "date": "2027-04-17",
            "first_slot": "11:00",
            "slot_count": 2,
            "slot_minutes": 20,
            "break_minutes": 5,
        },
    )
    assert response.status_code == 302
    starts_utc = [s.starts_at.astimezone(UTC).strftime("%H:%M") for s in slots_of(event)]
    assert starts_utc == ["08:00", "08:25"]


def test_the_participants_page_runs_constant_queries(
    fair: Event,
    resident: User,
    producer: User,
    partner: User,
    login: Callable[..., Any],
    django_assert_num_queries: Any,
) -> None:
    a, b, _c = (check_opt_in(fair, u) for u in (resident, producer, partner))
    check_request_meeting(b, a.pk)
    client = login(resident)
    # session, user, event with town and series, meeting plan, the participant, their free
    # slots; participants with members and towns; the matching index's changes (built by the
    # request above); slots; requests with both people; whose profiles the resident may see
    # (suggestions); unread notifications, cluster settings (base page)
    with django_assert_num_queries(13):
        response = client.get(reverse("meetings:event", args=[fair.pk]))
    assert len(response.context["others"]) == 2


def test_after_the_event_the_page_offers_no_requests_and_refuses_them(
    fair: Event, resident: User, producer: User, login: Callable[..., Any]
) -> None:
    _me, other = check_opt_in(fair, resident), check_opt_in(fair, producer)
    length = fair.ends_at - fair.starts_at
    ends = timezone.now() - timedelta(minutes=1)
    Event.objects.filter(pk=fair.pk).update(starts_at=ends - length, ends_at=ends)
    alice = login(resident)
    page = alice.get(reverse("meetings:event", args=[fair.pk])).content.decode()
    assert 'id="meetings-over"' in page
    assert 'data-test="request-form"' not in page
    response = alice.post(reverse("meetings:request", args=[fair.pk]), {"recipient": other.pk})
    assert response.status_code == 302
    assert not MeetingRequest.objects.exists()


def test_after_the_event_the_page_offers_no_free_slots_and_refuses_them(
    fair: Event, resident: User, login: Callable[..., Any]
) -> None:
    me = check_opt_in(fair, resident)
    slot = slots_of(fair).first()
    assert slot is not None
    length = fair.ends_at - fair.starts_at
    ends = timezone.now() - timedelta(minutes=1)
    Event.objects.filter(pk=fair.pk).update(starts_at=ends - length, ends_at=ends)
    alice = login(resident)
    page = alice.get(reverse("meetings:event", args=[fair.pk])).content.decode()
    assert 'id="meetings-over"' in page
    assert 'id="availability"' not in page
    response = alice.post(reverse("meetings:availability", args=[fair.pk]), {"slots": [slot.pk]})
    assert response.status_code == 302
    assert not me.available.exists()
    page = alice.get(response["Location"]).content.decode()
    assert "Ваши свободные слоты сохранены." not in page
    assert page.count("Мероприятие закончилось") == 2  # the refusal and the page's notice
