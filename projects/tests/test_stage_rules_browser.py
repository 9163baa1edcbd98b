"""A producer in a real browser (headless Chromium, phone screen, Russian): a pitch at an
upcoming event saves, and launching a project without its team says what is missing in words."""

from __future__ import annotations

from datetime import timedelta
from typing import Any

from django.urls import reverse
from django.utils import timezone

from conftest import BROWSER_TEST, log_in_page, open_phone_page, screenshot
from events.tests.factories import make_event
from members.models import User
from projects.models import Pitch
from projects.services import (
    ProjectData,
    check_add_need,
    check_add_role,
    check_add_step,
    check_invite,
    check_remove_from_team,
    check_update_project,
)
from projects.tests.factories import new_member, project_at

pytestmark = BROWSER_TEST


def test_a_pitch_at_an_event_saves_and_launching_without_a_team_names_what_is_missing(
    chromium: Any, live_server: Any, producer: User, curator: User
) -> None:
    starts = timezone.now() + timedelta(days=12)
    weekend = make_event(
        title="Творческий уикенд", starts_at=starts, ends_at=starts + timedelta(days=1)
    )
    project = project_at("team", producer)
    # The team falls apart: the maker leaves, a new role is open, an invitation waits.
    check_remove_from_team(project.memberships.exclude(member=producer.member).get(), producer)
    check_add_role(project, producer, "designer", "Художник по костюмам")
    waiting = new_member()
    waiting.display_name = "Екатерина Зуева"
    waiting.save(update_fields=["display_name"])
    check_invite(project, producer, waiting)
    check_add_need(project, producer, "premises", "Площадка для ярмарки в июле")

    base = live_server.url
    page = open_phone_page(chromium)
    log_in_page(page, base, producer)
    page.goto(f"{base}/projects/{project.pk}/")

    # The pitch at the coming weekend saves.
    pitches = page.locator("[data-test=pitches]")
    pitches.locator("summary").click()
    options = pitches.locator("select[name=event] option").all_inner_texts()
    assert any(o.startswith("Творческий уикенд, ") and "@" not in o for o in options)
    pitches.locator("select[name=event]").select_option(str(weekend.pk))
    pitches.locator("textarea[name=note]").fill("Набор сувениров для партнёров")
    screenshot(page, "projects-stage-1-pitch-form")
    pitches.locator("button[type=submit]").click()
    page.locator(
        f"[data-test=pitches] a[href='{reverse('events:detail', args=[weekend.pk])}']"
    ).wait_for()
    assert Pitch.objects.filter(project=project, event=weekend).count() == 1
    screenshot(page, "projects-stage-2-pitch-saved")

    # Launching says, in words, what is missing, and the button waits for it.
    launch = page.locator("[data-test=next-stage][data-stage=launched]")
    missing = launch.locator("[data-test=requirement][data-met=no]")
    assert [missing.nth(i).get_attribute("data-code") for i in range(missing.count())] == [
        "needs_team",
        "needs_roles_filled",
        "needs_invitations_answered",
        "needs_covered",
        "needs_start_date",
        "needs_plan_step",
    ]
    text = launch.inner_text()
    for thing in ("Художник по костюмам", "Екатерина Зуева", "Площадка для ярмарки в июле"):
        assert thing in text
    assert page.locator("[data-test=move][data-stage=launched]").is_disabled()
    launch.scroll_into_view_if_needed()
    screenshot(page, "projects-stage-3-launch-needs")

    # A page left open while the team changed still refuses, and says why.
    button = page.locator("[data-test=move][data-stage=launched]")
    button.evaluate("node => { node.disabled = false; node.removeAttribute('aria-disabled'); }")
    button.click()
    alert = page.locator(".alert-danger")
    alert.wait_for()
    assert "Екатерина Зуева" in alert.inner_text()
    screenshot(page, "projects-stage-4-launch-refused")
    assert page.evaluate("document.documentElement.scrollWidth") <= 390
    project.refresh_from_db()
    assert project.stage == "team"

    # Once on a laptop screen.
    wide = chromium.new_context(viewport={"width": 1280, "height": 800}, locale="ru-RU").new_page()
    log_in_page(wide, base, producer)
    wide.goto(f"{base}/projects/{project.pk}/")
    wide.locator("[data-test=next-stage][data-stage=launched]").wait_for()
    screenshot(wide, "projects-stage-5-desktop")
    assert wide.evaluate("document.documentElement.scrollWidth") <= 1280

    # The team adds the step and date the card lacks; a curator moves it on with a reason.
    check_add_step(project, producer, "Согласовать площадку")
    data = ProjectData(
        title=project.title,
        summary=project.summary,
        industries=list(project.industries.all()),
        starts_on=timezone.localdate(),
    )
    check_update_project(project, producer, data, project.version)
    project.refresh_from_db()
    desk = open_phone_page(chromium)
    log_in_page(desk, base, curator)
    desk.goto(f"{base}/projects/{project.pk}/")
    override = desk.locator("[data-test=next-stage][data-stage=launched] [data-test=override]")
    override.locator("summary").click()
    override.locator("[data-test=override-reason]").fill(
        "Команда собирается на ярмарке, площадку даёт администрация"
    )
    override.locator("[data-test=override-move]").click()
    desk.locator("[data-test=project] [data-test=stage][data-stage=launched]").wait_for()
    desk.locator("[data-test=history] [data-override=yes]").scroll_into_view_if_needed()
    screenshot(desk, "projects-stage-6-curator-override")
    assert "Екатерина Зуева" in desk.locator("[data-test=history] [data-override=yes]").inner_text()

    project.refresh_from_db()
    assert project.stage == "launched"
