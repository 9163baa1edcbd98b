"""The cast every test shares: one person per role, an outsider with no role, and a superuser
without the curator flag."""

from __future__ import annotations

import re
import threading
from collections.abc import Callable, Iterator, Sequence
from datetime import datetime
from pathlib import Path
from typing import Any

import pytest
import time_machine
from allauth.account.models import EmailAddress
from django.core.cache import cache
from django.db import connection
from django.test import Client

from core.errors import DomainError
from core.models import Industry, Town
from members.models import Kind, LegalForm, Member, User
from members.services import member_search_text

PASSWORD = "correct-horse-battery-staple"


def pytest_addoption(parser: pytest.Parser) -> None:
    parser.addoption(
        "--travel-to",
        metavar="ISO_DATETIME",
        help="run every test with the clock moved to this moment (ticking), e.g. "
        "2031-12-31T23:30+03:00, to find tests that depend on today's date",
    )


@pytest.fixture(autouse=True)
def _travel_to(request: pytest.FixtureRequest) -> Iterator[None]:
    moment = request.config.getoption("--travel-to")
    if not moment or request.node.get_closest_marker("browser"):
        yield  # Chromium's own clock cannot be moved with Python's
        return
    with time_machine.travel(datetime.fromisoformat(moment), tick=True):
        yield


@pytest.fixture(autouse=True)
def _empty_cache() -> Iterator[None]:
    # The cache outlives a test's transaction: allauth counts failed logins per address there,
    # so ten failures spread over earlier tests would refuse every later login from 127.0.0.1.
    yield
    cache.clear()


@pytest.fixture(autouse=True)
def _plain_static_and_fast_hashing(settings: Any) -> None:
    # Tests render templates without collectstatic; Argon2 is deliberately slow.
    settings.STORAGES = {
        **settings.STORAGES,
        "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
    }
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
    settings.SECURE_SSL_REDIRECT = False
    settings.LANGUAGE_CODE = "ru"


@pytest.fixture(autouse=True)
def _uploads_in_a_temporary_media_root(settings: Any, tmp_path: Path) -> None:
    # Files people attach (orders, products, support applications) never land in the checkout.
    settings.MEDIA_ROOT = tmp_path / "media"


@pytest.fixture(autouse=True)
def _fresh_matching_index() -> Iterator[None]:
    # Each test has its own database rows; a process-wide index from another test is stale.
    from matching.live_index import forget_index

    forget_index()
    yield
    forget_index()


@pytest.fixture
def reference_data(db: None) -> None:
    """Towns, industries and pages: loaded by a migration, but flushed by transactional tests."""
    if not Town.objects.exists():
        from django.apps import apps

        from core.reference import load_all

        load_all(apps.get_model)


@pytest.fixture(autouse=True)
def _reference_data_in_transactional_tests(request: pytest.FixtureRequest) -> None:
    marker = request.node.get_closest_marker("django_db")
    if marker is not None and marker.kwargs.get("transaction"):
        request.getfixturevalue("reference_data")


@pytest.fixture
def town(reference_data: None) -> Town:
    return Town.objects.get(slug="kirovsk")


@pytest.fixture
def other_town(reference_data: None) -> Town:
    return Town.objects.get(slug="monchegorsk")


@pytest.fixture
def industry(reference_data: None) -> Industry:
    return Industry.objects.get(slug="folk-crafts")


def _user(email: str, **roles: bool) -> User:
    user = User.objects.create_user(email, PASSWORD, first_name=email.split("@")[0], **roles)
    EmailAddress.objects.create(user=user, email=email, verified=True, primary=True)
    return user


def make_member(user: User, town: Town, industries: list[Industry], **fields: Any) -> Member:
    member = Member(
        user=user,
        display_name=fields.pop("display_name", user.get_full_name() or user.email),
        town=town,
        about=fields.pop("about", "Делаем керамику и проводим мастер-классы."),
        kind=fields.pop("kind", Kind.PERSON),
        legal_form=fields.pop("legal_form", LegalForm.SELF_EMPLOYED),
        public_profile=fields.pop("public_profile", True),
        is_resident=user.is_resident,
        is_producer=user.is_producer,
        is_partner=user.is_partner,
        **fields,
    )
    member.search_text = member_search_text(member, industries)
    member.save()
    member.industries.set(industries)
    return member


@pytest.fixture
def curator(db: None) -> User:
    return _user("curator@example.org", is_curator=True)


@pytest.fixture
def resident(db: None, town: Town, industry: Industry) -> User:
    user = _user("resident@example.org", is_resident=True)
    make_member(user, town, [industry], display_name="Гончарная мастерская «Хибины»")
    return user


@pytest.fixture
def producer(db: None, other_town: Town, industry: Industry) -> User:
    user = _user("producer@example.org", is_producer=True, is_resident=True)
    make_member(user, other_town, [industry], display_name="Продюсерский центр «Север»")
    return user


