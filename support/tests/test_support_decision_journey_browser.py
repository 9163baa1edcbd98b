"""The whole road of an application for support, in headless Chromium at phone size: a member
sees the measure they qualify for and why, applies with a file (a wrong one first), two
reviewers score (one declares a conflict of interest and is blocked), a curator grants an
amount (too much first), and the member sees the decision."""

from __future__ import annotations

from decimal import Decimal
from pathlib import Path
from typing import Any

from conftest import (
    BROWSER_TEST,
    assert_fits_the_phone,
    log_in_page,
    log_in_with_form,
    open_phone_page,
    screenshot,
)
from core.models import Notification
from members.models import User
from support.models import Application, ApplicationStatus, GrantedSupport
from support.tests.applying import PDF, with_form
from support.tests.factories import make_application, make_criteria, make_measure

pytestmark = BROWSER_TEST


def test_an_application_goes_from_for_me_to_a_grant(
    chromium: Any,
    live_server: Any,
    resident: User,
    producer: User,
    partner: User,
    curator: User,
    tmp_path: Path,
) -> None:
    grant = make_measure(
        external_id="grant", title="Грант «Старт»", amount=Decimal(300000), places=5,
        budget_cap=Decimal(400000), rules={"roles": ["resident"]},
    )  # fmt: skip
    # Half the budget went to an earlier applicant: 200 000 ₽ are left.
    make_application(grant, producer.member, status="granted", granted_amount=Decimal(200000))
    form = with_form(grant)
    make_criteria(grant, (3, 0, 10), (1, 0, 5))
    second_curator = User.objects.create_user(
        "regina@example.org", "pass-regina-2026", first_name="Регина", is_curator=True
    )
    base = live_server.url

    # The member finds the grant among the measures for them, with the reason in words.
    page = log_in_with_form(chromium, base, resident.email)
    page.goto(f"{base}/support/for-me/")
    card = page.locator("[data-test=eligible] [data-measure=grant]")
    assert "резидент" in card.locator("[data-test=reason]").inner_text()
    screenshot(page, "support-journey-1-for-me")
    page.goto(f"{base}/support/{grant.pk}/")
    page.locator("[data-test=apply]").click()

    # A file that only pretends to be a PDF is refused, and nothing is sent.
    fake = tmp_path / "plan.pdf"
    fake.write_bytes(b"MZ\x90\x00 not a pdf")
    page.fill(f"#id_field_{form['text'].pk}", "Гончарная студия у залива")
    page.select_option(f"#id_field_{form['stage'].pk}", "Запуск")
    page.set_input_files(f"#id_field_{form['plan'].pk}", str(fake))
    page.fill("input[name=requested_amount]", "300 000")
    page.locator("[data-test=submit]").click()
    page.locator(f"#id_field_{form['plan'].pk}.is-invalid").wait_for()
    assert "расширению" in page.locator("main").inner_text()
    assert not Application.objects.filter(status=ApplicationStatus.SUBMITTED).exists()
    assert_fits_the_phone(page)
    screenshot(page, "support-journey-2-wrong-file")
    real = tmp_path / "plan-real.pdf"
    real.write_bytes(PDF)
    page.set_input_files(f"#id_field_{form['plan'].pk}", str(real))
    page.locator("[data-test=submit]").click()
    page.locator("[data-test=application][data-status=submitted]").wait_for()
    screenshot(page, "support-journey-3-sent")
    application = Application.objects.get(measure=grant, member=resident.member)

    # The curator asks two reviewers: a second curator and the partner's expert.
    board = open_phone_page(chromium)
    log_in_page(board, base, curator)
    board.goto(f"{base}/support/{grant.pk}/board/")
    for reviewer in (second_curator, partner):
        board.select_option("[data-test=add-reviewer] select", str(reviewer.pk))
        board.locator("[data-test=add-reviewer] button").click()
        board.locator(f"[data-test=reviewer][data-user='{reviewer.pk}']").wait_for()
    assert_fits_the_phone(board)

    # The partner declares a conflict of interest: no rubric to fill in, no scores to see.
    expert = open_phone_page(chromium)
    log_in_page(expert, base, partner)
    expert.goto(f"{base}/support/applications/{application.pk}/review/")
    expert.locator("[data-test=conflict] summary").click()
    expert.fill("textarea[name=note]", "Заявитель — мой деловой партнёр по мастерской.")
    expert.locator("[data-test=declare-conflict]").click()
    expert.locator("[data-test=count-conflict]").filter(has_text="1").wait_for()
    screenshot(expert, "support-journey-4-conflict-queue")
    expert.goto(f"{base}/support/applications/{application.pk}/review/")
    expert.locator("[data-test=conflict-declared]").wait_for()
    assert expert.locator("[data-test=scores-form]").count() == 0
    assert expert.locator("[data-test=others]").count() == 0
    screenshot(expert, "support-journey-4-conflict")

    # The second curator scores: a value out of range first, then the real ones.
    reviewer = open_phone_page(chromium)
    log_in_page(reviewer, base, second_curator)
    reviewer.goto(f"{base}/support/applications/{application.pk}/review/")
    values = reviewer.locator("[data-test=scores-form] input[type=number]")
    values.nth(0).fill("11")
    values.nth(1).fill("4")
    reviewer.locator("[data-test=save-scores]").click()
    reviewer.locator("[data-test=scores-form] .is-invalid").first.wait_for()
    assert not application.reviews.filter(scores__isnull=False).exists()
    values.nth(0).fill("8")
    reviewer.locator("[data-test=save-scores]").click()
    reviewer.locator("[data-test=others]").wait_for()
    assert_fits_the_phone(reviewer)
    screenshot(reviewer, "support-journey-5-scored")

    # The curator grants: above the budget left first (refused), then an amount within it.
    board.goto(f"{base}/support/{grant.pk}/board/")
    row = board.locator(f"[data-test=board-row][data-application='{application.pk}']")
    assert "конфликт интересов" in row.locator("[data-test=scores]").inner_text()
    row.locator("select[name$=decision]").select_option("granted")
    row.locator("input[name$=amount]").fill("250000")
    row.locator("textarea[name$=reason]").fill("Сильный проект")
    row.locator("button").last.click()
    board.locator(".is-invalid, .invalid-feedback, .alert-danger").first.wait_for()
    assert "200\xa0000\xa0₽" in row.inner_text()  # what is left, said in roubles
    application.refresh_from_db()
    assert application.status == ApplicationStatus.UNDER_REVIEW
    screenshot(board, "support-journey-6-above-budget")
    row = board.locator(f"[data-test=board-row][data-application='{application.pk}']")
    row.locator("select[name$=decision]").select_option("granted")
    row.locator("input[name$=amount]").fill("150000")
    row.locator("textarea[name$=reason]").fill("Сильный проект, понятная смета.")
    row.locator("button").last.click()
    board.locator("[data-test=left]").filter(has_text="50").wait_for()
    assert_fits_the_phone(board)
    screenshot(board, "support-journey-7-granted")

    # The member sees the decision, with the amount and the reason, and is told.
    page.goto(f"{base}/support/applications/")
    decision = page.locator("[data-test=applications] [data-test=decision]")
    assert "150" in decision.inner_text()
    assert "понятная смета" in decision.inner_text()
    screenshot(page, "support-journey-8-decision")
    assert GrantedSupport.objects.get(member=resident.member).amount_rub == Decimal(150000)
    granted = grant.applications.filter(status="granted").values_list("granted_amount", flat=True)
    assert sum(amount or 0 for amount in granted) == Decimal(350000)  # within the 400 000 cap
    assert Notification.objects.filter(user=resident, text__contains="одобрена").exists()
