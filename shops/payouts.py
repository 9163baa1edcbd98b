"""How the money of a consignment sale is divided, to the kopeck (pure Python, no Django).

The shop keeps its commission (rounded half up to the kopeck); the rest is the makers' payout.
Commission and payout are each divided among the makers by their shares with the largest
remainder method, so the parts always add up to the whole: no kopeck appears or vanishes, and
a statement's totals equal the shop's totals exactly.
"""

from __future__ import annotations

from collections.abc import Hashable, Sequence
from dataclasses import dataclass
from decimal import ROUND_DOWN, ROUND_HALF_UP, Decimal

KOPECK = Decimal("0.01")
HUNDRED = Decimal(100)


@dataclass(frozen=True, slots=True)
class Part:
    member_id: Hashable
    share: Decimal
    gross: Decimal
    commission: Decimal
    payout: Decimal


@dataclass(frozen=True, slots=True)
class SaleMoney:
    gross: Decimal
    commission: Decimal
    payout: Decimal
    parts: tuple[Part, ...]


def allocate(amount: Decimal, shares: Sequence[Decimal]) -> list[Decimal]:
    """Return `amount` divided in proportion to `shares`, in kopecks, summing to `amount`.

    Each part is first rounded down; the kopecks left go one by one to the largest remainders
    (ties to the earlier share). Works for negative amounts (refunds) by symmetry.
    """
    if not shares:
        return []
    total_share = sum(shares, Decimal(0))
    if total_share <= 0:
        raise ValueError("shares must add up to more than zero")
    if amount < 0:
        return [-part for part in allocate(-amount, shares)]
    exact = [amount * share / total_share for share in shares]
    parts = [value.quantize(KOPECK, rounding=ROUND_DOWN) for value in exact]
    left = int((amount - sum(parts, Decimal(0))) / KOPECK)
    by_remainder = sorted(range(len(shares)), key=lambda i: (-(exact[i] - parts[i]), i))
    for i in by_remainder[:left]:
        parts[i] += KOPECK
    return parts


def commission_of(gross: Decimal, percent: Decimal) -> Decimal:
    """Return the shop's commission on `gross`, rounded half away from zero to the kopeck."""
    return (gross * percent / HUNDRED).quantize(KOPECK, rounding=ROUND_HALF_UP)


def split_sale(
    quantity: int,
    unit_price: Decimal,
    commission_percent: Decimal,
    makers: Sequence[tuple[Hashable, Decimal]],
    *,
    refund: bool = False,
) -> SaleMoney:
    """Return the money of `quantity` items sold at `unit_price` (negative for a refund) and
    each maker's part of it. `makers` are (member id, share in percent) pairs."""
    if quantity <= 0:
        raise ValueError("quantity must be positive")
    if unit_price < 0:
        raise ValueError("unit price cannot be negative")
    if not 0 <= commission_percent <= 100:
        raise ValueError("commission must be between 0 and 100 percent")
    gross = (unit_price * quantity).quantize(KOPECK, rounding=ROUND_HALF_UP)
    commission = commission_of(gross, commission_percent)
    if refund:
        gross, commission = -gross, -commission
    payout = gross - commission
    shares = [share for _member, share in makers]
    commissions = allocate(commission, shares)
    payouts = allocate(payout, shares)
    parts = tuple(
        Part(member, share, c + p, c, p)
        for (member, share), c, p in zip(makers, commissions, payouts, strict=True)
    )
    return SaleMoney(gross, commission, payout, parts)
