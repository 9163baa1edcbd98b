from __future__ import annotations

from django.utils import timezone

from demo.region import load_region
from demo.support import load_support
from demo.support_applications import load_support_applications
from members.models import Member
from support.eligibility import evaluate
from support.models import Application, Measure, Review
from support.queries import measures_for_member, member_snapshot


def test_the_demo_catalogue_loads_twice_and_fits_arina(db: None) -> None:
    load_region()
    first = load_support()
    assert load_support() == first == {"measures": 6}
    shelf = Measure.objects.get(external_id="demo-shelf-kirovsk")
    assert shelf.provider_member is not None
    assert shelf.provider_member.external_id == "arina-solovyova"
    premises = Measure.objects.get(external_id="demo-premises-monchegorsk")
    assert premises.provider_kind == "administration"
    assert premises.town_keys == " monchegorsk "
    arina = Member.objects.get(external_id="arina-solovyova")
    for_me = measures_for_member(arina)
    eligible = {fit.measure.external_id for fit in for_me.eligible}
    assert {"demo-shelf-kirovsk", "demo-grant-creative-weekend"} <= eligible
    others = {fit.measure.external_id: fit for fit in for_me.others}
    assert others["demo-premises-monchegorsk"].verdict.failing[0].code == "towns"


def test_the_demo_applications_load_twice_within_the_rules(db: None) -> None:
    load_region()
    load_support()
    first = load_support_applications()
    assert load_support_applications() == first == {"applications": 6, "scores": 16, "granted": 3}
    for application in Application.objects.select_related("measure", "member"):
        # Every demo applicant meets the measure's rules on the day they applied.
        day = timezone.localdate(application.submitted_at)
        verdict = evaluate(application.measure.rules, member_snapshot(application.member), day)
        assert verdict.eligible, (application, verdict.failing)
    grant = Measure.objects.get(external_id="demo-grant-creative-weekend")
    granted = sum(a.granted_amount or 0 for a in grant.applications.filter(status="granted"))
    assert grant.budget_cap is not None
    assert 0 < granted <= grant.budget_cap
    assert grant.places_left == 1  # the grant and the one under review hold a place each
    conflict = Review.objects.get(conflict_declared_at__isnull=False)
    assert not conflict.scores.exists()
    assert conflict.application.member.external_id == "polar-day-events"
    anastasia = Member.objects.get(external_id="anastasia-lebedeva")
    assert [g.amount_rub for g in anastasia.granted_support.all()] == [450000]
