"""How events pages write an event's dates, the same on every page."""

from __future__ import annotations

from datetime import datetime

from django import template
from django.template.defaultfilters import date
from django.utils import timezone

from events.models import Event

register = template.Library()

WITH_YEAR = "j E Y, H:i"
THIS_YEAR = "j E, H:i"


@register.filter
def event_when(value: datetime, event: Event) -> str:
    """Return the day and time; with the year for a past event or one outside this year.

    The rule is the event's, not each date's, so both ends of one event read alike.
    """
    this_year = timezone.localtime().year
    years = {timezone.localtime(event.starts_at).year, timezone.localtime(event.ends_at).year}
    with_year = event.has_ended() or years != {this_year}
    # Called from Python, the date filter would write UTC: the region's time is what counts.
    return date(timezone.localtime(value), WITH_YEAR if with_year else THIS_YEAR)


@register.filter
def event_span(event: Event) -> str:
    """Return when the event runs: one day written once, else both ends in full."""
    starts = event_when(event.starts_at, event)
    if timezone.localdate(event.starts_at) == timezone.localdate(event.ends_at):
        return f"{starts}–{date(timezone.localtime(event.ends_at), 'H:i')}"
    return f"{starts} — {event_when(event.ends_at, event)}"
