"""A member sees the measures they qualify for and why; a guest filters the catalogue: in
headless Chromium at phone size, with screenshots."""

from __future__ import annotations

from typing import Any

from conftest import (
    BROWSER_TEST,
    assert_fits_the_phone,
    log_in_page,
    log_in_with_form,
    open_phone_page,
    screenshot,
)
from support.tests.factories import make_measure

pytestmark = BROWSER_TEST

LONG = ("Северноесияниенадхибинами" * 8)[:190]


def catalogue() -> dict[str, Any]:
    return {
        "shelf": make_measure(
            external_id="shelf", title="Место на полке сувенирной лавки", kind="sales_channel",
            provider_name="Сувенирная лавка в Кировске", amount=10, unit="places",
            rules={"industry_groups": ["heritage"], "legal_forms": ["self_employed", "ip"]},
        ),
        "premises": make_measure(
            external_id="premises", title="Помещение для мастерской по льготной аренде",
            kind="premises", provider_kind="administration",
            provider_name="Администрация города Мончегорска", amount=45, unit="m2",
            rules={"towns": ["monchegorsk"]},
        ),
        "grant": make_measure(
            external_id="grant", title="Грант «Старт»", kind="grant",
            rules={"min_membership_days": 365, "min_jobs": 2},
            description="До **300 000 ₽** на запуск продукта.",
        ),
        "long": make_measure(
            external_id="long", title=LONG, kind="promotion", provider_name=LONG,
            rules={"towns": ["kirovsk"], "industries": ["folk-crafts"]},
        ),
        "closed": make_measure(
            external_id="closed", title="Консультация юриста", kind="consultation",
            topic="legal", status="closed", amount=2, unit="hours",
        ),
    }  # fmt: skip


def test_a_member_sees_the_measures_for_them_and_why(
    chromium: Any, live_server: Any, resident: Any
) -> None:
    measures = catalogue()
    base = live_server.url
    page = log_in_with_form(chromium, base, resident.email)
    page.locator("#nav-support").first.wait_for(state="attached")
    page.goto(f"{base}/support/for-me/")
    eligible = page.locator("[data-test=eligible] [data-test=fit]")
    assert {eligible.nth(i).get_attribute("data-measure") for i in range(eligible.count())} == {
        "shelf",
        "long",
    }
    assert eligible.first.locator("[data-test=reason]").count() == 1
    others = page.locator("[data-test=others]")
    assert not others.locator("[data-test=fit]").first.is_visible()
    assert_fits_the_phone(page)
    screenshot(page, "support-1-for-me")
    others.locator("summary").click()
    folded = others.locator("[data-test=fit]")
    assert {folded.nth(i).get_attribute("data-measure") for i in range(folded.count())} == {
        "premises",
        "grant",
    }
    grant = others.locator("[data-measure=grant] [data-test=reason]")
    assert grant.count() == 2
    assert_fits_the_phone(page)
    screenshot(page, "support-2-for-me-others")

    page.goto(f"{base}/support/{measures['grant'].pk}/")
    verdict = page.locator("[data-test=verdict]")
    assert verdict.get_attribute("data-eligible") == "false"
    assert page.locator("[data-test=can-apply] [data-test=reason]").count() == 2
    screenshot(page, "support-3-measure-why-not")


def test_a_guest_filters_the_catalogue(
    chromium: Any, live_server: Any, reference_data: None
) -> None:
    measures = catalogue()
    base = live_server.url
    page = open_phone_page(chromium)
    log_in_page(page, base, None)
    page.goto(f"{base}/support/")
    cards = page.locator("#results [data-test=measure]")
    assert cards.count() == 5
    assert_fits_the_phone(page)
    screenshot(page, "support-4-catalogue")
    page.select_option("select[name=kind]", "premises")
    page.wait_for_url("**kind=premises**")
    page.locator("#results [data-measure=premises]").wait_for()
    assert cards.count() == 1
    page.select_option("select[name=kind]", "")
    page.locator("#id_open_now").check()
    page.wait_for_url("**open_now=on**")
    page.locator("#results [data-measure=closed]").wait_for(state="detached")
    assert cards.count() == 4
    page.select_option("select[name=town]", "kirovsk")
    page.wait_for_url("**town=kirovsk**")
    page.locator("#results [data-measure=premises]").wait_for(state="detached")
    assert cards.count() == 3
    screenshot(page, "support-5-catalogue-filtered")
    page.locator("#results [data-measure=shelf]").click()
    page.locator("[data-test=can-apply]").wait_for()
    screenshot(page, "support-6-measure-guest")
    page.goto(f"{base}/support/{measures['long'].pk}/")
    assert_fits_the_phone(page)


def test_a_partner_is_told_what_to_fix_in_a_new_measure(
    chromium: Any, live_server: Any, partner: Any
) -> None:
    base = live_server.url
    page = open_phone_page(chromium)
    log_in_page(page, base, partner)
    page.goto(f"{base}/support/new/")
    page.fill("input[name=external_id]", "shelf-2026")
    page.fill("input[name=min_jobs]", "5")
    page.fill("input[name=max_jobs]", "2")
    page.locator("[data-test=measure-form] button.btn-primary").click()
    page.locator("#id_max_jobs.is-invalid").wait_for()
    assert page.locator("#id_title.is-invalid").count() == 1
    screenshot(page, "support-7-new-measure-errors")
