"""What the event pages say about places and the person's own registration."""

from __future__ import annotations

from collections.abc import Callable
from datetime import timedelta
from typing import Any

import pytest
from django.urls import reverse
from django.utils import timezone

from events.models import Event, Registration
from events.services import check_cancel_registration, check_register
from events.tests.factories import make_event
from members.models import User

HTMX = {"HTTP_HX_REQUEST": "true"}


@pytest.fixture
def one_place(db: None, curator: User) -> Event:
    return make_event(
        starts_at=timezone.now() + timedelta(days=10), capacity=1, organisers=[curator]
    )


def test_a_full_event_offers_the_waiting_list_before_the_tap(
    one_place: Event, resident: User, producer: User, login: Callable[..., Any]
) -> None:
    client = login(producer)
    page = client.get(reverse("events:detail", args=[one_place.pk])).content.decode()
    assert 'data-test="places-left"' in page
    assert 'data-test="event-full"' not in page
    check_register(one_place, resident)
    page = client.get(reverse("events:detail", args=[one_place.pk])).content.decode()
    assert 'data-test="event-full"' in page
    assert 'data-action="join-waiting-list"' in page
    cards = client.get(reverse("events:list")).content.decode()
    assert 'data-test="event-full"' in cards


def test_after_a_promotion_the_page_shows_only_the_registration(
    one_place: Event, resident: User, producer: User, login: Callable[..., Any]
) -> None:
    check_register(one_place, resident)
    client = login(producer)
    response = client.post(reverse("events:register", args=[one_place.pk]), **HTMX)
    assert 'data-status="waiting"' in response.content.decode()
    check_cancel_registration(one_place.registrations.get(user=resident))
    response = client.get(reverse("events:detail", args=[one_place.pk]))
    assert 'data-status="confirmed"' in response.content.decode()
    # The waiting-list news of the earlier tap is not shown beside the confirmed place.
    assert list(response.context["messages"]) == []


def test_past_events_and_other_years_show_the_year(
    db: None, resident: User, login: Callable[..., Any]
) -> None:
    now = timezone.localtime()
    past = make_event(starts_at=now - timedelta(days=3), title="Прошедшее")
    soon = make_event(starts_at=now + timedelta(hours=2), title="Скорое")
    page = login(resident).get(reverse("events:list")).content.decode()
    assert f"{timezone.localtime(past.starts_at).year}, " in _card(page, past)
    if timezone.localtime(soon.ends_at).year == now.year:
        assert f"{now.year}" not in _card(page, soon)
    detail = login(resident).get(reverse("events:detail", args=[past.pk])).content.decode()
    assert f"{timezone.localtime(past.starts_at).year}" in _between(
        detail, 'id="event-when"', "</p>"
    )


def _card(page: str, event: Event) -> str:
    return _between(page, f'data-event-id="{event.pk}"', "</a>")


def _between(page: str, start: str, end: str) -> str:
    begin = page.index(start)
    return page[begin : page.index(end, begin)]


def test_a_one_day_event_writes_its_day_once(db: None, login: Callable[..., Any]) -> None:
    starts = timezone.localtime().replace(hour=10, minute=0) + timedelta(days=1)
    event = make_event(starts_at=starts, ends_at=starts + timedelta(hours=8))
    page = login(None).get(reverse("events:detail", args=[event.pk])).content.decode()
    when = _between(page, 'id="event-when">', "</p>")
    assert when.count(f"{starts.day} ") == 1
    assert "10:00–18:00" in when


def test_once_the_event_has_begun_or_the_person_came_no_cancel_is_offered(
    one_place: Event, resident: User, curator: User, login: Callable[..., Any]
) -> None:
    registration = check_register(one_place, resident)
    client = login(resident)
    url = reverse("events:detail", args=[one_place.pk])
    assert 'id="cancel-registration"' in client.get(url).content.decode()
    # Checked in at the door before the start: the place is used, not given back.
    Registration.objects.filter(pk=registration.pk).update(checked_in_at=timezone.now())
    page = client.get(url).content.decode()
    assert 'id="cancel-registration"' not in page
    assert "Ваш приход отмечен." in page
    response = client.post(reverse("events:cancel", args=[one_place.pk]), **HTMX)
    assert 'data-error-code="checked_in"' in response.content.decode()
    assert Registration.objects.get(pk=registration.pk).is_confirmed
    # Over and not checked in: the page says so instead of offering a button that fails.
    Registration.objects.filter(pk=registration.pk).update(checked_in_at=None)
    past = timezone.now() - timedelta(days=1)
    Event.objects.filter(pk=one_place.pk).update(starts_at=past, ends_at=past + timedelta(hours=2))
    page = client.get(url).content.decode()
    assert 'id="cancel-registration"' not in page
    assert "Мероприятие прошло." in page
    assert not Registration.objects.get(pk=registration.pk).can_cancel
