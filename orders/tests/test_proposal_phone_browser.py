"""A team's proposal on a phone (390×844, Russian, headless Chromium), with screenshots: no
ordinary word is split across lines, and the proposal form shows all its mistakes in one go."""

from __future__ import annotations

import re
from typing import Any

from conftest import BROWSER_TEST, PHONE_WIDTH, log_in_page, open_phone_page, screenshot
from members.models import Member, User
from orders.models import Proposal
from orders.tests.factories import make_order, make_team

pytestmark = BROWSER_TEST

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
