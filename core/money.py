"""Roubles as people read them: «100 000 ₽», «80 000,50 ₽».

One format for pages and notification texts alike: thousands grouped (a no-break space in
Russian, so a number never breaks across lines), kopecks only when there are some. Monthly
statements and payouts, where every row is summed, keep their kopecks with `floatformat:"2g"`.
"""

from __future__ import annotations

from decimal import Decimal

from django.utils.formats import number_format

NBSP = "\u00a0"


def amount(value: Decimal | int | str) -> str:
    """Return the amount in the active language's format, with kopecks only when not zero."""
    value = Decimal(value)
    places = 0 if value == value.to_integral_value() else 2
    return number_format(value, places, use_l10n=True, force_grouping=True)


def rub(value: Decimal | int | str) -> str:
    """Return the amount with the rouble sign, kept on the number's line: «100 000 ₽»."""
    return f"{amount(value)}{NBSP}₽"
