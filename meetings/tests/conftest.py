from __future__ import annotations

from datetime import timedelta

import pytest
from django.utils import timezone

from events.models import Event
from events.services import check_register
from events.tests.factories import make_event
from meetings.models import MeetingSlot
from meetings.services import check_set_up_meetings
from members.models import User

SLOT = timedelta(minutes=20)


@pytest.fixture
def fair(db: None, curator: User, resident: User, producer: User, partner: User) -> Event:
    """A future event with three 20-minute slots, two tables, and three registered members."""
    starts = timezone.now().replace(microsecond=0) + timedelta(days=14)
    event = make_event(starts_at=starts, organisers=[curator])
    for user in (resident, producer, partner):
        check_register(event, user)
    times = [(starts + k * SLOT, starts + (k + 1) * SLOT) for k in range(3)]
    check_set_up_meetings(event, 2, times)
    return event


@pytest.fixture
def slots(fair: Event) -> list[MeetingSlot]:
    return list(MeetingSlot.objects.filter(event=fair))
