"""Reads and access checks for orders. Missing and forbidden both answer 404."""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Collection, Hashable, Iterable
from dataclasses import dataclass, field
from decimal import Decimal
from typing import Any, cast

from django.contrib.auth.models import AnonymousUser
from django.db.models import (
    Avg,
    Count,
    Exists,
    IntegerField,
    OuterRef,
    Prefetch,
    Q,
    QuerySet,
    Subquery,
    Sum,
)
from django.db.models.functions import Coalesce
from django.http import Http404

from core.models import Industry, Town
from core.pagination import offset_page
from core.roles import is_curator
from matching.live_index import current_index
from matching.queries import visible_rankings
from members.models import Member, User
from members.queries import member_of, visible_members
from orders import states
from orders.models import (
    OPEN_STATUSES,
    Attachment,
    Delivery,
    Order,
    OrderSettings,
    OrderStatus,
    Proposal,
    ProposalShare,
    ProposalStatus,
    Review,
    ReviewDirection,
    RoutedMember,
)
from orders.routing import MemberStats, Route, rank_routes
from projects.models import MembershipStatus, Project

AnyUser = User | AnonymousUser
BOARD_PAGE_SIZE = 20


def order_settings() -> OrderSettings:
    """Return the cluster's order settings, or unsaved defaults before curators set them."""
    return OrderSettings.objects.first() or OrderSettings()


def can_place_orders(user: AnyUser) -> bool:
    """Clients, partners, members and curators place orders; a signed-up outsider does not."""
    if not user.is_authenticated:
        return False
    return bool(
        user.is_client
        or user.is_partner
        or user.is_resident
        or user.is_producer
        or is_curator(user)
    )


def can_see_board(user: AnyUser, member: Member | None) -> bool:
    """Members and curators see the board; `member` is the person's directory entry."""
    return is_curator(user) or member is not None


def _involved_ids(member: Member) -> Q:
    routed = RoutedMember.objects.filter(member=member).values("order_id")
    proposed = Proposal.objects.filter(author=member).values("order_id")
    in_team = ProposalShare.objects.filter(member=member).values("proposal__order_id")
    return Q(pk__in=routed) | Q(pk__in=proposed) | Q(pk__in=in_team) | Q(performer=member)


def visible_orders(user: AnyUser, member: Member | None = None) -> QuerySet[Order]:
    """Return the orders this person may open: their own; for members the open ones and those
    they take part in; everything for curators."""
    if not user.is_authenticated:
        return Order.objects.none()
    if is_curator(user):
        return Order.objects.all()
    member = member or member_of(user)
    visible = Q(client=user)
    if member is not None:
        visible |= Q(status__in=OPEN_STATUSES) | _involved_ids(member)
    return Order.objects.filter(visible)


def access_order_for_user(user: AnyUser, order_id: int) -> Order:
    order = (
        visible_orders(user)
        .select_related("town", "client__member", "performer__user", "accepted_proposal")
        .filter(pk=order_id)
        .first()
    )
    if order is None:
        raise Http404
    return order


def access_order_for_client(user: AnyUser, order_id: int) -> Order:
    order = access_order_for_user(user, order_id)
    if order.client_id != user.pk:
        raise Http404
    return order


def access_proposal_for_author(user: AnyUser, proposal_id: int) -> Proposal:
    member = member_of(user)
    proposal = (
        Proposal.objects.select_related("order__town").filter(pk=proposal_id, author=member).first()
        if member
        else None
    )
    if proposal is None:
        raise Http404
    return proposal


def access_attachment_for_user(user: AnyUser, attachment_id: int) -> Attachment:
    attachment = Attachment.objects.select_related("order").filter(pk=attachment_id).first()
    if attachment is None:
        raise Http404
    order = access_order_for_user(user, attachment.order_id)
    # Delivered files are for the two sides and curators, not for every member on the board.
    if attachment.delivery_id is not None and not can_see_work(user, order):
        raise Http404
    return attachment


def can_see_work(user: AnyUser, order: Order) -> bool:
    """Return whether the person sees the work itself: messages, deliveries, the proposals."""
    if not user.is_authenticated:
        return False
    if is_curator(user) or order.client_id == user.pk:
        return True
    member = member_of(user)
    if member is None or order.accepted_proposal_id is None:
        return False
    return (
        order.performer_id == member.pk
        or ProposalShare.objects.filter(
            proposal_id=order.accepted_proposal_id, member=member
        ).exists()
    )


