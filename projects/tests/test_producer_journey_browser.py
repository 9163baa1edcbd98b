"""A producer's journey in a real browser (headless Chromium, phone screen, Russian), with
screenshots: an idea, suggested team members, an invitation accepted, the pitch, a partner's
interest, and the launch."""

from __future__ import annotations

import re
from typing import Any

import pytest

from conftest import BROWSER_TEST, log_in_page, open_phone_page, screenshot
from core.models import Industry, Town
from members.models import User
from projects.models import Interest, Project
from projects.tests.factories import new_member
from resources.services import ItemData, do_add_item

pytestmark = BROWSER_TEST


def shot(page: Any, name: str) -> None:
    screenshot(page, f"projects-{name}")


@pytest.fixture
def photographer(db: None) -> User:
    member = new_member()
    member.display_name = "Екатерина Зуева"
    member.town = Town.objects.get(slug="monchegorsk")
    member.save()
    do_add_item(
        member,
        ItemData(
            "offer", "skill", "Предметная фотосъёмка изделий для каталогов и сайтов", "members"
        ),
    )
    return member.user


def test_an_idea_becomes_a_launched_project(
    chromium: Any, live_server: Any, producer: User, partner: User, photographer: User
) -> None:
    base = live_server.url
    page = open_phone_page(chromium)
    log_in_page(page, base, producer)

    # The producer writes down the idea.
    page.goto(f"{base}/projects/")
    page.locator("[data-test=new-project]").click()
    page.fill("input[name=title]", "Сувениры из хибинской глины")
    page.fill("textarea[name=summary]", "Линейка подарков местных мастеров для лавки в Кировске.")
    folk = Industry.objects.get(slug="folk-crafts")
    page.locator("[data-field=industries] summary").first.click()  # folk crafts' group
    page.locator(f"input[name=industries][value='{folk.pk}']").check()
    page.fill("input[name=budget]", "150000")
    shot(page, "1-idea-form")
    page.locator("[data-test=save-project]").click()
    page.wait_for_url(re.compile(r"/projects/\d+/team/"))
    project = Project.objects.get()

    # An open role brings a suggestion with the reason in words.
    page.select_option("[data-test=role-form] select[name=kind]", "photographer")
    page.fill("[data-test=role-form] input[name=description]", "Снять изделия для каталога")
    page.locator("[data-test=add-role]").click()
    candidate = page.locator(f"[data-candidate='{photographer.member.pk}']").first
    candidate.wait_for()
    assert "Предметная фотосъёмка изделий" in candidate.locator("[data-test=reasons]").inner_text()
    shot(page, "2-suggestions")
    candidate.locator("[data-test=invite]").click()
    page.locator(f"[data-test=members] [data-member='{photographer.member.pk}']").wait_for()

    # The photographer accepts.
    other = open_phone_page(chromium)
    log_in_page(other, base, photographer)
    other.goto(f"{base}/projects/invitations/")
    shot(other, "3-invitation")
    other.locator("[data-test=accept]").click()
    other.wait_for_url(re.compile(rf"/projects/{project.pk}/$"))

    # The producer moves the idea to the pitch.
    page.goto(f"{base}/projects/{project.pk}/")
    page.locator("[data-test=move][data-stage=pitch]").click()
    page.locator("[data-test=project] [data-test=stage][data-stage=pitch]").wait_for()
    shot(page, "4-pitch")

    # A partner records interest.
    shop = open_phone_page(chromium)
    log_in_page(shop, base, partner)
    shop.goto(f"{base}/projects/{project.pk}/")
    shop.select_option("[data-test=interest-form] select[name=kind]", "sell")
    shop.fill("[data-test=interest-form] input[name=amount]", "40000")
    shop.fill("[data-test=interest-form] textarea[name=comment]", "Возьмём в наш магазин")
    shop.locator("[data-test=record-interest]").click()
    shop.locator("[data-interest]").wait_for()
    shot(shop, "5-interest")
    assert Interest.objects.get().author == partner

    # The team forms, gets a start date and a plan step, and launches.
    page.reload()
    assert page.locator("[data-interest] [data-test=amount]").count() == 1
    # Leaving the pitch needs a pitch on record.
    assert page.locator("[data-test=move][data-stage=team]").is_disabled()
    page.locator("[data-test=pitches] summary").click()
    page.fill("[data-test=pitches] textarea[name=note]", "Линейка подарков для лавки")
    page.locator("[data-test=pitches] button[type=submit]").click()
    page.locator("[data-test=pitches] li").get_by_text("Линейка подарков для лавки").wait_for()
    page.locator("[data-test=move][data-stage=team]").click()
    page.locator("[data-test=project] [data-test=stage][data-stage=team]").wait_for()
    assert page.locator("[data-test=move][data-stage=launched]").is_disabled()
    page.locator("[data-test=edit]").click()
    page.fill("input[name=starts_on]", "2026-04-01")
    page.locator("[data-test=save-project]").click()
    page.wait_for_url(re.compile(rf"/projects/{project.pk}/$"))
    page.fill("[data-test=step-title]", "Пробная партия из 30 наборов")
    page.locator("[data-test=add-step]").click()
    page.locator("[data-test=steps]").get_by_text("Пробная партия из 30 наборов").wait_for()
    page.locator("[data-test=move][data-stage=launched]").click()
    page.locator("[data-test=project] [data-test=stage][data-stage=launched]").wait_for()
    shot(page, "6-launched")

    project.refresh_from_db()
    assert project.stage == "launched"
    assert list(project.transitions.values_list("to_stage", flat=True)) == [
        "idea",
        "pitch",
        "team",
        "launched",
    ]
