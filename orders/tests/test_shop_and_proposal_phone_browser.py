"""The shop's operations and a team's proposal on a phone (390×844, Russian, headless Chromium),
with screenshots: every sale is a card whose sum and «Возврат…» are on the screen, no ordinary
word is split across lines, and the proposal form shows all its mistakes in one go."""

from __future__ import annotations

import re
from datetime import date, timedelta
from typing import Any

from conftest import BROWSER_TEST, log_in_page, open_phone_page, screenshot
from members.models import Member, User
from orders.consignment import (
    check_answer_offer,
    check_offer_product,
    check_receive_stock,
    check_record_refund,
    check_record_sale,
    check_return_to_maker,
)
from orders.models import Proposal
from orders.tests.factories import make_order, make_point, make_product, make_team
from projects.tests.factories import pitched_project_with_everything

pytestmark = BROWSER_TEST

PHONE_WIDTH = 390
# The Russian words of the elements under `selector` that the browser laid out on two lines.
BROKEN_WORDS = """(selector) => {
  const broken = [];
  for (const root of document.querySelectorAll(selector)) {
    const walker = document.createTreeWalker(root, NodeFilter.SHOW_TEXT);
    for (let node = walker.nextNode(); node; node = walker.nextNode()) {
      for (const word of node.data.matchAll(/[А-Яа-яЁё]+/g)) {
        const range = document.createRange();
        range.setStart(node, word.index);
        range.setEnd(node, word.index + word[0].length);
        const lines = new Set([...range.getClientRects()].filter(r => r.width > 0).map(r => r.top));
        if (lines.size > 1) broken.push(word[0]);
      }
    }
  }
  return broken;
}"""


def test_the_shop_owner_sees_one_whole_card_per_operation(
    chromium: Any,
    live_server: Any,
    partner: User,
    potter: Member,
    carver: Member,
    cast: dict[str, User],
) -> None:
    point = make_point(partner, "25.00", name="Сувенирная лавка «Полярная звезда»")
    day = date.today() - timedelta(days=3)
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
            assert box is not None and box["x"] >= 0 and box["x"] + box["width"] <= PHONE_WIDTH
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


def test_a_producer_sees_every_mistake_of_a_team_proposal_at_once(
    chromium: Any, live_server: Any, client_user: User, producer: User, carver: Member
) -> None:
    make_team(producer.member, carver)
    order = make_order(client_user)
    page = open_phone_page(chromium)
    log_in_page(page, live_server.url, producer)
    url = f"{live_server.url}/orders/{order.pk}/propose/"
    page.goto(url)
    # The rows of a team are optional: nothing in them is marked required.
    assert "*" not in page.locator("[data-test=team]").inner_text()

    page.fill("input[name=price]", "-5")
    page.fill("input[name=days]", "0")
    page.select_option("select[name=shares-0-member]", str(producer.member.pk))
    page.fill("input[name=shares-0-share]", "30")
    page.select_option("select[name=shares-1-member]", str(carver.pk))
    page.fill("input[name=shares-1-share]", "30")
    page.locator("[data-test=send-proposal]").click()
    page.wait_for_url(re.compile(rf"/orders/{order.pk}/propose/$"))

    form = page.locator("[data-test=proposal-form]")
    text = form.inner_text()
    assert "Сумма долей должна быть равна 100%." in text
    for field in ("price", "days", "message"):
        assert form.locator(f"#id_{field}_errors").is_visible(), field
    assert page.locator("[data-test=team] .invalid-feedback").count() == 0
    assert page.evaluate("document.documentElement.scrollWidth") <= PHONE_WIDTH
    screenshot(page, "phone-proposal-mistakes")
    assert not Proposal.objects.exists()
