"""JSON shapes of orders. Money is a decimal string in roubles ("1500.00")."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from typing import Any

from ninja import Field, Schema

from orders.models import Order, Proposal, ProposalShare, RoutedMember

MONEY = "A decimal string in roubles with kopecks, e.g. `1500.00`."


class OrderOut(Schema):
    id: int = Field(description="Order identifier.")
    title: str = Field(description="What needs doing.")
    status: str = Field(
        description="draft, moderation, published, proposals, assigned, in_progress, "
        "delivered, accepted, closed, cancelled or disputed."
    )
    town: str = Field(description="Town slug.")
    industries: list[str] = Field(description="Creative industry slugs.")
    budget_min: Decimal = Field(description=f"Lower end of the budget. {MONEY}")
    budget_max: Decimal = Field(description=f"Upper end of the budget. {MONEY}")
    deadline: dt.date = Field(description="Deadline, YYYY-MM-DD.")
    published_at: dt.datetime | None = Field(description="When it was published, if it was.")
    proposal_count: int = Field(description="Proposals waiting for the client's choice.")

    @staticmethod
    def resolve_town(obj: Order) -> str:
        return obj.town.slug

    @staticmethod
    def resolve_industries(obj: Order) -> list[str]:
        return [industry.slug for industry in obj.industries.all()]

    @staticmethod
    def resolve_proposal_count(obj: Order) -> int:
        return getattr(obj, "proposal_count", 0)


class OrderPageOut(Schema):
    page: int = Field(description="This page's number, from 1.")
    has_next: bool = Field(description="Whether an older page follows (no total is counted).")
    results: list[OrderOut] = Field(description="Orders on this page, newest published first.")


class AttachmentOut(Schema):
    id: int = Field(description="File identifier.")
    name: str = Field(description="Original file name.")
    size: int = Field(description="Size in bytes.")
    content_type: str = Field(description="MIME type as checked on upload.")
    url: str = Field(description="Download address (the same access rules as the order).")

    @staticmethod
    def resolve_url(obj: Any) -> str:
        from django.urls import reverse

        return reverse("orders:attachment", args=[obj.pk])


class OrderDetailOut(OrderOut):
    brief: str = Field(description="The brief.")
    client_id: int = Field(description="Account id of the client.")
    performer_id: int | None = Field(description="Member id of the performer, once chosen.")
    accepted_proposal_id: int | None = Field(description="The accepted proposal, once chosen.")
    moderation_note: str = Field(description="A curator's note when the order was returned.")
    files: list[AttachmentOut] = Field(description="Files of the brief.")
    actions: list[str] = Field(description="Actions the caller may take now (`POST .../actions`).")

    @staticmethod
    def resolve_files(obj: Order) -> list[Any]:
        return list(obj.attachments.filter(delivery__isnull=True))

    @staticmethod
    def resolve_actions(obj: Order, context: dict[str, Any]) -> list[str]:
        from orders import states
        from orders.queries import actors_of

        request = context["request"]
        actors = frozenset(actors_of(obj, request.auth))
        return [a for a in states.actions_from(obj.status, actors) if a in PUBLIC_ACTIONS]


PUBLIC_ACTIONS = {
    "publish",
    "submit_for_moderation",
    "approve",
    "return_to_draft",
    "accept_proposal",
    "start",
    "deliver",
    "accept_delivery",
    "request_changes",
    "dispute",
    "resolve_continue",
    "resolve_accept",
    "resolve_cancel",
    "close",
    "cancel",
}


class OrderIn(Schema):
    title: str = Field(description="What needs doing, up to 200 characters.")
    brief: str = Field(description="The brief, up to 5,000 characters.")
    town: str = Field(description="Town slug.")
    industries: list[str] = Field(default_factory=list, description="Creative industry slugs.")
    budget_min: Decimal = Field(description=f"Lower end of the budget, not negative. {MONEY}")
    budget_max: Decimal = Field(description=f"Upper end, not below the lower end. {MONEY}")
    deadline: dt.date = Field(description="Deadline, YYYY-MM-DD, today or later.")
    publish: bool = Field(False, description="Publish at once instead of saving a draft.")


class ActionIn(Schema):
    action: str = Field(
        description="publish, cancel, approve, return_to_draft, start, accept_delivery, "
        "request_changes, dispute, resolve or close."
    )
    note: str = Field(
        "",
        description="Reason or explanation; required to return, ask for "
        "changes, dispute and resolve.",
    )
    outcome: str = Field("", description="For `resolve`: continue, accept or cancel.")


class ForwardIn(Schema):
    member_id: int = Field(description="The member to tell about the order.")
    note: str = Field("", description="Why this member, shown to them.")


class RouteOut(Schema):
    order_id: int = Field(description="The order.")
    member_id: int = Field(description="The member told.")
    rank: int = Field(description="Place among the members the platform chose (0: by hand).")
    source: str = Field(description="`engine` or `curator`.")
    reasons: list[dict[str, Any]] = Field(
        description="Why it fits: objects with `kind` (offer, industry, town, rating, free, "
        "producer, curator) and its details (`text`, `industries`, `km`, `rating`, `count`)."
    )
    created_at: dt.datetime = Field(description="When the member was told.")


class RoutedOrderOut(RouteOut):
    order: OrderOut = Field(description="The order.")

    @staticmethod
    def resolve_order(obj: RoutedMember) -> Order:
        return obj.order


class ShareIn(Schema):
    member_id: int = Field(description="A member of the team (the author included).")
    share: Decimal = Field(description="Share of the price in percent; all add up to 100.")
    role: str = Field("", description="What this member does.")


class ShareOut(Schema):
    member_id: int = Field(description="Team member.")
    name: str = Field(description="Their name in the directory.")
    share: Decimal = Field(description="Share of the price in percent.")
    role: str = Field(description="What they do.")

    @staticmethod
    def resolve_name(obj: ProposalShare) -> str:
        return obj.member.display_name


class ProposalIn(Schema):
    price: Decimal = Field(description=f"Price, above zero. {MONEY}")
    days: int = Field(description="Working days needed, 1–365.")
    message: str = Field(description="Message to the client.")
    team_name: str = Field("", description="Name of the team, for a team proposal.")
    project_id: int | None = Field(None, description="The project whose producer team answers.")
    shares: list[ShareIn] = Field(
        default_factory=list, description="For a team: each member's share (empty: alone)."
    )


class ProposalOut(Schema):
    id: int = Field(description="Proposal identifier.")
    order_id: int = Field(description="The order.")
    author_id: int = Field(description="Member who made it.")
    author_name: str = Field(description="Their name in the directory.")
    price: Decimal = Field(description=f"Price. {MONEY}")
    days: int = Field(description="Working days needed.")
    message: str = Field(description="Message to the client.")
    team_name: str = Field(description="Team name, may be empty.")
    project_id: int | None = Field(description="Project team, if any.")
    status: str = Field(description="submitted, accepted, declined or withdrawn.")
    shares: list[ShareOut] = Field(description="Team members and shares (empty: alone).")
    updated_at: dt.datetime = Field(description="Last change.")

    @staticmethod
    def resolve_author_name(obj: Proposal) -> str:
        return obj.author.display_name

    @staticmethod
    def resolve_shares(obj: Proposal) -> list[Any]:
        return list(obj.shares.all())


class OrderMessageIn(Schema):
    text: str = Field(description="The message, up to 3,000 characters.")


class OrderMessageOut(Schema):
    id: int = Field(description="Message identifier.")
    author_id: int = Field(description="Account id of the author.")
    text: str = Field(description="The message.")
    created_at: dt.datetime = Field(description="When it was written.")


class DeliveryOut(Schema):
    id: int = Field(description="Delivery identifier.")
    note: str = Field(description="What was handed over.")
    status: str = Field(description="waiting, accepted or changes_requested.")
    response: str = Field(description="The client's request for changes, if any.")
    files: list[AttachmentOut] = Field(description="Delivered files.")
    created_at: dt.datetime = Field(description="When it was delivered.")

    @staticmethod
    def resolve_files(obj: Any) -> list[Any]:
        return list(obj.files.all())


class ReviewIn(Schema):
    rating: int = Field(description="1 to 5.")
    text: str = Field("", description="The review.")


class ReviewOut(Schema):
    id: int = Field(description="Review identifier.")
    order_id: int = Field(description="The order.")
    direction: str = Field(description="`of_performer` (by the client) or `of_client`.")
    rating: int = Field(description="1 to 5.")
    text: str = Field(description="The review.")
    created_at: dt.datetime = Field(description="When it was left.")


class ReviewsOut(Schema):
    average: float | None = Field(description="Average rating as a performer, if rated.")
    count: int = Field(description="Reviews received.")
    reviews: list[ReviewOut] = Field(description="The latest reviews received.")
