"""Figures of survey results as people read them: shares in per cent, numbers without ".0",
hidden cells in words."""

from __future__ import annotations

from django import template
from django.utils.html import format_html, format_html_join
from django.utils.safestring import SafeString, mark_safe
from django.utils.translation import gettext as _

from surveys import aggregation as agg

register = template.Library()


@register.filter
def pct(value: float | None) -> str:
    """Return a share as «40 %», «—» for none."""
    return "—" if value is None else f"{round(value * 100)} %"


@register.filter
def num(value: float | None) -> str:
    return "—" if value is None else agg.format_number(round(value, 2))


@register.simple_tag
def cell(figure: agg.Cell, with_share: bool = True) -> SafeString:
    """Return a breakdown cell: «3 (40 %)», or «скрыто» with the reason for a hidden one."""
    if figure.hidden is not None:
        reason = (
            _("Fewer than 3 answers: hidden so nobody can be recognised.")
            if figure.hidden == agg.HIDDEN_SMALL
            else _("Hidden so that a hidden figure cannot be worked out from the totals.")
        )
        mark = "¹" if figure.hidden == agg.HIDDEN_SMALL else "²"
        return format_html(
            '<span class="text-secondary" title="{}" data-test="hidden" data-reason="{}">'
            "{}{}</span>",
            reason,
            figure.hidden,
            _("hidden"),
            mark,
        )
    if with_share and figure.share is not None:
        return format_html(
            "{} <span class='text-secondary'>({})</span>", figure.count, pct(figure.share)
        )
    return format_html("{}", figure.count)


def _cell_html(figure: agg.Cell, with_share: bool, hidden: dict[str, SafeString]) -> str:
    if figure.hidden is not None:
        return hidden[figure.hidden]
    if with_share and figure.share is not None:
        return f"{figure.count} <span class='text-secondary'>({pct(figure.share)})</span>"
    return str(figure.count)


def _hidden_marks() -> dict[str, SafeString]:
    return {reason: cell(agg.Cell(None, None, reason)) for reason in agg.HIDDEN_REASONS}


@register.simple_tag
def breakdown_table(
    figures: agg.QuestionBreakdown, groups: list[agg.Group], caption: str
) -> SafeString:
    """Return a choice question's breakdown as a table: a row per option, a column per group,
    the respondents first. Built in Python: a page has a few hundred cells, and a template
    tag per cell costs more than the figures."""
    hidden = _hidden_marks()
    head = format_html_join(
        "", '<th scope="col" class="text-end">{}</th>', ((g.label,) for g in groups)
    )
    answered = "".join(
        f'<td class="text-end">{_cell_html(c, False, hidden)}</td>' for c in figures.answered
    )
    rows = "".join(
        format_html(
            '<tr data-value="{}"><th scope="row" class="fw-normal">{}</th>{}</tr>',
            row.value,
            row.label,
            mark_safe(  # noqa: S308 - numbers and the escaped marks above
                "".join(
                    f'<td class="text-end text-nowrap">{_cell_html(c, True, hidden)}</td>'
                    for c in row.cells
                )
            ),
        )
        for row in figures.rows
    )
    return format_html(
        '<table class="table table-sm small mb-0"><caption class="visually-hidden">{}</caption>'
        '<thead><tr><th scope="col">{}</th>{}</tr></thead><tbody>'
        '<tr class="table-light"><th scope="row" class="fw-normal">{}</th>{}</tr>{}'
        "</tbody></table>",
        caption,
        _("Option"),
        head,
        _("Answered"),
        mark_safe(answered),  # noqa: S308 - numbers and the escaped marks above
        mark_safe(rows),  # noqa: S308 - built with format_html
    )
