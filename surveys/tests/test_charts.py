"""Charts: server-side SVG without scripts, named for screen readers, sized for a phone."""

from __future__ import annotations

import re
from collections.abc import Iterator

import pytest
from django.core.cache import cache

from surveys import aggregation as agg
from surveys import charts

OPTIONS = [
    agg.OptionCount("premises", "Помещение: мастерская, студия, склад", "premises", 5, 0.5),
    agg.OptionCount("equipment", "Оборудование", "equipment", 2, 0.2),
]
GROUPS = [agg.Group("1", "Кировск"), agg.Group("2", "Мончегорск"), agg.Group("3", "Апатиты")]


@pytest.fixture(autouse=True)
def _no_kept_charts() -> Iterator[None]:
    cache.clear()
    yield
    cache.clear()


def _check(svg: str, label: str) -> None:
    assert svg.startswith("<svg ")
    assert f'role="img" aria-label="{label}"' in svg
    assert 'width="100%"' in svg
    assert re.search(r'viewBox="0 0 360 \d+"', svg)
    assert "<script" not in svg.lower()
    assert "<title>" not in svg  # the page's own <title> stays the only one
    assert "<?xml" not in svg
    assert "background-color:white" in svg.replace(" ", "")


def test_a_choice_chart_is_safe_svg_with_short_labels() -> None:
    svg = charts.choice_chart("Что нужно вашему «делу»?", OPTIONS)
    _check(svg, "Что нужно вашему «делу»?")
    assert "Помещение: мастерск…" in svg  # cut; the table below has it whole
    assert "Оборудование" in svg
    assert "50 %" in svg
    assert charts.PALETTE[0] in svg


def test_a_title_is_escaped_in_the_label() -> None:
    svg = charts.choice_chart('Вопрос "с" <b>тегом</b>', OPTIONS)
    assert 'aria-label="Вопрос &quot;с&quot; &lt;b&gt;тегом&lt;/b&gt;"' in svg
    assert "<b>" not in svg


def test_a_distribution_has_a_bar_per_point() -> None:
    result = agg.number_result({1: 2, 4: 3}, (1, 5))
    svg = charts.distribution_chart("Польза", result.bins)
    _check(svg, "Польза")
    assert svg.count('class="rect reactive tooltip-trigger"') == 5


def test_a_breakdown_draws_the_biggest_shown_groups_only() -> None:
    figures = agg.breakdown_choice(
        [agg.Option("x", "Икс"), agg.Option("y", "Игрек")],
        {"1": {"x": 5, "y": 1}, "2": {"x": 3, "y": 3}, "3": {"x": 1}},
        {"1": 6, "2": 6, "3": 1},
        GROUPS,
        kind=agg.MULTIPLE,
        partition=False,
        hide=True,
    )
    svg = charts.breakdown_chart("По городам", GROUPS, figures)
    assert svg is not None
    _check(svg, "По городам")
    assert "Кировск" in svg
    assert "Мончегорск" in svg
    assert "Апатиты" not in svg  # hidden: fewer than 3 answered
    assert charts.chart_columns(figures.answered) == [0, 1]


def test_a_breakdown_with_nothing_shown_has_no_chart() -> None:
    hidden = agg.breakdown_number({"1": {3: 1}}, GROUPS[:1], partition=True, hide=True)
    assert charts.means_chart("Средние", GROUPS[:1], hidden.means) is None
    empty = agg.breakdown_choice(
        [agg.Option("x", "Икс")], {}, {}, GROUPS, kind=agg.SINGLE, partition=True, hide=True
    )
    assert charts.breakdown_chart("Пусто", GROUPS, empty) is None


def test_a_comparison_shows_both_runs() -> None:
    rows = [agg.ShareChange("a", "Помещение", 0.6, 0.4), agg.ShareChange("b", "Новое", 0.2, None)]
    svg = charts.comparison_chart("Два года", rows, "2026", "2025")
    _check(svg, "Два года")
    assert "2025" in svg
    assert "2026" in svg
    assert "60 %" in svg
    assert "40 %" in svg


def test_a_chart_is_drawn_once_for_the_same_figures() -> None:
    first = charts.choice_chart("Один", OPTIONS)
    again = charts.choice_chart("Один", OPTIONS)
    assert again == first  # the same drawing, chart id included: kept, not drawn again
    other = charts.choice_chart(
        "Один", [*OPTIONS[:1], agg.OptionCount("equipment", "Оборудование", "", 3, 0.3)]
    )
    assert other != first
