"""The point-of-sale and statement pages: every template renders, lists run constant queries,
and forms report rule breaks as field errors with nothing written."""

from __future__ import annotations

from collections.abc import Callable
from datetime import date
from decimal import Decimal
from typing import Any

import pytest
from django.urls import reverse
from django.utils import timezone

from members.models import Member, User
from shops.models import PointOfSale, StockMovement
from shops.services import (
    check_answer_offer,
    check_offer_product,
    check_receive_stock,
    check_record_refund,
    check_record_sale,
)
from shops.tests.factories import make_point, make_product


def page(response: Any) -> str:
    assert response.status_code == 200, response.status_code
    return response.content.decode()


@pytest.fixture
def shop_with_sales(partner: User, potter: Member, carver: Member) -> PointOfSale:
    point = make_point(partner, "20.00")
    product = make_product("Тарелка «Северное сияние»", "1500.00", [(potter, "50"), (carver, "50")])
    offer = check_answer_offer(check_offer_product(point, product, potter), partner, True)
    check_receive_stock(offer, partner, 10, date(2026, 3, 2))
    check_record_sale(offer, partner, 2, date(2026, 3, 5))
    check_record_sale(offer, partner, 1, date(2026, 3, 9), Decimal("1399.99"))
    return point


def test_the_shop_page_records_a_sale_and_refuses_overselling(
    shop_with_sales: PointOfSale, partner: User, login: Callable[..., Any]
) -> None:
    client = login(partner)
    offer = shop_with_sales.offers.get()
    content = page(client.get(reverse("shops:point", args=[shop_with_sales.pk])))
    assert 'data-test="stock-form"' in content
    assert 'data-kind="sold"' in content
    url = reverse("shops:stock", args=[offer.pk])
    today = timezone.localdate().isoformat()
    over = client.post(url, {"kind": "sold", "quantity": "8", "date": today})
    assert over.status_code == 409
    assert 'data-error-code="not_enough_stock"' in over.content.decode()
    ok = client.post(url, {"kind": "sold", "quantity": "7", "date": today})
    assert ok.status_code == 302
    offer.refresh_from_db()
    assert offer.in_stock == 0


def test_the_shop_page_offers_one_refund_link_per_sale_and_no_forms(
    partner: User, potter: Member, login: Callable[..., Any]
) -> None:
    point = make_point(partner, "20.00")
    product = make_product("Кружка «Хибины»", "900.00", [(potter, "100")])
    offer = check_answer_offer(check_offer_product(point, product, potter), partner, True)
    check_receive_stock(offer, partner, 40, date(2026, 3, 1))
    sales = [check_record_sale(offer, partner, 1, date(2026, 3, 2)) for _ in range(40)]

    content = page(login(partner).get(reverse("shops:point", args=[point.pk])))

    assert content.count('data-test="refund-link"') == 40
    for sale in sales:
        assert reverse("shops:refund", args=[sale.pk]) in content
    assert 'name="quantity"' not in content.split('data-test="movements"')[1]


def test_a_refund_is_confirmed_on_its_own_page(
    shop_with_sales: PointOfSale, partner: User, potter: Member, login: Callable[..., Any]
) -> None:
    sale = shop_with_sales.offers.get().movements.filter(kind="sold", quantity=2).get()
    url = reverse("shops:refund", args=[sale.pk])
    client = login(partner)
    form = page(client.get(url))
    assert 'data-test="refund-form"' in form
    assert f'data-sale="{sale.pk}"' in form
    assert login(potter.user).get(url).status_code == 404

    today = timezone.localdate().isoformat()
    too_many = client.post(url, {"quantity": "3", "date": today})
    assert too_many.status_code == 409
    assert 'data-error-code="refund_too_many"' in too_many.content.decode()
    assert 'id="id_quantity_errors"' in too_many.content.decode()

    done = client.post(url, {"quantity": "2", "date": today})
    assert done.status_code == 302
    assert done["Location"] == reverse("shops:point", args=[shop_with_sales.pk])
    assert sale.refunds.get().quantity == 2
    assert 'data-test="all-refunded"' in page(client.get(url))


