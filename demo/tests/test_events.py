from __future__ import annotations

import pytest
from django.test import Client
from django.utils import timezone

from demo.events import load_events
from demo.region import load_region
from events.models import Event, EventKind, Feedback, Registration
from meetings.models import Meeting, MeetingPlan, MeetingSlot
from members.models import Member


@pytest.mark.slow  # loads the demo twice
def test_the_demo_events_replay_the_story_and_load_twice_without_duplicates(
    db: None, client: Client
) -> None:
    load_region()
    first = load_events()
    counts = (Event.objects.count(), Registration.objects.count(), Feedback.objects.count())
    assert load_events() == first
    assert (
        Event.objects.count(),
        Registration.objects.count(),
        Feedback.objects.count(),
    ) == counts

    weekend = Event.objects.get(external_id="weekend-2026-03")
    assert weekend.kind == EventKind.CREATIVE_WEEKEND
    assert weekend.town.slug == "monchegorsk"
    assert weekend.days.count() == 2
    assert weekend.registrations.attended().count() < weekend.registrations.count()
    assert Feedback.objects.filter(registration__event=weekend).exists()

    tour = Event.objects.filter(kind=EventKind.TOUR_VISIT)
    assert {e.town.slug for e in tour} == {"monchegorsk", "polyarnye-zori", "murmansk", "kirovsk"}
    assert len({e.series_id for e in tour}) == 1

    april = Event.objects.get(external_id="meetings-2026-04")
    plan = MeetingPlan.objects.get(event=april)
    meetings = Meeting.objects.filter(slot__event=april)
    assert meetings.count() == first["april_meetings"] > 0
    assert all(m.is_published for m in meetings)
    assert plan.total_weight <= plan.upper_bound + 1e-6
    assert client.get(f"/events/{weekend.pk}/").status_code == 200


def test_the_demo_has_a_full_event_with_a_waiting_list_and_meetings_ahead(
    db: None, client: Client
) -> None:
    load_region()
    load_events()
    now = timezone.now()
    full = Event.objects.get(external_id="demo-upcoming-full-workshop")
    assert full.starts_at > now
    assert full.places_left == 0
    assert full.registrations.waiting().exists()
    ahead = Event.objects.get(external_id="demo-upcoming-meetings")
    assert ahead.starts_at > now
    assert MeetingSlot.objects.filter(event=ahead).count() == 8
    arina = Member.objects.get(external_id="arina-solovyova").user
    client.force_login(arina)
    page = client.get(f"/events/{full.pk}/").content.decode()
    assert 'data-action="join-waiting-list"' in page
    response = client.get(f"/events/{ahead.pk}/meetings/")
    suggestions = response.context["suggestions"]
    assert len(suggestions) >= 3
    assert all(s.reasons for s in suggestions)
    assert 'id="availability"' in response.content.decode()
