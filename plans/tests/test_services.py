"""The rules of plans: each refusal says why and changes nothing."""

from __future__ import annotations

from datetime import date, timedelta
from decimal import Decimal

import pytest
from django.utils import timezone

from core.errors import DomainError
from members.models import User
from plans.models import Goal, GoalUpdate, Plan, Step, StepFile, Visibility
from plans.services import (
    GoalOutcome,
    PlanError,
    StepData,
    allowed_years,
    check_add_goal,
    check_add_goal_from_template,
    check_add_step,
    check_attach_step_file,
    check_close_plan,
    check_edit_goal,
    check_move_goal,
    check_move_step,
    check_record_update,
    check_set_step_status,
    check_start_plan,
)
from plans.templates_data import TEMPLATES
from plans.tests.factories import goal_data, make_goal, make_plan, make_step, text_file

pytestmark = pytest.mark.django_db


def refused(error: pytest.ExceptionInfo[DomainError], code: str, kind: str = "invalid") -> None:
    assert (error.value.code, error.value.kind) == (code, kind)
    assert isinstance(error.value, PlanError)


def year() -> int:
    return timezone.localdate().year


def test_a_member_starts_one_plan_per_year(resident: User) -> None:
    plan = make_plan(resident)
    assert (plan.year, plan.visibility, plan.status) == (year(), Visibility.CURATORS, "open")
    with pytest.raises(PlanError) as error:
        make_plan(resident)
    refused(error, "plan_exists", "conflict")
    assert Plan.objects.count() == 1


@pytest.mark.parametrize("role", ["partner", "client_user", "outsider", "curator"])
def test_only_residents_and_producers_keep_plans(role: str, request: pytest.FixtureRequest) -> None:
    user = request.getfixturevalue(role)
    with pytest.raises(PlanError) as error:
        make_plan(user)
    refused(error, "not_a_member", "forbidden")
    assert not Plan.objects.exists()


def test_a_plan_is_for_this_year_or_from_october_the_next(resident: User) -> None:
    assert allowed_years(date(2026, 5, 1)) == [2026]
    assert allowed_years(date(2026, 10, 1)) == [2026, 2027]
    with pytest.raises(PlanError) as error:
        check_start_plan(resident, 2027, today=date(2026, 5, 1))
    refused(error, "wrong_year")
    with pytest.raises(PlanError) as error:
        check_start_plan(resident, 2025, today=date(2026, 5, 1))
    refused(error, "wrong_year")
    assert check_start_plan(resident, 2027, today=date(2026, 10, 1)).year == 2027


def test_next_years_plan_carries_the_goals_not_reached(resident: User) -> None:
    plan = check_start_plan(resident, 2026, today=date(2026, 3, 1))
    reached = make_goal(resident, plan, title="Нанять", due=date(2026, 6, 1))
    missed = make_goal(
        resident, plan, title="Выручка", kind="revenue", unit="rub",
        baseline=Decimal(0), target=Decimal(1000000), due=date(2026, 12, 31),
    )  # fmt: skip
    make_step(resident, missed, "Сделано", due=date(2026, 4, 1))
    open_step = make_step(resident, missed, "Не сделано", due=date(2026, 2, 28))
    check_set_step_status(resident, Step.objects.get(title="Сделано"), "done")
    check_record_update(resident, reached, Decimal(2), date(2026, 2, 1), today=date(2026, 3, 1))
    check_record_update(resident, missed, Decimal(400000), date(2026, 2, 1), today=date(2026, 3, 1))
    nxt = check_start_plan(resident, 2027, previous=plan, today=date(2026, 11, 1))
    carried = nxt.goals.get()
    assert (carried.title, carried.carried_from_id, nxt.started_from_id) == (
        "Выручка",
        missed.pk,
        plan.pk,
    )
    assert carried.baseline == Decimal(400000)  # where last year ended
    assert carried.due == date(2027, 12, 31)
    assert [(s.title, s.due) for s in carried.steps.all()] == [("Не сделано", date(2027, 2, 28))]
    assert open_step.goal_id == missed.pk  # last year's plan is untouched
    assert plan.goals.count() == 2


def test_someone_elses_plan_cannot_be_continued(resident: User, producer: User) -> None:
    theirs = check_start_plan(producer, 2026, today=date(2026, 3, 1))
    with pytest.raises(PlanError) as error:
        check_start_plan(resident, 2027, previous=theirs, today=date(2026, 11, 1))
    refused(error, "not_owner", "forbidden")
    assert Plan.objects.count() == 1