def actors_of(order: Order, user: User) -> set[str]:
    """Return the parts this person plays in the order: client, performer, curator."""
    actors = set()
    if order.client_id == user.pk:
        actors.add("client")
    if order.performer is not None and order.performer.user_id == user.pk:
        actors.add("performer")
    if is_curator(user):
        actors.add("curator")
    return actors


def work_team_users(order: Order) -> list[User]:
    """Return the performer and every member of the accepted proposal's team."""
    if order.accepted_proposal_id is None:
        return []
    users = [order.performer.user] if order.performer else []
    shares = ProposalShare.objects.filter(proposal_id=order.accepted_proposal_id).select_related(
        "member__user"
    )
    return users + [share.member.user for share in shares]


def can_talk(order: Order, user: User) -> bool:
    """Return whether the person takes part in the work's conversation."""
    if order.status not in states.ASSIGNED_STATES or order.status in states.FINAL:
        return False
    return bool(actors_of(order, user) or any(u.pk == user.pk for u in work_team_users(order)))


# --- The board ---------------------------------------------------------------------------


@dataclass(frozen=True)
class BoardFilters:
    town: Town | None = None
    industry: Industry | None = None
    budget_from: Decimal | None = None
    query: str = ""
    status: str = ""  # curators: any state; members see open orders only
    for_me: bool = False


@dataclass
class BoardPage:
    orders: list[Order]
    number: int
    has_next: bool

    @property
    def has_previous(self) -> bool:
        return self.number > 1


def board_orders(
    user: AnyUser, filters: BoardFilters, member: Member | None = None
) -> QuerySet[Order]:
    """Return the board's orders, newest published first.

    Members see open orders; curators may pick any state. Each filter narrows within the
    partial indexes on open orders (see `Order.Meta.indexes`).
    """
    if is_curator(user) and filters.status:
        orders = Order.objects.filter(status=filters.status)
    else:
        # The open orders' partial indexes are used only when the query repeats their
        # condition exactly, the statuses in the same order (SQLite compares the terms).
        orders = Order.objects.open()
    if filters.town is not None:
        orders = orders.filter(town=filters.town)
    if filters.industry is not None:
        orders = orders.filter(
            Exists(
                Order.industries.through.objects.filter(
                    order_id=OuterRef("pk"), industry_id=filters.industry.pk
                )
            )
        )
    if filters.budget_from is not None:
        orders = orders.filter(budget_max__gte=filters.budget_from)
    for word in filters.query.split()[:5]:
        orders = orders.filter(Q(title__icontains=word) | Q(brief__icontains=word))
    if member is not None:
        routed = RoutedMember.objects.filter(order_id=OuterRef("pk"), member=member)
        orders = orders.annotate(routed_to_me=Exists(routed))
        if filters.for_me:
            # A Q, as django-stubs knows only the model's own fields, not annotations.
            orders = orders.filter(Q(routed_to_me=True))
    proposals = (
        Proposal.objects.filter(order_id=OuterRef("pk"), status=ProposalStatus.SUBMITTED)
        .order_by()
        .values("order_id")
        .annotate(n=Count("id"))
        .values("n")
    )
    return (
        orders.annotate(
            proposal_count=Coalesce(Subquery(proposals, output_field=IntegerField()), 0)
        )
        .select_related("town")
        .prefetch_related("industries")
        .order_by("-published_at", "-id")
    )


def orders_in_moderation() -> QuerySet[Order]:
    """Return the orders waiting for a curator's approval, oldest first."""
    return (
        Order.objects.filter(status=OrderStatus.MODERATION)
        .select_related("town", "client")
        .prefetch_related("industries")
        .order_by("created_at", "id")
    )


def board_page(orders: QuerySet[Order], number: int, size: int = BOARD_PAGE_SIZE) -> BoardPage:
    """Return one page without counting all rows: a count over a million orders costs more
    than the page itself, and "next" only needs to know one more row exists. A page past the
    end shows the last one."""
    rows, shown, has_next = offset_page(orders, number, size)
    return BoardPage(rows, shown, has_next)


# --- One order ---------------------------------------------------------------------------


