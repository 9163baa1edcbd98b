"""Plans for tests, made through the services as a member would make them."""

from __future__ import annotations

from decimal import Decimal
from typing import Any

from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import timezone

from members.models import User
from plans.models import Goal, Plan, Step, StepFile
from plans.services import (
    GoalData,
    StepData,
    check_add_goal,
    check_add_step,
    check_attach_step_file,
    check_record_update,
    check_start_plan,
)


def goal_data(**fields: Any) -> GoalData:
    values: dict[str, Any] = {
        "title": "Нанять одного сотрудника",
        "kind": "jobs",
        "target": Decimal(2),
        "unit": "people",
        "baseline": Decimal(1),
    }
    values.update(fields)
    return GoalData(**values)


def make_plan(user: User, **fields: Any) -> Plan:
    return check_start_plan(user, fields.pop("year", timezone.localdate().year), **fields)


def make_goal(user: User, plan: Plan, **fields: Any) -> Goal:
    return check_add_goal(user, plan, goal_data(**fields))


def make_step(user: User, goal: Goal, title: str = "Разместить вакансию", **fields: Any) -> Step:
    return check_add_step(user, goal, StepData(title, **fields))


def text_file(name: str = "договор.txt", content: bytes = b"hello") -> SimpleUploadedFile:
    return SimpleUploadedFile(name, content, content_type="text/plain")


def attach(user: User, step: Step) -> StepFile:
    return check_attach_step_file(user, step, text_file())


def plans_matrix_args(cast: dict[str, User]) -> dict[str, list[Any]]:
    """Return the URL arguments of the plan pages: the resident's plan, shared with curators,
    with a goal, a step with a file, and a progress update."""
    resident = cast["resident"]
    plan = make_plan(resident)
    goal = make_goal(resident, plan)
    step = make_step(resident, goal)
    stored = attach(resident, step)
    update = check_record_update(resident, goal, Decimal(1), timezone.localdate(), "")
    return {
        "plans:plan": [plan.pk],
        "plans:plan_visibility": [plan.pk],
        "plans:goal_add": [plan.pk],
        "plans:goal_from_template": [plan.pk],
        "plans:plan_close": [plan.pk],
        "plans:plan_next": [plan.pk],
        "plans:goal_edit": [goal.pk],
        "plans:goal_delete": [goal.pk],
        "plans:goal_move": [goal.pk],
        "plans:step_add": [goal.pk],
        "plans:update_add": [goal.pk],
        "plans:update_delete": [update.pk],
        "plans:step_edit": [step.pk],
        "plans:step_status": [step.pk],
        "plans:step_delete": [step.pk],
        "plans:step_move": [step.pk],
        "plans:step_file_add": [step.pk],
        "plans:step_file": [step.pk, stored.pk],
        "plans:step_file_delete": [step.pk, stored.pk],
    }
