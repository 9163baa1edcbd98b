"""Every write about points of sale: registering a shop, makers offering products, the shop
accepting them, and stock received, sold, refunded and returned.

Each stock change locks the offer row and re-reads its stock before deciding, so two sales
recorded at once can never sell an item twice; `in_stock` also has a database check (>= 0).
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from decimal import Decimal

from django.db import IntegrityError, transaction
from django.db.models import Sum
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import override

from core.errors import DomainError
from core.models import Town
from core.roles import is_curator
from core.services import do_notify
from members.models import Member, User
from projects.models import Product
from shops.models import (
    LIVE_OFFER_STATUSES,
    STOCK_SIGN,
    ConsignmentOffer,
    OfferStatus,
    PointOfSale,
    SaleSplit,
    StockKind,
    StockMovement,
)
from shops.payouts import split_sale
from shops.queries import runs_point


class ShopError(DomainError):
    """A point-of-sale action the state, the person's part or the input does not allow."""


def _not_allowed() -> ShopError:
    return ShopError(
        "not_allowed", _("You cannot do this at this point of sale."), kind="forbidden"
    )


def makers_of(product: Product) -> list[tuple[int, Decimal]]:
    """Return (member id, share %) of the product's makers; the owner alone if none are set."""
    makers = [(m.member_id, m.share) for m in product.makers.all()]
    if not makers and product.owner_member_id is not None:
        makers = [(product.owner_member_id, Decimal(100))]
    return makers


def makes(member: Member, product: Product) -> bool:
    return any(member_id == member.pk for member_id, _share in makers_of(product))


# --- Points of sale ----------------------------------------------------------------------


@dataclass
class PointData:
    name: str
    town: Town
    address: str
    commission_percent: Decimal
    terms: str = ""
    is_active: bool = True


def check_point_data(data: PointData) -> None:
    if not data.name.strip():
        raise ShopError("name_required", _("Name the point of sale."), "name")
    if not data.address.strip():
        raise ShopError("address_required", _("Give the address."), "address")
    if not Decimal(0) <= data.commission_percent <= Decimal(100):
        raise ShopError(
            "commission_range", _("The commission is from 0 to 100%."), "commission_percent"
        )


def can_register_point(user: User, partner: Member) -> bool:
    """Partners register their own shops; curators register one for any member."""
    if is_curator(user):
        return partner.is_active
    return partner.user_id == user.pk and partner.is_active and bool(user.is_partner)


@transaction.atomic
def check_register_point(
    user: User, partner: Member, data: PointData, *, external_id: str = ""
) -> PointOfSale:
    if not can_register_point(user, partner):
        raise ShopError(
            "not_allowed",
            _("Only partners and curators register points of sale."),
            kind="forbidden",
        )
    check_point_data(data)
    return PointOfSale.objects.create(
        partner=partner,
        name=data.name.strip(),
        town=data.town,
        address=data.address.strip(),
        commission_percent=data.commission_percent,
        terms=data.terms.strip(),
        is_active=data.is_active,
        created_by=user,
        external_id=external_id,
    )


@transaction.atomic
def check_update_point(point: PointOfSale, user: User, data: PointData) -> PointOfSale:
    """Change the shop's details. A new commission applies to sales recorded from now on."""
    if not runs_point(user, point):
        raise _not_allowed()
    check_point_data(data)
    point.name, point.town, point.address = data.name.strip(), data.town, data.address.strip()
    point.commission_percent, point.terms = data.commission_percent, data.terms.strip()
    point.is_active = data.is_active
    point.save(
        update_fields=["name", "town", "address", "commission_percent", "terms", "is_active"]
    )
    return point


# --- Offers ------------------------------------------------------------------------------


def _point_url(point: PointOfSale) -> str:
    return reverse("shops:point", args=[point.pk])


