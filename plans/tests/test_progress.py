"""The pure rules of goals and progress (plans/progress.py), without a database."""

from __future__ import annotations

from datetime import date
from decimal import Decimal

import pytest

from plans import progress
from plans.progress import Point


@pytest.mark.parametrize(
    ("kind", "unit", "target", "baseline", "problem"),
    [
        ("jobs", "people", Decimal(3), Decimal(2), ""),
        ("jobs", "people", Decimal("2.5"), Decimal(2), "not_whole"),
        ("jobs", "rub", Decimal(3), Decimal(2), "wrong_unit"),
        ("revenue", "rub", Decimal("1500000.50"), Decimal(0), ""),
        ("revenue", "people", Decimal(10), Decimal(0), "wrong_unit"),
        ("revenue", "rub", Decimal(-1), Decimal(0), "negative"),
        ("revenue", "rub", Decimal("10.005"), Decimal(0), "too_precise"),
        ("revenue", "rub", Decimal("1e13"), Decimal(0), "too_large"),
        ("other", "percent", Decimal(1500), Decimal(0), "percent_too_large"),
        ("sales_channel", "points_of_sale", Decimal(2), Decimal(2), "target_not_above"),
        ("premises", "m2", Decimal("30.5"), Decimal(0), ""),
        ("other", "pieces", Decimal(3), Decimal("0.5"), "not_whole"),
    ],
)
def test_targets_fit_the_kind_and_unit(
    kind: str, unit: str, target: Decimal, baseline: Decimal, problem: str
) -> None:
    assert progress.target_problem(kind, unit, target, baseline) == problem


def test_every_kind_has_its_units_and_a_default() -> None:
    kinds = {"revenue", "jobs", "new_product", "sales_channel", "premises", "training", "other"}
    assert set(progress.UNITS_BY_KIND) == kinds
    assert progress.UNITS_BY_KIND["jobs"] == ("people",)
    assert progress.UNITS_BY_KIND["revenue"] == ("rub",)


@pytest.mark.parametrize(
    ("text", "number"),
    [
        ("1500", Decimal(1500)),
        ("1 500,50", Decimal("1500.50")),
        ("300\u00a0000", Decimal(300000)),
        ("2.5", Decimal("2.5")),
        ("", None),
        ("двадцать", None),
        ("inf", None),
    ],
)
def test_amounts_are_read_as_people_type_them(text: str, number: Decimal | None) -> None:
    assert progress.parse_amount(text) == number


def test_the_fraction_reached_runs_from_the_baseline_to_the_target() -> None:
    assert progress.fraction_reached(Decimal(1), Decimal(3), None) == 0.0
    assert progress.fraction_reached(Decimal(1), Decimal(3), Decimal(2)) == 0.5
    assert progress.fraction_reached(Decimal(1), Decimal(3), Decimal(5)) == 1.0
    assert progress.fraction_reached(Decimal(1), Decimal(3), Decimal(0)) == 0.0


def test_a_step_is_late_only_when_unfinished_past_its_date() -> None:
    today = date(2026, 6, 10)
    assert progress.is_late(date(2026, 6, 9), "planned", today)
    assert progress.is_late(date(2026, 6, 9), "in_progress", today)
    assert not progress.is_late(date(2026, 6, 9), "done", today)
    assert not progress.is_late(date(2026, 6, 9), "dropped", today)
    assert not progress.is_late(date(2026, 6, 10), "planned", today)
    assert not progress.is_late(None, "planned", today)


def test_due_soon_means_within_the_next_30_days_and_unfinished() -> None:
    today = date(2026, 6, 10)
    assert progress.is_due_soon(date(2026, 6, 10), "planned", today)
    assert progress.is_due_soon(date(2026, 7, 10), "planned", today)
    assert not progress.is_due_soon(date(2026, 7, 11), "planned", today)
    assert not progress.is_due_soon(date(2026, 6, 20), "done", today)
    assert not progress.is_due_soon(date(2026, 6, 9), "planned", today)


def test_template_dates_stay_within_the_plan_year() -> None:
    assert progress.due_from_offset(date(2026, 3, 1), 30, 2026) == date(2026, 3, 31)
    assert progress.due_from_offset(date(2026, 11, 1), 120, 2026) == date(2026, 12, 31)
    assert progress.due_from_offset(date(2025, 12, 1), 10, 2026) == date(2026, 1, 1)


def test_the_latest_value_is_the_latest_day_and_the_series_starts_at_the_baseline() -> None:
    points = [Point(date(2026, 5, 1), Decimal(3)), Point(date(2026, 2, 1), Decimal(1))]
    assert progress.latest_value(points) == Decimal(3)
    assert progress.latest_value([]) is None
    series = progress.progress_series(Decimal(0), 2026, points)
    assert [p.day for p in series] == [date(2026, 1, 1), date(2026, 2, 1), date(2026, 5, 1)]
    assert series[0].value == Decimal(0)
    assert progress.is_reached(Decimal(0), Decimal(3), points)
