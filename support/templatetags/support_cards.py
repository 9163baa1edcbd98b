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
from django.utils.dates import MONTHS_ALT
from django.utils.safestring import SafeString
from django.utils.translation import gettext as _

from core.roles import is_curator
from members.models import Member
from support.models import GrantedSupport, MeasureKind, Reviewer
from support.queries import MeasureCard

register = template.Library()

# Every value is escaped with the standard library's `html.escape` (Django's `format_html`
# costs a lazy-string wrapper per value, most of the page's time at a thousand cards); what
# repeats from card to card (kinds, deadlines, providers, reasons) is escaped once.
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
def fit_cards(cards: Iterable[MeasureCard]) -> SafeString:
    """Return these cards with their reasons, as a template of one card per measure would."""
    kinds = {value: escape(str(label)) for value, label in MeasureKind.choices}
    until = _("until %(date)s")
    months = {number: str(name) for number, name in MONTHS_ALT.items()}
    days: dict[date | None, str] = {None: ""}
    abouts: dict[tuple[str, str], str] = {}
    lines: dict[str, str] = {}
    address = reverse("support:detail", args=[0])[: -len("0/")]
    html = []
    for card in cards:
        deadline = card.deadline
        if deadline is not None and deadline not in days:  # as the `date` filter's "j E" does
            days[deadline] = escape(until % {"date": f"{deadline.day} {months[deadline.month]}"})
        if (card.provider, card.volume) not in abouts:
            about = f"{card.provider} · {card.volume}" if card.volume else card.provider
            abouts[card.provider, card.volume] = escape(about)
        for line in card.lines:
            if line not in lines:
                lines[line] = f'<li data-test="reason">{escape(line)}</li>'
        html.append(
            CARD.format(
                id=escape(card.external_id),
                eligible="true" if card.eligible else "false",
                kind=kinds.get(card.kind) or escape(card.kind),
                deadline=days[deadline],
                url=f"{address}{card.pk}/",
                title=escape(card.title),
                about=abouts[card.provider, card.volume],
                colour="text-success" if card.eligible else "text-danger",
                lines="".join(lines[line] for line in card.lines),
            )
        )
    return SafeString("".join(html))


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
