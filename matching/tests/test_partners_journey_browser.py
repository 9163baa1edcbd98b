"""A member edits their resource map, sees a new partner, asks for an introduction, and the
other side accepts: in headless Chromium, with screenshots."""

from __future__ import annotations

from typing import Any

from conftest import BROWSER_TEST, log_in_with_form, screenshot
from resources.services import ItemData, do_add_item

pytestmark = BROWSER_TEST


def test_a_map_edit_brings_a_partner_and_an_accepted_introduction(
    chromium: Any, live_server: Any, resident: Any, producer: Any
) -> None:
    do_add_item(
        producer.member,
        ItemData("offer", "skill", "Предметная фотосъёмка для каталогов", "members"),
    )
    do_add_item(
        producer.member, ItemData("need", "equipment", "Ищу печь для обжига керамики", "members")
    )
    base = live_server.url

    potter = log_in_with_form(chromium, base, resident.email)
    potter.goto(f"{base}/partners/")
    assert potter.locator(f"[data-partner='{producer.member.pk}']").count() == 0

    potter.goto(f"{base}/map/")
    potter.locator("input[name=direction][value=need]").check()
    potter.select_option("select[name=type]", "skill")
    potter.fill("textarea[name=text]", "Нужен фотограф для каталога изделий")
    potter.locator("[data-test=add-item]").click()
    potter.locator("[data-test=needs]").get_by_text(
        "Нужен фотограф для каталога изделий"
    ).wait_for()
    potter.locator("input[name=direction][value=offer]").check()
    potter.select_option("select[name=type]", "equipment")
    potter.fill("textarea[name=text]", "Муфельная печь для обжига керамики")
    potter.locator("[data-test=add-item]").click()
    potter.locator("[data-test=offers]").get_by_text(
        "Муфельная печь для обжига керамики"
    ).wait_for()
    screenshot(potter, "partners-1-map")

    potter.goto(f"{base}/partners/")
    card = potter.locator(f"[data-partner='{producer.member.pk}']")
    assert "Предметная фотосъёмка для каталогов" in card.locator("[data-test=reasons]").inner_text()
    screenshot(potter, "partners-2-suggestions")
    card.locator("[data-test=ask-introduction]").click()
    card.locator("[data-test=introduction-status][data-status=requested]").wait_for()

    photographer = log_in_with_form(chromium, base, producer.email)
    photographer.goto(f"{base}/introductions/")
    photographer.locator("[data-test=incoming] [data-test=accept]").click()
    photographer.locator("[data-test=incoming] [data-test=contacts]").wait_for()
    assert (
        resident.email
        in photographer.locator("[data-test=incoming] [data-test=contacts]").inner_text()
    )
    screenshot(photographer, "partners-3-accepted")

    potter.goto(f"{base}/introductions/")
    assert (
        producer.email in potter.locator("[data-test=outgoing] [data-test=contacts]").inner_text()
    )
