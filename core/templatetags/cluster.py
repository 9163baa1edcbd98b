from __future__ import annotations

from decimal import Decimal

from django import forms, template
from django.forms.boundfield import BoundField
from django.utils.safestring import SafeString

from core import money
from core.widgets import FoldedCheckboxes

register = template.Library()

_CHECK_WIDGETS = (forms.CheckboxInput, forms.RadioSelect, forms.CheckboxSelectMultiple)


@register.filter
def widget_kind(field: BoundField) -> str:
    widget = field.field.widget
    if isinstance(widget, FoldedCheckboxes):
        return "folded"
    if isinstance(widget, forms.CheckboxSelectMultiple | forms.RadioSelect):
        return "choices"
    if isinstance(widget, forms.CheckboxInput):
        return "checkbox"
    return "input"


@register.filter
def styled(field: BoundField) -> SafeString:
    """Return the field's widget with the design's classes and its error state."""
    widget = field.field.widget
    if isinstance(widget, forms.Select) and not isinstance(widget, _CHECK_WIDGETS):
        css = "form-select"
    elif isinstance(widget, forms.CheckboxInput | FoldedCheckboxes):
        css = "form-check-input"
    else:
        css = "form-control"
    if field.errors:
        css += " is-invalid"
    attrs: dict[str, str | bool] = {"class": css}
    if field.errors:
        attrs["aria-invalid"] = "true"
        attrs["aria-describedby"] = f"{field.auto_id}_errors"
    return field.as_widget(attrs=attrs)


@register.filter
def amount(value: Decimal | int | str | None) -> str:
    """Return a sum of roubles without the sign (the first of a range): «100 000»."""
    return "" if value in (None, "") else money.amount(value)


@register.filter
def kopecks(value: Decimal | int | str | None) -> str:
    """Return a sum of a statement to the kopeck, without the rouble sign: «15 750,00»."""
    return "" if value in (None, "") else money.kopecks(value)


@register.filter
def rub(value: Decimal | int | str | None) -> str:
    """Return a sum of roubles with the sign: «100 000 ₽», «80 000,50 ₽»."""
    return "" if value in (None, "") else money.rub(value)
