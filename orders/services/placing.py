"""Placing an order, its brief files, publishing it (through moderation when the cluster wants
it), and cancelling it."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date
from decimal import Decimal

from django.core.files.uploadedfile import UploadedFile
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import override

from core.models import Industry, Town
from core.uploads import CheckedFile, UploadError, check_uploads
from members.models import User
from orders import states
from orders.models import (
    Attachment,
    Delivery,
    Order,
    OrderEvent,
    ProposalStatus,
)
from orders.queries import (
    actors_of,
    can_place_orders,
    order_settings,
    work_team_users,
)
from orders.services.routes import do_route_order
from orders.services.transitions import (
    OrderError,
    curator_users,
    lock_order,
    move_order,
    order_url,
    tell,
)


@dataclass
class OrderData:
    title: str
    brief: str
    town: Town
    budget_min: Decimal
    budget_max: Decimal
    deadline: date
    industries: Sequence[Industry] = ()


def check_order_data(data: OrderData, today: date | None = None) -> None:
    """Raise OrderError if the order's fields break a rule (the form checks formats)."""
    today = today or timezone.localdate()
    if not data.title.strip():
        raise OrderError("title_required", _("Say in a few words what needs doing."), "title")
    if not data.brief.strip():
        raise OrderError("brief_required", _("Describe the work in the brief."), "brief")
    if data.budget_min < 0 or data.budget_max < 0:
        raise OrderError("negative_budget", _("The budget cannot be negative."), "budget_min")
    if data.budget_min > data.budget_max:
        raise OrderError(
            "budget_range", _("The budget's lower end is above its upper end."), "budget_max"
        )
    if data.deadline < today:
        raise OrderError("deadline_past", _("The deadline is in the past."), "deadline")


def checked_files(files: Sequence[UploadedFile[bytes]]) -> list[CheckedFile]:
    try:
        return check_uploads(list(files))
    except UploadError as error:
        raise OrderError(error.code, error.message, "attachments") from error


def attach_files(
    order: Order, user: User, files: list[CheckedFile], delivery: Delivery | None = None
) -> None:
    for checked in files:
        attachment = Attachment(
            order=order,
            delivery=delivery,
            name=checked.name,
            size=checked.size,
            content_type=checked.content_type,
            uploaded_by=user,
        )
        attachment.file.save(checked.name, checked.upload, save=False)
        attachment.save()


@transaction.atomic
def check_create_order(
    client: User, data: OrderData, files: Sequence[UploadedFile[bytes]] = ()
) -> Order:
    """Return the client's new draft order.

    Raise OrderError if this person may not place orders or the data breaks a rule.
    """
    if not can_place_orders(client):
        raise OrderError(
            "not_allowed", _("Only clients, partners and members place orders."), kind="forbidden"
        )
    check_order_data(data)
    checked = checked_files(files)
    order = Order.objects.create(
        client=client,
        title=data.title.strip(),
        brief=data.brief.strip(),
        town=data.town,
        budget_min=data.budget_min,
        budget_max=data.budget_max,
        deadline=data.deadline,
    )
    order.industries.set(data.industries)
    attach_files(order, client, checked)
    OrderEvent.objects.create(
        order=order, action="create", source="", target=states.DRAFT, actor=client
    )
    return order


@transaction.atomic
def check_update_order(
    order: Order, user: User, data: OrderData, files: Sequence[UploadedFile[bytes]] = ()
) -> Order:
    """Change a draft. Raise OrderError unless it is the client's and still a draft."""
    order = lock_order(order)
    if order.client_id != user.pk:
        raise OrderError("not_allowed", _("You cannot do this on this order."), kind="forbidden")
    if order.status != states.DRAFT:
        raise OrderError("wrong_state", _("Only a draft can be edited."), kind="conflict")
    check_order_data(data)
    checked = checked_files(files)
    order.title, order.brief = data.title.strip(), data.brief.strip()
    order.town, order.deadline = data.town, data.deadline
    order.budget_min, order.budget_max = data.budget_min, data.budget_max
    order.save(update_fields=["title", "brief", "town", "deadline", "budget_min", "budget_max"])
    order.industries.set(data.industries)
    attach_files(order, user, checked)
    return order


@transaction.atomic
def check_add_files(
    order: Order, user: User, files: Sequence[UploadedFile[bytes]]
) -> list[Attachment]:
    """Attach files to the brief of the client's draft."""
    order = lock_order(order)
    if order.client_id != user.pk:
        raise OrderError("not_allowed", _("You cannot do this on this order."), kind="forbidden")
    if order.status != states.DRAFT:
        raise OrderError("wrong_state", _("Only a draft can be edited."), kind="conflict")
    before = set(order.attachments.values_list("pk", flat=True))
    attach_files(order, user, checked_files(files))
    return list(order.attachments.exclude(pk__in=before))


@transaction.atomic
def check_publish_order(order: Order, user: User) -> Order:
    """Publish the client's draft, or send it to the curators first if the cluster moderates.

    Raise OrderError unless it is the client's draft with a deadline still ahead.
    """
    order = lock_order(order)
    if "client" not in actors_of(order, user):
        raise OrderError("not_allowed", _("You cannot do this on this order."), kind="forbidden")
    if order.status == states.DRAFT and order.deadline < timezone.localdate():
        raise OrderError("deadline_past", _("The deadline is in the past."), "deadline")
    if order_settings().moderate_orders:
        move_order(order, "submit_for_moderation", {"client"}, user)
        with override("ru"):
            text = _("A new order awaits moderation: «%(title)s»") % {"title": order.title}
        tell(curator_users(), text, order_url(order), email=True)
        return order
    move_order(order, "publish", {"client"}, user)
    do_route_order(order)
    return order


@transaction.atomic
def check_approve_order(order: Order, curator: User) -> Order:
    order = lock_order(order)
    move_order(order, "approve", actors_of(order, curator), curator)
    with override("ru"):
        text = _("Your order «%(title)s» is published.") % {"title": order.title}
    tell([order.client], text, order_url(order))
    do_route_order(order)
    return order


@transaction.atomic
def check_return_order(order: Order, curator: User, note: str) -> Order:
    """Send an order back to its client's drafts with the curator's note on what to change."""
    note = note.strip()
    if not note:
        raise OrderError("note_required", _("Tell the client what to change."), "note")
    order = lock_order(order)
    move_order(order, "return_to_draft", actors_of(order, curator), curator, note)
    order.moderation_note = note[:1000]
    order.save(update_fields=["moderation_note"])
    with override("ru"):
        text = _("Your order «%(title)s» needs changes: %(note)s") % {
            "title": order.title,
            "note": note,
        }
    tell([order.client], text, order_url(order), email=True)
    return order


@transaction.atomic
def check_cancel_order(order: Order, user: User, reason: str = "") -> Order:
    order = lock_order(order)
    move_order(order, "cancel", actors_of(order, user), user, reason.strip())
    open_proposals = order.proposals.filter(status=ProposalStatus.SUBMITTED).select_related(
        "author__user"
    )
    told = [proposal.author.user for proposal in open_proposals] + work_team_users(order)
    open_proposals.update(status=ProposalStatus.DECLINED, decided_at=timezone.now())
    with override("ru"):
        text = _("The order «%(title)s» was cancelled.") % {"title": order.title}
    tell(told, text, order_url(order))
    return order