def test_the_shop_page_writes_roubles_and_the_statements_kopecks_with_a_true_minus(
    shop_with_sales: PointOfSale, partner: User, potter: Member, login: Callable[..., Any]
) -> None:
    first_sale = StockMovement.objects.filter(kind="sold").order_by("date").first()
    assert first_sale is not None
    check_record_refund(first_sale, partner, 1, date(2026, 3, 10))
    shop = page(login(partner).get(reverse("shops:point", args=[shop_with_sales.pk])))
    operations = shop[shop.index('data-test="movements"') :]
    # The same way as the prices above: no zero kopecks, a minus sign, not a hyphen.
    assert "3\u00a0000\u00a0₽" in operations
    assert "1\u00a0399,99\u00a0₽" in operations
    assert "\u22121\u00a0500\u00a0₽" in operations
    assert ",00" not in operations
    assert ">-" not in operations

    month = page(
        login(partner).get(
            reverse("shops:point_month", args=[shop_with_sales.pk]), {"month": "2026-03"}
        )
    )
    assert "Продано, ₽" in month
    statement = page(login(potter.user).get(reverse("shops:statement"), {"month": "2026-03"}))
    heads = statement[statement.index("<thead>") : statement.index("</thead>")]
    for head in ("Цена, ₽", "Продано, ₽", "Комиссия, ₽", "Выплата, ₽"):
        assert head in heads, head
    lines = statement[statement.index("<tbody>") :]
    # Every sum of the accounting table to the kopeck, the refund with a minus sign.
    assert "1\u00a0500,00" in lines
    assert "\u2212750,00" in lines
    assert ">-" not in lines


def test_points_list_and_month_pages_run_constant_queries(
    shop_with_sales: PointOfSale, partner: User, potter: Member, login: Callable[..., Any],
    django_assert_num_queries: Any,
) -> None:  # fmt: skip
    client = login(potter.user)
    # session, user, member, points with product counts, my consignments, cluster settings,
    # unread notifications
    with django_assert_num_queries(7):
        content = page(client.get(reverse("shops:points")))
    assert f'data-point="{shop_with_sales.pk}"' in content
    response = login(partner).get(
        reverse("shops:point_month", args=[shop_with_sales.pk]), {"month": "2026-03"}
    )
    assert 'data-test="total-sold"' in page(response)
    assert response.context["summary"].totals.sold == Decimal("4399.99")


def test_the_statement_page_and_xlsx(
    shop_with_sales: PointOfSale, potter: Member, curator: User, login: Callable[..., Any],
    django_assert_num_queries: Any,
) -> None:  # fmt: skip
    client = login(potter.user)
    # session, user, member, statement lines, cluster settings, unread notifications
    with django_assert_num_queries(6):
        content = page(client.get(reverse("shops:statement"), {"month": "2026-03"}))
    assert content.count('data-kind="sold"') == 2
    xlsx = client.get(reverse("shops:statement_xlsx"), {"month": "2026-03"})
    assert xlsx.status_code == 200
    assert xlsx.content[:2] == b"PK"
    assert xlsx["Content-Type"].startswith("application/vnd.openxmlformats")
    other = login(curator).get(
        reverse("shops:statement"), {"month": "2026-03", "member": potter.pk}
    )
    assert other.status_code == 200
    assert other.context["statement"].member == potter


def test_a_shops_month_runs_constant_queries(
    shop_with_sales: PointOfSale,
    partner: User,
    login: Callable[..., Any],
    django_assert_num_queries: Any,
) -> None:
    shop = login(partner)
    # session, user, point (access: point, runner), latest month, makers' sums, shop's sums,
    # cluster settings, unread notifications, whether the partner reviews support applications
    # (the menu)
    with django_assert_num_queries(10):
        page(shop.get(reverse("shops:point_month", args=[shop_with_sales.pk])))


def test_the_statement_link_is_offered_only_to_members(
    potter: Member, curator: User, login: Callable[..., Any]
) -> None:
    # A statement is a member's own: a curator without a directory entry would follow the link
    # to "not found".
    assert 'data-test="statement-link"' in page(login(potter.user).get(reverse("shops:points")))
    for_curator = login(curator).get(reverse("shops:points"))
    assert for_curator.status_code == 200
    assert 'data-test="statement-link"' not in page(for_curator)
    assert login(curator).get(reverse("shops:statement")).status_code == 404
