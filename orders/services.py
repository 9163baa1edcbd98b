"""Every write to orders goes through here; each state change follows `orders.states`.

Each action locks the order row first (`select_for_update`), re-reads its state and only then
decides, so two requests racing on one order queue on the lock: of two proposals accepted at
once exactly one wins, and the other request sees the order already assigned.
"""

from __future__ import annotations

import logging
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import date
from decimal import Decimal

from django.core.files.uploadedfile import UploadedFile
from django.db import IntegrityError, transaction
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import override

from core.errors import DomainError
from core.models import Industry, Town
from core.money import rub
from core.roles import is_curator
from core.services import do_notify
from members.models import Member, User
from orders import states
from orders.models import (
    Attachment,
    Delivery,
    DeliveryStatus,
    Order,
    OrderEvent,
    OrderMessage,
    Proposal,
    ProposalShare,
    ProposalStatus,
    Review,
    ReviewDirection,
    RoutedMember,
    RouteSource,
)
from orders.queries import (
    actors_of,
    can_place_orders,
    can_talk,
    order_settings,
    plan_routes,
    teammates_of,
    work_team_users,
)
from orders.uploads import CheckedFile, UploadError, check_uploads
from projects.models import MembershipStatus, Project

log = logging.getLogger(__name__)

HUNDRED = Decimal(100)


class OrderError(DomainError):
    """An action the order's state, the person's part in it, or the input does not allow."""


# --- State changes -----------------------------------------------------------------------


def _lock(order: Order) -> Order:
    return (
        Order.objects.select_for_update(of=("self",)).select_related("performer").get(pk=order.pk)
    )


