"""The needs assessment from end to end, in headless Chromium at phone size: a curator copies
the ready questionnaire and sends it to residents in two towns, a resident answers (the skip
logic opens a question in the same section and one in the next), and the curator reads the
breakdown by town with its chart and downloads the XLSX, which holds the answers."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import openpyxl

from conftest import (
    BROWSER_TEST,
    assert_fits_the_phone,
    log_in_page,
    make_member,
    open_phone_page,
    screenshot,
)
from core.models import Industry, Town
from members.models import User
from resources.models import ResourceItem
from surveys.logic import Raw
from surveys.models import Invitation, Question, Response, ResponseStatus, Survey
from surveys.services import check_save_answers, check_submit_response

pytestmark = BROWSER_TEST


def _resident(email: str, town: Town, industry: Industry, name: str) -> User:
    user = User.objects.create_user(email, "pass-2026-survey", is_resident=True)
    make_member(user, town, [industry], display_name=name)
    return user


def test_a_curator_sends_the_needs_survey_and_reads_it_by_town(
    chromium: Any,
    live_server: Any,
    curator: User,
    resident: User,
    town: Town,
    other_town: Town,
    industry: Industry,
    tmp_path: Path,
) -> None:
    base = live_server.url
    in_monchegorsk = _resident("masha@example.org", other_town, industry, "Студия «Мончетундра»")
    elsewhere = _resident(
        "ivan@example.org", Town.objects.get(slug="apatity"), industry, "Мастерская «Апатит»"
    )

    # The curator copies the ready questionnaire.
    page = open_phone_page(chromium)
    log_in_page(page, base, curator)
    page.goto(f"{base}/surveys/manage/new/")
    page.locator("[data-test=new-survey-form] button.btn-primary").click()
    page.wait_for_url("**/surveys/manage/*/")
    survey = Survey.objects.get()
    assert survey.title.startswith("Что нужно вашему творческому бизнесу")
    assert survey.questions.filter(bank_question__isnull=False).count() == 9
    screenshot(page, "surveys-journey-1-copied")

    # Residents in Kirovsk and Monchegorsk only.
    page.goto(f"{base}/surveys/manage/{survey.pk}/targeting/")
    page.check("input[name=roles][value=resident]")
    page.locator("details:has(input[name=towns]) > summary").click()
    page.check(f"input[name=towns][value='{town.pk}']")
    page.check(f"input[name=towns][value='{other_town.pk}']")
    assert_fits_the_phone(page)
    page.locator("[data-test=targeting-form] button.btn-primary").click()
    page.wait_for_url(f"**/surveys/manage/{survey.pk}/")
    page.locator("[data-test=publish]").click()
    page.wait_for_url(f"**/surveys/manage/{survey.pk}/sending/")
    invited = set(Invitation.objects.filter(survey=survey).values_list("user_id", flat=True))
    assert invited == {resident.pk, in_monchegorsk.pk}
    assert not Invitation.objects.filter(user=elsewhere).exists()
    screenshot(page, "surveys-journey-2-sent")

    # The resident in Kirovsk answers from the notification's link.
    questions = {
        q.bank_question.code: q
        for q in Question.objects.select_related("bank_question")
        if q.bank_question is not None
    }
    field = {code: f"q{question.pk}" for code, question in questions.items()}
    log_in_page(page, base, resident)
    page.goto(f"{base}/surveys/mine/")
    page.locator(f"a[href='/surveys/{survey.pk}/']").first.click()
    page.goto(f"{base}/surveys/{survey.pk}/?section=1")
    area = page.locator(f"#id_{field['needs-premises-size']}")
    assert area.count() == 0  # shown only to those who need premises
    page.check(f"input[name={field['needs-by-kind']}][value=sales_channels]")
    page.check(f"input[name={field['needs-by-kind']}][value=premises]")
    area.wait_for()  # opened in the same section, without leaving the page
    area.fill("40")
    page.check(f"input[name={field['main-obstacle']}][value=no_sales]")
    assert page.locator("[data-test=progress]").is_visible()
    assert_fits_the_phone(page)
    screenshot(page, "surveys-journey-3-skip-logic")
    page.locator("[data-test=next]").click()
    page.wait_for_url("**section=2**")
    page.check(f"input[name={field['plans-to-hire']}][value=yes]")
    hire = page.locator(f"#id_{field['hire-how-many']}")
    hire.wait_for()
    page.locator("[data-test=next]").click()  # the number is required once shown
    page.locator("[data-test=error]").first.wait_for()
    screenshot(page, "surveys-journey-4-required")
    hire.fill("1")
    page.locator("[data-test=next]").click()
    page.wait_for_url("**section=3**")
    page.fill(f"#id_{field['free-text']}", "Нужна полка в магазине у вокзала")
    page.check("#id_needs_consent")
    page.locator("[data-test=send]").click()
    page.locator("[data-test=state-sent]").wait_for()
    response = Response.objects.get(user=resident)
    assert response.status == ResponseStatus.SUBMITTED
    assert response.town == town
    needs = set(ResourceItem.objects.filter(member=resident.member).values_list("type", flat=True))
    assert needs == {"sales_channel", "premises"}
    screenshot(page, "surveys-journey-5-answered")

    # The other resident answers too (through the same service the page calls).
    survey.refresh_from_db()
    check_save_answers(
        in_monchegorsk,
        survey,
        {
            questions["needs-by-kind"].pk: Raw(("premises",)),
            questions["needs-premises-size"].pk: Raw(("120",)),
            questions["main-obstacle"].pk: Raw(("no_premises",)),
            questions["plans-to-hire"].pk: Raw(("no",)),
        },
    )
    check_submit_response(in_monchegorsk, survey)

    # The curator reads the results by town, with a chart drawn on the server.
    log_in_page(page, base, curator)
    page.goto(f"{base}/surveys/manage/{survey.pk}/results/?by=town")
    breakdown = page.locator("[data-test=breakdown][data-by=town]")
    rates = breakdown.locator("[data-test=rates]").inner_text()
    assert "Кировск" in rates
    assert "Мончегорск" in rates
    assert "Апатиты" not in rates
    needs_card = breakdown.locator(
        f"[data-test=breakdown-question][data-question='{questions['needs-by-kind'].pk}']"
    )
    assert needs_card.locator("[data-test=chart] svg").count() == 1
    assert "script" not in needs_card.locator("[data-test=chart]").inner_html()
    assert_fits_the_phone(page)
    screenshot(page, "surveys-journey-6-by-town")

    # …and downloads the XLSX: the answers and the breakdown by town.
    page.locator("[data-test=exports]").first.click()
    page.locator("[data-test=export-xlsx]").click()
    page.locator("[data-test=job-progress][data-status=done]").wait_for()
    screenshot(page, "surveys-journey-7-export")
    with page.expect_download() as download_info:
        page.locator("[data-test=job-download]").click()
    path = tmp_path / "survey.xlsx"
    download_info.value.save_as(path)
    book = openpyxl.load_workbook(path, read_only=True)
    assert {"Ответы", "По городам"} <= set(book.sheetnames)
    answers = [
        [str(cell) for cell in row if cell is not None]
        for row in book["Ответы"].iter_rows(values_only=True)
    ]
    text = "\n".join(" | ".join(row) for row in answers)
    assert len(answers) == 3  # the header and two responses
    assert "Гончарная мастерская «Хибины»" in text
    assert "Кировск" in text
    assert "Нужна полка в магазине у вокзала" in text
    by_town = "\n".join(
        " ".join(str(cell) for cell in row if cell is not None)
        for row in book["По городам"].iter_rows(values_only=True)
    )
    assert "Кировск" in by_town
    assert "Мончегорск" in by_town
