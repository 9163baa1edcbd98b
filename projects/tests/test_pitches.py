"""Pitches at events, from the page and the API: the event → pitch → partner interest chain."""

from __future__ import annotations

from collections.abc import Callable
from datetime import UTC, date, datetime, timedelta
from typing import Any

import pytest
from django.test import Client
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.formats import date_format

from core.services import do_create_api_token
from events.models import Audience, Event
from events.tests.factories import make_event
from members.models import User
from projects.models import Pitch, Project
from projects.services import check_record_pitch
from projects.tests.factories import project_at


def api(user: User) -> Client:
    _token, key = do_create_api_token(user, "test")
    return Client(HTTP_AUTHORIZATION=f"Bearer {key}")


def soon(**fields: Any) -> Event:
    """Return an event starting in ten days, for two days."""
    starts = timezone.now() + timedelta(days=10)
    return make_event(starts_at=starts, ends_at=starts + timedelta(days=2), **fields)


@pytest.fixture
def pitched(producer: User) -> Project:
    return project_at("pitch", producer)


def test_a_pitch_at_an_upcoming_event_saves_from_the_page(
    pitched: Project, producer: User, login: Callable[..., Any]
) -> None:
    event = soon(title="Творческий уикенд")
    response = login(producer).post(
        reverse("projects:add_pitch", args=[pitched.pk]),
        {"event": str(event.pk), "held_on": "", "note": "Набор сувениров"},
        follow=True,
    )
    assert response.status_code == 200
    assert [m.level_tag for m in response.context["messages"]] == []
    pitch = Pitch.objects.get(project=pitched)
    # No date given: the pitch is on the event's first day, not today.
    assert (pitch.event, pitch.held_on) == (event, timezone.localdate(event.starts_at))
    assert f'href="{reverse("events:detail", args=[event.pk])}"' in response.content.decode()


def test_the_event_and_pitch_choices_read_as_a_title_and_a_day_in_words(
    pitched: Project, producer: User, partner: User, login: Callable[..., Any]
) -> None:
    # 10:00 in Moscow on 1 December 2099.
    event = make_event(
        title="Творческий уикенд",
        starts_at=datetime(2099, 12, 1, 7, tzinfo=UTC),
        ends_at=datetime(2099, 12, 2, 15, tzinfo=UTC),
    )
    page = login(producer).get(reverse("projects:detail", args=[pitched.pk]))
    labels = dict(page.context["pitch_form"].fields["event"].choices)
    assert labels[event.pk] == "Творческий уикенд, 1 декабря 2099"
    assert "Творческий уикенд, 1 декабря 2099</option>" in page.content.decode()

    check_record_pitch(pitched, producer, event=event)
    check_record_pitch(pitched, producer, held_on=date(2099, 11, 20))
    page = login(partner).get(reverse("projects:detail", args=[pitched.pk]))
    pitch_labels = [
        label for _value, label in page.context["interest_form"].fields["pitch"].choices
    ]
    assert pitch_labels[1] == "Творческий уикенд, 1 декабря 2099"
    assert str(pitch_labels[2]).endswith(", 20 ноября 2099")
    assert "@" not in str(pitch_labels[2])


def test_an_event_long_over_or_hidden_is_refused_on_the_page_and_in_the_api(
    pitched: Project, producer: User, login: Callable[..., Any]
) -> None:
    long_over = make_event(starts_at=timezone.now() - timedelta(days=400))
    invited_only = soon(audience=Audience.INVITED)
    for event in (long_over, invited_only):
        response = login(producer).post(
            reverse("projects:add_pitch", args=[pitched.pk]), {"event": str(event.pk)}, follow=True
        )
        assert [m.level_tag for m in response.context["messages"]] == ["error"]
        answer = api(producer).post(
            f"/api/v1/projects/{pitched.pk}/pitches",
            {"event_id": event.pk},
            content_type="application/json",
        )
        assert (answer.status_code, answer.json()["code"]) == (422, "invalid_event")
    missing = api(producer).post(
        f"/api/v1/projects/{pitched.pk}/pitches",
        {"event_id": 999999},
        content_type="application/json",
    )
    assert (missing.status_code, missing.json()["code"]) == (422, "invalid_event")
    assert not Pitch.objects.exists()


def test_the_api_ties_a_pitch_to_a_current_event_on_one_of_its_days(
    pitched: Project, producer: User
) -> None:
    now = timezone.now()
    current = make_event(starts_at=now - timedelta(days=1), ends_at=now + timedelta(days=1))
    client = api(producer)
    url = f"/api/v1/projects/{pitched.pk}/pitches"
    saved = client.post(url, {"event_id": current.pk}, content_type="application/json")
    assert saved.status_code == 201
    assert (saved.json()["event_id"], saved.json()["held_on"]) == (
        current.pk,
        timezone.localdate().isoformat(),
    )
    outside = client.post(
        url,
        {"event_id": current.pk, "held_on": (timezone.localdate() + timedelta(days=5)).isoformat()},
        content_type="application/json",
    )
    assert (outside.status_code, outside.json()["code"]) == (422, "date_outside_event")
    assert Pitch.objects.count() == 1


def test_a_past_event_can_be_chosen_latest_first(
    pitched: Project, producer: User, login: Callable[..., Any]
) -> None:
    # The March weekend where the pitches happened, recorded eight months later.
    march = make_event(
        title="Креативные выходные",
        starts_at=timezone.now() - timedelta(days=240),
        ends_at=timezone.now() - timedelta(days=239),
    )
    coming = soon(title="Творческий уикенд")
    page = login(producer).get(reverse("projects:detail", args=[pitched.pk]))
    events = [pk for pk, _label in page.context["pitch_form"].fields["event"].choices if pk]
    assert events == [coming.pk, march.pk]
    response = login(producer).post(
        reverse("projects:add_pitch", args=[pitched.pk]), {"event": str(march.pk)}, follow=True
    )
    assert [m.level_tag for m in response.context["messages"]] == []
    pitch = Pitch.objects.get(project=pitched)
    assert (pitch.event, pitch.held_on) == (march, timezone.localdate(march.ends_at))


def test_a_pitch_counts_for_the_stage_only_once_its_day_has_come(
    pitched: Project, producer: User, login: Callable[..., Any]
) -> None:
    from projects.tests.factories import add_confirmed

    add_confirmed(pitched, producer)
    event = soon(title="Творческий уикенд")
    pitch = check_record_pitch(pitched, producer, event=event)
    with translation.override("ru"):
        day = date_format(pitch.held_on, "j E")
    page = login(producer).get(reverse("projects:detail", args=[pitched.pk]))
    [move] = page.context["moves"]
    rule = next(r for r in move[0].requirements if r.code == "needs_pitch")
    assert not rule.met
    assert move[0].blocked
    content = page.content.decode()
    checklist = content.split('data-code="needs_pitch"')[1].split("</li>\n")[0]
    assert "питчи, которые ещё не состоялись" in checklist
    assert "Творческий уикенд" in checklist
    assert day in checklist
    refused = api(producer).post(
        f"/api/v1/projects/{pitched.pk}/transitions",
        {"stage": "team"},
        content_type="application/json",
    )
    assert refused.status_code == 409
    Pitch.objects.filter(pk=pitch.pk).update(held_on=timezone.localdate())
    page = login(producer).get(reverse("projects:detail", args=[pitched.pk]))
    assert not page.context["moves"][0][0].blocked
