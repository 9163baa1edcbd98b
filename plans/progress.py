"""The rules of goals and their progress, as plain functions (no Django): which units fit a
kind of goal and what a target in that unit may be, how far a goal has come, which steps are
late or due soon, and where a template's offsets put its due dates.

Refusals are returned as stable codes; the services say them in words.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import date, timedelta
from decimal import Decimal, InvalidOperation

# Kind of goal -> the units it may be measured in (the first is the default).
UNITS_BY_KIND: dict[str, tuple[str, ...]] = {
    "revenue": ("rub",),
    "jobs": ("people",),
    "new_product": ("pieces", "other"),
    "sales_channel": ("points_of_sale", "pieces", "other"),
    "premises": ("m2", "pieces", "other"),
    "training": ("people", "pieces", "other"),
    "other": ("rub", "people", "pieces", "points_of_sale", "m2", "percent", "other"),
}
# Units counted in whole numbers: one cannot hire half a person.
WHOLE_UNITS = frozenset({"people", "pieces", "points_of_sale"})
MAX_AMOUNT = Decimal("1e12")
MAX_PERCENT = Decimal(1000)
FINISHED = frozenset({"done", "dropped"})
SOON_DAYS = 30


def parse_amount(text: str) -> Decimal | None:
    """Return the number people typed («1 500,50», «1500.5», «300 000»), or None."""
    cleaned = text.strip().replace("\u00a0", "").replace("\u202f", "").replace(" ", "")
    cleaned = cleaned.replace(",", ".")
    if not cleaned:
        return None
    try:
        number = Decimal(cleaned)
    except InvalidOperation:
        return None
    return number if number.is_finite() else None


def amount_problem(unit: str, value: Decimal) -> str:
    """Return why `value` cannot be an amount in `unit` ("" if it can): `negative`,
    `too_large`, `not_whole`, `too_precise` (kopecks at most), `percent_too_large`."""
    if not value.is_finite() or value >= MAX_AMOUNT:
        return "too_large"
    if value < 0:
        return "negative"
    if unit in WHOLE_UNITS and value != value.to_integral_value():
        return "not_whole"
    if value.as_tuple().exponent < -2:  # type: ignore[operator]
        return "too_precise"
    if unit == "percent" and value > MAX_PERCENT:
        return "percent_too_large"
    return ""


def target_problem(kind: str, unit: str, target: Decimal, baseline: Decimal) -> str:
    """Return why a goal of `kind` cannot have this target and baseline in `unit` ("" if it
    can): `wrong_unit`, or an `amount_problem` of either, or `target_not_above` when the
    target does not go beyond the starting point."""
    if unit not in UNITS_BY_KIND.get(kind, ()):
        return "wrong_unit"
    problem = amount_problem(unit, target) or amount_problem(unit, baseline)
    if problem:
        return problem
    if target <= baseline:
        return "target_not_above"
    return ""


def fraction_reached(baseline: Decimal, target: Decimal, value: Decimal | None) -> float:
    """Return how far `value` has come from the baseline to the target, 0..1 (0 without a
    value; 1 once the target is reached or passed)."""
    if value is None:
        return 0.0
    if target <= baseline:
        return 1.0 if value >= target else 0.0
    share = (value - baseline) / (target - baseline)
    return float(min(max(share, Decimal(0)), Decimal(1)))


def is_late(due: date | None, status: str, today: date) -> bool:
    """Return whether a step is late: its due date passed and it is neither done nor dropped."""
    return due is not None and due < today and status not in FINISHED


def is_due_soon(due: date | None, status: str, today: date, days: int = SOON_DAYS) -> bool:
    """Return whether an unfinished step falls due today or within the next `days` days."""
    return (
        due is not None
        and today <= due <= today + timedelta(days=days)
        and (status not in FINISHED)
    )


def due_from_offset(start: date, offset_days: int, year: int) -> date:
    """Return the due date `offset_days` after `start`, kept within the plan's `year`: a
    template started late in the year puts its last steps on 31 December."""
    due = start + timedelta(days=offset_days)
    first, last = date(year, 1, 1), date(year, 12, 31)
    return min(max(due, first), last)


def in_year(day: date, year: int) -> bool:
    return day.year == year


@dataclass(frozen=True)
class Point:
    day: date
    value: Decimal


def latest_value(points: Iterable[Point]) -> Decimal | None:
    """Return the value of the latest update (by date, the last recorded on a day winning)."""
    latest: Point | None = None
    for point in points:
        if latest is None or point.day >= latest.day:
            latest = point
    return None if latest is None else latest.value


def is_reached(baseline: Decimal, target: Decimal, points: Sequence[Point]) -> bool:
    return fraction_reached(baseline, target, latest_value(points)) >= 1.0


def progress_series(baseline: Decimal, year: int, points: Sequence[Point]) -> list[Point]:
    """Return the line of the chart: the baseline on 1 January, then each update in date
    order (so a member who records nothing still sees where they start)."""
    start = Point(date(year, 1, 1), baseline)
    ordered = sorted(points, key=lambda point: point.day)
    if ordered and ordered[0].day == start.day:
        return ordered
    return [start, *ordered]
