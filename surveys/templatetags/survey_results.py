"""Figures of survey results as people read them: shares in per cent, numbers without ".0",
hidden cells in words."""

from __future__ import annotations

from django import template
from django.utils.html import format_html
from django.utils.safestring import SafeString
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
