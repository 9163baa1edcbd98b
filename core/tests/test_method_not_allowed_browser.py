"""The session expired while a plan step was being added: logging in leads back to the project."""

from __future__ import annotations

from typing import Any

from conftest import BROWSER_TEST, PASSWORD, _user, make_member, open_phone_page, screenshot
from core.models import Industry, Town

pytestmark = BROWSER_TEST


def test_logging_in_towards_a_form_action_opens_the_page_with_the_form(
    chromium: Any, live_server: Any
) -> None:
    from projects.tests.factories import project_at

    base = live_server.url
    producer = _user("natalya@example.org", is_producer=True)
    town, industry = Town.objects.get(slug="kirovsk"), Industry.objects.get(slug="folk-crafts")
    make_member(producer, town, [industry], display_name="Наталья Орлова")
    project = project_at("pitch", producer)
    page = open_phone_page(chromium)
    page.goto(f"{base}/accounts/login/?next=/projects/{project.pk}/steps/")
    page.fill("input[name=login]", producer.email)
    page.fill("input[name=password]", PASSWORD)
    page.locator("main form button[type=submit]").click()
    page.wait_for_url(f"{base}/projects/{project.pk}/")
    assert "Ничего не отправлено" in page.inner_text("body")
    assert page.evaluate("document.documentElement.scrollWidth") <= 390
    screenshot(page, "method-not-allowed-after-login")
