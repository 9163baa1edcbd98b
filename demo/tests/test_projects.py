from __future__ import annotations

from django.core.management import call_command

from events.models import Event
from projects.models import Interest, Pitch, Product, Project, StageTransition, TeamMembership


def test_the_producers_day_loads_teams_a_joint_product_and_interest_once(db: None) -> None:
    call_command("load_demo")
    counts = (
        Project.objects.count(),
        TeamMembership.objects.count(),
        Product.objects.count(),
        Interest.objects.count(),
        StageTransition.objects.count(),
    )
    call_command("load_demo")
    assert counts == (
        Project.objects.count(),
        TeamMembership.objects.count(),
        Product.objects.count(),
        Interest.objects.count(),
        StageTransition.objects.count(),
    )

    teams = Project.objects.filter(external_id__startswith="demo-")
    assert teams.count() == 3
    assert {p.stage for p in teams} == {"idea", "team", "launched"}
    weekend = Event.objects.get(external_id="weekend-2026-03")
    assert set(Pitch.objects.values_list("event", flat=True)) == {weekend.pk}
    assert Interest.objects.filter(pitch__event=weekend).count() >= 3

    joint = Product.objects.get(external_id="demo-khibiny-set")
    assert joint.makers.count() == 3
    assert sum(m.share for m in joint.makers.all()) == 100
    assert joint.project is not None
    assert joint.is_listed

    for project in teams:
        stages = list(project.transitions.values_list("to_stage", flat=True))
        assert stages[0] == "idea"
        assert stages[-1] == project.stage


def test_demo_moves_meet_the_stage_rules_or_are_a_curators_override(db: None) -> None:
    call_command("load_demo")
    launched = Project.objects.get(external_id="demo-khibiny-ceramics")
    last = launched.transitions.last()
    assert last is not None
    assert last.to_stage == "launched"
    assert last.override
    assert last.actor is not None
    assert last.actor.is_curator
    assert last.comment
    assert [w["code"] for w in last.waived] == ["needs_covered"]
    others = StageTransition.objects.filter(project__external_id__startswith="demo-")
    assert list(others.filter(override=True)) == [last]
