"""How fast curators answer help requests: time to the first answer and time to done, as a
median and a 90th percentile, per curator and overall. Pure: no Django.

Times are calendar hours, not business days: members in the Arctic towns write in the
evening and at weekends too, the agency answers when it can, and a member waiting over a
weekend has waited. The figures say so on the page.

Percentiles are linearly interpolated between the two nearest ranks (what spreadsheets call
PERCENTILE.INC), so the median of an even count is the mean of the middle two.
"""

from __future__ import annotations

from collections.abc import Hashable, Iterable, Sequence
from dataclasses import dataclass
from datetime import datetime


@dataclass(frozen=True)
class Timing:
    """One request's moments: when it was made, first answered, closed (None: not yet)."""

    curator: Hashable  # who it is assigned to; None for nobody
    created_at: datetime
    first_answered_at: datetime | None
    done_at: datetime | None


@dataclass(frozen=True)
class Figures:
    """Hours to the first answer and to done over some requests."""

    requests: int
    answered: int
    done: int
    first_answer_median: float | None
    first_answer_p90: float | None
    done_median: float | None
    done_p90: float | None


def hours_between(start: datetime, end: datetime) -> float:
    """Return the hours from `start` to `end`; 0 if `end` is earlier (a clock set back)."""
    return max(0.0, (end - start).total_seconds() / 3600)


def percentile(values: Sequence[float], share: float) -> float | None:
    """Return the `share` (0..1) percentile of the values, interpolated; None for none."""
    if not 0 <= share <= 1:
        raise ValueError("share must be between 0 and 1")
    if not values:
        return None
    ordered = sorted(values)
    rank = share * (len(ordered) - 1)
    low = int(rank)
    high = min(low + 1, len(ordered) - 1)
    return ordered[low] + (ordered[high] - ordered[low]) * (rank - low)


def median(values: Sequence[float]) -> float | None:
    return percentile(values, 0.5)


def figures(timings: Iterable[Timing]) -> Figures:
    """Return the figures of these requests: unanswered and open ones count as requests but
    not in the times (a time not yet known is not guessed)."""
    rows = list(timings)
    to_answer = [
        hours_between(row.created_at, row.first_answered_at)
        for row in rows
        if row.first_answered_at is not None
    ]
    to_done = [hours_between(row.created_at, row.done_at) for row in rows if row.done_at]
    return Figures(
        requests=len(rows),
        answered=len(to_answer),
        done=len(to_done),
        first_answer_median=median(to_answer),
        first_answer_p90=percentile(to_answer, 0.9),
        done_median=median(to_done),
        done_p90=percentile(to_done, 0.9),
    )


@dataclass(frozen=True)
class Report:
    overall: Figures
    # Curator key -> their figures, in the order the curators first appear; unassigned
    # requests are only in `overall`.
    by_curator: dict[Hashable, Figures]


def report(timings: Iterable[Timing]) -> Report:
    """Return the overall figures and each curator's, over the same requests."""
    rows = list(timings)
    grouped: dict[Hashable, list[Timing]] = {}
    for row in rows:
        if row.curator is not None:
            grouped.setdefault(row.curator, []).append(row)
    return Report(figures(rows), {key: figures(group) for key, group in grouped.items()})


def in_words(hours: float | None) -> tuple[int, str] | None:
    """Return a duration as a (number, unit) pair people read: minutes under an hour, hours
    under two days, days after; None for None. The unit is `minutes`, `hours` or `days`."""
    if hours is None:
        return None
    if hours < 1:
        return round(hours * 60), "minutes"
    if hours < 48:
        return round(hours), "hours"
    return round(hours / 24), "days"
