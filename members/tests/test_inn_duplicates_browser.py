"""An ИНН that another member holds, seen at phone size: the applicant is refused on the field
and told whom to ask; the curator sees the possible duplicate in the queue and on the review."""

from __future__ import annotations

from typing import Any

from conftest import BROWSER_TEST, log_in_page, open_phone_page, screenshot
from core.inn import with_check_digits
from core.models import Industry, Town
from members.models import Member, User
from members.services import ApplicationData, do_submit_application

pytestmark = BROWSER_TEST
INN = with_check_digits("5107001234")


def test_a_taken_inn_is_refused_and_curators_see_the_duplicate(
    chromium: Any,
    live_server: Any,
    resident: User,
    outsider: User,
    curator: User,
    town: Town,
    industry: Industry,
) -> None:
    # Filed before the member's ИНН was known: it reaches the curator flagged.
    do_submit_application(
        User.objects.create_user("twin@example.org", "x" * 12),
        ApplicationData(
            role="resident",
            kind="person",
            full_name="Ольга Двойникова",
            legal_form="self_employed",
            inn=INN,
            town=town,
            about="Керамика",
            wants="Заказы",
            industries=[industry],
        ),
        consent_version="test",
        ip=None,
    )
    Member.objects.filter(user=resident).update(inn=INN)
    base = live_server.url
    page = open_phone_page(chromium)

    log_in_page(page, base, outsider)
    page.goto(f"{base}/join/apply/")
    page.locator("input[name=role][value=resident]").check()
    page.locator("input[name=kind][value=person]").check()
    page.fill("input[name=full_name]", "Дарья Северова")
    page.select_option("select[name=legal_form]", "self_employed")
    page.fill("input[name=inn]", INN)
    page.select_option("select[name=town]", str(town.pk))
    box = page.locator(f"input[name=industries][value='{industry.pk}']")
    page.locator("details", has=box).locator("summary").click()  # industries fold by group
    box.check()
    page.fill("textarea[name=about]", "Керамика")
    page.fill("textarea[name=wants]", "Заказы")
    page.locator("input[name=consent_personal_data]").check()
    page.locator("form button[type=submit]").last.click()
    page.wait_for_selector("#id_inn_errors")
    page.locator("#id_inn").scroll_into_view_if_needed()
    screenshot(page, "members-inn-1-taken")
    assert "куратор" in page.locator("#id_inn_errors").inner_text()

    log_in_page(page, base, curator)
    page.goto(f"{base}/curator/applications/")
    assert page.locator("[data-test=inn-duplicate]").count() == 1
    screenshot(page, "members-inn-2-queue")
    page.locator("a.list-group-item").first.click()
    page.wait_for_selector("[data-test=inn-duplicates]")
    screenshot(page, "members-inn-3-review")
    assert page.evaluate("document.documentElement.scrollWidth") <= 390

    log_in_page(page, base, resident)
    page.goto(f"{base}/join/apply/")
    assert page.url.endswith(f"/members/{resident.member.pk}/")
    screenshot(page, "members-inn-4-member-not-offered-the-form")
