"""The client reads every proposal of the comparison on a phone, one whole column at a time."""

from __future__ import annotations

from typing import Any

from django.test import Client
from django.urls import reverse

from conftest import BROWSER_TEST, open_phone_page, screenshot
from members.models import User
from orders.models import Proposal
from orders.tests.factories import orders_matrix_args

pytestmark = BROWSER_TEST


def box(page: Any, selector: str) -> dict[str, float]:
    found = page.locator(selector).bounding_box()
    assert found is not None, selector
    return dict(found)


def test_each_proposal_is_read_whole_on_a_phone_with_the_row_names_in_view(
    chromium: Any, live_server: Any, cast: dict[str, User]
) -> None:
    order_id = orders_matrix_args(cast)["orders:compare"][0]
    Proposal.objects.filter(order_id=order_id).update(
        message="Сделаем из хибинской глины, образцы через неделю, упаковка наша."
    )
    proposals = list(Proposal.objects.filter(order_id=order_id).order_by("pk"))
    assert len(proposals) == 2
    client = Client()
    client.force_login(cast["client"], backend="django.contrib.auth.backends.ModelBackend")
    page = open_phone_page(chromium)
    page.context.add_cookies(
        [
            {
                "name": "sessionid",
                "value": client.cookies["sessionid"].value,
                "url": live_server.url,
            }
        ]
    )
    page.goto(live_server.url + reverse("orders:compare", args=[order_id]))

    assert page.evaluate("document.documentElement.scrollWidth") <= 390
    for proposal in proposals:
        column = f"[data-test=compare] thead th[data-proposal='{proposal.pk}']"
        page.locator(column).scroll_into_view_if_needed()
        page.wait_for_timeout(100)
        head, price_label = (
            box(page, column),
            box(page, "[data-test=compare] th[scope=row] >> nth=0"),
        )
        # The proposal's column is whole on the screen, beside the names of the rows.
        assert head["x"] >= price_label["x"] + price_label["width"] - 1
        assert head["x"] + head["width"] <= 390
        assert price_label["x"] >= 0
        screenshot(page, f"orders-compare-phone-{proposals.index(proposal) + 1}")

    page.set_viewport_size({"width": 1280, "height": 800})
    page.reload()
    for proposal in proposals:
        head = box(page, f"[data-test=compare] thead th[data-proposal='{proposal.pk}']")
        assert head["x"] + head["width"] <= 1280
    screenshot(page, "orders-compare-desktop")
