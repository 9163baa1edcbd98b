"""Support on other apps' pages: the cards of "Measures for me", rendered in Python (a page may
list a thousand measures, and a template include per card costs more than the whole rest of the
page, docs/benchmarks.md), the support a member received, the reviewer's menu item."""

from __future__ import annotations

from collections.abc import Iterable
from datetime import date
from html import escape
from typing import Any

from django import template
from django.urls import reverse
from django.utils.dateformat import format as format_date
from django.utils.safestring import SafeString
from django.utils.translation import gettext as _

from core.roles import is_curator
from members.models import Member
from support.models import GrantedSupport, MeasureKind, Reviewer
from support.queries import MeasureFit

register = template.Library()

# Every value is escaped with the standard library's `html.escape` (Django's `format_html`
# costs a lazy-string wrapper per value, most of the page's time at a thousand cards).
CARD = (
    '<article class="cc-card p-3" data-test="fit" data-measure="{id}" data-eligible="{eligible}">'
    '<div class="d-flex justify-content-between gap-2 align-items-start">'
    '<span class="cc-tag">{kind}</span>'
    '<span class="small text-secondary text-nowrap">{deadline}</span></div>'
    '<h2 class="h6 mt-2 mb-1"><a href="{url}">{title}</a></h2>'
    '<div class="small text-secondary mb-1">{about}</div>'
    '<ul class="small mb-0 {colour}">{lines}</ul></article>'
)


@register.simple_tag
def fit_cards(fits: Iterable[MeasureFit]) -> SafeString:
    """Return the cards of these measures with their reasons, as `partials/fit.html` would."""
    kinds = {value: str(label) for value, label in MeasureKind.choices}
    until = _("until %(date)s")
    days: dict[date, str] = {}
    address = reverse("support:detail", args=[0])[: -len("0/")]
    cards = []
    for fit in fits:
        measure = fit.measure
        deadline = ""
        if measure.deadline is not None:
            if measure.deadline not in days:
                days[measure.deadline] = until % {"date": format_date(measure.deadline, "j E")}
            deadline = days[measure.deadline]
        about = measure.provider
        if measure.amount is not None:
            about = f"{about} · {measure.volume}"
        lines = "".join(f'<li data-test="reason">{escape(line)}</li>' for line in fit.lines)
        cards.append(
            CARD.format(
                id=escape(measure.external_id),
                eligible="true" if fit.eligible else "false",
                kind=escape(kinds.get(measure.kind, measure.kind)),
                deadline=escape(deadline),
                url=f"{address}{measure.pk}/",
                title=escape(measure.title),
                about=escape(about),
                colour="text-success" if fit.eligible else "text-danger",
                lines=lines,
            )
        )
    return SafeString("".join(cards))


@register.inclusion_tag("support/partials/granted_support.html", takes_context=True)
def granted_support(context: template.Context, member: Member) -> dict[str, Any]:
    """Render the support a member received, for the member and curators only: 1 query for
    them, none for anyone else."""
    user = context.get("user")
    if user is None or not user.is_authenticated:
        return {"records": []}
    if not (is_curator(user) or member.user_id == user.pk):
        return {"records": []}
    records = list(GrantedSupport.objects.filter(member=member))
    return {"records": records}


@register.simple_tag(takes_context=True)
def reviews_partner_applications(context: template.Context) -> bool:
    """Return whether the signed-in partner has a reviewer's queue: 1 EXISTS query, asked
    only for partners (curators have the item in their own menu, nobody else reviews)."""
    user = context.get("user")
    if user is None or not user.is_authenticated or not user.is_partner:
        return False
    return Reviewer.objects.filter(user=user).exists()
