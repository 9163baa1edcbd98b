"""Points of sale: offers, stock, sales, refunds and returns, and the makers' statements."""

from __future__ import annotations

import io
from datetime import date, timedelta
from decimal import Decimal

import pytest
from django.utils import timezone
from hypothesis import given, settings
from hypothesis import strategies as st
from hypothesis.extra.django import TestCase
from openpyxl import load_workbook

from conftest import make_member
from core.models import Industry, Town
from members.models import Member, User
from orders.tests.factories import make_maker
from shops.models import ConsignmentOffer, OfferStatus, PointOfSale, StockMovement
from shops.services import (
    ShopError,
    check_answer_offer,
    check_end_consignment,
    check_offer_product,
    check_receive_stock,
    check_record_refund,
    check_record_sale,
    check_return_to_maker,
)
from shops.statements import maker_statement, point_month, statement_xlsx
from shops.tests.factories import make_point, make_product

TODAY = date(2026, 3, 20)


@pytest.fixture
def shop(partner: User) -> PointOfSale:
    return make_point(partner, "25.00")


@pytest.fixture
def offer(shop: PointOfSale, potter: Member, carver: Member, partner: User) -> ConsignmentOffer:
    product = make_product("Кружка «Хибины»", "1200.00", [(potter, "70"), (carver, "30")])
    made = check_offer_product(shop, product, potter)
    return check_answer_offer(made, partner, accept=True)


def test_a_maker_offers_only_what_they_make(
    shop: PointOfSale, potter: Member, carver: Member
) -> None:
    product = make_product("Кружка", "900", [(potter, "100")])
    with pytest.raises(ShopError) as error:
        check_offer_product(shop, product, carver)
    assert error.value.code == "not_your_product"
    check_offer_product(shop, product, potter)
    with pytest.raises(ShopError) as error:
        check_offer_product(shop, product, potter)
    assert error.value.code == "already_offered"


def test_only_partners_and_curators_register_points(resident: User, curator: User) -> None:
    with pytest.raises(ShopError) as error:
        make_point(resident)
    assert error.value.code == "not_allowed"
    from shops.services import PointData, check_register_point

    point = check_register_point(
        curator,
        resident.member,
        PointData("Лавка", Town.objects.get(slug="kirovsk"), "ул. Кирова, 1", Decimal("20")),
    )
    assert point.partner == resident.member


def test_stock_cannot_go_negative(offer: ConsignmentOffer, partner: User) -> None:
    check_receive_stock(offer, partner, 5, TODAY)
    with pytest.raises(ShopError) as error:
        check_record_sale(offer, partner, 6, TODAY)
    assert error.value.code == "not_enough_stock"
    offer.refresh_from_db()
    assert offer.in_stock == 5
    assert not StockMovement.objects.filter(kind="sold").exists()
    check_record_sale(offer, partner, 5, TODAY)
    with pytest.raises(ShopError):
        check_return_to_maker(offer, partner, 1, TODAY)
    offer.refresh_from_db()
    assert offer.in_stock == 0


@pytest.mark.parametrize(
    ("quantity", "price", "day", "code"),
    [
        (0, None, TODAY, "quantity_not_positive"),
        (1, Decimal("-1"), TODAY, "negative_price"),
        (1, None, None, "date_in_future"),  # None: tomorrow, worked out when the test runs
    ],
)
def test_bad_sales_are_refused_and_change_nothing(
    offer: ConsignmentOffer,
    partner: User,
    quantity: int,
    price: Decimal | None,
    day: date | None,
    code: str,
) -> None:
    check_receive_stock(offer, partner, 3, TODAY)
    with pytest.raises(ShopError) as error:
        check_record_sale(
            offer, partner, quantity, day or timezone.localdate() + timedelta(days=1), price
        )
    assert error.value.code == code
    offer.refresh_from_db()
    assert offer.in_stock == 3


def test_only_the_shop_records_stock(offer: ConsignmentOffer, potter: Member) -> None:
    with pytest.raises(ShopError) as error:
        check_receive_stock(offer, potter.user, 3, TODAY)
    assert error.value.code == "not_allowed"