def _move(
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


def _order_url(order: Order) -> str:
    return reverse("orders:detail", args=[order.pk])


def _tell(users: Iterable[User], text: str, url: str, *, email: bool = False) -> None:
    seen = set()
    for user in users:
        if user.pk in seen:
            continue
        seen.add(user.pk)
        do_notify(user, text, url, email_subject=text if email else "")


def _curators() -> list[User]:
    return list(User.objects.filter(is_curator=True, is_active=True))


# --- Placing and publishing --------------------------------------------------------------


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


def _checked_files(files: Sequence[UploadedFile]) -> list[CheckedFile]:
    try:
        return check_uploads(list(files))
    except UploadError as error:
        raise OrderError(error.code, error.message, "attachments") from error


def _attach(
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
def check_create_order(client: User, data: OrderData, files: Sequence[UploadedFile] = ()) -> Order:
    """Return the client's new draft order.

    Raise OrderError if this person may not place orders or the data breaks a rule.
    """
    if not can_place_orders(client):
        raise OrderError(
            "not_allowed", _("Only clients, partners and members place orders."), kind="forbidden"
        )
    check_order_data(data)
    checked = _checked_files(files)
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
    _attach(order, client, checked)
    OrderEvent.objects.create(
        order=order, action="create", source="", target=states.DRAFT, actor=client
    )
    return order


@transaction.atomic
def check_update_order(
    order: Order, user: User, data: OrderData, files: Sequence[UploadedFile] = ()
) -> Order:
    """Change a draft. Raise OrderError unless it is the client's and still a draft."""
    order = _lock(order)
    if order.client_id != user.pk:
        raise OrderError("not_allowed", _("You cannot do this on this order."), kind="forbidden")
    if order.status != states.DRAFT:
        raise OrderError("wrong_state", _("Only a draft can be edited."), kind="conflict")
    check_order_data(data)
    checked = _checked_files(files)
    order.title, order.brief = data.title.strip(), data.brief.strip()
    order.town, order.deadline = data.town, data.deadline
    order.budget_min, order.budget_max = data.budget_min, data.budget_max
    order.save(update_fields=["title", "brief", "town", "deadline", "budget_min", "budget_max"])
    order.industries.set(data.industries)
    _attach(order, user, checked)
    return order


@transaction.atomic
def check_add_files(order: Order, user: User, files: Sequence[UploadedFile]) -> list[Attachment]:
    """Attach files to the brief of the client's draft."""
    order = _lock(order)
    if order.client_id != user.pk:
        raise OrderError("not_allowed", _("You cannot do this on this order."), kind="forbidden")
    if order.status != states.DRAFT:
        raise OrderError("wrong_state", _("Only a draft can be edited."), kind="conflict")
    before = set(order.attachments.values_list("pk", flat=True))
    _attach(order, user, _checked_files(files))
    return list(order.attachments.exclude(pk__in=before))


@transaction.atomic
def check_publish_order(order: Order, user: User) -> Order:
    """Publish the client's draft, or send it to the curators first if the cluster moderates.

    Raise OrderError unless it is the client's draft with a deadline still ahead.
    """
    order = _lock(order)
    if "client" not in actors_of(order, user):
        raise OrderError("not_allowed", _("You cannot do this on this order."), kind="forbidden")
    if order.status == states.DRAFT and order.deadline < timezone.localdate():
        raise OrderError("deadline_past", _("The deadline is in the past."), "deadline")
    if order_settings().moderate_orders:
        _move(order, "submit_for_moderation", {"client"}, user)
        with override("ru"):
            text = _("A new order awaits moderation: «%(title)s»") % {"title": order.title}
        _tell(_curators(), text, _order_url(order), email=True)
        return order
    _move(order, "publish", {"client"}, user)
    do_route_order(order)
    return order


@transaction.atomic
def check_approve_order(order: Order, curator: User) -> Order:
    order = _lock(order)
    _move(order, "approve", actors_of(order, curator), curator)
    with override("ru"):
        text = _("Your order «%(title)s» is published.") % {"title": order.title}
    _tell([order.client], text, _order_url(order))
    do_route_order(order)
    return order


@transaction.atomic
def check_return_order(order: Order, curator: User, note: str) -> Order:
    """Send an order back to its client's drafts with the curator's note on what to change."""
    note = note.strip()
    if not note:
        raise OrderError("note_required", _("Tell the client what to change."), "note")
    order = _lock(order)
    _move(order, "return_to_draft", actors_of(order, curator), curator, note)
    order.moderation_note = note[:1000]
    order.save(update_fields=["moderation_note"])
    with override("ru"):
        text = _("Your order «%(title)s» needs changes: %(note)s") % {
            "title": order.title,
            "note": note,
        }
    _tell([order.client], text, _order_url(order), email=True)
    return order


@transaction.atomic
def check_cancel_order(order: Order, user: User, reason: str = "") -> Order:
    order = _lock(order)
    _move(order, "cancel", actors_of(order, user), user, reason.strip())
    open_proposals = order.proposals.filter(status=ProposalStatus.SUBMITTED).select_related(
        "author__user"
    )
    told = [proposal.author.user for proposal in open_proposals] + work_team_users(order)
    open_proposals.update(status=ProposalStatus.DECLINED, decided_at=timezone.now())
    with override("ru"):
        text = _("The order «%(title)s» was cancelled.") % {"title": order.title}
    _tell(told, text, _order_url(order))
    return order


# --- Routing -----------------------------------------------------------------------------


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
    _tell([members[row.member_id].user for row in rows], text, _order_url(order), email=True)
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
    order = _lock(order)
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
    _tell([member.user], text, _order_url(order), email=True)
    return route


# --- Proposals ---------------------------------------------------------------------------


@dataclass
class ShareData:
    member: Member
    share: Decimal
    role: str = ""


@dataclass
class ProposalData:
    price: Decimal
    days: int
    message: str
    shares: Sequence[ShareData] = ()
    team_name: str = ""
    project: Project | None = None


def _project_team(project: Project) -> set[int]:
    confirmed = project.memberships.filter(status=MembershipStatus.CONFIRMED)
    return {project.owner_id, *confirmed.values_list("member_id", flat=True)}


def proposal_field_errors(
    price: Decimal | None, days: int | None, message: str | None
) -> list[OrderError]:
    """Return every rule the price, time and message break; a value not given is skipped.

    All of them at once, so a form shows each field's mistake in one go.
    """
    errors = []
    if price is not None and price <= 0:
        errors.append(OrderError("price_not_positive", _("The price must be above zero."), "price"))
    if days is not None and not 1 <= days <= 365:
        errors.append(OrderError("days_range", _("Say how many days, from 1 to 365."), "days"))
    if message is not None and not message.strip():
        errors.append(
            OrderError("message_required", _("Write a few words to the client."), "message")
        )
    return errors


def check_proposal_data(author: Member, data: ProposalData) -> None:
    """Raise OrderError if the price, time, message or team shares break a rule."""
    for error in proposal_field_errors(data.price, data.days, data.message):
        raise error
    check_proposal_shares(author, data.shares, data.project)


def check_proposal_shares(
    author: Member, shares: Sequence[ShareData], project: Project | None = None
) -> None:
    """Raise OrderError if the team's shares break a rule (the price and time aside)."""
    if any(not share.member.is_active for share in shares):
        raise OrderError("member_inactive", _("A team member has left the cluster."), "shares")
    check_teammates(author, [share.member for share in shares])
    members = [share.member.pk for share in shares] or [author.pk]
    if project is not None and not set(members) <= _project_team(project):
        raise OrderError(
            "not_in_project_team",
            _("Everyone in the proposal must be in the project's team."),
            "shares",
        )
    if not shares:
        return
    if len(set(members)) != len(members):
        raise OrderError("share_repeated", _("Each team member is listed once."), "shares")
    if author.pk not in members:
        raise OrderError("author_not_in_team", _("Include yourself in the team."), "shares")
    if len(members) < 2:
        raise OrderError("team_too_small", _("A team has at least two members."), "shares")
    if any(share.share <= 0 for share in shares):
        raise OrderError("share_not_positive", _("Every share must be above zero."), "shares")
    if sum((share.share for share in shares), Decimal(0)) != HUNDRED:
        raise OrderError("shares_total", _("The shares must add up to 100%."), "shares")


def check_teammates(author: Member, members: Iterable[Member]) -> None:
    """Raise OrderError unless each member is the author or in one of the author's producer
    teams: a share of the price goes only to people the author works with."""
    others = {member.pk for member in members} - {author.pk}
    if others and len(teammates_of(author).filter(pk__in=others)) != len(others):
        raise not_a_teammate()


def not_a_teammate() -> OrderError:
    return OrderError(
        "not_a_teammate",
        _("Only members of your producer teams can share a proposal with you."),
        "shares",
    )


def _write_shares(proposal: Proposal, data: ProposalData) -> None:
    proposal.shares.all().delete()
    ProposalShare.objects.bulk_create(
        ProposalShare(
            proposal=proposal,
            member=share.member,
            share=share.share,
            role=share.role.strip()[:200],
        )
        for share in data.shares
    )


@transaction.atomic
def check_submit_proposal(order: Order, author: Member, data: ProposalData) -> Proposal:
    """Return the member's proposal on an open order (one per member; a withdrawn one revives).

    Raise OrderError if the order takes no proposals, it is the member's own order, they
    already proposed, or the data breaks a rule; nothing is written then.
    """
    order = _lock(order)
    if order.status not in states.OPEN:
        raise OrderError(
            "order_not_open", _("This order no longer takes proposals."), kind="conflict"
        )
    if author.user_id == order.client_id:
        raise OrderError("own_order", _("You cannot answer your own order."), kind="forbidden")
    if not author.is_active:
        raise OrderError("not_allowed", _("You cannot do this on this order."), kind="forbidden")
    check_proposal_data(author, data)
    proposal = Proposal.objects.filter(order=order, author=author).first()
    if proposal is not None and proposal.status != ProposalStatus.WITHDRAWN:
        raise OrderError(
            "proposal_exists",
            _("You have already answered this order; edit your proposal."),
            kind="conflict",
        )
    now = timezone.now()
    proposal = proposal or Proposal(order=order, author=author, created_at=now)
    proposal.price, proposal.days = data.price, data.days
    proposal.message = data.message.strip()
    proposal.team_name, proposal.project = data.team_name.strip()[:200], data.project
    proposal.status, proposal.updated_at, proposal.decided_at = ProposalStatus.SUBMITTED, now, None
    proposal.save()
    _write_shares(proposal, data)
    if order.status == states.PUBLISHED:
        _move(order, "first_proposal", {"system"}, author.user)
    with override("ru"):
        text = _("%(name)s answered your order «%(title)s»: %(price)s, %(days)s days") % {
            "name": proposal.team_name or author.display_name,
            "title": order.title,
            "price": rub(proposal.price),
            "days": proposal.days,
        }
    _tell([order.client], text, _order_url(order), email=True)
    return proposal


def _lock_own_proposal(proposal: Proposal, author: Member) -> tuple[Order, Proposal]:
    order = _lock(proposal.order)
    proposal = Proposal.objects.select_for_update().get(pk=proposal.pk)
    if proposal.author_id != author.pk:
        raise OrderError("not_allowed", _("You cannot do this on this order."), kind="forbidden")
    if proposal.status != ProposalStatus.SUBMITTED or order.status not in states.OPEN:
        raise OrderError(
            "proposal_locked",
            _("The client has decided; the proposal cannot change now."),
            kind="conflict",
        )
    return order, proposal


@transaction.atomic
def check_update_proposal(proposal: Proposal, author: Member, data: ProposalData) -> Proposal:
    """Change a proposal the client has not decided on yet."""
    order, proposal = _lock_own_proposal(proposal, author)
    check_proposal_data(author, data)
    proposal.price, proposal.days = data.price, data.days
    proposal.message = data.message.strip()
    proposal.team_name, proposal.project = data.team_name.strip()[:200], data.project
    proposal.updated_at = timezone.now()
    proposal.save(update_fields=["price", "days", "message", "team_name", "project", "updated_at"])
    _write_shares(proposal, data)
    with override("ru"):
        text = _("%(name)s changed their proposal on «%(title)s»") % {
            "name": proposal.team_name or author.display_name,
            "title": order.title,
        }
    _tell([order.client], text, _order_url(order))
    return proposal


@transaction.atomic
def check_withdraw_proposal(proposal: Proposal, author: Member) -> Proposal:
    order, proposal = _lock_own_proposal(proposal, author)
    proposal.status, proposal.decided_at = ProposalStatus.WITHDRAWN, timezone.now()
    proposal.save(update_fields=["status", "decided_at"])
    if (
        order.status == states.PROPOSALS
        and not order.proposals.filter(status=ProposalStatus.SUBMITTED).exists()
    ):
        _move(order, "last_proposal_withdrawn", {"system"}, author.user)
    return proposal


@transaction.atomic
def check_accept_proposal(order: Order, proposal_id: int, user: User) -> Proposal:
    """Make one proposal the order's: its author becomes the performer, the others are told.

    Race-safe: the order row is locked and its state re-read, so when two proposals are
    accepted at once the second request finds the order assigned. Raise OrderError if the
    person is not the client, the order takes no proposals, or the proposal is not open.
    """
    order = _lock(order)
    if "client" not in actors_of(order, user):
        raise OrderError(
            "not_your_order",
            _("Only the client who placed the order can choose."),
            kind="forbidden",
        )
    proposal = (
        Proposal.objects.select_for_update(of=("self",))
        .select_related("author__user")
        .filter(pk=proposal_id, order=order)
        .first()
    )
    if proposal is None:
        raise OrderError("unknown_proposal", _("This proposal is not on this order."), "proposal")
    if order.status in states.ASSIGNED_STATES or order.status in states.FINAL:
        raise OrderError(
            "already_assigned", _("A performer has already been chosen."), kind="conflict"
        )
    if proposal.status != ProposalStatus.SUBMITTED:
        raise OrderError(
            "proposal_not_open",
            _("This proposal was withdrawn or declined."),
            "proposal",
            kind="conflict",
        )
    _move(order, "accept_proposal", {"client"}, user)
    now = timezone.now()
    proposal.status, proposal.decided_at = ProposalStatus.ACCEPTED, now
    proposal.save(update_fields=["status", "decided_at"])
    others = list(
        order.proposals.filter(status=ProposalStatus.SUBMITTED)
        .exclude(pk=proposal.pk)
        .select_related("author__user")
    )
    order.proposals.filter(pk__in=[p.pk for p in others]).update(
        status=ProposalStatus.DECLINED, decided_at=now
    )
    order.performer, order.accepted_proposal = proposal.author, proposal
    order.save(update_fields=["performer", "accepted_proposal"])
    url = _order_url(order)
    with override("ru"):
        won = _("Your proposal on «%(title)s» was accepted. Start the work when ready.") % {
            "title": order.title
        }
        lost = _("The client of «%(title)s» chose another proposal. Thank you for answering.") % {
            "title": order.title
        }
    _tell(work_team_users(order), won, url, email=True)
    _tell([other.author.user for other in others], lost, url, email=True)
    return proposal


# --- The work ----------------------------------------------------------------------------


@transaction.atomic
def check_start_work(order: Order, user: User) -> Order:
    order = _lock(order)
    _move(order, "start", actors_of(order, user), user)
    with override("ru"):
        text = _("Work on «%(title)s» has started.") % {"title": order.title}
    _tell([order.client], text, _order_url(order))
    return order


@transaction.atomic
def check_deliver(
    order: Order, user: User, note: str, files: Sequence[UploadedFile] = ()
) -> Delivery:
    """Hand the work over with a note and files; the client accepts or asks for changes."""
    note = note.strip()
    if not note:
        raise OrderError("note_required", _("Say what you are handing over."), "note")
    checked = _checked_files(files)
    order = _lock(order)
    _move(order, "deliver", actors_of(order, user), user)
    delivery = Delivery.objects.create(order=order, author=user, note=note)
    _attach(order, user, checked, delivery)
    with override("ru"):
        text = _("The work on «%(title)s» is delivered. Please check it and accept it.") % {
            "title": order.title
        }
    _tell([order.client], text, _order_url(order), email=True)
    return delivery


def _answer_delivery(order: Order, status: str, response: str = "") -> None:
    delivery = order.deliveries.filter(status=DeliveryStatus.WAITING).order_by("-pk").first()
    if delivery is not None:
        delivery.status, delivery.response = status, response
        delivery.answered_at = timezone.now()
        delivery.save(update_fields=["status", "response", "answered_at"])


@transaction.atomic
def check_accept_delivery(order: Order, user: User) -> Order:
    order = _lock(order)
    _move(order, "accept_delivery", actors_of(order, user), user)
    _answer_delivery(order, DeliveryStatus.ACCEPTED)
    with override("ru"):
        text = _("The client accepted the work on «%(title)s». Leave them a review.") % {
            "title": order.title
        }
    _tell(work_team_users(order), text, _order_url(order), email=True)
    return order


@transaction.atomic
def check_request_changes(order: Order, user: User, note: str) -> Order:
    note = note.strip()
    if not note:
        raise OrderError("note_required", _("Say what should change."), "note")
    order = _lock(order)
    _move(order, "request_changes", actors_of(order, user), user, note)
    _answer_delivery(order, DeliveryStatus.CHANGES_REQUESTED, note)
    with override("ru"):
        text = _("The client asks for changes on «%(title)s»: %(note)s") % {
            "title": order.title,
            "note": note,
        }
    _tell(work_team_users(order), text, _order_url(order), email=True)
    return order


@transaction.atomic
def check_open_dispute(order: Order, user: User, reason: str) -> Order:
    reason = reason.strip()
    if not reason:
        raise OrderError("note_required", _("Describe what went wrong."), "note")
    order = _lock(order)
    source = _move(order, "dispute", actors_of(order, user), user, reason)
    order.disputed_from = source
    order.save(update_fields=["disputed_from"])
    with override("ru"):
        text = _("A dispute was opened on «%(title)s»: %(reason)s") % {
            "title": order.title,
            "reason": reason,
        }
    others = [order.client, *work_team_users(order)]
    _tell([u for u in others if u.pk != user.pk] + _curators(), text, _order_url(order), email=True)
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
    order = _lock(order)
    _move(order, RESOLUTIONS[outcome], actors_of(order, curator), curator, note)
    order.disputed_from = ""
    order.save(update_fields=["disputed_from"])
    with override("ru"):
        text = _("The curator decided the dispute on «%(title)s»: %(note)s") % {
            "title": order.title,
            "note": note,
        }
    _tell([order.client, *work_team_users(order)], text, _order_url(order), email=True)
    return order


@transaction.atomic
def check_close_order(order: Order, curator: User) -> Order:
    order = _lock(order)
    _move(order, "close", actors_of(order, curator), curator)
    return order


# --- Messages and reviews ----------------------------------------------------------------


@transaction.atomic
def check_post_message(order: Order, user: User, text: str) -> OrderMessage:
    text = text.strip()
    if not text:
        raise OrderError("message_required", _("Write a message."), "text")
    order = _lock(order)
    if not can_talk(order, user):
        raise OrderError(
            "cannot_message",
            _("Messages open once a performer is chosen, for both sides."),
            kind="conflict",
        )
    message = OrderMessage.objects.create(order=order, author=user, text=text[:3000])
    with override("ru"):
        notice = _("New message on «%(title)s»") % {"title": order.title}
    _tell(
        [u for u in [order.client, *work_team_users(order)] if u.pk != user.pk],
        notice,
        _order_url(order) + "#messages",
    )
    return message


@transaction.atomic
def check_leave_review(order: Order, user: User, rating: int, text: str = "") -> Review:
    """Record the client's review of the performer or the performer's of the client; when
    both are in, the order closes.

    Raise OrderError before acceptance, for anyone else, or for a second review.
    """
    if not 1 <= rating <= 5:
        raise OrderError("invalid_rating", _("Choose from 1 to 5."), "rating")
    order = _lock(order)
    actors = actors_of(order, user)
    if "client" in actors:
        direction, subject = (
            ReviewDirection.OF_PERFORMER,
            order.performer.user if order.performer else None,
        )
    elif "performer" in actors:
        direction, subject = ReviewDirection.OF_CLIENT, order.client
    else:
        raise OrderError("not_allowed", _("You cannot do this on this order."), kind="forbidden")
    if order.status not in states.REVIEWABLE or subject is None:
        raise OrderError(
            "not_reviewable", _("Reviews open once the work is accepted."), kind="conflict"
        )
    try:
        with transaction.atomic():
            review = Review.objects.create(
                order=order,
                direction=direction,
                author=user,
                subject=subject,
                rating=rating,
                text=text.strip()[:3000],
            )
    except IntegrityError as error:
        raise OrderError(
            "already_reviewed", _("You have already left a review."), kind="conflict"
        ) from error
    if order.status == states.ACCEPTED and order.reviews.count() == 2:
        _move(order, "close", {"system"}, user)
    with override("ru"):
        notice = _("You have a new review (%(rating)s/5) for «%(title)s»") % {
            "rating": rating,
            "title": order.title,
        }
    _tell([subject], notice, _order_url(order))
    return review


# --- One entry for the pages and the API -------------------------------------------------


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
