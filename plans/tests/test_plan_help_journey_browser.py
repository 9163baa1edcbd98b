"""A member's year in headless Chromium at phone size: a plan from a template, progress
recorded, a step running late, help asked on it, a curator taking the request and answering
with an introduction, the member seeing the partner and marking the step done, and the
curators' overview counting it."""

from __future__ import annotations

from datetime import date, datetime
from typing import Any
from zoneinfo import ZoneInfo

import time_machine

from conftest import BROWSER_TEST, assert_fits_the_phone, log_in_page, open_phone_page, screenshot
from matching.models import Introduction
from members.models import User
from plans.models import Goal, HelpRequest, HelpStatus, Step, StepStatus

pytestmark = BROWSER_TEST

# Mid-year, so that every step of the template falls within the plan's year.
MIDSUMMER = datetime(2026, 6, 15, 11, 0, tzinfo=ZoneInfo("Europe/Moscow"))


def test_a_late_step_gets_help_through_an_introduction(
    chromium: Any, live_server: Any, resident: User, producer: User, curator: User
) -> None:
    base = live_server.url
    with time_machine.travel(MIDSUMMER, tick=True):
        # The member starts this year's plan and adds a goal from a template.
        page = open_phone_page(chromium)
        log_in_page(page, base, resident)
        page.goto(f"{base}/plans/my/")
        page.locator("[data-test=start-blank]").click()
        page.locator("[data-test=template-form]").wait_for()
        page.select_option("[data-test=template-form] select[name=template]", "product-line")
        page.locator("[data-test=add-from-template]").click()
        page.locator("[data-test=goal]").wait_for()
        goal = Goal.objects.get(plan__member=resident.member)
        assert goal.steps.count() >= 3
        screenshot(page, "plans-journey-1-template")

        # Progress so far.
        card = page.locator(f"[data-test=goal][data-goal='{goal.pk}']")
        card.locator("[data-test=record-update] > summary").click()
        card.locator(f"#id_goal{goal.pk}_value").fill("2")
        card.locator("[data-test=save-update]").click()
        page.locator("[data-test=updates]").wait_for()
        assert goal.updates.get().value == 2
        assert "<script" not in card.locator("[data-test=chart]").inner_html()

        # A step's date passes: the plan shows it late, in words.
        step = goal.steps.order_by("position", "id").first()
        assert step is not None
        Step.objects.filter(pk=step.pk).update(due=date(2026, 6, 10))
        page.reload()
        late = page.locator("[data-test=late-steps]")
        assert step.title in late.inner_text()
        assert "просрочен" in late.inner_text()
        assert_fits_the_phone(page)
        screenshot(page, "plans-journey-2-late")

        # The member asks the cluster for help on that step.
        row = page.locator(f"#step-{step.pk}")
        row.locator("details > summary").click()
        row.locator("[data-test=ask-help-step]").click()
        page.fill("textarea[name=what]", "Нужен фотограф для каталога новой линейки")
        page.locator("[data-test=send]").click()
        page.locator("[data-test=request]").wait_for()
        request = HelpRequest.objects.get(member=resident.member)
        assert (request.step_id, request.status) == (step.pk, HelpStatus.NEW)
        screenshot(page, "plans-journey-3-asked")

        # A curator takes it and answers with an introduction to a fitting member.
        log_in_page(page, base, curator)
        page.goto(f"{base}/curator/help/")
        assert "Нужен фотограф" in page.locator("main").inner_text()
        page.goto(f"{base}/curator/help/{request.pk}/")
        page.locator("[data-test=take]").click()
        page.locator("[data-test=answer-form]").wait_for()
        answer = page.locator("[data-test=answer-form]")
        answer.locator("textarea[name=answer]").fill("Познакомили вас с продюсерским центром.")
        answer.locator("select[name=partner]").select_option(str(producer.member.pk))
        answer.locator("[data-test=save-answer]").click()
        page.locator("[data-test=answer]").wait_for()
        assert_fits_the_phone(page)
        screenshot(page, "plans-journey-4-answered")
        request.refresh_from_db()
        assert request.assignee == curator
        assert request.introduction is not None
        assert Introduction.objects.filter(
            requester=resident.member, recipient=producer.member
        ).exists()

        # The member sees the partner, and marks the step done on the plan.
        log_in_page(page, base, resident)
        page.goto(f"{base}/plans/help/{request.pk}/")
        partner = page.locator("[data-test=introduction] [data-test=partner]")
        assert partner.inner_text() == producer.member.display_name
        assert "Познакомили вас" in page.locator("[data-test=answer]").inner_text()
        screenshot(page, "plans-journey-5-member-sees")
        page.goto(f"{base}/plans/{goal.plan_id}/")
        page.locator(f"#step-{step.pk} [data-test=status-done]").click()
        page.locator(f"#step-{step.pk}[data-status=done]").wait_for()
        assert Step.objects.get(pk=step.pk).status == StepStatus.DONE
        assert page.locator("[data-test=late-steps]").count() == 0

        # The curators' overview counts the goal and no late step.
        log_in_page(page, base, curator)
        page.goto(f"{base}/curator/plans/")
        assert page.locator("[data-test=goals]").inner_text() == "1"
        assert page.locator("[data-test=late-steps]").inner_text() == "0"
        assert_fits_the_phone(page)
        screenshot(page, "plans-journey-6-overview")