@pytest.fixture
def partner(db: None, other_town: Town, industry: Industry) -> User:
    user = _user("partner@example.org", is_partner=True)
    make_member(
        user,
        other_town,
        [industry],
        display_name="Администрация города",
        kind=Kind.ORGANISATION,
        legal_form=LegalForm.MUNICIPAL,
    )
    return user


@pytest.fixture
def client_user(db: None) -> User:
    return _user("client@example.org", is_client=True)


@pytest.fixture
def outsider(db: None) -> User:
    return _user("outsider@example.org")


@pytest.fixture
def superuser(db: None) -> User:
    """An administrator made by `createsuperuser`: no role flag, no directory entry. Everything
    that curators may do, they may do (`core.roles.is_curator`)."""
    user = User.objects.create_superuser("admin@example.org", PASSWORD, first_name="admin")
    EmailAddress.objects.create(user=user, email=user.email, verified=True, primary=True)
    return user


@pytest.fixture
def cast(
    curator: User,
    resident: User,
    producer: User,
    partner: User,
    client_user: User,
    outsider: User,
    superuser: User,
) -> dict[str, User]:
    return {
        "curator": curator,
        "resident": resident,
        "producer": producer,
        "partner": partner,
        "client": client_user,
        "outsider": outsider,
        "superuser": superuser,
    }


@pytest.fixture
def login() -> Callable[[User | None], Client]:
    def _login(user: User | None) -> Client:
        client = Client()
        if user is not None:
            client.force_login(user, backend="django.contrib.auth.backends.ModelBackend")
        return client

    return _login


# Browser tests: Debian's Chromium driven by Playwright, on a phone-sized screen, in Russian.
CHROMIUM = Path("/usr/bin/chromium")
SCREENSHOTS = Path(__file__).resolve().parent / "test-output" / "browser"
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",  # the machine may have no outside network at all
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
]
BROWSER_TEST = [
    pytest.mark.browser,
    pytest.mark.django_db(transaction=True),
    pytest.mark.skipif(not CHROMIUM.exists(), reason="Debian's chromium package is not installed"),
]


@pytest.fixture
def chromium(monkeypatch: pytest.MonkeyPatch, settings: Any) -> Iterator[Any]:
    """Yield a headless Chromium; call `open_phone_page(chromium)` for each person."""
    playwright_api = pytest.importorskip("playwright.sync_api")
    # Playwright's sync API runs an event loop in this thread; the ORM calls between browser
    # steps are still plain synchronous calls.
    monkeypatch.setenv("DJANGO_ALLOW_ASYNC_UNSAFE", "true")
    settings.AXES_ENABLED = False
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    with playwright_api.sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=str(CHROMIUM), args=CHROMIUM_ARGS)
        yield browser
        browser.close()


PHONE_WIDTH = 390  # the width of the phone the browser tests take: 390×844


def open_phone_page(browser: Any) -> Any:
    context = browser.new_context(
        viewport={"width": PHONE_WIDTH, "height": 844}, locale="ru-RU", accept_downloads=True
    )
    page = context.new_page()
    page.set_default_timeout(15_000)
    return page


def assert_fits_the_phone(page: Any) -> None:
    """Fail if the page is wider than the phone: a person would have to scroll sideways."""
    assert page.evaluate("document.documentElement.scrollWidth") <= PHONE_WIDTH


def screenshot(page: Any, name: str) -> None:
    page.screenshot(path=str(SCREENSHOTS / f"{name}.png"), full_page=True)


def log_in_page(page: Any, base: str, user: User | None) -> None:
    """Sign the page's browser in as `user` (out, for None) with a session cookie.

    The joining journey tests the login form itself; a cookie keeps the other journeys quick.
    """
    page.context.clear_cookies()
    if user is None:
        return
    client = Client()
    client.force_login(user, backend="django.contrib.auth.backends.ModelBackend")
    page.context.add_cookies(
        [{"name": "sessionid", "value": client.cookies["sessionid"].value, "url": base}]
    )


def log_in_with_form(browser: Any, base: str, email: str) -> Any:
    """Return a new phone page signed in through the login form as `email`."""
    page = open_phone_page(browser)
    page.goto(f"{base}/accounts/login/")
    page.fill("input[name=login]", email)
    page.fill("input[name=password]", PASSWORD)
    page.locator("main form button[type=submit]").click()
    page.wait_for_url(re.compile(r"/me/"))
    return page


def run_together(jobs: Sequence[Callable[[], Any]]) -> tuple[list[Any], list[DomainError]]:
    """Start the jobs in threads at one barrier, each on its own database connection; return
    (results, domain errors); fail on anything else. For real concurrency on PostgreSQL."""
    barrier = threading.Barrier(len(jobs))
    results: list[Any] = []
    refused: list[DomainError] = []
    unexpected: list[BaseException] = []

    def run(job: Callable[[], Any]) -> None:
        try:
            connection.ensure_connection()
            barrier.wait()
            results.append(job())
        except DomainError as error:
            refused.append(error)
        except BaseException as error:
            unexpected.append(error)
        finally:
            connection.close()

    threads = [threading.Thread(target=run, args=(job,)) for job in jobs]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert unexpected == []
    return results, refused
