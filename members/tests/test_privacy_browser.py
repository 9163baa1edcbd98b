"""A resident on a phone sees partners without the hidden ones, and another person's ИНН only
as "checked": in headless Chromium, with screenshots."""

from __future__ import annotations

from typing import Any

from conftest import (
    BROWSER_TEST,
    SCREENSHOTS,
    log_in_with_form,
    make_member,
    screenshot,
)
from core.inn import with_check_digits
from members.models import LegalForm, User
from resources.services import ItemData, do_add_item

pytestmark = BROWSER_TEST


def add(member: Any, direction: str, type_: str, text: str) -> None:
    do_add_item(member, ItemData(direction, type_, text, "members"))


def fits_the_phone(page: Any) -> bool:
    return bool(page.evaluate("document.documentElement.scrollWidth <= 390"))


def test_a_resident_sees_only_public_partners_and_no_ones_inn(
    chromium: Any, live_server: Any, resident: User, producer: User, town: Any, industry: Any
) -> None:
    add(resident.member, "need", "skill", "Нужен фотограф для каталога изделий")
    add(resident.member, "offer", "equipment", "Муфельная печь для обжига керамики")
    photographer = producer.member
    photographer.legal_form = LegalForm.SELF_EMPLOYED
    photographer.inn = with_check_digits("5103012345")
    photographer.save(update_fields=["legal_form", "inn"])
    add(photographer, "offer", "skill", "Предметная фотосъёмка для каталогов")
    add(photographer, "need", "equipment", "Ищу печь для обжига керамики")
    user = User.objects.create_user("studio@example.org", "x" * 12, is_resident=True)
    hidden = make_member(
        user, town, [industry], display_name="Невидимая фотостудия", public_profile=False
    )
    add(hidden, "offer", "skill", "Предметная фотосъёмка для каталогов и сайтов")
    add(hidden, "need", "equipment", "Ищу печь для обжига, чтобы снимать процесс")
    base = live_server.url

    page = log_in_with_form(chromium, base, resident.email)
    page.goto(f"{base}/partners/")
    page.locator(f"[data-partner='{photographer.pk}']").wait_for()
    assert page.locator(f"[data-partner='{hidden.pk}']").count() == 0
    assert "Невидимая фотостудия" not in page.content()
    assert fits_the_phone(page)
    screenshot(page, "privacy-1-partners")

    page.goto(f"{base}/members/{photographer.pk}/")
    row = page.locator("[data-test=inn]")
    assert photographer.inn not in page.content()
    assert row.inner_text().strip()
    assert fits_the_phone(page)
    screenshot(page, "privacy-2-member-page")

    assert page.goto(f"{base}/members/{hidden.pk}/").status == 404


def test_the_application_says_who_will_see_the_profile(
    chromium: Any, live_server: Any, outsider: User
) -> None:
    page = log_in_with_form(chromium, live_server.url, outsider.email)
    page.goto(f"{live_server.url}/join/apply/")
    field = page.locator(".cc-field", has=page.locator("input[name=consent_public_profile]"))
    assert field.locator(".form-text").inner_text().strip()
    assert fits_the_phone(page)
    field.screenshot(path=str(SCREENSHOTS / "privacy-3-consent.png"))
