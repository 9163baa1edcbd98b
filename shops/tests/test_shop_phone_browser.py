"""The shop's operations on a phone (390×844, Russian, headless Chromium), with screenshots:
every sale is a card whose sum and «Возврат…» are on the screen, and no ordinary word is split
across lines."""

from __future__ import annotations

from datetime import timedelta
from typing import Any

from django.utils import timezone

from conftest import BROWSER_TEST, PHONE_WIDTH, log_in_page, open_phone_page, screenshot
from members.models import Member, User
from orders.tests.test_proposal_phone_browser import BROKEN_WORDS
from projects.tests.factories import pitched_project_with_everything
from shops.services import (
    check_answer_offer,
    check_offer_product,
    check_receive_stock,
    check_record_refund,
    check_record_sale,
    check_return_to_maker,
)
from shops.tests.factories import make_point, make_product

pytestmark = BROWSER_TEST


def test_the_shop_owner_sees_one_whole_card_per_operation(
    chromium: Any,
    live_server: Any,
    partner: User,
    potter: Member,
    carver: Member,
    cast: dict[str, User],
) -> None:
    point = make_point(partner, "25.00", name="Сувенирная лавка «Полярная звезда»")
    day = timezone.localdate() - timedelta(days=3)
    for title, maker in (
        ("Резная ложка из карельской берёзы", carver),
        ("Кружка ручной лепки «Северное сияние»", potter),
    ):
        product = make_product(title, "1200.00", [(maker, "100")])
        offer = check_answer_offer(check_offer_product(point, product, maker), partner, True)
        check_receive_stock(offer, partner, 10, day)
        sale = check_record_sale(offer, partner, 3, day + timedelta(days=1))
        check_record_refund(sale, partner, 1, day + timedelta(days=2))
        check_return_to_maker(offer, partner, 2, day + timedelta(days=2))
    page = open_phone_page(chromium)
    log_in_page(page, live_server.url, partner)

    page.goto(f"{live_server.url}/shops/{point.pk}/")

    assert page.evaluate(BROKEN_WORDS, "main") == []
    assert page.evaluate("document.documentElement.scrollWidth") <= PHONE_WIDTH
    sales = page.locator("[data-test=movements] tr[data-kind=sold]")
    assert sales.count() == 2
    for n in range(2):
        card = sales.nth(n)
        for part in ("[data-test=sum]", "[data-test=refund-link]"):
            box = card.locator(part).bounding_box()
            assert box is not None
            assert box["x"] >= 0
            assert box["x"] + box["width"] <= PHONE_WIDTH
        assert card.locator("[data-test=sum]").inner_text() == "3\u00a0600\u00a0₽"
    refunds = page.locator("[data-test=movements] tr[data-kind=refunded] [data-test=sum]")
    assert refunds.first.inner_text() == "\u22121\u00a0200\u00a0₽"
    screenshot(page, "phone-shop-operations")

    # A project's page, full of Russian words, splits none of them either.
    project = pitched_project_with_everything(cast)["projects:detail"][0]
    log_in_page(page, live_server.url, cast["producer"])
    page.goto(f"{live_server.url}/projects/{project}/")
    assert page.evaluate(BROKEN_WORDS, "main") == []
    screenshot(page, "phone-project")
