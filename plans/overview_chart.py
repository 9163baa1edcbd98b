"""The curators' overview chart: goals by kind as a horizontal SVG bar chart drawn on the
server by pygal, with no script (pygal's tooltips need JavaScript the page does not load) and
no fixed width, so it fits a phone. The page shows the same figures in a table beside it."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Protocol

import pygal  # type: ignore[import-untyped]
from pygal.style import Style  # type: ignore[import-untyped]

from core.charts import clean_svg

STYLE = Style(
    background="transparent",
    plot_background="transparent",
    foreground="#444",
    foreground_strong="#222",
    foreground_subtle="#ddd",
    colors=("#0d6efd",),
    font_family="system-ui, sans-serif",
    label_font_size=18,
    major_label_font_size=18,
    value_font_size=18,
)


class KindTotal(Protocol):
    label: str
    total: int


def goals_by_kind_svg(kinds: Sequence[KindTotal], title: str) -> str:
    """Return the SVG of the number of goals of each kind, named `title`; empty text for no
    goals."""
    if not kinds:
        return ""
    chart = pygal.HorizontalBar(
        js=[],
        disable_xml_declaration=True,
        width=600,
        height=80 + 48 * len(kinds),
        style=STYLE,
        show_legend=False,
        print_values=True,
        margin=8,
        show_y_guides=False,
    )
    top = max(row.total for row in kinds)
    step = max(1, -(-top // 5))
    # Whole goals on the value axis, not 0.1, 0.2…
    chart.y_labels = list(range(0, top + step, step))
    chart.x_labels = [row.label for row in kinds]
    chart.add("", [row.total for row in kinds])
    return clean_svg(chart.render(is_unicode=True), title)
