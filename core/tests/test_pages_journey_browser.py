"""Error pages, dashboards and an absurd search at phone size, in Russian, with screenshots."""

from __future__ import annotations

from typing import Any

import pytest

from conftest import (
    BROWSER_TEST,
    PHONE_WIDTH,
    _user,
    log_in_page,
    make_member,
    open_phone_page,
    screenshot,
)
from core.models import Industry, Town
from members.models import Kind, LegalForm, User

pytestmark = BROWSER_TEST


@pytest.fixture
def page(chromium: Any) -> Any:
    return open_phone_page(chromium)


def shot(page: Any, name: str) -> None:
    assert page.evaluate("document.documentElement.scrollWidth") <= PHONE_WIDTH, name
    screenshot(page, f"pages-{name}")


def named(email: str, first: str, last: str, **roles: bool) -> User:
    user = _user(email, **roles)
    user.first_name, user.last_name = first, last
    user.save()
    return user


def test_error_pages_dashboards_and_a_long_search(page: Any, live_server: Any) -> None:
    from projects.tests.factories import project_at

    base = live_server.url
    town, industry = Town.objects.get(slug="kirovsk"), Industry.objects.get(slug="folk-crafts")
    resident = named("anastasia@example.org", "Анастасия", "Лебедева", is_resident=True)
    make_member(
        resident,
        town,
        [industry],
        display_name="Мастерская подарков",
        kind=Kind.ORGANISATION,
        legal_form=LegalForm.OOO,
    )
    producer = named("producer@example.org", "Пётр", "Северов", is_producer=True)
    make_member(producer, town, [industry], display_name="Пётр Северов")
    curator = named("curator@example.org", "Регина", "Кураторова", is_curator=True)

    # A guest mistypes an address: the 404 page, in Russian, with a way back and a search.
    response = page.goto(f"{base}/members/no-such-page/")
    assert response.status == 404
    assert page.locator("html").get_attribute("lang") == "ru"
    assert page.locator("h1").inner_text() == "Страница не найдена"
    assert page.locator("[data-test=home-link]").is_visible()
    assert page.locator("[data-test=error-search] input").get_attribute("maxlength") == "200"
    shot(page, "1-404")

    # A resident opens the edit page of someone else's project: one may see the project but
    # not change it, which answers as for a missing page (the code map's rule), in Russian.
    project = project_at("pitch", producer)
    log_in_page(page, base, resident)
    response = page.goto(f"{base}/projects/{project.pk}/edit/")
    assert response.status == 404
    assert page.locator("h1").inner_text() == "Страница не найдена"
    assert page.locator("[data-test=home-link]").is_visible()
    shot(page, "2-edit-of-another-project")

    # A form sent with a stale CSRF token: the site's own page, not Django's English one. The
    # token in the form is spoilt rather than the cookie cleared: any response of the page's
    # own (a late subresource) could set the cookie again before the tap.
    page.goto(f"{base}/me/")
    page.evaluate(
        "document.querySelectorAll('input[name=csrfmiddlewaretoken]')"
        ".forEach(i => { i.value = 'x'.repeat(64); })"
    )
    page.locator("button.navbar-toggler").click()
    page.locator("#nav-account").click()  # logging out is in the account's menu
    page.get_by_role("button", name="Выйти").click()
    page.wait_for_selector("[data-test=error-page]")
    assert page.locator("h1").inner_text() == "Форма устарела"
    shot(page, "3-403-csrf")

    # The resident's dashboard: greeted by name, roles as translated badges.
    log_in_page(page, base, resident)
    page.goto(f"{base}/me/")
    assert page.locator("[data-test=greeting]").inner_text() == "Здравствуйте, Анастасия Лебедева!"
    assert page.locator("[data-test=roles] [data-role]").all_inner_texts() == ["Резидент"]
    assert page.locator("[data-test=apply-step]").count() == 0
    shot(page, "4-dashboard-resident")

    # The curator's dashboard: their own next steps, not an invitation to apply.
    log_in_page(page, base, curator)
    page.goto(f"{base}/me/")
    assert page.locator("[data-test=greeting]").inner_text() == "Здравствуйте, Регина Кураторова!"
    assert page.locator("[data-test=roles] [data-role]").all_inner_texts() == ["Куратор"]
    assert page.locator("[data-test=curator-steps]").is_visible()
    assert page.locator("[data-test=apply-step]").count() == 0
    shot(page, "5-dashboard-curator")

    # 5,000 characters pasted into the search box: the box keeps 200, the page answers.
    page.goto(f"{base}/members/")
    page.fill("input[name=q]", "гончар " * 715)
    assert len(page.input_value("input[name=q]")) == 200
    page.locator("input[name=q]").press("Enter")
    page.wait_for_load_state("networkidle")
    shot(page, "6-long-search-capped")

    # The same search typed into the address bar: the 414 page with a shorter search.
    response = page.goto(f"{base}/members/?q={'a' * 5000}")
    assert response.status == 414
    assert page.locator("h1").inner_text() == "Слишком длинный поиск"
    assert page.locator("[data-test=error-search]").is_visible()
    shot(page, "7-long-search-414")
