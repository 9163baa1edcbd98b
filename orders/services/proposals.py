"""Proposals, alone or as a team with shares of the price, and the client accepting one."""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from decimal import Decimal

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import override

from core.money import rub
from members.models import Member, User
from orders import states
from orders.models import (
    Order,
    Proposal,
    ProposalShare,
    ProposalStatus,
)
from orders.queries import (
    actors_of,
    teammates_of,
    work_team_users,
)
from orders.services.transitions import (
    OrderError,
    lock_order,
    move_order,
    order_url,
    tell,
)
from projects.models import MembershipStatus, Project

HUNDRED = Decimal(100)


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
    order = lock_order(order)
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
        move_order(order, "first_proposal", {"system"}, author.user)
    with override("ru"):
        text = _("%(name)s answered your order «%(title)s»: %(price)s, %(days)s days") % {
            "name": proposal.team_name or author.display_name,
            "title": order.title,
            "price": rub(proposal.price),
            "days": proposal.days,
        }
    tell([order.client], text, order_url(order), email=True)
    return proposal


def _lock_own_proposal(proposal: Proposal, author: Member) -> tuple[Order, Proposal]:
    order = lock_order(proposal.order)
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
    tell([order.client], text, order_url(order))
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
        move_order(order, "last_proposal_withdrawn", {"system"}, author.user)
    return proposal


@transaction.atomic
def check_accept_proposal(order: Order, proposal_id: int, user: User) -> Proposal:
    """Make one proposal the order's: its author becomes the performer, the others are told.

    Race-safe: the order row is locked and its state re-read, so when two proposals are
    accepted at once the second request finds the order assigned. Raise OrderError if the
    person is not the client, the order takes no proposals, or the proposal is not open.
    """
    order = lock_order(order)
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
    move_order(order, "accept_proposal", {"client"}, user)
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
    url = order_url(order)
    with override("ru"):
        won = _("Your proposal on «%(title)s» was accepted. Start the work when ready.") % {
            "title": order.title
        }
        lost = _("The client of «%(title)s» chose another proposal. Thank you for answering.") % {
            "title": order.title
        }
    tell(work_team_users(order), won, url, email=True)
    tell([other.author.user for other in others], lost, url, email=True)
    return proposal