def test_a_refund_reverses_the_sale_for_every_maker(
    offer: ConsignmentOffer, partner: User, potter: Member, carver: Member
) -> None:
    check_receive_stock(offer, partner, 10, TODAY)
    sale = check_record_sale(offer, partner, 3, TODAY, Decimal("1100.00"))
    assert (sale.gross, sale.commission, sale.payout) == (
        Decimal("3300.00"),
        Decimal("825.00"),
        Decimal("2475.00"),
    )
    check_record_refund(sale, partner, 1, TODAY)
    with pytest.raises(ShopError) as error:
        check_record_refund(sale, partner, 3, TODAY)
    assert error.value.code == "refund_too_many"
    offer.refresh_from_db()
    assert offer.in_stock == 8
    potter_month = maker_statement(potter, 2026, 3)
    assert potter_month.totals.sold == Decimal("1540.00")  # 70% of 2 × 1100
    assert potter_month.totals.commission == Decimal("385.00")
    assert potter_month.totals.payout == Decimal("1155.00")
    summary = point_month(offer.point, 2026, 3)
    assert summary.totals.sold == Decimal("2200.00")
    assert sum((m.totals.payout for m in summary.makers), Decimal(0)) == summary.totals.payout


def test_ending_a_consignment_needs_the_stock_back(offer: ConsignmentOffer, partner: User) -> None:
    check_receive_stock(offer, partner, 2, TODAY)
    with pytest.raises(ShopError) as error:
        check_end_consignment(offer, partner)
    assert error.value.code == "stock_left"
    check_return_to_maker(offer, partner, 2, TODAY)
    assert check_end_consignment(offer, partner).status == OfferStatus.ENDED


def test_the_xlsx_statement_holds_the_same_numbers(
    offer: ConsignmentOffer, partner: User, potter: Member
) -> None:
    check_receive_stock(offer, partner, 4, TODAY)
    check_record_sale(offer, partner, 2, TODAY)
    check_record_sale(offer, partner, 1, TODAY + timedelta(days=1), Decimal("999.99"))
    statement = maker_statement(potter, 2026, 3)
    sheet = load_workbook(io.BytesIO(statement_xlsx(statement))).active
    assert sheet is not None
    rows = [row for row in sheet.iter_rows(values_only=True) if row and row[0] is not None]
    total = rows[-1]
    assert [Decimal(str(v)) for v in total[8:11]] == [
        statement.totals.sold,
        statement.totals.commission,
        statement.totals.payout,
    ]
    lines = [row for row in rows if isinstance(row[4], int)]
    assert len(lines) == 2
    assert lines[0][2] == "Кружка «Хибины»"


class StatementsReconcile(TestCase):
    """Any month of random sales and refunds by several makers adds up exactly."""

    @settings(max_examples=25, deadline=None)
    @given(
        commission=st.decimals(min_value=0, max_value=60, places=2),
        shares=st.lists(st.integers(1, 99), min_size=1, max_size=3),
        sales=st.lists(
            st.tuples(
                st.integers(1, 4),
                st.decimals(min_value=0, max_value=Decimal("5000"), places=2),
                st.integers(0, 2),
            ),
            min_size=1,
            max_size=12,
        ),
    )
    def test_makers_statements_add_up_to_the_shop(
        self, commission: Decimal, shares: list[int], sales: list[tuple[int, Decimal, int]]
    ) -> None:
        town = Town.objects.get(slug="kirovsk")
        folk = Industry.objects.get(slug="folk-crafts")
        runner = User.objects.create_user("shop@example.org", "x" * 12, is_partner=True)
        make_member(runner, town, [folk], display_name="Лавка")
        point = make_point(runner, str(commission))
        makers = [make_maker(f"m{n}@example.org", f"Мастер {n}", []) for n in range(len(shares))]
        percents = [Decimal(s) for s in shares]
        percents[-1] += Decimal(100) - sum(percents, Decimal(0))
        if percents[-1] <= 0:
            percents = [Decimal(100) / len(makers)] * len(makers)
        product = make_product(
            "Набор", "100", [(m, str(p)) for m, p in zip(makers, percents, strict=True)]
        )
        offer = check_answer_offer(check_offer_product(point, product, makers[0]), runner, True)
        check_receive_stock(offer, runner, 100, TODAY)
        for quantity, price, refunds in sales:
            sale = check_record_sale(offer, runner, quantity, TODAY, price)
            if refunds:
                check_record_refund(sale, runner, min(refunds, quantity), TODAY)
        summary = point_month(point, 2026, 3)
        statements = [maker_statement(m, 2026, 3).totals for m in makers]
        for field in ("sold", "commission", "payout"):
            assert sum((getattr(t, field) for t in statements), Decimal(0)) == getattr(
                summary.totals, field
            )
            assert sum((getattr(m.totals, field) for m in summary.makers), Decimal(0)) == getattr(
                summary.totals, field
            )
        for totals in statements:
            assert totals.sold == totals.commission + totals.payout
