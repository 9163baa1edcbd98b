"""Events for tests: built through the services, at fixed times around a frozen 'now'."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from decimal import Decimal
from typing import Any

from core.models import Town
from events.models import Event, EventKind
from events.services import do_create_event

# The March creative weekend's Saturday, 10:00 in Monchegorsk (UTC+3).
WEEKEND_START = datetime(2026, 3, 14, 7, 0, tzinfo=UTC)


def monchegorsk() -> Town:
    # Transactional tests flush the reference data the migrations load; bring the town back.
    town, _created = Town.objects.get_or_create(
        slug="monchegorsk",
        defaults={
            "name_ru": "Мончегорск",
            "name_en": "Monchegorsk",
            "latitude": Decimal("67.9386"),
            "longitude": Decimal("32.9359"),
        },
    )
    return town


def make_event(**fields: Any) -> Event:
    starts_at = fields.pop("starts_at", WEEKEND_START)
    defaults: dict[str, Any] = {
        "kind": EventKind.CREATIVE_WEEKEND,
        "title": "Креативные выходные",
        "town": monchegorsk(),
        "venue": "Дворец культуры «Комсомолец»",
        "starts_at": starts_at,
        "ends_at": starts_at + timedelta(hours=8),
    }
    defaults.update(fields)
    return do_create_event(**defaults)


def before(event: Event, **delta: float) -> datetime:
    """Return a moment before the event starts (a day by default)."""
    return event.starts_at - timedelta(**(delta or {"days": 1}))
