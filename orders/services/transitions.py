"""Moving an order from state to state: the row lock, the state table's check, the history
entry, and telling people."""

from __future__ import annotations

from collections.abc import Iterable

from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from core.errors import DomainError
from core.services import do_notify
from members.models import User
from orders import states
from orders.models import (
    Order,
    OrderEvent,
)


class OrderError(DomainError):
    """An action the order's state, the person's part in it, or the input does not allow."""


def lock_order(order: Order) -> Order:
    return (
        Order.objects.select_for_update(of=("self",)).select_related("performer").get(pk=order.pk)
    )


def move_order(
    order: Order, action: str, actors: Iterable[str], user: User | None = None, note: str = ""
) -> str:
    """Take `action` on the locked order; return the state it left.

    Raise OrderError if the action does not start from the order's state, or none of
    `actors` may take it.
    """
    found = states.transition(order.status, action)
    if found is None:
        raise OrderError(
            "wrong_state",
            _("This cannot be done while the order is “%(status)s”.")
            % {"status": order.get_status_display()},
            kind="conflict",
        )
    if not found.actors & set(actors):
        raise OrderError("not_allowed", _("You cannot do this on this order."), kind="forbidden")
    source = order.status
    order.status = found.target
    stamp = {
        states.PUBLISHED: "published_at",
        states.ASSIGNED: "assigned_at",
        states.DELIVERED: "delivered_at",
        states.ACCEPTED: "accepted_at",
        states.CLOSED: "closed_at",
        states.CANCELLED: "cancelled_at",
    }.get(found.target)
    fields = ["status"]
    if stamp and not (stamp == "published_at" and order.published_at):
        setattr(order, stamp, timezone.now())
        fields.append(stamp)
    order.save(update_fields=fields)
    OrderEvent.objects.create(
        order=order,
        action=action,
        source=source,
        target=found.target,
        actor=user,
        note=note[:1000],
    )
    return source


def order_url(order: Order) -> str:
    return reverse("orders:detail", args=[order.pk])


def tell(users: Iterable[User], text: str, url: str, *, email: bool = False) -> None:
    seen = set()
    for user in users:
        if user.pk in seen:
            continue
        seen.add(user.pk)
        do_notify(user, text, url, email_subject=text if email else "")


def curator_users() -> list[User]:
    return list(User.objects.filter(is_curator=True, is_active=True))
