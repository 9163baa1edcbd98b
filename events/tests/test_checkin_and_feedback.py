from __future__ import annotations

import io
import re
from collections.abc import Callable
from datetime import timedelta
from typing import Any

import pytest
from django.core import mail
from django.core.management import call_command
from django.urls import reverse
from django.utils import timezone

from events.models import Event, Feedback, Registration
from events.services import (
    EventError,
    check_check_in,
    check_register,
    check_submit_feedback,
    do_send_due_reminders,
)
from events.tests.factories import make_event
from members.models import User

HTMX = {"HTTP_HX_REQUEST": "true"}


@pytest.fixture
def soon(db: None, curator: User) -> Event:
    return make_event(starts_at=timezone.now() + timedelta(hours=5), organisers=[curator])


def outcome(response: Any) -> tuple[str, str]:
    content = response.content.decode()
    assert 'id="checkin-result"' in content
    match = re.search(r'data-outcome="([a-z_]*)"(?: data-error-code="([a-z_]+)")?', content)
    assert match is not None
    return match.group(1), match.group(2) or ""


def test_a_curator_checks_in_by_typed_code(
    soon: Event, resident: User, curator: User, login: Callable[..., Any]
) -> None:
    registration = check_register(soon, resident)
    client = login(curator)
    url = reverse("events:checkin", args=[soon.pk])
    typed = f" {registration.code[:3].lower()}-{registration.code[3:]} "
    assert outcome(client.post(url, {"code": typed}, **HTMX)) == ("checked_in", "")
    assert outcome(client.post(url, {"code": registration.code}, **HTMX)) == ("already", "")
    registration.refresh_from_db()
    assert registration.checked_in_at is not None
    assert registration.checked_in_by == curator


def test_cyrillic_look_alikes_typed_on_a_russian_keyboard_are_understood(
    soon: Event, resident: User, curator: User
) -> None:
    registration = check_register(soon, resident)
    registration.code = "AB3KMH"
    registration.save(update_fields=["code"])
    assert not check_check_in(soon, "аВ3кмн", curator).already


def test_a_code_from_another_event_is_refused(
    soon: Event, resident: User, curator: User, login: Callable[..., Any]
) -> None:
    other = make_event(starts_at=soon.starts_at + timedelta(days=7))
    registration = check_register(other, resident)
    url = reverse("events:checkin", args=[soon.pk])
    response = login(curator).post(url, {"code": registration.code}, **HTMX)
    assert outcome(response) == ("error", "other_event")
    registration.refresh_from_db()
    assert registration.checked_in_at is None


@pytest.mark.parametrize("code", ["ZZZZZZ", ""])
def test_unknown_or_empty_codes_are_refused(
    soon: Event, curator: User, login: Callable[..., Any], code: str
) -> None:
    url = reverse("events:checkin", args=[soon.pk])
    response = login(curator).post(url, {"code": code}, **HTMX)
    assert outcome(response)[0] == "error"
    assert not Registration.objects.filter(checked_in_at__isnull=False).exists()


def test_people_on_the_waiting_list_cannot_check_in(
    db: None, resident: User, producer: User, curator: User
) -> None:
    event = make_event(starts_at=timezone.now() + timedelta(hours=5), capacity=1)
    check_register(event, resident)
    waiting = check_register(event, producer)
    with pytest.raises(EventError) as error:
        check_check_in(event, waiting.code, curator)
    assert error.value.code == "not_confirmed"


def test_walk_ins_are_recorded_as_attended(
    soon: Event, curator: User, login: Callable[..., Any]
) -> None:
    url = reverse("events:checkin", args=[soon.pk])
    response = login(curator).post(url, {"action": "walk_in", "name": "Мария Иванова"}, **HTMX)
    assert outcome(response) == ("walk_in", "")
    walk_in = soon.registrations.get()
    assert walk_in.is_walk_in
    assert walk_in.checked_in_at is not None
    assert walk_in.user is None


