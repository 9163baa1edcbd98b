"""Error pages speak the visitor's language, sit in the site's layout and offer a way back."""

from __future__ import annotations

from collections.abc import Callable

import pytest
from django.test import Client
from django.utils import translation
from django.utils.translation import gettext

from members.models import User

pytestmark = pytest.mark.urls("core.tests.error_urls")

# url, status, the page's heading (msgid)
ERRORS = [
    ("/test-errors/400/", 400, "The site could not read this request"),
    ("/test-errors/403/", 403, "You cannot do this here"),
    ("/no-such-page/", 404, "Page not found"),
    ("/members/?q=" + "гончар" * 1000, 414, "The search is too long"),
    ("/test-errors/500/", 500, "Something went wrong on our side"),
]


def visitor(language: str | None) -> Client:
    client = Client(raise_request_exception=False)
    if language:
        client.cookies["django_language"] = language
    return client


def in_language(language: str, msgid: str) -> str:
    with translation.override(language):
        return gettext(msgid)


@pytest.mark.parametrize("language", [None, "en"])
@pytest.mark.parametrize(("url", "status", "heading"), ERRORS)
def test_an_error_page_is_in_the_layout_and_language_with_a_way_back(
    settings: object, db: None, url: str, status: int, heading: str, language: str | None
) -> None:
    assert not settings.DEBUG  # type: ignore[attr-defined]
    response = visitor(language).get(url)
    assert response.status_code == status
    content = response.content.decode()
    expected = language or "ru"
    assert f'<html lang="{expected}">' in content
    assert in_language(expected, heading) in content
    assert 'class="navbar' in content  # the site's layout, not a bare text
    assert f'data-status="{status}"' in content
    assert 'data-test="home-link"' in content
    assert 'data-test="back-link"' in content


def test_russian_is_the_default_and_differs_from_english(db: None) -> None:
    # Guards the test above: a heading left untranslated would pass it in both languages.
    assert in_language("ru", "Page not found") != "Page not found"


def test_the_403_page_sends_a_member_to_their_account_and_a_guest_to_log_in(
    resident: User, login: Callable[[User | None], Client]
) -> None:
    signed_in = login(resident).get("/test-errors/403/").content.decode()
    assert 'href="/me/"' in signed_in
    guest = visitor(None).get("/test-errors/403/").content.decode()
    assert 'data-test="login-link"' in guest


def test_the_404_page_offers_a_search_capped_in_length(db: None) -> None:
    content = visitor(None).get("/no-such-page/").content.decode()
    assert 'data-test="error-search"' in content
    assert 'maxlength="200"' in content


def test_a_form_without_its_csrf_token_gets_the_sites_page(resident: User) -> None:
    client = Client(enforce_csrf_checks=True)
    client.force_login(resident, backend="django.contrib.auth.backends.ModelBackend")
    response = client.post("/accounts/logout/")
    assert response.status_code == 403
    content = response.content.decode()
    assert '<html lang="ru">' in content
    assert 'class="navbar' in content
    assert in_language("ru", "The form has expired") in content
    assert 'data-test="back-link"' in content


def test_the_500_page_renders_without_a_request_or_database(db: None) -> None:
    from django.template import loader

    with translation.override("ru"):
        content = loader.get_template("500.html").render()
    assert in_language("ru", "Something went wrong on our side") in content
    assert 'href="/"' in content


def test_a_long_search_box_value_is_capped_on_every_search_page(
    cast: dict[str, User], login: Callable[[User | None], Client]
) -> None:
    for url, role in [
        ("/members/", "outsider"),
        ("/orders/", "resident"),
        ("/projects/", "resident"),
    ]:
        content = login(cast[role]).get(url).content.decode()
        assert 'type="search"' in content
        for tag in content.split("<input")[1:]:
            if 'type="search"' in tag.split(">")[0]:
                assert "maxlength=" in tag.split(">")[0], url


def test_a_long_search_is_refused_on_the_field_with_a_message(
    cast: dict[str, User], login: Callable[[User | None], Client]
) -> None:
    long = "а" * 300
    board = login(cast["resident"]).get("/orders/", {"q": long})
    assert board.status_code == 200
    assert board.context["form"].errors["q"]
    assert "invalid-feedback" in board.content.decode()
    projects = login(cast["resident"]).get("/projects/", {"q": long})
    assert projects.status_code == 200
    assert len(projects.context["query"]) == 100
    assert list(projects.context["messages"])
