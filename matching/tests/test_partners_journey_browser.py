"""A member edits their resource map, sees a new partner, asks for an introduction, and the
other side accepts: in headless Chromium, with screenshots."""

from __future__ import annotations

import os
import re
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from conftest import PASSWORD
from resources.services import ItemData, do_add_item

os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")

playwright_api = pytest.importorskip("playwright.sync_api")
CHROMIUM = Path("/usr/bin/chromium")
SCREENSHOTS = Path(__file__).resolve().parents[2] / "test-output" / "browser"

pytestmark = [
    pytest.mark.browser,
    pytest.mark.django_db(transaction=True),
    pytest.mark.skipif(not CHROMIUM.exists(), reason="Debian's chromium package is not installed"),
]


@pytest.fixture
def browser_context() -> Iterator[Any]:
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    with playwright_api.sync_playwright() as playwright:
        browser = playwright.chromium.launch(
            executable_path=str(CHROMIUM),
            args=["--no-sandbox", "--disable-gpu", "--disable-background-networking",
                  "--disable-component-update", "--disable-sync", "--no-first-run"],
        )  # fmt: skip
        yield browser
        browser.close()


def log_in(browser: Any, base: str, email: str) -> Any:
    page = browser.new_context(viewport={"width": 390, "height": 844}, locale="ru-RU").new_page()
    page.set_default_timeout(15_000)
    page.goto(f"{base}/accounts/login/")
    page.fill("input[name=login]", email)
    page.fill("input[name=password]", PASSWORD)
    page.locator("main form button[type=submit]").click()
    page.wait_for_url(re.compile(r"/me/"))
    return page


def test_a_map_edit_brings_a_partner_and_an_accepted_introduction(
    browser_context: Any, live_server: Any, resident: Any, producer: Any, settings: Any
) -> None:
    settings.AXES_ENABLED = False
    do_add_item(
        producer.member,
        ItemData("offer", "skill", "Предметная фотосъёмка для каталогов", "members"),
    )
    do_add_item(
        producer.member, ItemData("need", "equipment", "Ищу печь для обжига керамики", "members")
    )
    base = live_server.url

    potter = log_in(browser_context, base, resident.email)
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
    potter.screenshot(path=str(SCREENSHOTS / "partners-1-map.png"), full_page=True)

    potter.goto(f"{base}/partners/")
    card = potter.locator(f"[data-partner='{producer.member.pk}']")
    assert "Предметная фотосъёмка для каталогов" in card.locator("[data-test=reasons]").inner_text()
    potter.screenshot(path=str(SCREENSHOTS / "partners-2-suggestions.png"), full_page=True)
    card.locator("[data-test=ask-introduction]").click()
    card.locator("[data-test=introduction-status][data-status=requested]").wait_for()

    photographer = log_in(browser_context, base, producer.email)
    photographer.goto(f"{base}/introductions/")
    photographer.locator("[data-test=incoming] [data-test=accept]").click()
    photographer.locator("[data-test=incoming] [data-test=contacts]").wait_for()
    assert (
        resident.email
        in photographer.locator("[data-test=incoming] [data-test=contacts]").inner_text()
    )
    photographer.screenshot(path=str(SCREENSHOTS / "partners-3-accepted.png"), full_page=True)

    potter.goto(f"{base}/introductions/")
    assert (
        producer.email in potter.locator("[data-test=outgoing] [data-test=contacts]").inner_text()
    )