@pytest.mark.parametrize(
    ("fields", "code", "field"),
    [
        ({"target": Decimal("2.5")}, "not_whole", "target"),
        ({"unit": "rub"}, "wrong_unit", "unit"),
        ({"kind": "revenue", "unit": "rub", "target": Decimal(-5), "baseline": Decimal(0)},
         "negative", "target"),
        ({"kind": "revenue", "unit": "people"}, "wrong_unit", "unit"),
        ({"target": Decimal(1)}, "target_not_above", "target"),
        ({"kind": "weird"}, "wrong_kind", "kind"),
        ({"title": "  "}, "title_missing", "title"),
        ({"due": date(2000, 1, 1)}, "due_outside_year", "due"),
    ],
)  # fmt: skip
def test_a_goal_with_wrong_input_is_refused(
    resident: User, fields: dict[str, object], code: str, field: str
) -> None:
    plan = make_plan(resident)
    with pytest.raises(PlanError) as error:
        check_add_goal(resident, plan, goal_data(**fields))
    refused(error, code)
    assert error.value.field == field
    assert not Goal.objects.exists()


def test_a_goal_links_only_to_what_the_member_may_see(
    resident: User, producer: User, partner: User
) -> None:
    plan = make_plan(resident)
    producer.member.public_profile = False
    producer.member.save(update_fields=["public_profile"])
    for fields, code in [
        ({"partner_id": producer.member.pk}, "unknown_partner"),  # hidden profile
        ({"partner_id": resident.member.pk}, "unknown_partner"),  # oneself
        ({"event_id": 999999}, "unknown_event"),
        ({"project_id": 999999}, "unknown_project"),
        ({"order_id": 999999}, "unknown_order"),
        ({"support_measure_id": 999999}, "unknown_measure"),
    ]:
        with pytest.raises(PlanError) as error:
            check_add_goal(resident, plan, goal_data(**fields))
        refused(error, code)
    assert not Goal.objects.exists()
    goal = check_add_goal(resident, plan, goal_data(partner_id=partner.member.pk))
    assert goal.partner_id == partner.member.pk


def test_a_draft_measure_cannot_be_linked(resident: User) -> None:
    from support.tests.factories import make_measure

    draft = make_measure(status="draft")
    plan = make_plan(resident)
    with pytest.raises(PlanError) as error:
        check_add_goal(resident, plan, goal_data(support_measure_id=draft.pk))
    refused(error, "unknown_measure")
    opened = make_measure()
    assert check_add_goal(resident, plan, goal_data(support_measure_id=opened.pk)).pk


def test_every_template_adds_its_goal_and_steps_within_the_year(resident: User) -> None:
    plan = check_start_plan(resident, 2026, today=date(2026, 10, 20))
    for template in TEMPLATES:
        goal = check_add_goal_from_template(resident, plan, template.slug, today=date(2026, 10, 20))
        assert (goal.kind, goal.unit, goal.title) == (template.kind, template.unit, template.title)
        steps = list(goal.steps.all())
        assert 3 <= len(steps) <= 5
        assert all(s.due is not None and s.due.year == 2026 for s in steps)
        assert [s.position for s in steps] == list(range(1, len(steps) + 1))
    with pytest.raises(PlanError) as error:
        check_add_goal_from_template(resident, plan, "no-such-template")
    refused(error, "unknown_template")


def test_a_step_on_someone_elses_goal_is_refused(resident: User, producer: User) -> None:
    goal = make_goal(resident, make_plan(resident))
    with pytest.raises(PlanError) as error:
        check_add_step(producer, goal, StepData("Чужой шаг"))
    refused(error, "not_owner", "forbidden")
    with pytest.raises(PlanError) as error:
        check_record_update(producer, goal, Decimal(2), timezone.localdate())
    refused(error, "not_owner", "forbidden")
    assert not Step.objects.exists()
    assert not GoalUpdate.objects.exists()


def test_a_step_date_outside_the_year_is_refused(resident: User) -> None:
    goal = make_goal(resident, make_plan(resident))
    with pytest.raises(PlanError) as error:
        check_add_step(resident, goal, StepData("Шаг", date(year() + 1, 1, 1)))
    refused(error, "due_outside_year")
    assert not Step.objects.exists()


def test_updates_fit_the_unit_and_the_calendar(resident: User) -> None:
    plan = check_start_plan(resident, 2026, today=date(2026, 3, 1))
    goal = make_goal(resident, plan)
    today = date(2026, 5, 1)
    cases = [
        (Decimal("1.5"), date(2026, 4, 1), "not_whole"),
        (Decimal(-1), date(2026, 4, 1), "negative"),
        (Decimal(2), date(2025, 12, 31), "due_outside_year"),
        (Decimal(2), date(2026, 5, 2), "date_in_future"),
    ]
    for value, day, code in cases:
        with pytest.raises(PlanError) as error:
            check_record_update(resident, goal, value, day, today=today)
        refused(error, code)
    assert not GoalUpdate.objects.exists()
    check_record_update(resident, goal, Decimal(2), date(2026, 4, 1), "Наняли", today=today)
    assert GoalUpdate.objects.get().value == Decimal(2)