@transaction.atomic
def check_offer_product(
    point: PointOfSale,
    product: Product,
    maker: Member,
    unit_price: Decimal | None = None,
    note: str = "",
) -> ConsignmentOffer:
    """Offer a product the member makes to a point of sale, at the shop price proposed.

    Raise ShopError if the member does not make it, the shop takes no products, the product is
    already offered there, or the price is not positive.
    """
    if not makes(maker, product):
        raise ShopError(
            "not_your_product",
            _("You can offer only products you make."),
            "product",
            kind="forbidden",
        )
    if not product.is_listed:
        raise ShopError(
            "product_not_listed", _("List the product in the catalogue first."), "product"
        )
    if not point.is_active:
        raise ShopError(
            "point_inactive", _("This point of sale takes no products now."), kind="conflict"
        )
    price = product.price if unit_price is None else unit_price
    if price <= 0:
        raise ShopError("price_not_positive", _("The price must be above zero."), "unit_price")
    try:
        with transaction.atomic():
            offer = ConsignmentOffer.objects.create(
                point=point,
                product=product,
                offered_by=maker,
                unit_price=price,
                note=note.strip()[:1000],
            )
    except IntegrityError as error:
        raise ShopError(
            "already_offered",
            _("This product is already offered to this shop."),
            "product",
            kind="conflict",
        ) from error
    with override("ru"):
        text = _("%(maker)s offers «%(product)s» to %(point)s for sale.") % {
            "maker": maker.display_name,
            "product": product.title,
            "point": point.name,
        }
    do_notify(point.partner.user, text, _point_url(point), email_subject=text)
    return offer


def _lock_offer(offer: ConsignmentOffer) -> ConsignmentOffer:
    return (
        ConsignmentOffer.objects.select_for_update(of=("self",))
        .select_related("point__partner", "product", "offered_by__user")
        .get(pk=offer.pk)
    )


@transaction.atomic
def check_answer_offer(offer: ConsignmentOffer, user: User, accept: bool) -> ConsignmentOffer:
    offer = _lock_offer(offer)
    if not runs_point(user, offer.point):
        raise _not_allowed()
    if offer.status != OfferStatus.OFFERED:
        raise ShopError(
            "already_answered", _("This offer has already been answered."), kind="conflict"
        )
    offer.status = OfferStatus.ACCEPTED if accept else OfferStatus.DECLINED
    offer.decided_at = timezone.now()
    offer.save(update_fields=["status", "decided_at"])
    with override("ru"):
        text = (
            _("%(point)s accepted «%(product)s» for sale.")
            if accept
            else _("%(point)s declined «%(product)s».")
        ) % {"point": offer.point.name, "product": offer.product.title}
    do_notify(offer.offered_by.user, text, _point_url(offer.point), email_subject=text)
    return offer


@transaction.atomic
def check_end_consignment(offer: ConsignmentOffer, user: User) -> ConsignmentOffer:
    """End an offer or a consignment; items still in the shop must be returned first."""
    offer = _lock_offer(offer)
    if not (runs_point(user, offer.point) or offer.offered_by.user_id == user.pk):
        raise _not_allowed()
    if offer.status not in LIVE_OFFER_STATUSES:
        raise ShopError("offer_ended", _("This consignment has already ended."), kind="conflict")
    if offer.in_stock:
        raise ShopError(
            "stock_left",
            _("Return the %(n)s items in stock to the maker first.") % {"n": offer.in_stock},
            kind="conflict",
        )
    offer.status, offer.decided_at = OfferStatus.ENDED, timezone.now()
    offer.save(update_fields=["status", "decided_at"])
    return offer


# --- Stock and sales ---------------------------------------------------------------------


def _check_movement(offer: ConsignmentOffer, user: User, quantity: int, day: date) -> None:
    if not runs_point(user, offer.point):
        raise _not_allowed()
    if offer.status != OfferStatus.ACCEPTED:
        raise ShopError(
            "offer_not_accepted", _("The shop has not taken this product on sale."), kind="conflict"
        )
    if quantity <= 0:
        raise ShopError("quantity_not_positive", _("The quantity must be at least 1."), "quantity")
    if day > timezone.localdate():
        raise ShopError("date_in_future", _("The date is in the future."), "date")


def _stock_change(
    offer: ConsignmentOffer, kind: str, quantity: int, day: date, user: User, **fields: object
) -> StockMovement:
    offer.in_stock += STOCK_SIGN[kind] * quantity  # type: ignore[index]
    if offer.in_stock < 0:
        raise ShopError(
            "not_enough_stock",
            _("Only %(n)s in stock.") % {"n": offer.in_stock - STOCK_SIGN[kind] * quantity},  # type: ignore[index]
            "quantity",
            kind="conflict",
        )
    offer.save(update_fields=["in_stock"])
    return StockMovement.objects.create(
        offer=offer, kind=kind, quantity=quantity, date=day, recorded_by=user, **fields
    )


