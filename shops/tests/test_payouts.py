"""Dividing a sale's money to the kopeck: the parts always add up to the whole."""

from __future__ import annotations

from decimal import Decimal

import pytest
from hypothesis import given
from hypothesis import strategies as st

from shops.payouts import allocate, commission_of, split_sale

KOPECK = Decimal("0.01")
shares = st.lists(
    st.decimals(min_value=Decimal("0.01"), max_value=100, places=2), min_size=1, max_size=6
)
amounts = st.decimals(min_value=Decimal("-100000"), max_value=Decimal("100000"), places=2)


@given(amount=amounts, weights=shares)
def test_allocation_adds_up_and_stays_within_a_kopeck(
    amount: Decimal, weights: list[Decimal]
) -> None:
    parts = allocate(amount, weights)
    assert sum(parts, Decimal(0)) == amount
    total = sum(weights, Decimal(0))
    for part, weight in zip(parts, weights, strict=True):
        assert abs(part - amount * weight / total) < KOPECK
        assert part == part.quantize(KOPECK)


@given(
    quantity=st.integers(1, 500),
    price=st.decimals(min_value=0, max_value=Decimal("99999.99"), places=2),
    percent=st.decimals(min_value=0, max_value=100, places=2),
    weights=shares,
    refund=st.booleans(),
)
def test_every_maker_part_reconciles(
    quantity: int, price: Decimal, percent: Decimal, weights: list[Decimal], refund: bool
) -> None:
    makers = list(enumerate(weights))
    money = split_sale(quantity, price, percent, makers, refund=refund)
    assert money.gross == money.commission + money.payout
    assert sum((p.gross for p in money.parts), Decimal(0)) == money.gross
    assert sum((p.commission for p in money.parts), Decimal(0)) == money.commission
    assert sum((p.payout for p in money.parts), Decimal(0)) == money.payout
    for part in money.parts:
        assert part.gross == part.commission + part.payout
        if not refund:
            assert part.payout >= 0
            assert part.commission >= 0


def test_commission_rounds_half_up_to_the_kopeck() -> None:
    assert commission_of(Decimal("0.50"), Decimal("25")) == Decimal("0.13")  # 0.125
    assert commission_of(Decimal("1000.00"), Decimal("17.50")) == Decimal("175.00")


def test_three_equal_makers_split_a_ruble() -> None:
    money = split_sale(
        1, Decimal("1.00"), Decimal("0"), [(1, Decimal(1)), (2, Decimal(1)), (3, Decimal(1))]
    )
    assert [p.payout for p in money.parts] == [Decimal("0.34"), Decimal("0.33"), Decimal("0.33")]


@pytest.mark.parametrize(
    ("quantity", "price", "percent"), [(0, "1", "10"), (1, "-1", "10"), (1, "1", "101")]
)
def test_impossible_sales_raise(quantity: int, price: str, percent: str) -> None:
    with pytest.raises(ValueError, match=r"must|cannot"):
        split_sale(quantity, Decimal(price), Decimal(percent), [(1, Decimal(100))])
