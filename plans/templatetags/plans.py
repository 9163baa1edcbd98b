"""Plans on the pages: amounts in a goal's unit as people say them, and the public plan's small
section on a member's profile (`{% public_plan member %}`)."""

from __future__ import annotations

from decimal import Decimal
from typing import Any

from django import template
from django.utils import timezone
from django.utils.translation import ngettext

from core import money
from members.models import Member
from plans.models import GoalUnit
from plans.queries import plan_view, public_plan_of

register = template.Library()


@register.filter
def in_unit(value: Decimal | None, unit: str) -> str:
    """Return the amount with its unit: «300 000 ₽», «2 человека», «3 точки продаж», «45 м²»."""
    if value is None:
        return "—"
    if unit == GoalUnit.ROUBLES:
        return money.rub(value)
    number = money.amount(value)
    whole = int(value)
    if unit == GoalUnit.PEOPLE:
        return ngettext("%(n)s person", "%(n)s people", whole) % {"n": number}
    if unit == GoalUnit.PIECES:
        return ngettext("%(n)s piece", "%(n)s pieces", whole) % {"n": number}
    if unit == GoalUnit.POINTS_OF_SALE:
        return ngettext("%(n)s point of sale", "%(n)s points of sale", whole) % {"n": number}
    if unit == GoalUnit.SQUARE_METRES:
        return f"{number}\u00a0м²"
    if unit == GoalUnit.PERCENT:
        return f"{number}\u00a0%"
    return number


@register.inclusion_tag("plans/partials/public_plan.html", takes_context=True)
def public_plan(context: template.Context, member: Member) -> dict[str, Any]:
    """Render this year's public plan of the member, if there is one: its goals with their
    progress (1 query without a plan, 5 with one)."""
    today = timezone.localdate()
    plan = public_plan_of(member, today.year)
    if plan is None:
        return {"plan": None}
    return {"plan": plan, "view": plan_view(plan, today), "user": context.get("user")}
