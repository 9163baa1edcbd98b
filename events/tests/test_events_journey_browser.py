"""Events and one-to-one meetings in a real browser (headless Chromium), with screenshots.

A member registers and downloads the calendar file; the event fills and the next person goes
on the waiting list; a cancellation promotes them; a curator checks people in by code;
participants ask to meet; the organiser builds the timetable and everyone sees their agenda.
"""

from __future__ import annotations

from datetime import timedelta
from pathlib import Path
from typing import Any

import pytest
from allauth.account.models import EmailAddress
from django.utils import timezone

from conftest import BROWSER_TEST, PASSWORD, log_in_page, make_member, open_phone_page, screenshot
from core.models import Industry, Town
from events.models import Registration, RegistrationStatus
from events.services import check_register
from events.tests.factories import make_event
from meetings.models import Meeting
from meetings.services import check_set_up_meetings
from members.models import User
from resources.services import ItemData, do_add_item

pytestmark = BROWSER_TEST


@pytest.fixture
def page(chromium: Any) -> Any:
    return open_phone_page(chromium)


def shot(page: Any, name: str) -> None:
    screenshot(page, f"events-{name}")


def person(email: str, first_name: str, **roles: bool) -> User:
    user = User.objects.create_user(email, PASSWORD, first_name=first_name, **roles)
    EmailAddress.objects.create(user=user, email=email, verified=True, primary=True)
    return user


def member(email: str, name: str, about: str, wants: str) -> User:
    user = person(email, name.split()[0], is_resident=True)
    town = Town.objects.get(slug="kirovsk")
    industries = list(Industry.objects.all()[:1])
    make_member(user, town, industries, display_name=name, about=about, wants=wants)
    return user


