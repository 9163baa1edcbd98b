"""JSON shapes of orders and points of sale. Money is a decimal string in roubles ("1500.00")."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from typing import Any

from ninja import Field, Schema

from orders.models import Order, PointOfSale, Proposal, RoutedMember

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
    def resolve_name(obj: Any) -> str:
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


# --- Points of sale ----------------------------------------------------------------------


class PointIn(Schema):
    name: str = Field(description="Name of the shop.")
    town: str = Field(description="Town slug.")
    address: str = Field(description="Address.")
    commission_percent: Decimal = Field(description="The shop's commission, 0–100 %.")
    terms: str = Field("", description="Consignment terms in words.")
    is_active: bool = Field(True, description="Whether it takes products now.")
    partner_id: int | None = Field(
        None, description="Curators only: the member who runs it (default: yourself)."
    )


class PointOut(Schema):
    id: int = Field(description="Point of sale identifier.")
    name: str = Field(description="Name.")
    town: str = Field(description="Town slug.")
    address: str = Field(description="Address.")
    partner_id: int = Field(description="Member who runs it.")
    commission_percent: Decimal = Field(description="Commission in percent.")
    terms: str = Field(description="Consignment terms.")
    is_active: bool = Field(description="Whether it takes products now.")

    @staticmethod
    def resolve_town(obj: PointOfSale) -> str:
        return obj.town.slug


class OfferIn(Schema):
    product_id: int = Field(description="A listed product you make.")
    unit_price: Decimal | None = Field(None, description=f"Shop price per unit. {MONEY}")
    note: str = Field("", description="Note to the shop.")


class OfferOut(Schema):
    id: int = Field(description="Offer identifier.")
    point_id: int = Field(description="Point of sale.")
    product_id: int = Field(description="Product.")
    product_title: str = Field(description="Product title.")
    offered_by_id: int = Field(description="Maker who offered it.")
    unit_price: Decimal = Field(description=f"Shop price per unit. {MONEY}")
    status: str = Field(description="offered, accepted, declined or ended.")
    in_stock: int = Field(description="Items in the shop now.")

    @staticmethod
    def resolve_product_title(obj: Any) -> str:
        return obj.product.title


class PointDetailOut(PointOut):
    offers: list[OfferOut] = Field(
        description="Products offered: all for the shop and curators, one's own for a maker."
    )

    @staticmethod
    def resolve_offers(obj: PointOfSale, context: dict[str, Any]) -> list[Any]:
        from orders.queries import offers_at

        return list(offers_at(obj, context["request"].auth))


class OfferAnswerIn(Schema):
    accept: bool = Field(description="True to take the product on sale, false to decline.")


class StockIn(Schema):
    kind: str = Field(description="received, sold or returned (to the maker).")
    quantity: int = Field(description="Number of items, at least 1.")
    date: dt.date = Field(description="Day of the operation, not in the future.")
    unit_price: Decimal | None = Field(None, description=f"Sales: price per unit. {MONEY}")
    note: str = Field("", description="Note.")


class RefundIn(Schema):
    quantity: int = Field(description="Items the customer brought back.")
    date: dt.date = Field(description="Day of the refund.")
    note: str = Field("", description="Note.")


class MovementOut(Schema):
    id: int = Field(description="Operation identifier.")
    offer_id: int = Field(description="The product's offer at the shop.")
    kind: str = Field(description="received, sold, refunded or returned.")
    quantity: int = Field(description="Number of items.")
    date: dt.date = Field(description="Day of the operation.")
    unit_price: Decimal | None = Field(description=f"Price per unit for sales. {MONEY}")
    gross: Decimal = Field(description=f"Sum of the sale (negative for a refund). {MONEY}")
    commission: Decimal = Field(description=f"The shop's commission. {MONEY}")
    payout: Decimal = Field(description=f"Due to the makers. {MONEY}")
    in_stock: int = Field(description="Items in stock after the operation.")

    @staticmethod
    def resolve_in_stock(obj: Any) -> int:
        return obj.offer.in_stock


class TotalsOut(Schema):
    sold: Decimal = Field(description=f"Sales minus refunds. {MONEY}")
    commission: Decimal = Field(description=f"Commission. {MONEY}")
    payout: Decimal = Field(description=f"Payout; sold = commission + payout. {MONEY}")


class StatementLineOut(Schema):
    date: dt.date = Field(description="Day of the sale or refund.")
    point: str = Field(description="Point of sale.")
    product: str = Field(description="Product.")
    kind: str = Field(description="sold or refunded.")
    quantity: int = Field(description="Items (negative for a refund).")
    unit_price: Decimal = Field(description=f"Price per unit. {MONEY}")
    share: Decimal = Field(description="The maker's share of the product, %.")
    sold: Decimal = Field(description=f"The maker's part of the sum. {MONEY}")
    commission: Decimal = Field(description=f"The maker's part of the commission. {MONEY}")
    payout: Decimal = Field(description=f"Due to the maker. {MONEY}")


class StatementOut(Schema):
    member_id: int = Field(description="The maker.")
    month: str = Field(description="YYYY-MM.")
    lines: list[StatementLineOut] = Field(description="Sales and refunds, by date.")
    totals: TotalsOut = Field(description="The month's totals.")


class MakerTotalsOut(Schema):
    member_id: int = Field(description="The maker.")
    name: str = Field(description="Their name.")
    totals: TotalsOut = Field(description="Their month.")


class PointMonthOut(Schema):
    point_id: int = Field(description="Point of sale.")
    month: str = Field(description="YYYY-MM.")
    makers: list[MakerTotalsOut] = Field(description="What is due to each maker.")
    totals: TotalsOut = Field(description="The shop's own totals; equal to the makers' sum.")
