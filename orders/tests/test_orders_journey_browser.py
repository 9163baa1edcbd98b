"""An order's whole life in a real browser (headless Chromium, phone screen, Russian), with
screenshots: a client posts an order, a routed member and a producer team propose, the client
compares and accepts the team, the work is delivered with a file and accepted, both sides
review; then a shop records a sale and the maker's statement shows it."""

from __future__ import annotations

import re
from datetime import timedelta
from typing import Any

import pytest
from django.utils import timezone

from conftest import BROWSER_TEST, log_in_page, open_phone_page, screenshot
from members.models import Member, User
from orders.models import Order, OrderStatus, Proposal
from projects.models import MembershipStatus, Project, TeamMembership
from shops.models import StockMovement
from shops.services import check_answer_offer, check_offer_product, check_receive_stock
from shops.tests.factories import make_point, make_product

pytestmark = BROWSER_TEST


def shot(page: Any, name: str) -> None:
    screenshot(page, f"orders-{name}")


@pytest.fixture
def fair_team(producer: User, carver: Member) -> Project:
    project = Project.objects.create(
        title="Ярмарка северных ремёсел", summary="Команда ярмарки", owner=producer.member
    )
    TeamMembership.objects.create(project=project, member=carver, status=MembershipStatus.CONFIRMED)
    return project


