"""The work: starting it, delivering, accepting or asking for changes, disputes and closing."""

from __future__ import annotations

from collections.abc import Sequence

from django.core.files.uploadedfile import UploadedFile
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import override

from members.models import User
from orders.models import (
    Delivery,
    DeliveryStatus,
    Order,
)
from orders.queries import (
    actors_of,
    work_team_users,
)
from orders.services.placing import (
    attach_files,
    checked_files,
)
from orders.services.transitions import (
    OrderError,
    curator_users,
    lock_order,
    move_order,
    order_url,
    tell,
)


@transaction.atomic
def check_start_work(order: Order, user: User) -> Order:
    order = lock_order(order)
    move_order(order, "start", actors_of(order, user), user)
    with override("ru"):
        text = _("Work on «%(title)s» has started.") % {"title": order.title}
    tell([order.client], text, order_url(order))
    return order


@transaction.atomic
def check_deliver(
    order: Order, user: User, note: str, files: Sequence[UploadedFile[bytes]] = ()
) -> Delivery:
    """Hand the work over with a note and files; the client accepts or asks for changes."""
    note = note.strip()
    if not note:
        raise OrderError("note_required", _("Say what you are handing over."), "note")
    checked = checked_files(files)
    order = lock_order(order)
    move_order(order, "deliver", actors_of(order, user), user)
    delivery = Delivery.objects.create(order=order, author=user, note=note)
    attach_files(order, user, checked, delivery)
    with override("ru"):
        text = _("The work on «%(title)s» is delivered. Please check it and accept it.") % {
            "title": order.title
        }
    tell([order.client], text, order_url(order), email=True)
    return delivery


def _answer_delivery(order: Order, status: str, response: str = "") -> None:
    delivery = order.deliveries.filter(status=DeliveryStatus.WAITING).order_by("-pk").first()
    if delivery is not None:
        delivery.status, delivery.response = status, response
        delivery.answered_at = timezone.now()
        delivery.save(update_fields=["status", "response", "answered_at"])


@transaction.atomic
def check_accept_delivery(order: Order, user: User) -> Order:
    order = lock_order(order)
    move_order(order, "accept_delivery", actors_of(order, user), user)
    _answer_delivery(order, DeliveryStatus.ACCEPTED)
    with override("ru"):
        text = _("The client accepted the work on «%(title)s». Leave them a review.") % {
            "title": order.title
        }
    tell(work_team_users(order), text, order_url(order), email=True)
    return order


@transaction.atomic
def check_request_changes(order: Order, user: User, note: str) -> Order:
    note = note.strip()
    if not note:
        raise OrderError("note_required", _("Say what should change."), "note")
    order = lock_order(order)
    move_order(order, "request_changes", actors_of(order, user), user, note)
    _answer_delivery(order, DeliveryStatus.CHANGES_REQUESTED, note)
    with override("ru"):
        text = _("The client asks for changes on «%(title)s»: %(note)s") % {
            "title": order.title,
            "note": note,
        }
    tell(work_team_users(order), text, order_url(order), email=True)
    return order


@transaction.atomic
def check_open_dispute(order: Order, user: User, reason: str) -> Order:
    reason = reason.strip()
    if not reason:
        raise OrderError("note_required", _("Describe what went wrong."), "note")
    order = lock_order(order)
    source = move_order(order, "dispute", actors_of(order, user), user, reason)
    order.disputed_from = source
    order.save(update_fields=["disputed_from"])
    with override("ru"):
        text = _("A dispute was opened on «%(title)s»: %(reason)s") % {
            "title": order.title,
            "reason": reason,
        }
    others = [order.client, *work_team_users(order)]
    tell(
        [u for u in others if u.pk != user.pk] + curator_users(), text, order_url(order), email=True
    )
    return order


RESOLUTIONS = {
    "continue": "resolve_continue",
    "accept": "resolve_accept",
    "cancel": "resolve_cancel",
}


@transaction.atomic
def check_resolve_dispute(order: Order, curator: User, outcome: str, note: str) -> Order:
    """A curator decides a dispute: work goes on, the work is accepted, or the order ends."""
    if outcome not in RESOLUTIONS:
        raise OrderError("unknown_outcome", _("Choose how the dispute ends."), "outcome")
    note = note.strip()
    if not note:
        raise OrderError("note_required", _("Explain the decision to both sides."), "note")
    order = lock_order(order)
    move_order(order, RESOLUTIONS[outcome], actors_of(order, curator), curator, note)
    order.disputed_from = ""
    order.save(update_fields=["disputed_from"])
    with override("ru"):
        text = _("The curator decided the dispute on «%(title)s»: %(note)s") % {
            "title": order.title,
            "note": note,
        }
    tell([order.client, *work_team_users(order)], text, order_url(order), email=True)
    return order


@transaction.atomic
def check_close_order(order: Order, curator: User) -> Order:
    order = lock_order(order)
    move_order(order, "close", actors_of(order, curator), curator)
    return order