def proposals_for(order: Order, user: AnyUser) -> list[Proposal]:
    """Return the proposals this person may see side by side: all of them for the client and
    curators, only their own for a member."""
    proposals = order.proposals.select_related("author__town", "author__user").prefetch_related(
        Prefetch("shares", queryset=ProposalShare.objects.select_related("member"))
    )
    if is_curator(user) or order.client_id == user.pk:
        return list(proposals.exclude(status=ProposalStatus.WITHDRAWN))
    member = member_of(user)
    if member is None:
        return []
    return list(proposals.filter(Q(author=member) | Q(shares__member=member)).distinct())


def route_for(order: Order, user: AnyUser) -> RoutedMember | None:
    member = member_of(user)
    if member is None:
        return None
    return RoutedMember.objects.filter(order=order, member=member).first()


def proposal_of(order: Order, member: Member) -> Proposal | None:
    """Return the member's own proposal on the order, in any status."""
    return Proposal.objects.filter(order=order, author=member).first()


def routes_for_curator(order: Order) -> QuerySet[RoutedMember]:
    return order.routes.select_related("member__town", "member__user", "forwarded_by")


def deliveries_for(order: Order) -> list[Delivery]:
    return list(order.deliveries.select_related("author").prefetch_related("files"))


def brief_files(order: Order) -> QuerySet[Attachment]:
    return order.attachments.filter(delivery__isnull=True)


def my_placed_orders(user: User) -> QuerySet[Order]:
    proposals = (
        Proposal.objects.filter(order_id=OuterRef("pk"), status=ProposalStatus.SUBMITTED)
        .order_by()
        .values("order_id")
        .annotate(n=Count("id"))
        .values("n")
    )
    return (
        Order.objects.filter(client=user)
        .select_related("town", "performer")
        .prefetch_related("industries")
        .annotate(proposal_count=Coalesce(Subquery(proposals, output_field=IntegerField()), 0))
        .order_by("-created_at", "-id")
    )


def routes_for_member(member: Member) -> QuerySet[RoutedMember]:
    """Return the orders routed to the member, newest first, with whether they answered."""
    answered = Proposal.objects.filter(order_id=OuterRef("order_id"), author=member)
    return (
        RoutedMember.objects.filter(member=member)
        .select_related("order__town")
        .annotate(answered=Exists(answered))
        .order_by("-created_at", "-id")
    )


def my_proposals(member: Member) -> QuerySet[Proposal]:
    return (
        Proposal.objects.filter(Q(author=member) | Q(shares__member=member))
        .distinct()
        .select_related("order__town")
        .order_by("-updated_at", "-id")
    )


def my_work(member: Member) -> QuerySet[Order]:
    return (
        Order.objects.filter(performer=member, status__in=sorted(states.ASSIGNED_STATES))
        .select_related("town")
        .prefetch_related("industries")
        .order_by("-assigned_at", "-id")
    )


def teams_of(member: Member) -> QuerySet[Project]:
    """Return the projects whose producer team the member belongs to."""
    confirmed = Project.objects.filter(
        memberships__member=member, memberships__status=MembershipStatus.CONFIRMED
    )
    return (Project.objects.filter(owner=member) | confirmed).distinct().order_by("title")


def teammates_of(member: Member) -> QuerySet[Member]:
    """Return everyone in the member's producer teams (the member included)."""
    projects = teams_of(member)
    in_team = Q(owned_projects__in=projects) | Q(
        team_memberships__project__in=projects,
        team_memberships__status=MembershipStatus.CONFIRMED,
    )
    return (
        Member.objects.filter(in_team, is_active=True)
        .select_related("user")  # the list names the person acting (`acting_person`)
        .distinct()
        .order_by("display_name")
    )


# --- Routing -----------------------------------------------------------------------------

# The engine ranks more members than are told, so ratings and load can reorder them.
CANDIDATES_PER_ROUTE = 4
IN_HAND = [states.ASSIGNED, states.IN_PROGRESS, states.DELIVERED, states.DISPUTED]