def test_the_check_in_page_has_a_big_autofocused_input(
    soon: Event, curator: User, login: Callable[..., Any]
) -> None:
    content = login(curator).get(reverse("events:checkin", args=[soon.pk])).content.decode()
    assert 'name="code"' in content
    assert "autofocus" in content
    assert "hx-post" in content


def test_attendees_leave_feedback_once_after_the_event(
    db: None, resident: User, curator: User, login: Callable[..., Any]
) -> None:
    event = make_event(starts_at=timezone.now() + timedelta(hours=1), organisers=[curator])
    registration = check_register(event, resident)
    check_check_in(event, registration.code, curator)
    with pytest.raises(EventError) as error:
        check_submit_feedback(registration, 5, 4)
    assert error.value.code == "event_not_over"
    Event.objects.filter(pk=event.pk).update(
        starts_at=timezone.now() - timedelta(hours=3), ends_at=timezone.now() - timedelta(hours=1)
    )
    client = login(resident)
    url = reverse("events:feedback", args=[event.pk])
    response = client.post(url, {"rating": "5", "usefulness": "4", "text": "Нашла партнёров"})
    assert response.status_code == 302
    assert Feedback.objects.get().rating == 5
    client.post(url, {"rating": "1", "usefulness": "1"})
    assert Feedback.objects.count() == 1
    manage = login(curator).get(reverse("events:manage", args=[event.pk])).content.decode()
    assert 'data-figure="rating">5.0<' in manage.replace(",", ".")
    assert 'data-rating="5"' in manage


def test_people_who_did_not_attend_cannot_leave_feedback(db: None, resident: User) -> None:
    event = make_event(starts_at=timezone.now() + timedelta(hours=1))
    registration = check_register(event, resident)
    Event.objects.filter(pk=event.pk).update(
        starts_at=timezone.now() - timedelta(hours=3), ends_at=timezone.now() - timedelta(hours=1)
    )
    registration.refresh_from_db()
    with pytest.raises(EventError) as error:
        check_submit_feedback(registration, 5, 5)
    assert error.value.code == "not_attended"


def test_reminders_go_once_per_registration(
    soon: Event, resident: User, producer: User, django_capture_on_commit_callbacks: Any
) -> None:
    later = make_event(starts_at=timezone.now() + timedelta(days=5))
    check_register(soon, resident)
    check_register(later, producer)
    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        assert do_send_due_reminders() == 1
        call_command("send_event_reminders", stdout=io.StringIO())
        assert do_send_due_reminders() == 0
    assert [m.to for m in mail.outbox] == [[resident.email]]
    assert mail.outbox[0].attachments[0][0].endswith(".ics")


def test_attendees_are_asked_for_feedback(
    soon: Event, resident: User, producer: User, curator: User, login: Callable[..., Any]
) -> None:
    came = check_register(soon, resident)
    check_register(soon, producer)
    check_check_in(soon, came.code, curator)
    Event.objects.filter(pk=soon.pk).update(
        starts_at=timezone.now() - timedelta(hours=3), ends_at=timezone.now() - timedelta(hours=1)
    )
    response = login(curator).post(
        reverse("events:manage", args=[soon.pk]), {"action": "ask_feedback"}
    )
    assert response.status_code == 302
    feedback_url = reverse("events:feedback", args=[soon.pk])
    assert resident.notifications.filter(url=feedback_url).exists()
    assert not producer.notifications.filter(url=feedback_url).exists()


def test_the_organisers_page_runs_constant_queries(
    soon: Event,
    resident: User,
    producer: User,
    partner: User,
    curator: User,
    login: Callable[..., Any],
    django_assert_num_queries: Any,
) -> None:
    for user in (resident, producer, partner):
        check_register(soon, user)
    client = login(curator)
    # session, user, event with town (a curator needs no organiser check); figures: counts,
    # ratings; unread notifications, cluster settings (base page); registrations with
    # people and feedback; feedback with people
    with django_assert_num_queries(9):
        response = client.get(reverse("events:manage", args=[soon.pk]))
    assert response.content.decode().count("<tr data-status=") == 3
