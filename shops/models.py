"""Points of sale that sell makers' products on consignment: the shops, the products offered
to them, their stock and sales, and each maker's part of every sale.

Money is `Decimal` roubles with kopecks. The tables keep the names they had in `orders`.
"""

from __future__ import annotations

from decimal import Decimal

from django.conf import settings
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from core.models import Town
from members.models import Member


class PointOfSale(models.Model):
    """A shop or stand of a partner that sells members' products on consignment."""

    partner = models.ForeignKey(
        Member, on_delete=models.PROTECT, related_name="points_of_sale", verbose_name=_("run by")
    )
    name = models.CharField(_("name"), max_length=200)
    town = models.ForeignKey(
        Town, on_delete=models.PROTECT, related_name="points_of_sale", verbose_name=_("town")
    )
    address = models.CharField(_("address"), max_length=300)
    commission_percent = models.DecimalField(
        _("commission, %"),
        max_digits=5,
        decimal_places=2,
        validators=[MinValueValidator(Decimal(0)), MaxValueValidator(Decimal(100))],
    )
    terms = models.TextField(_("consignment terms"), max_length=3000, blank=True)
    is_active = models.BooleanField(_("takes products"), default=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    external_id = models.CharField(max_length=100, blank=True, db_index=True)
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        db_table = "orders_pointofsale"  # kept from when shops lived in orders
        ordering = ["name", "id"]
        verbose_name = _("point of sale")
        verbose_name_plural = _("points of sale")
        constraints = [
            models.CheckConstraint(
                condition=Q(commission_percent__gte=0, commission_percent__lte=100),
                name="point_commission_percent",
            )
        ]

    def __str__(self) -> str:
        return self.name


class OfferStatus(models.TextChoices):
    OFFERED = "offered", _("offered, waiting for the shop")
    ACCEPTED = "accepted", _("on sale")
    DECLINED = "declined", _("declined by the shop")
    ENDED = "ended", _("consignment ended")


LIVE_OFFER_STATUSES = [OfferStatus.OFFERED, OfferStatus.ACCEPTED]


class ConsignmentOffer(models.Model):
    """A maker's product offered to a point of sale; once accepted the shop keeps its stock."""

    point = models.ForeignKey(PointOfSale, on_delete=models.PROTECT, related_name="offers")
    product = models.ForeignKey(
        "projects.Product", on_delete=models.PROTECT, related_name="consignments"
    )
    offered_by = models.ForeignKey(Member, on_delete=models.PROTECT, related_name="+")
    unit_price = models.DecimalField(_("shop price per unit, ₽"), max_digits=12, decimal_places=2)
    note = models.CharField(_("note to the shop"), max_length=1000, blank=True)
    status = models.CharField(
        max_length=10, choices=OfferStatus.choices, default=OfferStatus.OFFERED
    )
    # Kept equal to received − sold + refunded − returned under the offer's row lock.
    in_stock = models.PositiveIntegerField(default=0)
    created_at = models.DateTimeField(default=timezone.now)
    decided_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        db_table = "orders_consignmentoffer"  # kept from when shops lived in orders
        verbose_name = _("consignment offer")
        verbose_name_plural = _("consignment offers")
        ordering = ["point", "product__title", "id"]
        constraints = [
            models.UniqueConstraint(
                fields=["point", "product"],
                condition=Q(status__in=["offered", "accepted"]),
                name="one_live_offer_per_product",
            ),
            models.CheckConstraint(condition=Q(unit_price__gt=0), name="offer_price_positive"),
            models.CheckConstraint(condition=Q(in_stock__gte=0), name="offer_stock_not_negative"),
        ]

    def __str__(self) -> str:
        return f"{self.product} @ {self.point}"


class StockKind(models.TextChoices):
    RECEIVED = "received", _("received from the maker")
    SOLD = "sold", _("sold")
    REFUNDED = "refunded", _("returned by a customer")
    RETURNED = "returned", _("returned to the maker")


# How each kind changes the shop's stock.
STOCK_SIGN = {
    StockKind.RECEIVED: 1,
    StockKind.SOLD: -1,
    StockKind.REFUNDED: 1,
    StockKind.RETURNED: -1,
}


class StockMovement(models.Model):
    """Items coming into or leaving a shop. Sales and refunds carry their money, split once
    among the makers (`SaleSplit`) so a statement is a sum that never changes afterwards."""

    offer = models.ForeignKey(ConsignmentOffer, on_delete=models.PROTECT, related_name="movements")
    kind = models.CharField(max_length=10, choices=StockKind.choices)
    quantity = models.PositiveIntegerField(_("quantity"))
    date = models.DateField(_("date"))
    unit_price = models.DecimalField(
        _("price per unit, ₽"), null=True, blank=True, max_digits=12, decimal_places=2
    )
    commission_percent = models.DecimalField(null=True, blank=True, max_digits=5, decimal_places=2)
    # Sales positive, refunds negative; gross = commission + payout (`shops.payouts`; not a
    # database check, because SQLite stores decimals as floating point).
    gross = models.DecimalField(default=Decimal(0), max_digits=12, decimal_places=2)
    commission = models.DecimalField(default=Decimal(0), max_digits=12, decimal_places=2)
    payout = models.DecimalField(default=Decimal(0), max_digits=12, decimal_places=2)
    sale = models.ForeignKey(
        "self", null=True, blank=True, on_delete=models.PROTECT, related_name="refunds"
    )
    note = models.CharField(_("note"), max_length=500, blank=True)
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        db_table = "orders_stockmovement"  # kept from when shops lived in orders
        verbose_name = _("stock movement")
        verbose_name_plural = _("stock movements")
        ordering = ["date", "id"]
        constraints = [
            models.CheckConstraint(condition=Q(quantity__gt=0), name="movement_quantity_positive"),
            models.CheckConstraint(
                condition=Q(unit_price__isnull=True) | Q(unit_price__gte=0),
                name="movement_price_not_negative",
            ),
        ]
        indexes = [
            models.Index(fields=["offer", "kind"], name="movement_offer_kind_idx"),
            models.Index(fields=["date"], name="movement_date_idx"),
        ]

    def __str__(self) -> str:
        return f"{self.get_kind_display()} × {self.quantity}"


class SaleSplit(models.Model):
    """One maker's part of a sale or refund: their share of gross, commission and payout."""

    movement = models.ForeignKey(StockMovement, on_delete=models.CASCADE, related_name="splits")
    member = models.ForeignKey(Member, on_delete=models.PROTECT, related_name="sale_splits")
    share = models.DecimalField(max_digits=5, decimal_places=2)
    gross = models.DecimalField(max_digits=12, decimal_places=2)
    commission = models.DecimalField(max_digits=12, decimal_places=2)
    payout = models.DecimalField(max_digits=12, decimal_places=2)
    date = models.DateField()  # the movement's, repeated so statements filter without a join

    class Meta:
        db_table = "orders_salesplit"  # kept from when shops lived in orders
        verbose_name = _("sale split")
        verbose_name_plural = _("sale splits")
        ordering = ["date", "id"]
        constraints = [
            models.UniqueConstraint(fields=["movement", "member"], name="split_once_per_maker"),
        ]
        indexes = [models.Index(fields=["member", "date"], name="split_member_date_idx")]

    def __str__(self) -> str:
        return f"{self.member_id}: {self.payout}"
