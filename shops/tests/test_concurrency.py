"""Real concurrent transactions on PostgreSQL: two cashiers sell the last items at once.

SQLite serialises writers already; PostgreSQL runs these threads truly in parallel, so the
offer-row lock is what keeps exactly one winner there.
"""

from __future__ import annotations

from datetime import date

import pytest
from django.db import connection

from conftest import make_member, run_together
from core.models import Town
from members.models import User
from orders.tests.factories import make_maker
from orders.tests.test_concurrency import reference_data
from shops.models import StockMovement
from shops.services import (
    check_answer_offer,
    check_offer_product,
    check_receive_stock,
    check_record_sale,
)
from shops.tests.factories import make_point, make_product

pytestmark = [
    pytest.mark.postgres_only,
    pytest.mark.django_db(transaction=True),
    pytest.mark.skipif(
        connection.vendor != "postgresql", reason="needs real concurrent transactions"
    ),
]


def test_two_cashiers_cannot_sell_the_same_last_items() -> None:
    reference_data()
    runner = User.objects.create_user("shop@example.org", "x" * 12, is_partner=True)
    make_member(runner, Town.objects.get(slug="kirovsk"), [], display_name="Лавка")
    point = make_point(runner)
    maker = make_maker("maker@example.org", "Мастер", [])
    product = make_product("Кружка", "900", [(maker, "100")])
    offer = check_answer_offer(check_offer_product(point, product, maker), runner, True)
    check_receive_stock(offer, runner, 5, date(2026, 3, 1))
    jobs = [lambda: check_record_sale(offer, runner, 3, date(2026, 3, 2)) for _ in range(4)]
    sold, refused = run_together(jobs)
    assert len(sold) == 1
    assert len(refused) == 3
    offer.refresh_from_db()
    assert offer.in_stock == 2
    assert StockMovement.objects.filter(kind="sold").count() == 1