def test_an_order_from_brief_to_reviews_and_a_sale_on_the_statement(
    chromium: Any,
    live_server: Any,
    client_user: User,
    potter: Member,
    producer: User,
    carver: Member,
    fair_team: Project,
    partner: User,
) -> None:
    base = live_server.url
    page = open_phone_page(chromium)

    # The client describes the work and publishes it.
    log_in_page(page, base, client_user)
    page.goto(f"{base}/orders/new/")
    page.fill("input[name=title]", "Сувениры к фестивалю")
    page.fill("textarea[name=brief]", "200 сувениров ручной работы: магниты и кружки с символикой")
    page.locator("[data-field=industries] summary").first.click()  # folk crafts' group
    page.check("input[name=industries][value=folk-crafts]")
    page.select_option("select[name=town]", "kirovsk")
    page.fill("input[name=budget_min]", "50000")
    page.fill("input[name=budget_max]", "80000")
    page.fill("input[name=deadline]", (timezone.localdate() + timedelta(days=30)).isoformat())
    shot(page, "1-new-order")
    page.locator("[data-test=publish]").click()
    page.wait_for_url(re.compile(r"/orders/\d+/$"))
    order = Order.objects.get()
    assert page.locator("[data-test=order]").get_attribute("data-status") == "published"

    # The potter was routed the order, sees why, and proposes.
    log_in_page(page, base, potter.user)
    page.goto(f"{base}/orders/for-me/")
    routed = page.locator(f"[data-test=routed] [data-order='{order.pk}']")
    assert "магниты, кружки" in routed.locator("[data-reason=offer]").inner_text()
    shot(page, "2-routed")
    routed.locator("a").first.click()
    page.locator("[data-test=propose]").click()
    page.fill("input[name=price]", "65000")
    page.fill("input[name=days]", "20")
    page.fill("textarea[name=message]", "Сделаю из хибинской глины, образцы через неделю.")
    page.locator("[data-test=send-proposal]").click()
    page.wait_for_url(re.compile(rf"/orders/{order.pk}/$"))

    # The producer answers for the project's team, with shares.
    log_in_page(page, base, producer)
    page.goto(f"{base}/orders/{order.pk}/propose/")
    page.fill("input[name=price]", "72000")
    page.fill("input[name=days]", "15")
    page.fill("textarea[name=message]", "Керамика и резьба вместе, упаковка наша.")
    page.fill("input[name=team_name]", "Команда ярмарки")
    page.select_option("select[name=project]", str(fair_team.pk))
    page.select_option("select[name=shares-0-member]", str(producer.member.pk))
    page.fill("input[name=shares-0-share]", "60")
    page.select_option("select[name=shares-1-member]", str(carver.pk))
    page.fill("input[name=shares-1-share]", "40")
    page.fill("input[name=shares-1-role]", "резьба по дереву")
    shot(page, "3-team-proposal")
    page.locator("[data-test=send-proposal]").click()
    page.wait_for_url(re.compile(rf"/orders/{order.pk}/$"))
    team = Proposal.objects.get(author=producer.member)
    assert team.shares.count() == 2

    # The client compares the proposals side by side and chooses the team.
    log_in_page(page, base, client_user)
    page.goto(f"{base}/orders/{order.pk}/compare/")
    assert page.locator("[data-test=compare] thead th[data-proposal]").count() == 2
    shot(page, "4-compare")
    page.locator(f"[data-test=accept][data-proposal='{team.pk}']").click()
    page.wait_for_url(re.compile(rf"/orders/{order.pk}/$"))
    assert page.locator("[data-test=order]").get_attribute("data-status") == "assigned"

    # The producer starts, then delivers with a file.
    log_in_page(page, base, producer)
    page.goto(f"{base}/orders/{order.pk}/")
    page.locator("[data-test=action-start]").click()
    page.wait_for_url(re.compile(rf"/orders/{order.pk}/$"))
    page.fill(
        "[data-test=deliver-form] textarea[name=note]", "Первая партия: 200 штук, фото в файле"
    )
    page.set_input_files(
        "[data-test=deliver-form] input[name=attachments]",
        {"name": "партия.pdf", "mimeType": "application/pdf", "buffer": b"%PDF-1.4 photos"},
    )
    page.locator("[data-test=deliver]").click()
    page.wait_for_url(re.compile(rf"/orders/{order.pk}/$"))
    assert page.locator("[data-test=order]").get_attribute("data-status") == "delivered"

    # The client accepts the work and reviews the team; the team reviews the client.
    log_in_page(page, base, client_user)
    page.goto(f"{base}/orders/{order.pk}/")
    assert page.locator("[data-test=delivery-file]").inner_text() == "партия.pdf"
    page.locator("[data-test=action-accept_delivery]").click()
    page.wait_for_url(re.compile(rf"/orders/{order.pk}/$"))
    page.locator("[data-test=review-form] input[name=rating][value='5']").check()
    page.fill("[data-test=review-form] textarea[name=text]", "Всё в срок, гости довольны")
    page.locator("[data-test=send-review]").click()
    page.wait_for_url(re.compile(rf"/orders/{order.pk}/$"))
    log_in_page(page, base, producer)
    page.goto(f"{base}/orders/{order.pk}/")
    page.locator("[data-test=review-form] input[name=rating][value='4']").check()
    page.locator("[data-test=send-review]").click()
    page.wait_for_url(re.compile(rf"/orders/{order.pk}/$"))
    assert page.locator("[data-test=order]").get_attribute("data-status") == "closed"
    assert page.locator("[data-test=review]").count() == 2
    shot(page, "5-closed-with-reviews")
    order.refresh_from_db()
    assert order.status == OrderStatus.CLOSED

    # A shop sells the potter's mugs; the sale shows on the potter's statement.
    point = make_point(partner, "25.00")
    mug = make_product("Кружка «Хибины»", "1200.00", [(potter, "100")])
    offer = check_answer_offer(check_offer_product(point, mug, potter), partner, True)
    check_receive_stock(offer, partner, 10, timezone.localdate() - timedelta(days=1))
    log_in_page(page, base, partner)
    page.goto(f"{base}/shops/{point.pk}/")
    row = page.locator(f"[data-offer='{offer.pk}']")
    row.locator("[data-test=stock-toggle]").click()
    row.locator("select[name=kind]").select_option("sold")
    row.locator("input[name=quantity]").fill("3")
    shot(page, "6-shop-sale")
    row.locator("[data-test=record]").click()
    page.wait_for_url(re.compile(rf"/shops/{point.pk}/$"))
    assert page.locator(f"[data-offer='{offer.pk}'] [data-test=in-stock]").inner_text() == "7"
    assert StockMovement.objects.filter(kind="sold").get().gross == 3600

    log_in_page(page, base, potter.user)
    page.goto(f"{base}/statements/")
    lines = page.locator("[data-test=statement-lines] tr[data-kind=sold]")
    assert lines.count() == 1
    assert "Кружка «Хибины»" in lines.inner_text()
    shot(page, "7-statement")
