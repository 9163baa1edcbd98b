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
