"""The check-in page's camera scanner: its reader (jsQR, from npm) is served and loaded."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import Any

from django.conf import settings
from django.contrib.staticfiles import finders
from django.templatetags.static import static
from django.urls import reverse

from events.models import Event
from members.models import User

JSQR = "vendor/jsqr/jsQR.js"


def test_the_qr_reader_from_npm_is_found_by_the_static_files_finders() -> None:
    found = finders.find(JSQR)
    assert found, "run `make install` (npm ci) to install node_modules"
    path = Path(found)
    assert path.is_relative_to(Path(settings.BASE_DIR) / "node_modules" / "jsqr")
    assert "jsQR" in path.read_text(encoding="utf-8")[:2000]
    assert finders.find("js/checkin-scanner.js")


def test_the_checkin_page_loads_the_reader_and_the_scanner(
    event: Event, curator: User, login: Callable[..., Any]
) -> None:
    page = login(curator).get(reverse("events:checkin", args=[event.pk])).content.decode()
    reader, scanner = static(JSQR), static("js/checkin-scanner.js")
    assert f'<script src="{reader}" defer>' in page
    assert f'<script src="{scanner}" defer>' in page
    assert page.index(reader) < page.index(scanner)
    assert 'id="scan-button"' in page
    assert 'id="scan-canvas"' in page
    # One code path: the page no longer depends on BarcodeDetector.
    assert "BarcodeDetector" not in page
