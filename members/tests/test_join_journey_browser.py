"""The joining journey in a real browser (headless Chromium), with screenshots.

A guest reads how the cluster works, signs up, applies with a wrong ИНН and sees why, fixes
it, a curator accepts, and the new resident appears in the directory.
"""

from __future__ import annotations

import re
from typing import Any
from urllib.parse import urlsplit

import pytest
from allauth.account.models import EmailAddress
from django.core import mail

from conftest import BROWSER_TEST, PASSWORD, open_phone_page, screenshot
from core.inn import with_check_digits
from members.models import User

pytestmark = BROWSER_TEST


@pytest.fixture
def page(chromium: Any) -> Any:
    return open_phone_page(chromium)


def shot(page: Any, name: str) -> None:
    screenshot(page, f"join-{name}")


def test_a_guest_joins_and_appears_in_the_directory(page: Any, live_server: Any) -> None:
    curator = User.objects.create_user("curator@example.org", PASSWORD, is_curator=True)
    EmailAddress.objects.create(user=curator, email=curator.email, verified=True, primary=True)
    base = live_server.url

    page.goto(f"{base}/")
    page.get_by_role("link", name="Как устроен кластер").first.click()
    page.wait_for_url(re.compile(r"/how-it-works/"))
    assert page.locator("h1").inner_text() == "Как устроен кластер"
    shot(page, "1-how-it-works")

    page.get_by_role("link", name="Подать заявку").first.click()
    page.wait_for_url(re.compile(r"/accounts/login/"))
    page.get_by_role("link", name=re.compile("Регистрация|зарегистрир", re.I)).first.click()
    page.fill("input[name=email]", "newcomer@example.org")
    page.fill("input[name=password1]", "северное-сияние-2026")
    page.fill("input[name=password2]", "северное-сияние-2026")
    page.locator("form button[type=submit]").last.click()
    page.wait_for_url(re.compile(r"/accounts/confirm-email/"))
    link = re.search(r"https?://\S+/accounts/confirm-email/\S+", str(mail.outbox[-1].body))
    assert link is not None
    page.goto(base + urlsplit(link.group(0)).path)
    page.locator("main form button[type=submit]").click()

    page.goto(f"{base}/join/apply/")
    page.locator("input[name=role][value=resident]").check()
    page.locator("input[name=kind][value=person]").check()
    page.fill("input[name=full_name]", "Дарья Северова")
    page.select_option("select[name=legal_form]", "self_employed")
    page.fill("input[name=inn]", "500100732258")
    page.select_option("select[name=town]", label="Кировск")
    # The industries are folded by group; a fold opens and a box ticks from the keyboard.
    page.locator("[data-field=industries] summary").first.press("Enter")
    page.locator("input[name=industries]").first.press("Space")
    assert page.locator("input[name=industries]").first.is_checked()
    page.fill("textarea[name=about]", "Валяю игрушки из шерсти и провожу мастер-классы для детей.")
    page.fill(
        "textarea[name=wants]", "Ищу магазин для продажи и партнёров для туристических программ."
    )
    page.locator("input[name=consent_personal_data]").check()
    page.locator("input[name=consent_public_profile]").check()
    page.get_by_role("button", name="Отправить заявку").click()
    error = page.locator("#id_inn_errors")
    assert "контрольные цифры" in error.inner_text()
    shot(page, "2-invalid-inn")

    page.fill("input[name=inn]", with_check_digits("5107009876"))
    page.locator("input[name=consent_personal_data]").check()
    page.get_by_role("button", name="Отправить заявку").click()
    page.wait_for_url(re.compile(r"/join/status/"))
    shot(page, "3-submitted")

    page.context.clear_cookies()
    page.goto(f"{base}/accounts/login/")
    page.fill("input[name=login]", curator.email)
    page.fill("input[name=password]", PASSWORD)
    page.locator("main form button[type=submit]").click()
    page.goto(f"{base}/curator/applications/")
    page.get_by_text("Дарья Северова").click()
    shot(page, "4-curator-review")
    page.get_by_role("button", name="Принять").click()
    assert page.locator("#application-status").inner_text() == "принята"

    page.context.clear_cookies()
    page.goto(f"{base}/members/?q=игрушками")
    page.get_by_text("Дарья Северова").click()
    assert page.locator("h1").inner_text() == "Дарья Северова"
    shot(page, "5-profile")
