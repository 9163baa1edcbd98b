"""The client's view of an order at phone size: people by their names, never by e-mail, and
roubles written one way on the page and in the notifications."""

from __future__ import annotations

from decimal import Decimal
from typing import Any

from conftest import BROWSER_TEST, log_in_page, open_phone_page, screenshot
from members.models import Member, User
from orders.services import (
    ProposalData,
    ShareData,
    check_accept_proposal,
    check_post_message,
    check_submit_proposal,
    check_take_action,
)
from orders.tests.factories import make_maker, make_order, make_team

pytestmark = BROWSER_TEST
NBSP = "\u00a0"


def test_the_client_reads_names_and_roubles_on_the_order_page(
    chromium: Any, live_server: Any, potter: Member, carver: Member
) -> None:
    client_user = User.objects.create_user("ivan.client@example.ru", "x" * 12, is_client=True)
    olga = make_maker("olga.walk@example.ru", "Ольга Вальк", ["Сувениры ручной работы"])
    make_team(olga, carver)
    order = make_order(client_user, budget_min=Decimal("50000"), budget_max=Decimal("100000"))
    team = ProposalData(
        Decimal("80000"),
        14,
        "Сделаем вдвоём",
        shares=[ShareData(olga, Decimal(60)), ShareData(carver, Decimal(40), "резьба")],
        team_name="",
    )
    chosen = check_submit_proposal(order, olga, team)
    check_submit_proposal(order, potter, ProposalData(Decimal("80000.50"), 10, "Сделаю"))
    check_accept_proposal(order, chosen.pk, client_user)
    order.refresh_from_db()
    check_take_action(order, olga.user, "start")
    check_post_message(order, client_user, "Когда будут эскизы?")
    check_post_message(order, olga.user, "В пятницу пришлю.")

    base = live_server.url
    page = open_phone_page(chromium)
    log_in_page(page, base, client_user)
    page.goto(f"{base}/orders/{order.pk}/")
    screenshot(page, "orders-people-1-order")
    text = page.locator("body").inner_text()
    assert "@example.ru" not in text
    assert "Ольга Вальк" in page.locator("[data-test=history]").inner_text()
    assert f"50{NBSP}000–100{NBSP}000{NBSP}₽" in text
    assert f"80{NBSP}000{NBSP}₽" in page.locator("[data-test=work]").inner_text()
    assert page.evaluate("document.documentElement.scrollWidth") <= 390

    page.goto(f"{base}/me/notifications/")
    screenshot(page, "orders-people-2-notifications")
    notes = page.locator("body").inner_text()
    assert f"80{NBSP}000{NBSP}₽" in notes
    assert f"80{NBSP}000,50{NBSP}₽" in notes
    assert "80000" not in notes
    assert "@example.ru" not in notes
