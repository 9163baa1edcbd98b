"""JSON shapes of points of sale, offers, stock movements and statements. Money is a decimal
string in roubles ("1500.00")."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from typing import Any

from ninja import Field, Schema

from shops.models import ConsignmentOffer, PointOfSale, StockMovement

MONEY = "A decimal string in roubles with kopecks, e.g. `1500.00`."


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
    def resolve_product_title(obj: ConsignmentOffer) -> str:
        return obj.product.title


class PointDetailOut(PointOut):
    offers: list[OfferOut] = Field(
        description="Products offered: all for the shop and curators, one's own for a maker."
    )

    @staticmethod
    def resolve_offers(obj: PointOfSale, context: dict[str, Any]) -> list[Any]:
        from shops.queries import offers_at

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
    def resolve_in_stock(obj: StockMovement) -> int:
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