def test_register_wait_check_in_and_meet(page: Any, live_server: Any) -> None:
    base = live_server.url
    curator = person("curator@example.org", "Регина", is_curator=True)
    arina = member(
        "arina@example.org",
        "Арина Соловьёва",
        "Гончарная школа и сувенирная лавка в Кировске",
        "Магазин в Мурманске для продажи керамики",
    )
    shop = member(
        "shop@example.org",
        "Магазин «Сделано на Севере»",
        "Магазин северных товаров в Мурманске: продаём керамику и сувениры мастеров",
        "Новые мастера и сувениры для полок",
    )
    third = member("olga@example.org", "Ольга Тихонова", "Валяние из шерсти", "Заказы")
    starts = timezone.now().replace(second=0, microsecond=0) + timedelta(days=5)
    event = make_event(starts_at=starts, capacity=2, organisers=[curator])
    check_set_up_meetings(event, 2, [(starts, starts + timedelta(minutes=20))])
    other_event = make_event(starts_at=starts + timedelta(days=30), title="Ярмарка мастеров")
    stranger = check_register(other_event, third)
    detail = f"{base}/events/{event.pk}/"

    # A member registers and gets the calendar file.
    log_in_page(page, base, arina)
    page.goto(f"{base}/events/")
    page.locator(f"[data-event-id='{event.pk}']").click()
    page.locator("#register-button").click()
    page.wait_for_selector("#register-box[data-status=confirmed]")
    shot(page, "1-registered")
    page.locator("#ticket-link").click()
    code = page.locator("#ticket-code").inner_text().strip()
    assert code == Registration.objects.get(event=event, user=arina).code
    assert page.locator(".cc-qr svg").count() == 1
    shot(page, "2-ticket")
    with page.expect_download() as download:
        page.locator("#ticket-ics").click()
    ics = Path(download.value.path()).read_text(encoding="utf-8")
    assert ics.startswith("BEGIN:VCALENDAR")
    assert "DTSTART:" in ics

    # The shop takes the last place; the third person goes on the waiting list.
    log_in_page(page, base, shop)
    page.goto(detail)
    page.locator("#register-button").click()
    page.wait_for_selector("#register-box[data-status=confirmed]")
    log_in_page(page, base, third)
    page.goto(f"{base}/events/")
    assert page.locator(f"[data-event-id='{event.pk}'] [data-test=event-full]").count() == 1
    shot(page, "3-list-full")
    page.goto(detail)
    # Before the tap the page says the event is full and offers the waiting list.
    assert page.locator("#register-box [data-test=event-full]").is_visible()
    assert page.locator("#register-button").get_attribute("data-action") == "join-waiting-list"
    shot(page, "3a-full-before-tap")
    page.locator("#register-button").click()
    page.wait_for_selector("#register-box[data-status=waiting]")
    shot(page, "3-waiting-list")

    # Arina cancels and returns: the place goes to the third person; Arina queues again.
    log_in_page(page, base, arina)
    page.goto(detail)
    page.locator("#cancel-registration").click()
    page.wait_for_selector("#register-box[data-status=none]")
    assert Registration.objects.get(event=event, user=third).status == RegistrationStatus.CONFIRMED
    log_in_page(page, base, third)
    page.goto(detail)
    page.wait_for_selector("#register-box[data-status=confirmed]")
    # Only the register box states where they stand: no stale "full, you are waiting" news.
    assert page.locator("main .alert").count() == 0
    shot(page, "4-promoted")

    # Arina registers again and queues; the curator adds a place, which promotes her.
    log_in_page(page, base, arina)
    page.goto(detail)
    page.locator("#register-button").click()
    page.wait_for_selector("#register-box[data-status=waiting]")
    log_in_page(page, base, curator)
    page.goto(f"{base}/events/{event.pk}/manage/")
    page.fill("input[name=capacity]", "3")
    page.locator("form:has(input[name=capacity]) button[type=submit]").click()
    page.wait_for_selector("#event-figures [data-figure=waiting]:text-is('0')")
    assert Registration.objects.get(event=event, user=arina).status == RegistrationStatus.CONFIRMED

    # The curator checks people in by typing codes; a code from another event is refused.
    log_in_page(page, base, curator)
    page.goto(f"{base}/events/{event.pk}/check-in/")
    code_input = page.locator("input[name=code]")
    assert code_input.evaluate("el => el === document.activeElement")
    third_code = Registration.objects.get(event=event, user=third).code
    code_input.fill(third_code.lower())
    code_input.press("Enter")
    page.wait_for_selector("#checkin-result[data-outcome=checked_in]")
    shot(page, "5-checked-in")
    code_input.fill(stranger.code)
    code_input.press("Enter")
    page.wait_for_selector("#checkin-result[data-error-code=other_event]")
    shot(page, "6-other-event-code")
    checked_in = Registration.objects.filter(event=event, checked_in_at__isnull=False)
    assert [r.user for r in checked_in] == [third]

    # Participants opt in and ask to meet; the shop accepts.
    for user in (arina, shop):
        log_in_page(page, base, user)
        page.goto(f"{detail}meetings/")
        page.locator("#opt-in-button").click()
        page.wait_for_selector("#participants")
    shop_participant = shop.meeting_participations.get()
    need = "Магазин в Мурманске для продажи керамики"
    offer = "Магазин северных товаров: продаём керамику мастеров"
    do_add_item(arina.member, ItemData("need", "other", need, "members"))
    do_add_item(shop.member, ItemData("offer", "other", offer, "members"))
    log_in_page(page, base, arina)
    page.goto(f"{detail}meetings/")
    # The suggestion says which of Arina's needs the shop's offer meets, item by item.
    reason = page.locator(
        f"#suggestions [data-participant-id='{shop_participant.pk}'] [data-test=reasons] li"
    ).first.inner_text()
    assert need in reason
    assert offer in reason
    shot(page, "7a-suggestion-reasons")
    request_form = page.locator(f"#participants [data-participant-id='{shop_participant.pk}'] form")
    request_form.locator("input[name=note]").fill("Продавать керамику школы в Мурманске")
    request_form.locator("select[name=priority]").select_option("3")
    request_form.locator("[data-test=request]").click()
    page.wait_for_selector("#sent-requests [data-status=pending]")
    shot(page, "7-request-sent")
    log_in_page(page, base, shop)
    page.goto(f"{detail}meetings/")
    page.locator("#received-requests [data-test=accept]").click()
    page.wait_for_selector("#received-requests [data-status=accepted]")
    shot(page, "8-request-accepted")

    # The organiser builds and publishes the timetable.
    log_in_page(page, base, curator)
    page.goto(f"{detail}meetings/timetable/")
    page.locator("#build-timetable").click()
    page.wait_for_selector("#timetable-figures[data-meetings='1']")
    page.locator("#publish-timetable").click()
    page.wait_for_selector("#timetable-figures[data-published='1']")
    shot(page, "9-timetable")
    assert Meeting.objects.filter(is_published=True).count() == 1

    # Each of them sees the meeting in their agenda.
    for n, user in enumerate((arina, shop)):
        log_in_page(page, base, user)
        page.goto(f"{detail}meetings/agenda/")
        assert page.locator("#agenda [data-meeting-slot]").count() == 1
        shot(page, f"10-agenda-{n + 1}")
