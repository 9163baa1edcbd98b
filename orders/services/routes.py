"""Routing: telling the fitting members about a new order, and a curator forwarding it by hand."""

from __future__ import annotations

import logging

from django.db import IntegrityError, transaction
from django.utils.translation import gettext as _
from django.utils.translation import override

from core.money import rub
from core.roles import is_curator
from members.models import Member, User
from orders import states
from orders.models import (
    Order,
    RoutedMember,
    RouteSource,
)
from orders.queries import (
    order_settings,
    plan_routes,
)
from orders.services.transitions import (
    OrderError,
    lock_order,
    order_url,
    tell,
)

log = logging.getLogger(__name__)


def do_route_order(order: Order) -> list[RoutedMember]:
    """Tell the best-fitting members about a published order, with the reasons, and record it.

    Members told before (an order published again after moderation) are not told twice.
    """
    plan = plan_routes(order, order_settings().route_to)
    told_before = set(order.routes.values_list("member_id", flat=True))
    routes = [route for route in plan.routes if route.member_id not in told_before]
    members = Member.objects.select_related("user").in_bulk([r.member_id for r in routes])
    rows = RoutedMember.objects.bulk_create(
        [
            RoutedMember(
                order=order,
                member=members[route.member_id],
                rank=rank,
                score=route.score,
                reasons=route.reasons,
            )
            for rank, route in enumerate(routes, start=1)
            if route.member_id in members
        ]
    )
    with override("ru"):
        text = _("A new order may suit you: «%(title)s» (%(town)s, up to %(budget)s)") % {
            "title": order.title,
            "town": order.town.name_ru,
            "budget": rub(order.budget_max),
        }
    tell([members[row.member_id].user for row in rows], text, order_url(order), email=True)
    log.info("order %s routed to %s of %s candidates", order.pk, len(rows), plan.candidates)
    return rows


@transaction.atomic
def check_forward_order(
    order: Order, member: Member, curator: User, note: str = ""
) -> RoutedMember:
    """A curator points an open order out to a member by hand.

    Raise OrderError if the person is not a curator, the order is not open, or the member is
    the client or has already been told.
    """
    order = lock_order(order)
    if not is_curator(curator):
        raise OrderError("not_allowed", _("You cannot do this on this order."), kind="forbidden")
    if order.status not in states.OPEN:
        raise OrderError(
            "order_not_open", _("This order no longer takes proposals."), kind="conflict"
        )
    if member.user_id == order.client_id or not member.is_active:
        raise OrderError("cannot_forward", _("This member cannot take this order."), "member")
    reasons = [{"kind": "curator", "text": note.strip()[:500]}]
    try:
        with transaction.atomic():
            route = RoutedMember.objects.create(
                order=order,
                member=member,
                source=RouteSource.CURATOR,
                forwarded_by=curator,
                reasons=reasons,
            )
    except IntegrityError as error:
        raise OrderError(
            "already_routed",
            _("This member already knows about the order."),
            "member",
            kind="conflict",
        ) from error
    with override("ru"):
        text = _("A curator thinks this order suits you: «%(title)s»") % {"title": order.title}
    tell([member.user], text, order_url(order), email=True)
    return route
