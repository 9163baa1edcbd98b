from __future__ import annotations

from datetime import UTC, datetime, timedelta, timezone

import pytest

from events.ics import CalendarEntry, calendar, escape_text, fold

MOSCOW = timezone(timedelta(hours=3))
NOW = datetime(2026, 3, 1, 9, 0, tzinfo=UTC)


def test_text_is_escaped() -> None:
    assert escape_text("Зал 1; этаж 2, вход\nсо двора\\") == (
        "Зал 1\\; этаж 2\\, вход\\nсо двора\\\\"
    )


def test_long_lines_fold_at_75_octets_without_splitting_letters() -> None:
    line = "SUMMARY:" + "Креативные выходные " * 10
    folded = fold(line)
    parts = folded.split("\r\n")
    assert all(len(part.encode()) <= 75 for part in parts)
    assert "".join(p[1:] if i else p for i, p in enumerate(parts)) == line


def test_times_are_written_in_utc() -> None:
    entry = CalendarEntry(
        uid="x@cluster",
        starts_at=datetime(2026, 3, 14, 10, 0, tzinfo=MOSCOW),
        ends_at=datetime(2026, 3, 14, 18, 0, tzinfo=MOSCOW),
        summary="День продюсера",
    )
    text = calendar([entry], now=NOW)
    assert "DTSTART:20260314T070000Z\r\n" in text
    assert "DTEND:20260314T150000Z\r\n" in text
    assert "DTSTAMP:20260301T090000Z\r\n" in text
    assert text.count("BEGIN:VEVENT") == 1


def test_naive_times_are_refused() -> None:
    naive = datetime(2026, 3, 14, 10), datetime(2026, 3, 14, 11)  # noqa: DTZ001 (on purpose)
    entry = CalendarEntry("x", *naive, "x")
    with pytest.raises(ValueError, match="timezone-aware"):
        calendar([entry], now=NOW)
