"""Results charts as inline SVG, drawn on the server by pygal: no JavaScript, no CDN.

Each chart is sized for a 390 px phone (a viewBox, width 100 %), print-friendly (white
background, dark text, the Okabe–Ito colour-blind-safe palette), named for screen readers
(`role="img"` and `aria-label`; a page keeps a single `<title>`), with long labels cut
short: the page shows every chart's figures in a table below it too, with the full labels.
pygal's inline `<script>` (its tooltips) is removed and the result checked to hold no script
before it is marked safe for the page.
"""

from __future__ import annotations

import hashlib
from collections.abc import Callable, Sequence
from functools import wraps
from typing import Any, ParamSpec, TypeVar, cast

import pygal  # type: ignore[import-untyped]
from django.core.cache import cache
from django.utils.safestring import SafeString, mark_safe
from django.utils.translation import get_language
from django.utils.translation import gettext as _
from pygal.style import Style  # type: ignore[import-untyped]

from core.charts import clean_svg
from surveys import aggregation as agg

WIDTH = 360
LABEL_MAX = 20
# A breakdown chart draws at most this many groups (the biggest); the table has them all.
MAX_GROUPS = 4
# Okabe & Ito (2008): told apart with any colour vision and in grey print.
PALETTE = ("#0072B2", "#E69F00", "#009E73", "#CC79A7", "#56B4E9", "#D55E00", "#000000", "#F0E442")

STYLE = Style(
    background="white",
    plot_background="white",
    foreground="#212529",
    foreground_strong="#212529",
    foreground_subtle="#495057",
    opacity="1",
    opacity_hover="1",
    colors=PALETTE,
    guide_stroke_color="#dee2e6",
    major_guide_stroke_color="#ced4da",
    guide_stroke_dasharray="none",
    major_guide_stroke_dasharray="none",
    font_family="system-ui, -apple-system, 'Segoe UI', Roboto, sans-serif",
    label_font_size=14,
    major_label_font_size=14,
    value_font_size=14,
    value_label_font_size=14,
    legend_font_size=14,
    title_font_size=14,
    tooltip_font_size=14,
)

# A drawn chart is kept by what it shows: new answers change the figures, hence the key, so
# nothing needs clearing. pygal takes 10–25 ms a chart; a results page draws about twenty.
CACHE_SECONDS = 7 * 24 * 3600
_P = ParamSpec("_P")
_R = TypeVar("_R", SafeString, SafeString | None)


def cached(draw: Callable[_P, _R]) -> Callable[_P, _R]:
    """Return `draw` keeping its SVG in the cache, keyed by its arguments and the language."""

    @wraps(draw)
    def wrapper(*args: _P.args, **kwargs: _P.kwargs) -> _R:
        raw = repr((draw.__name__, get_language(), args, sorted(kwargs.items()))).encode()
        key = "surveys:chart:" + hashlib.sha256(raw).hexdigest()
        svg = cache.get(key)
        if svg is None:
            drawn = draw(*args, **kwargs)
            svg = "" if drawn is None else str(drawn)
            cache.set(key, svg, CACHE_SECONDS)
        # Stored only after clean_svg checked it; the cache is the platform's own.
        return cast(_R, mark_safe(svg) if svg else None)  # noqa: S308

    return wrapper


def short(label: str, size: int = LABEL_MAX) -> str:
    """Return a label cut to `size` characters with an ellipsis (the table has it whole)."""
    return label if len(label) <= size else label[: size - 1].rstrip() + "…"


def percent(value: float | None) -> str:
    return "" if value is None else f"{round(value * 100)} %"


def _config(height: int, **options: object) -> dict[str, object]:
    return {
        "style": STYLE,
        "js": [],
        "disable_xml_declaration": True,
        "width": WIDTH,
        "height": height,
        "explicit_size": False,
        "margin": 6,
        # pygal measures labels as Latin text: Cyrillic runs wider and would be cut.
        "margin_left": 16,
        # Room for the value printed past the longest bar («100 %»).
        "margin_right": 44,
        "spacing": 6,
        "truncate_label": -1,  # we cut labels ourselves; pygal would cut them at 12 letters
        "print_values": True,
        "print_values_position": "top",
        "show_y_guides": False,
        "show_x_guides": False,
        "tooltip_border_radius": 0,
        **options,
    }


def _render(chart: Any, title: str) -> SafeString:
    return clean_svg(chart.render(is_unicode=True), title)


def _bar_height(bars: int, series: int = 1) -> int:
    return 50 + bars * (8 + 24 * series)