@transaction.atomic
def check_receive_stock(
    offer: ConsignmentOffer, user: User, quantity: int, day: date, note: str = ""
) -> StockMovement:
    offer = _lock_offer(offer)
    _check_movement(offer, user, quantity, day)
    return _stock_change(offer, StockKind.RECEIVED, quantity, day, user, note=note[:500])


@transaction.atomic
def check_return_to_maker(
    offer: ConsignmentOffer, user: User, quantity: int, day: date, note: str = ""
) -> StockMovement:
    offer = _lock_offer(offer)
    _check_movement(offer, user, quantity, day)
    return _stock_change(offer, StockKind.RETURNED, quantity, day, user, note=note[:500])


def _write_splits(movement: StockMovement, money: object) -> None:
    SaleSplit.objects.bulk_create(
        SaleSplit(
            movement=movement,
            member_id=part.member_id,
            share=part.share,
            gross=part.gross,
            commission=part.commission,
            payout=part.payout,
            date=movement.date,
        )
        for part in money.parts  # type: ignore[attr-defined]
    )


@transaction.atomic
def check_record_sale(
    offer: ConsignmentOffer,
    user: User,
    quantity: int,
    day: date,
    unit_price: Decimal | None = None,
    note: str = "",
) -> StockMovement:
    """Record items sold, at the shop price unless another is given, and split the money
    among the makers at the shop's current commission.

    Raise ShopError if more are sold than are in stock, the price is negative, or the
    person does not run the shop; nothing is written then.
    """
    offer = _lock_offer(offer)
    _check_movement(offer, user, quantity, day)
    price = offer.unit_price if unit_price is None else unit_price
    if price < 0:
        raise ShopError("negative_price", _("The price cannot be negative."), "unit_price")
    makers = makers_of(offer.product)
    if not makers:
        raise ShopError("no_makers", _("The product has no makers to pay."), "product")
    percent = offer.point.commission_percent
    money = split_sale(quantity, price, percent, makers)
    movement = _stock_change(
        offer,
        StockKind.SOLD,
        quantity,
        day,
        user,
        unit_price=price,
        commission_percent=percent,
        gross=money.gross,
        commission=money.commission,
        payout=money.payout,
        note=note[:500],
    )
    _write_splits(movement, money)
    return movement


@transaction.atomic
def check_record_refund(
    sale: StockMovement, user: User, quantity: int, day: date, note: str = ""
) -> StockMovement:
    """A customer brings back items of a sale: they return to stock, the money is reversed
    with the sale's price, commission and makers' shares."""
    offer = _lock_offer(sale.offer)
    sale = StockMovement.objects.get(pk=sale.pk)
    _check_movement(offer, user, quantity, day)
    if sale.kind != StockKind.SOLD:
        raise ShopError("not_a_sale", _("Only a sale can be refunded."), "sale")
    if day < sale.date:
        raise ShopError("refund_before_sale", _("A refund cannot predate the sale."), "date")
    refunded = sale.refunds.aggregate(n=Sum("quantity"))["n"] or 0
    if quantity > sale.quantity - refunded:
        raise ShopError(
            "refund_too_many",
            _("Only %(n)s items of this sale can be refunded.") % {"n": sale.quantity - refunded},
            "quantity",
            kind="conflict",
        )
    makers = [(split.member_id, split.share) for split in sale.splits.order_by("id")]
    if sale.unit_price is None or sale.commission_percent is None:
        raise ValueError("only a sale, which has a price and a commission, can be refunded")
    money = split_sale(quantity, sale.unit_price, sale.commission_percent, makers, refund=True)
    movement = _stock_change(
        offer,
        StockKind.REFUNDED,
        quantity,
        day,
        user,
        unit_price=sale.unit_price,
        commission_percent=sale.commission_percent,
        gross=money.gross,
        commission=money.commission,
        payout=money.payout,
        sale=sale,
        note=note[:500],
    )
    _write_splits(movement, money)
    return movement
