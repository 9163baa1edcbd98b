"""A help request's status as a badge in words, and durations as people read them."""

from __future__ import annotations

from django import template
from django.utils.html import format_html
from django.utils.safestring import SafeString
from django.utils.translation import ngettext

from plans import sla
from plans.models import HelpStatus

register = template.Library()

COLOURS = {
    HelpStatus.NEW: "text-bg-primary",
    HelpStatus.IN_PROGRESS: "text-bg-info",
    HelpStatus.WAITING_FOR_MEMBER: "text-bg-warning",
    HelpStatus.DONE: "text-bg-success",
    HelpStatus.DECLINED: "text-bg-secondary",
}


@register.simple_tag
def help_status_badge(status: str) -> SafeString:
    return format_html(
        '<span class="badge {}" data-test="status" data-status="{}">{}</span>',
        COLOURS[HelpStatus(status)],
        status,
        HelpStatus(status).label,
    )


@register.filter
def help_status(status: str) -> str:
    return str(HelpStatus(status).label)


@register.filter
def hours(value: float | None) -> str:
    """Return a number of hours in words: «40 минут», «5 часов», «3 дня»; «—» for none."""
    found = sla.in_words(value)
    if found is None:
        return "—"
    number, unit = found
    if unit == "minutes":
        return ngettext("%(n)d minute", "%(n)d minutes", number) % {"n": number}
    if unit == "hours":
        return ngettext("%(n)d hour", "%(n)d hours", number) % {"n": number}
    return ngettext("%(n)d day", "%(n)d days", number) % {"n": number}
