from __future__ import annotations

from collections.abc import Callable
from datetime import UTC, timedelta
from typing import Any

import pytest
from django.urls import reverse
from django.utils import timezone

from events.models import Audience, Event, EventKind, RegistrationStatus
from events.services import check_register, do_add_programme_day, do_add_session
from events.tests.factories import make_event
from members.models import User

HTMX = {"HTTP_HX_REQUEST": "true"}


@pytest.fixture
def future_event(db: None, curator: User) -> Event:
    starts = timezone.now() + timedelta(days=10)
    event = make_event(
        starts_at=starts,
        ends_at=starts + timedelta(days=1, hours=8),
        capacity=1,
        organisers=[curator],
        questions="Что вы хотите найти на выходных?",
    )
    saturday = timezone.localtime(starts).date()
    do_add_programme_day(event, saturday, "День продюсера")
    do_add_session(
        event,
        starts_at=starts,
        ends_at=starts + timedelta(hours=1),
        title="Как запустить продюсерский центр",
        room="Большой зал",
        speakers="Константин Гаранин",
    )
    return event


def test_the_event_page_shows_the_programme_in_moscow_time(
    future_event: Event, login: Callable[..., Any]
) -> None:
    response = login(None).get(reverse("events:detail", args=[future_event.pk]))
    assert response.status_code == 200
    content = response.content.decode()
    local = timezone.localtime(future_event.starts_at)
    assert local.utcoffset() == timedelta(hours=3)
    assert f"{local:%H:%M}" in content
    assert 'data-test="programme-day"' in content


def test_a_member_registers_with_answers_through_htmx(
    future_event: Event, resident: User, login: Callable[..., Any]
) -> None:
    url = reverse("events:register", args=[future_event.pk])
    response = login(resident).post(url, {"q0": "Партнёров"}, **HTMX)
    assert response.status_code == 200
    assert 'data-status="confirmed"' in response.content.decode()
    registration = future_event.registrations.get()
    assert registration.answers == {"Что вы хотите найти на выходных?": "Партнёров"}


def test_a_full_event_puts_the_next_person_on_the_waiting_list(
    future_event: Event, resident: User, producer: User, login: Callable[..., Any]
) -> None:
    check_register(future_event, resident)
    response = login(producer).post(reverse("events:register", args=[future_event.pk]), **HTMX)
    assert 'data-status="waiting"' in response.content.decode()
    assert future_event.registrations.get(user=producer).status == RegistrationStatus.WAITING


def test_registering_twice_shows_an_error_and_changes_nothing(
    future_event: Event, resident: User, login: Callable[..., Any]
) -> None:
    check_register(future_event, resident)
    response = login(resident).post(reverse("events:register", args=[future_event.pk]), **HTMX)
    assert 'data-error-code="already_registered"' in response.content.decode()
    assert future_event.registrations.count() == 1


def test_registering_past_the_window_shows_an_error(
    db: None, resident: User, login: Callable[..., Any]
) -> None:
    past = make_event(starts_at=timezone.now() - timedelta(days=1))
    response = login(resident).post(reverse("events:register", args=[past.pk]), **HTMX)
    assert 'data-error-code="registration_closed"' in response.content.decode()
    assert not past.registrations.exists()


def test_cancelling_promotes_the_waiting_person(
    future_event: Event, resident: User, producer: User, login: Callable[..., Any]
) -> None:
    check_register(future_event, resident)
    check_register(future_event, producer)
    response = login(resident).post(reverse("events:cancel", args=[future_event.pk]))
    assert response.status_code == 302
    assert future_event.registrations.get(user=producer).status == RegistrationStatus.CONFIRMED
    assert future_event.registrations.get(user=resident).status == RegistrationStatus.CANCELLED


def test_the_ticket_shows_the_code_as_a_qr_code(
    future_event: Event, resident: User, login: Callable[..., Any]
) -> None:
    registration = check_register(future_event, resident)
    response = login(resident).get(reverse("events:ticket", args=[future_event.pk]))
    content = response.content.decode()
    assert registration.code in content
    assert "<svg" in content


def test_the_calendar_file_follows_rfc_5545(future_event: Event, client: Any) -> None:
    response = client.get(reverse("events:ics", args=[future_event.pk]))
    assert response["Content-Type"].startswith("text/calendar")
    body = response.content.decode()
    assert body.startswith("BEGIN:VCALENDAR\r\n")
    assert body.endswith("END:VCALENDAR\r\n")
    start = future_event.starts_at.astimezone(UTC).strftime("%Y%m%dT%H%M%SZ")
    assert f"DTSTART:{start}\r\n" in body
    assert f"UID:event-{future_event.pk}@creative-cluster\r\n" in body
    assert "DTSTAMP:" in body
    assert all(len(line.encode()) <= 75 for line in body.split("\r\n"))


def test_invitation_only_events_are_hidden_from_others(
    db: None, resident: User, client_user: User, login: Callable[..., Any]
) -> None:
    event = make_event(
        starts_at=timezone.now() + timedelta(days=3),
        audience=Audience.INVITED,
        invited=[client_user],
    )
    url = reverse("events:detail", args=[event.pk])
    assert login(resident).get(url).status_code == 404
    assert login(None).get(url).status_code == 404
    assert login(client_user).get(url).status_code == 200


def test_the_event_list_runs_constant_queries(
    db: None, resident: User, login: Callable[..., Any], django_assert_num_queries: Any
) -> None:
    for days in (3, 10, -10):
        make_event(starts_at=timezone.now() + timedelta(days=days), kind=EventKind.MEETUP)
    client = login(resident)
    # session, user, unread notifications, cluster settings (base page);
    # upcoming events with town, series and confirmed count; past events
    with django_assert_num_queries(6):
        response = client.get(reverse("events:list"))
    assert response.status_code == 200
    assert len(response.context["upcoming"]) == 2


def test_my_registrations_list_runs_constant_queries(
    db: None, resident: User, login: Callable[..., Any], django_assert_num_queries: Any
) -> None:
    for days in (3, 10, 20):
        check_register(make_event(starts_at=timezone.now() + timedelta(days=days)), resident)
    client = login(resident)
    # session, user, unread notifications, cluster settings (base page);
    # registrations with their events and towns
    with django_assert_num_queries(5):
        response = client.get(reverse("events:mine"))
    assert response.content.decode().count('data-status="confirmed"') == 3


def test_a_pitch_slot_links_to_its_project(
    future_event: Event, resident: User, login: Callable[..., Any]
) -> None:
    from projects.models import Project

    project = Project.objects.create(
        title="Продюсерский центр при гончарной школе", owner=resident.member
    )
    do_add_session(
        future_event,
        starts_at=future_event.starts_at + timedelta(hours=2),
        ends_at=future_event.starts_at + timedelta(hours=3),
        title="Питч",
        is_pitch=True,
        project=project,
    )
    page = login(None).get(reverse("events:detail", args=[future_event.pk])).content.decode()
    assert reverse("projects:detail", args=[project.pk]) in page
    body = login(None).get(f"/api/v1/events/{future_event.pk}").json()
    assert [s["project_id"] for s in body["sessions"]] == [None, project.pk]
