"""The progress chart: an SVG with no script and no fixed size."""

from __future__ import annotations

from datetime import date
from decimal import Decimal

from plans.chart import progress_svg
from plans.progress import Point

MONTHS = ["янв", "фев", "мар", "апр", "май", "июн", "июл", "авг", "сен", "окт", "ноя", "дек"]


def test_the_chart_is_an_svg_without_script_title_or_fixed_width() -> None:
    points = [Point(date(2026, 3, 1), Decimal(1)), Point(date(2026, 6, 1), Decimal(2))]
    svg = progress_svg(
        Decimal(0),
        Decimal(3),
        2026,
        points,
        labels=("Достигнуто", "Цель"),
        month_names=MONTHS,
        title="Прогресс",
    )
    assert svg.startswith("<svg ")
    assert "<?xml" not in svg
    assert "<script" not in svg.lower()
    assert "<title" not in svg
    assert 'width="100%"' in svg
    assert "viewBox=" in svg
    assert "Достигнуто" in svg
    assert "Цель" in svg
    assert "мар" in svg


def test_a_chart_without_updates_still_draws_the_start_and_the_target() -> None:
    svg = progress_svg(
        Decimal(1),
        Decimal(2),
        2026,
        [],
        labels=("Reached", "Target"),
        month_names=MONTHS,
        title="Progress",
    )
    assert "<script" not in svg.lower()
    assert svg.count("<svg") == 1
