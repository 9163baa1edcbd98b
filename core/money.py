"""Roubles as people read them: «100 000 ₽», «80 000,50 ₽», «−450 ₽».

One format for pages and notification texts alike: thousands grouped (a no-break space in
Russian, so a number never breaks across lines), kopecks only when there are some, a true minus
sign. Monthly statements and payouts, where every row is summed, keep their kopecks on every
row (`kopecks`), so a column reads alike from top to bottom.
"""

from __future__ import annotations

from decimal import Decimal

from django.utils.formats import number_format

NBSP = "\u00a0"
MINUS = "\u2212"  # a hyphen is a dash between words, not a minus: «−450», not «-450»


def amount(value: Decimal | int | str) -> str:
    """Return the amount in the active language's format, with kopecks only when not zero."""
    value = Decimal(value)
    return _grouped(value, 0 if value == value.to_integral_value() else 2)


def kopecks(value: Decimal | int | str) -> str:
    """Return the amount to the kopeck, as a statement's column needs it: «15 750,00»."""
    return _grouped(Decimal(value), 2)


def _grouped(value: Decimal, places: int) -> str:
    text = number_format(value, places, use_l10n=True, force_grouping=True)
    return MINUS + text[1:] if text.startswith("-") else text


def rub(value: Decimal | int | str) -> str:
    """Return the amount with the rouble sign, kept on the number's line: «100 000 ₽»."""
    return f"{amount(value)}{NBSP}₽"
