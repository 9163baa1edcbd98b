"""A goal's progress over the year as a small SVG line chart, drawn on the server by pygal:
the values recorded against the target, with no script (pygal's tooltips need JavaScript the
page does not load) and no fixed width, so it fits a phone. Pages show a table of the same
values beside it for screen readers."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date
from decimal import Decimal

import pygal  # type: ignore[import-untyped]
from django.utils.safestring import SafeString
from pygal.style import Style  # type: ignore[import-untyped]

from core.charts import clean_svg
from plans.progress import Point, progress_series

STYLE = Style(
    background="transparent",
    plot_background="transparent",
    foreground="#444",
    foreground_strong="#222",
    foreground_subtle="#ddd",
    colors=("#0d6efd", "#198754"),
    font_family="system-ui, sans-serif",
    label_font_size=15,
    major_label_font_size=15,
    legend_font_size=15,
)
MONTHS = 12


def progress_svg(
    baseline: Decimal,
    target: Decimal,
    year: int,
    points: Sequence[Point],
    *,
    labels: tuple[str, str],
    month_names: Sequence[str],
    title: str,
) -> SafeString:
    """Return the SVG of the goal's values (the first label) against its target (the second)
    over the plan's year, named `title`; `month_names` are the twelve short month names for
    the axis."""
    chart = pygal.DateLine(
        js=[],
        disable_xml_declaration=True,
        width=420,
        height=250,
        style=STYLE,
        show_legend=True,
        legend_at_bottom=True,
        legend_at_bottom_columns=2,
        show_dots=True,
        dots_size=4,
        range=(0, float(max(target, baseline, *(p.value for p in points))) * 1.1 or 1),
        x_value_formatter=lambda day: month_names[day.month - 1],
        x_labels=[date(year, month, 1) for month in range(1, MONTHS + 1, 2)],
        margin=8,
        show_y_guides=True,
        show_x_guides=False,
        print_values=False,
        tooltip_border_radius=0,
    )
    series = progress_series(baseline, year, points)
    chart.add(labels[0], [(point.day, float(point.value)) for point in series])
    chart.add(
        labels[1],
        [(date(year, 1, 1), float(target)), (date(year, 12, 31), float(target))],
        show_dots=False,
        stroke_style={"dasharray": "6,4"},
    )
    return clean_svg(chart.render(is_unicode=True), title)