def member_stats(member_ids: Iterable[Hashable]) -> dict[Hashable, MemberStats]:
    """Return ratings, load, producer flag and industries of these members: 5 queries."""
    ids = [cast(int, member_id) for member_id in member_ids]
    if not ids:
        return {}
    ratings = {
        row["subject__member"]: (row["total"], row["count"])
        for row in Review.objects.filter(
            direction=ReviewDirection.OF_PERFORMER, subject__member__in=ids
        )
        .values("subject__member")
        .annotate(total=Sum("rating"), count=Count("id"))
    }
    proposals = dict(
        Proposal.objects.filter(
            author_id__in=ids, status=ProposalStatus.SUBMITTED, order__status__in=OPEN_STATUSES
        )
        .values("author_id")
        .annotate(count=Count("id"))
        .values_list("author_id", "count")
    )
    in_hand = dict(
        Order.objects.filter(performer_id__in=ids, status__in=IN_HAND)
        .values("performer_id")
        .annotate(count=Count("id"))
        .values_list("performer_id", "count")
    )
    producers = set(
        Member.objects.filter(pk__in=ids, is_producer=True).values_list("pk", flat=True)
    )
    industries: dict[Hashable, set[str]] = defaultdict(set)
    for member_id, slug in Member.industries.through.objects.filter(member_id__in=ids).values_list(
        "member_id", "industry__slug"
    ):
        industries[member_id].add(slug)
    return {
        member_id: MemberStats(
            rating_sum=ratings.get(member_id, (0, 0))[0],
            rating_count=ratings.get(member_id, (0, 0))[1],
            open_proposals=proposals.get(member_id, 0),
            orders_in_hand=in_hand.get(member_id, 0),
            is_producer=member_id in producers,
            industries=frozenset(industries.get(member_id, ())),
        )
        for member_id in ids
    }


@dataclass
class RoutePlan:
    routes: list[Route]
    candidates: int = 0
    industries: list[str] = field(default_factory=list)


def plan_routes(order: Order, limit: int, viewer: AnyUser | None = None) -> RoutePlan:
    """Return who should hear about the order first (no writes): the engine's best fits for
    the brief among the members `viewer` may see (by default everyone's public profiles),
    re-ranked by ratings and current load."""
    industries = [industry.slug for industry in order.industries.all()]
    exclude = list(Member.objects.filter(user_id=order.client_id).values_list("pk", flat=True))
    visible = visible_members(AnonymousUser() if viewer is None else viewer).only("pk")
    with current_index() as index:
        (matches,), _members = visible_rankings(
            [
                lambda asked: index.rank_offers_for_text(
                    f"{order.title}. {order.brief}",
                    industries=industries,
                    town=order.town.slug,
                    k=asked,
                    exclude=exclude,
                )
            ],
            limit * CANDIDATES_PER_ROUTE,
            visible,
        )
    stats = member_stats([match.partner_id for match in matches])
    return RoutePlan(rank_routes(matches, stats, industries, limit), len(matches), industries)


def further_candidates(
    order: Order, viewer: AnyUser, told: Collection[int], limit: int = 5
) -> list[tuple[Member, Route]]:
    """Return members the curator could still tell about the open order, best first: the
    plan's fits among the members the viewer sees, less the `told` ones."""
    plan = plan_routes(order, 12, viewer=viewer)
    more = [route for route in plan.routes if route.member_id not in told][:limit]
    found = Member.objects.select_related("town").in_bulk([route.member_id for route in more])
    return [(found[route.member_id], route) for route in more if route.member_id in found]


# --- Reviews on profiles -----------------------------------------------------------------


@dataclass(frozen=True)
class ProfileReviews:
    reviews: list[Review]
    average: float | None
    count: int


def reviews_of(user_id: int, limit: int = 10) -> ProfileReviews:
    """Return the reviews a person received as a performer and as a client: 2 queries."""
    received = Review.objects.filter(subject_id=user_id)
    summary: dict[str, Any] = received.aggregate(
        average=Avg("rating", filter=Q(direction=ReviewDirection.OF_PERFORMER)),
        count=Count("id"),
    )
    reviews = list(received.select_related("order", "author__member")[:limit])
    return ProfileReviews(reviews, summary["average"], summary["count"])


def performer_ratings(user_ids: list[int]) -> dict[int, tuple[float, int]]:
    """Return each person's average rating and number of reviews as a performer (1 query)."""
    rows = (
        Review.objects.filter(subject_id__in=user_ids, direction=ReviewDirection.OF_PERFORMER)
        .values("subject_id")
        .annotate(avg=Avg("rating"), n=Count("id"))
    )
    return {row["subject_id"]: (row["avg"], row["n"]) for row in rows}
