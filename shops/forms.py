"""Forms shared by the point-of-sale pages and the API: the formats are checked here, the rules
(commission, stock) by the services they feed."""

from __future__ import annotations

import re
from datetime import date
from typing import Any

from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from core.errors import add_to_form
from core.models import Town
from members.models import Member
from projects.models import Product
from shops.models import StockKind
from shops.services import PointData, ShopError, check_point_data

MONEY_FIELD: dict[str, Any] = {"max_digits": 12, "decimal_places": 2}


class PointForm(forms.Form):
    name = forms.CharField(label=_("Name"), max_length=200)
    town = forms.ModelChoiceField(
        queryset=Town.objects.all(), label=_("Town"), to_field_name="slug"
    )
    address = forms.CharField(label=_("Address"), max_length=300)
    commission_percent = forms.DecimalField(
        label=_("Commission, %"),
        max_digits=5,
        decimal_places=2,
        help_text=_("The share of each sale the shop keeps; the rest goes to the makers."),
    )
    terms = forms.CharField(
        label=_("Consignment terms"),
        max_length=3000,
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_("How often you pay out, how long items stay, who pays for delivery."),
    )
    is_active = forms.BooleanField(label=_("Takes products now"), required=False, initial=True)

    def clean(self) -> dict[str, Any]:
        cleaned = super().clean() or {}
        if not self.errors:
            try:
                check_point_data(self.point_data())
            except ShopError as error:
                add_to_form(self, error)
        return cleaned

    def point_data(self) -> PointData:
        c = self.cleaned_data
        return PointData(
            name=c["name"],
            town=c["town"],
            address=c["address"],
            commission_percent=c["commission_percent"],
            terms=c.get("terms", ""),
            is_active=bool(c.get("is_active")),
        )


class PartnerPointForm(PointForm):
    """Curators register a point of sale for any member (the shop's own account runs it)."""

    partner = forms.ModelChoiceField(
        queryset=Member.objects.filter(is_active=True),
        label=_("Member who runs it (profile number)"),
        widget=forms.NumberInput(attrs={"inputmode": "numeric"}),
    )


class OfferForm(forms.Form):
    product = forms.ModelChoiceField(queryset=Product.objects.none(), label=_("Product"))
    unit_price = forms.DecimalField(
        label=_("Shop price per unit, ₽"),
        required=False,
        help_text=_("Leave empty for the product's own price."),
        **MONEY_FIELD,
    )
    note = forms.CharField(label=_("Note to the shop"), max_length=1000, required=False)

    def __init__(self, products: Any, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["product"].queryset = products  # type: ignore[attr-defined]


def today() -> date:
    return timezone.localdate()


class StockForm(forms.Form):
    kind = forms.ChoiceField(
        label=_("Operation"),
        choices=[
            (StockKind.RECEIVED.value, StockKind.RECEIVED.label),
            (StockKind.SOLD.value, StockKind.SOLD.label),
            (StockKind.RETURNED.value, StockKind.RETURNED.label),
        ],
    )
    quantity = forms.IntegerField(label=_("Quantity"))
    date = forms.DateField(
        label=_("Date"),
        initial=today,
        widget=forms.DateInput(format="%Y-%m-%d", attrs={"type": "date"}),
    )
    unit_price = forms.DecimalField(
        label=_("Sold at, ₽ per unit"),
        required=False,
        help_text=_("Sales only; empty for the shop price."),
        **MONEY_FIELD,
    )
    note = forms.CharField(label=_("Note"), max_length=500, required=False)


class RefundForm(forms.Form):
    quantity = forms.IntegerField(label=_("Quantity returned"))
    date = forms.DateField(
        label=_("Date"),
        initial=today,
        widget=forms.DateInput(format="%Y-%m-%d", attrs={"type": "date"}),
    )
    note = forms.CharField(label=_("Note"), max_length=500, required=False)


MONTH_RE = re.compile(r"^(\d{4})-(\d{2})$")


def parse_month(raw: str | None, default: tuple[int, int] | None = None) -> tuple[int, int]:
    """Return (year, month) from "YYYY-MM"; when absent or malformed, `default` or else the
    current month."""
    match = MONTH_RE.match(raw or "")
    if match and 1 <= int(match[2]) <= 12 and 2000 <= int(match[1]) <= 2100:
        return int(match[1]), int(match[2])
    if default is not None:
        return default
    now = timezone.localdate()
    return now.year, now.month
