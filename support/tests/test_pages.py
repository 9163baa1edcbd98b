from __future__ import annotations

from collections.abc import Callable
from decimal import Decimal
from typing import Any

import pytest
from django.urls import reverse
from django.utils import timezone, translation

from members.models import User
from support.models import Application, Measure
from support.queries import MeasureCard, cards_for_member, measures_for_member
from support.tests.factories import make_measure, partner_measure, years_ago

Login = Callable[..., Any]


def many_measures(count: int, **fields: Any) -> None:
    for number in range(count):
        make_measure(rules={"towns": ["kirovsk"], "min_jobs": number % 3}, **fields)


@pytest.mark.parametrize("count", [10, 1000])
def test_the_catalogue_costs_the_same_queries_for_10_and_1000_measures(
    count: int, reference_data: None, login: Login, django_assert_num_queries: Any
) -> None:
    many_measures(count)
    client = login(None)
    # the town filtered by, the cluster's settings, the count, the towns and industries of
    # the filter form, the page of measures.
    with django_assert_num_queries(6):
        response = client.get(reverse("support:catalogue"), {"town": "kirovsk", "open_now": "on"})
    assert response.status_code == 200
    assert response.content.decode().count('data-test="measure"') == min(count, 20)


@pytest.mark.parametrize("count", [10, 1000])
def test_for_me_costs_the_same_queries_for_10_and_1000_measures(
    count: int, resident: User, login: Login, django_assert_num_queries: Any
) -> None:
    many_measures(count)
    client = login(resident)
    # session, user, member (3); the member's industries, town and launched project (3); the
    # open measures (1); names of towns, industries and groups (3); the cluster's settings and
    # unread notifications of the base page (2).
    with django_assert_num_queries(12):
        response = client.get(reverse("support:for_me"))
    assert response.status_code == 200
    html = response.content.decode()
    assert html.count('data-eligible="true"') + html.count('data-eligible="false"') == count


def test_for_me_puts_what_fits_first_and_says_why_not_for_the_rest(
    resident: User, login: Login
) -> None:
    fits = make_measure(rules={"towns": ["kirovsk"], "legal_forms": ["self_employed"]})
    too_new = make_measure(rules={"min_membership_days": 365})
    make_measure(status="draft")
    response = login(resident).get(reverse("support:for_me"))
    for_me = response.context["for_me"]
    assert [card.pk for card in for_me.eligible] == [fits.pk]
    assert [card.pk for card in for_me.others] == [too_new.pk]
    assert len(for_me.eligible[0].lines) == 1
    assert len(for_me.others[0].lines) == 1
    verdicts = measures_for_member(resident.member)  # the same verdicts, as data
    matched = {r.code: r.params["matched"] for r in verdicts.eligible[0].verdict.reasons}
    assert matched == {"towns": ("kirovsk",), "legal_forms": ("self_employed",)}
    assert [r.code for r in verdicts.others[0].verdict.failing] == ["min_membership_days"]
    assert for_me.others[0].lines == tuple(verdicts.others[0].lines)


@pytest.mark.parametrize("language", ["ru", "en"])
def test_the_cards_say_what_the_measures_say(language: str, resident: User, partner: User) -> None:
    """The page reads rows, not model instances: its cards must say what the model does."""
    today = timezone.localdate()
    make_measure(rules={"towns": ["kirovsk"]}, amount=Decimal("80000.50"))
    make_measure(rules={"min_jobs": 10}, amount=None, deadline=None, opens=None)
    partner_measure(partner, provider_name="", unit="places", amount=Decimal(5))
    partner_measure(partner, provider_name="Лавка «Север»", unit="hours", amount=Decimal("4.5"))
    make_measure(provider_kind="administration", provider_name="", unit="m2", amount=45)
    make_measure(rules={"roles": ["partner"]}, deadline=today, title="Грант <b>«Старт»</b>")
    with translation.override(language):
        cards = cards_for_member(resident.member)
        fits = measures_for_member(resident.member)
        for said, shown in ((fits.eligible, cards.eligible), (fits.others, cards.others)):
            assert shown == [
                MeasureCard(
                    f.measure.pk,
                    f.measure.external_id,
                    f.measure.title,
                    f.measure.kind,
                    f.measure.provider,
                    f.measure.volume,
                    f.measure.deadline,
                    f.eligible,
                    tuple(f.lines),
                )
                for f in said
            ]
    assert len(cards.eligible) == 4
    assert len(cards.others) == 2


def test_the_business_age_comes_from_the_profile(resident: User, login: Login) -> None:
    measure = make_measure(rules={"max_business_age_years": 3})
    client = login(resident)
    fit = client.get(reverse("support:detail", args=[measure.pk])).context["fit"]
    assert not fit.eligible
    assert fit.verdict.reasons[0].params == {"limit": 3, "missing": True}
    member = resident.member
    member.registered_on = years_ago(2)
    member.save(update_fields=["registered_on"])
    fit = client.get(reverse("support:detail", args=[measure.pk])).context["fit"]
    assert fit.eligible
    assert fit.verdict.reasons[0].params["years"] == 2