def test_a_closed_plan_is_not_edited(resident: User) -> None:
    plan = make_plan(resident)
    goal = make_goal(resident, plan)
    step = make_step(resident, goal)
    check_close_plan(resident, plan, "Хороший год", [GoalOutcome(goal.pk, "reached", "Наняли")])
    goal.refresh_from_db()
    assert (goal.outcome, goal.outcome_note) == ("reached", "Наняли")
    for attempt in (
        lambda: check_add_goal(resident, plan, goal_data()),
        lambda: check_add_step(resident, goal, StepData("Ещё")),
        lambda: check_set_step_status(resident, step, "done"),
        lambda: check_record_update(resident, goal, Decimal(2), timezone.localdate()),
        lambda: check_edit_goal(resident, goal, goal_data(title="Новое")),
        lambda: check_attach_step_file(resident, step, text_file()),
        lambda: check_close_plan(resident, plan, "", [GoalOutcome(goal.pk, "reached")]),
    ):
        with pytest.raises(PlanError) as error:
            attempt()
        refused(error, "plan_closed", "conflict")
    assert Goal.objects.count() == 1
    assert Step.objects.get().status == "planned"
    assert not StepFile.objects.exists()


def test_closing_needs_an_outcome_for_every_goal(resident: User, producer: User) -> None:
    plan = make_plan(resident)
    first, second = make_goal(resident, plan), make_goal(resident, plan, title="Второй")
    other = make_goal(producer, make_plan(producer))
    with pytest.raises(PlanError) as error:
        check_close_plan(resident, plan, "", [GoalOutcome(first.pk, "reached")])
    refused(error, "outcome_missing")
    assert error.value.field == f"outcome_{second.pk}"
    with pytest.raises(PlanError) as error:
        check_close_plan(resident, plan, "", [GoalOutcome(other.pk, "reached")])
    refused(error, "unknown_goal")
    plan.refresh_from_db()
    assert plan.status == "open"


def test_moving_goals_and_steps_renumbers_them(resident: User) -> None:
    plan = make_plan(resident)
    goals = [make_goal(resident, plan, title=f"Цель {n}") for n in range(3)]
    check_move_goal(resident, goals[2], "up")
    assert list(plan.goals.values_list("title", flat=True)) == ["Цель 0", "Цель 2", "Цель 1"]
    check_move_goal(resident, goals[0], "up")  # already first: stays
    assert list(plan.goals.values_list("position", flat=True)) == [1, 2, 3]
    steps = [make_step(resident, goals[0], f"Шаг {n}") for n in range(2)]
    check_move_step(resident, steps[0], "down")
    assert list(goals[0].steps.values_list("title", flat=True)) == ["Шаг 1", "Шаг 0"]
    with pytest.raises(PlanError) as error:
        check_move_step(resident, steps[0], "sideways")
    refused(error, "wrong_direction")


def test_a_step_done_records_when_and_undoing_clears_it(resident: User) -> None:
    step = make_step(resident, make_goal(resident, make_plan(resident)))
    check_set_step_status(resident, step, "done")
    assert step.done_at is not None
    check_set_step_status(resident, step, "in_progress")
    assert step.done_at is None
    with pytest.raises(PlanError) as error:
        check_set_step_status(resident, step, "finished")
    refused(error, "wrong_status")


def test_a_refused_file_is_not_stored(resident: User) -> None:
    step = make_step(resident, make_goal(resident, make_plan(resident)))
    with pytest.raises(PlanError) as error:
        check_attach_step_file(resident, step, text_file("вирус.exe", b"MZ"))
    refused(error, "file_extension")
    with pytest.raises(PlanError) as error:
        check_attach_step_file(resident, step, text_file("фото.png", b"not a png"))
    refused(error, "file_not_image")
    assert not StepFile.objects.exists()
    stored = check_attach_step_file(resident, step, text_file())
    assert stored.file.storage.exists(str(stored.file.name))
    # Kept outside MEDIA_ROOT: the public /media/ route never serves it.
    from django.conf import settings

    assert not str(stored.file.path).startswith(str(settings.MEDIA_ROOT) + "/")


def test_dates_count_from_today_for_late_steps(resident: User) -> None:
    goal = make_goal(resident, make_plan(resident))
    today = timezone.localdate()
    if today.day == 1 and today.month == 1:
        pytest.skip("no earlier day in the year")
    late = make_step(resident, goal, "Поздно", due=today - timedelta(days=1))
    assert Step.objects.late_on(today).get() == late
