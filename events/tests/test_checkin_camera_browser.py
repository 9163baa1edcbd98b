"""Check-in by camera in a real browser: Chromium's fake camera shows a ticket's QR code.

The fake camera plays a Y4M file made here from the ticket's code (segno draws the QR, Pillow
turns it into video frames), so the page's jsQR reader decodes what a phone camera would see.
"""

from __future__ import annotations

import io
from collections.abc import Iterator
from datetime import timedelta
from pathlib import Path
from typing import Any

import pytest
import segno
from allauth.account.models import EmailAddress
from django.utils import timezone
from PIL import Image

from conftest import BROWSER_TEST, CHROMIUM, CHROMIUM_ARGS, PASSWORD, log_in_page, screenshot
from events.models import Registration
from events.services import check_register
from events.tests.factories import make_event
from members.models import User

pytestmark = BROWSER_TEST

WIDTH, HEIGHT = 640, 480


def y4m_of(code: str, path: Path, frames: int = 10) -> Path:
    """Write a short video of the code's QR, centred on white, as the fake camera's file."""
    png = io.BytesIO()
    segno.make_qr(code, error="m").save(png, kind="png", scale=10, border=4)
    qr = Image.open(png).convert("RGB")
    frame = Image.new("RGB", (WIDTH, HEIGHT), "white")
    frame.paste(qr, ((WIDTH - qr.width) // 2, (HEIGHT - qr.height) // 2))
    y, cb, cr = frame.convert("YCbCr").split()
    half = (WIDTH // 2, HEIGHT // 2)
    planes = y.tobytes() + cb.resize(half).tobytes() + cr.resize(half).tobytes()
    with path.open("wb") as out:
        out.write(f"YUV4MPEG2 W{WIDTH} H{HEIGHT} F10:1 Ip A1:1 C420jpeg\n".encode())
        for _ in range(frames):
            out.write(b"FRAME\n" + planes)
    return path


def person(email: str, first_name: str, **roles: bool) -> User:
    user = User.objects.create_user(email, PASSWORD, first_name=first_name, **roles)
    EmailAddress.objects.create(user=user, email=email, verified=True, primary=True)
    return user


@pytest.fixture
def camera_browser(
    monkeypatch: pytest.MonkeyPatch, settings: Any, tmp_path: Path, request: Any
) -> Iterator[Any]:
    """Yield a function that opens a phone-sized page whose camera films the given code."""
    playwright_api = pytest.importorskip("playwright.sync_api")
    monkeypatch.setenv("DJANGO_ALLOW_ASYNC_UNSAFE", "true")
    settings.AXES_ENABLED = False
    with playwright_api.sync_playwright() as playwright:
        browsers: list[Any] = []

        def open_page(code: str) -> Any:
            video = y4m_of(code, tmp_path / f"ticket-{code}.y4m")
            browser = playwright.chromium.launch(
                executable_path=str(CHROMIUM),
                args=[
                    *CHROMIUM_ARGS,
                    "--use-fake-ui-for-media-stream",
                    "--use-fake-device-for-media-stream",
                    f"--use-file-for-fake-video-capture={video}",
                ],
            )
            browsers.append(browser)
            context = browser.new_context(viewport={"width": 390, "height": 844}, locale="ru-RU")
            page = context.new_page()
            page.set_default_timeout(15_000)
            return page

        yield open_page
        for browser in browsers:
            browser.close()


def test_the_door_checks_a_ticket_in_by_camera(camera_browser: Any, live_server: Any) -> None:
    base = live_server.url
    curator = person("door@example.org", "Регина", is_curator=True)
    guest = person("guest@example.org", "Арина", is_resident=True)
    event = make_event(starts_at=timezone.now() + timedelta(hours=2), organisers=[curator])
    registration = check_register(event, guest)

    page = camera_browser(registration.code)
    log_in_page(page, base, curator)
    page.goto(f"{base}/events/{event.pk}/check-in/")
    page.wait_for_selector("#scan-button:visible")
    screenshot(page, "events-camera-1-ready")
    page.locator("#scan-button").click()
    page.wait_for_selector("#checkin-result[data-outcome=checked_in]")
    assert page.locator("#scan-status").get_attribute("data-state") == "pointAt"
    screenshot(page, "events-camera-2-checked-in")
    registration.refresh_from_db()
    assert registration.checked_in_at is not None
    # The same ticket still in front of the camera is not checked in twice.
    page.wait_for_timeout(1500)
    assert page.locator("#checkin-result").get_attribute("data-outcome") == "checked_in"
    page.locator("#scan-button").click()
    assert page.locator("#scan-video").is_hidden()
    assert Registration.objects.filter(event=event, checked_in_at__isnull=False).count() == 1


def test_a_refused_camera_falls_back_to_typing(camera_browser: Any, live_server: Any) -> None:
    base = live_server.url
    curator = person("door@example.org", "Регина", is_curator=True)
    event = make_event(starts_at=timezone.now() + timedelta(hours=2), organisers=[curator])
    page = camera_browser("ABCDEF")
    page.add_init_script(
        "navigator.mediaDevices.getUserMedia = () =>"
        " Promise.reject(new DOMException('refused', 'NotAllowedError'));"
    )
    log_in_page(page, base, curator)
    page.goto(f"{base}/events/{event.pk}/check-in/")
    page.locator("#scan-button").click()
    page.wait_for_selector("#scan-status[data-state=denied]")
    assert page.locator("input[name=code]").evaluate("el => el === document.activeElement")
    assert page.locator("#scan-video").is_hidden()
    screenshot(page, "events-camera-3-refused")