def test_a_member_sets_the_registration_date_on_the_profile(resident: User, login: Login) -> None:
    client = login(resident)
    member = resident.member
    data = {
        "display_name": member.display_name,
        "town": member.town_id,
        "industries": [i.pk for i in member.industries.all()],
        "about": member.about,
        "jobs": 2,
        "registered_on": "2099-01-01",
    }
    response = client.post(reverse("members:profile_edit"), data)
    assert response.status_code == 200
    assert response.context["form"].errors["registered_on"][0]
    response = client.post(reverse("members:profile_edit"), {**data, "registered_on": "2024-03-01"})
    assert response.status_code == 302
    member.refresh_from_db()
    assert str(member.registered_on) == "2024-03-01"


def test_a_guest_filters_the_catalogue(reference_data: None, login: Login) -> None:
    grant = make_measure(kind="grant", rules={"towns": ["kirovsk"]})
    premises = make_measure(
        kind="premises", provider_kind="administration", rules={"industries": ["design"]}
    )
    everyone = make_measure(kind="consultation", topic="legal")
    closed = make_measure(kind="grant", status="closed")
    make_measure(status="draft")
    client = login(None)

    def found(**params: Any) -> set[Measure]:
        return set(client.get(reverse("support:catalogue"), params).context["page"])

    assert found() == {grant, premises, everyone, closed}
    assert found(kind="grant") == {grant, closed}
    assert found(provider="administration") == {premises}
    assert found(town="monchegorsk") == {premises, everyone, closed}
    assert found(industry="design") == {grant, premises, everyone, closed}
    assert found(industry="folk-crafts") == {grant, everyone, closed}
    assert found(open_now="on") == {grant, premises, everyone}
    assert found(town="atlantis") == set()


def test_the_description_is_markdown_with_markup_escaped(
    reference_data: None, login: Login
) -> None:
    measure = make_measure(description="**Бесплатно**\n\n<script>alert(1)</script>")
    html = login(None).get(reverse("support:detail", args=[measure.pk])).content.decode()
    assert "<strong>Бесплатно</strong>" in html
    assert "<script>alert(1)" not in html


def test_a_partner_creates_a_measure_they_provide(partner: User, login: Login) -> None:
    client = login(partner)
    data = {
        "external_id": "shelf-kirovsk",
        "title": "Полка в лавке",
        "kind": "sales_channel",
        "status": "open",
        "provider_kind": "partner",
        "unit": "places",
        "amount": "5",
        "towns": ["kirovsk"],
        "min_jobs": "1",
        "has_launched_project": "no",
    }
    response = client.post(reverse("support:create"), data)
    assert response.status_code == 302
    measure = Measure.objects.get(external_id="shelf-kirovsk")
    assert measure.provider_member == partner.member
    assert measure.rules == {"towns": ["kirovsk"], "min_jobs": 1, "has_launched_project": False}
    assert measure.town_keys == " kirovsk "


def test_the_form_shows_field_errors(curator: User, reference_data: None, login: Login) -> None:
    make_measure(external_id="taken")
    response = login(curator).post(
        reverse("support:create"),
        {
            "external_id": "taken",
            "title": "",
            "kind": "grant",
            "status": "open",
            "provider_kind": "partner",
            "unit": "rub",
            "min_jobs": "5",
            "max_jobs": "2",
        },
    )
    assert response.status_code == 200
    errors = response.context["form"].errors
    assert {"external_id", "title", "max_jobs"} <= set(errors)


def test_a_partner_needs_no_member_to_be_named_but_a_curator_does(
    curator: User, reference_data: None, login: Login
) -> None:
    data = {
        "external_id": "x-1", "title": "Грант", "kind": "grant", "status": "open",
        "provider_kind": "partner", "unit": "rub",
    }  # fmt: skip
    response = login(curator).post(reverse("support:create"), data)
    assert response.status_code == 200
    assert response.context["form"].errors["provider_member"]


def test_a_partner_edits_only_their_own_measures(
    partner: User, resident: User, login: Login
) -> None:
    own = partner_measure(partner)
    other = make_measure()
    client = login(partner)
    assert client.get(reverse("support:edit", args=[own.pk])).status_code == 200
    assert client.get(reverse("support:edit", args=[other.pk])).status_code == 404
    detail = client.get(reverse("support:detail", args=[other.pk])).content.decode()
    assert 'data-test="edit"' not in detail


def test_the_filters_answer_htmx_with_the_results_fragment(
    reference_data: None, login: Login
) -> None:
    make_measure(kind="loan")
    response = login(None).get(
        reverse("support:catalogue"), {"kind": "loan"}, headers={"HX-Request": "true"}
    )
    html = response.content.decode()
    assert response.status_code == 200
    assert "<html" not in html
    assert html.count('data-test="measure"') == 1


def test_a_measure_whose_places_are_taken_is_no_longer_for_me(
    resident: User, producer: User, partner: User, login: Login
) -> None:
    full = make_measure(places=2)
    one_left = make_measure(places=2)
    for measure, members in ((full, [producer, partner]), (one_left, [producer])):
        for user in members:
            Application.objects.create(measure=measure, member=user.member, status="submitted")
    # Withdrawn and declined applications hold no place.
    Application.objects.create(measure=one_left, member=partner.member, status="declined")
    Application.objects.create(measure=one_left, member=resident.member, status="withdrawn")
    client = login(resident)
    shown = client.get(reverse("support:for_me")).context["for_me"]
    assert [card.pk for card in shown.eligible + shown.others] == [one_left.pk]
    listed = client.get("/api/v1/support/for-me").json()
    assert [row["measure"]["id"] for row in listed] == [one_left.pk]
    page = client.get(reverse("support:catalogue"), {"open_now": "on"}).context["page"]
    assert list(page) == [one_left]
