from __future__ import annotations

from datetime import date

import pytest

from demo.events import load_events
from demo.plans import load_plans
from demo.region import load_region
from demo.support import load_support
from plans.models import Plan
from plans.queries import plan_view


@pytest.mark.parametrize("today", [date(2026, 12, 7), date(2027, 4, 15)])
def test_anastasias_plan_loads_twice_with_one_step_late(db: None, today: date) -> None:
    load_region()
    load_events()
    load_support()
    first = load_plans(today)
    assert load_plans(today) == first == {"goals": 3, "steps": 13, "updates": 2}
    plan = Plan.objects.get(member__external_id="anastasia-lebedeva")
    assert (plan.year, plan.visibility) == (today.year, "curators")
    view = plan_view(plan, today)
    assert [step.title for _goal, step in view.late_steps] == ["Заказать фотосъёмку для каталога"]
    shelf = view.goals[1].goal
    assert shelf.partner is not None
    assert shelf.partner.external_id == "arina-solovyova"
    assert shelf.support_measure is not None
    assert all(s.step.due.year == today.year for g in view.goals for s in g.steps if s.step.due)
    assert view.goals[0].percent == 50


def test_suggestions_fit_each_goal_and_work_without_support(
    db: None, monkeypatch: pytest.MonkeyPatch
) -> None:
    from django.apps import apps

    from plans.suggestions import EVENT_KINDS, MEASURE_KINDS, suggestions_for_goals
    from support.models import Measure

    load_region()
    load_events()
    load_support()
    load_plans()
    plan = Plan.objects.select_related("member__user").get(member__external_id="anastasia-lebedeva")
    goals = list(plan.goals.all())
    found = suggestions_for_goals(plan.member, goals, plan.member.user)
    assert any(found[goal.pk].partners for goal in goals)
    kinds = dict(Measure.objects.values_list("pk", "kind"))
    for goal in goals:
        shown = found[goal.pk]
        assert len(shown.partners) <= 3
        assert len(shown.measures) <= 3
        assert len(shown.events) <= 3
        assert all(kinds[m.pk] in MEASURE_KINDS[goal.kind] for m in shown.measures)
        assert all(e.kind in EVENT_KINDS[goal.kind] for e in shown.events)
        assert all(s.partner.pk != plan.member.pk for s in shown.partners)
    real = apps.is_installed
    monkeypatch.setattr(apps, "is_installed", lambda name: name != "support" and real(name))
    without = suggestions_for_goals(plan.member, goals, plan.member.user)
    assert all(not without[goal.pk].measures for goal in goals)
    assert [len(without[g.pk].events) for g in goals] == [len(found[g.pk].events) for g in goals]
