"""One entry for the pages and the API: an order's action by its name."""

from __future__ import annotations

from django.utils.translation import gettext as _

from members.models import User
from orders.models import (
    Order,
)
from orders.services.placing import (
    check_approve_order,
    check_cancel_order,
    check_publish_order,
    check_return_order,
)
from orders.services.transitions import (
    OrderError,
)
from orders.services.work import (
    check_accept_delivery,
    check_close_order,
    check_open_dispute,
    check_request_changes,
    check_resolve_dispute,
    check_start_work,
)


def check_take_action(
    order: Order, user: User, action: str, note: str = "", outcome: str = ""
) -> Order:
    """Take a named state change on the order (the buttons on its page, `POST .../actions`).

    Raise OrderError if the action is unknown or not allowed now, for this person.
    """
    if action == "publish":
        return check_publish_order(order, user)
    if action == "cancel":
        return check_cancel_order(order, user, note)
    if action == "approve":
        return check_approve_order(order, user)
    if action == "return_to_draft":
        return check_return_order(order, user, note)
    if action == "start":
        return check_start_work(order, user)
    if action == "accept_delivery":
        return check_accept_delivery(order, user)
    if action == "request_changes":
        return check_request_changes(order, user, note)
    if action == "dispute":
        return check_open_dispute(order, user, note)
    if action == "resolve":
        return check_resolve_dispute(order, user, outcome, note)
    if action == "close":
        return check_close_order(order, user)
    raise OrderError("unknown_action", _("Unknown action."), "action")
