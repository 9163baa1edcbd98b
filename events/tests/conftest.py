from __future__ import annotations

import pytest

from events.models import Event
from events.tests.factories import make_event
from members.models import User


@pytest.fixture
def event(db: None, curator: User) -> Event:
    return make_event(capacity=2, organisers=[curator])
