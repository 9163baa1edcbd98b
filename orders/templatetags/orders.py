from __future__ import annotations

from typing import Any

from django import template

from orders.queries import reviews_of

register = template.Library()


@register.inclusion_tag("orders/partials/profile_reviews.html")
def profile_reviews(member: Any) -> dict[str, Any]:
    """Render the reviews a member received for orders, on their profile: 2 queries."""
    return {"found": reviews_of(member.user_id)}


@register.filter
def order_status(code: str) -> str:
    """Return the label of an order state code, e.g. in the order's history."""
    from orders.models import OrderStatus

    return str(OrderStatus(code).label) if code in OrderStatus.values else "—"