@cached
def choice_chart(title: str, options: Sequence[agg.OptionCount]) -> SafeString:
    """Return horizontal bars of the options' shares (the share of respondents, in %)."""
    chart = pygal.HorizontalBar(
        **_config(
            _bar_height(len(options)),
            show_legend=False,
            range=(0, 100),
            show_x_labels=False,
            value_formatter=lambda v: f"{round(v)} %",
        )
    )
    # pygal draws the first label at the bottom: reversed, the list reads top-down.
    rows = list(reversed(options))
    chart.x_labels = [short(o.label) for o in rows]
    chart.add(_("Share"), [None if o.share is None else o.share * 100 for o in rows])
    return _render(chart, title)


@cached
def distribution_chart(title: str, bins: Sequence[agg.Bin]) -> SafeString:
    """Return vertical bars of how many chose each point of a scale or fell in each bin."""
    chart = pygal.Bar(
        **_config(
            220,
            show_legend=False,
            x_label_rotation=-30 if len(bins) > 6 and any(b.low != b.high for b in bins) else 0,
            value_formatter=lambda v: str(round(v)),
            min_scale=1,
            max_scale=5,
        )
    )
    chart.x_labels = [b.label for b in bins]
    chart.add(_("Answers"), [b.count for b in bins])
    return _render(chart, title)


def chart_columns(answered: Sequence[agg.Cell], size: int = MAX_GROUPS) -> list[int]:
    """Return the columns a breakdown chart draws: the `size` groups with the most
    respondents among those shown (not hidden, not empty), in the breakdown's order. More
    bars than that cannot be told apart on a phone; the table lists every group."""
    shown = [c for c, cell in enumerate(answered) if cell.count]
    biggest = sorted(shown, key=lambda c: -(answered[c].count or 0))[:size]
    return sorted(biggest)


@cached
def breakdown_chart(
    title: str, groups: Sequence[agg.Group], figures: agg.QuestionBreakdown
) -> SafeString | None:
    """Return grouped horizontal bars: per option, one bar per group (shares in %), for the
    groups `chart_columns` picks; options nobody in them chose are left out. None when no
    group has figures to show."""
    columns = chart_columns(figures.answered)
    if not columns:
        return None
    rows = [r for r in figures.rows if any(r.cells[c].count for c in columns)]
    shown = list(reversed(rows))
    chart = pygal.HorizontalBar(
        **_config(
            _bar_height(len(shown), len(columns)) + 24 * len(columns),
            legend_at_bottom=True,
            legend_at_bottom_columns=1,
            truncate_legend=-1,
            range=(0, 100),
            show_x_labels=False,
            value_formatter=lambda v: f"{round(v)} %",
        )
    )
    chart.x_labels = [short(row.label) for row in shown]
    for column in columns:
        chart.add(
            short(groups[column].label, 30),
            [
                None if row.cells[column].share is None else (row.cells[column].share or 0) * 100
                for row in shown
            ],
        )
    return _render(chart, title)


@cached
def means_chart(
    title: str, groups: Sequence[agg.Group], means: Sequence[float | None]
) -> SafeString | None:
    """Return horizontal bars of the mean per group, for the groups shown (a hidden or empty
    group is only in the table); None when there are none."""
    shown = [(g, m) for g, m in zip(groups, means, strict=True) if m is not None][::-1]
    if not shown:
        return None
    chart = pygal.HorizontalBar(
        **_config(
            _bar_height(len(shown)),
            show_legend=False,
            # The means are printed on the bars; an axis of numbers would crowd a phone.
            show_x_labels=False,
            value_formatter=agg.format_number,
        )
    )
    chart.x_labels = [short(g.label) for g, _m in shown]
    chart.add(_("Mean"), [round(m, 2) for _g, m in shown])
    return _render(chart, title)


@cached
def comparison_chart(
    title: str, rows: Sequence[agg.ShareChange], current: str, earlier: str
) -> SafeString:
    """Return the options' shares in this run beside the earlier run's, in %."""
    shown = list(reversed(rows))
    chart = pygal.HorizontalBar(
        **_config(
            _bar_height(len(shown), 2) + 30,
            legend_at_bottom=True,
            truncate_legend=-1,
            range=(0, 100),
            show_x_labels=False,
            value_formatter=lambda v: f"{round(v)} %",
        )
    )
    chart.x_labels = [short(r.label) for r in shown]
    chart.add(
        short(earlier, 40),
        [None if r.earlier_share is None else r.earlier_share * 100 for r in shown],
    )
    chart.add(short(current, 40), [None if r.share is None else r.share * 100 for r in shown])
    return _render(chart, title)
