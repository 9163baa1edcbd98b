"""Plans as JSON: the member's own plans, goals, steps and progress updates; a plan shared
with curators for them to read.

The same services as the pages. Errors carry stable codes: 403 `not_a_member` / `not_owner`,
404 `not_found` (a plan one may not see, as one that does not exist), 409 `plan_exists` /
`plan_closed` / `too_many_goals`, 422 for the input (`wrong_unit`, `not_whole`, `negative`,
`due_outside_year`, `target_not_above`, `unknown_partner`…).
"""

from __future__ import annotations

from typing import Any

from ninja import Router, Status

from core.api import AUTH, ErrorOut
from core.http import ApiRequest
from plans.models import Plan
from plans.queries import (
    access_goal_for_owner,
    access_plan_for_owner,
    access_plan_for_user,
    access_step_for_owner,
    plan_view,
    plans_of,
)
from plans.schemas import (
    PlanGoalIn,
    PlanOut,
    PlanStartIn,
    PlanStepIn,
    PlanStepPatchIn,
    PlanSummaryOut,
    PlanTemplateIn,
    PlanUpdateIn,
    PlanVisibilityIn,
)
from plans.services import (
    GoalData,
    StepData,
    check_add_goal,
    check_add_goal_from_template,
    check_add_step,
    check_delete_goal,
    check_delete_step,
    check_edit_goal,
    check_edit_step,
    check_plan_keeper,
    check_record_update,
    check_set_step_status,
    check_set_visibility,
    check_start_plan,
)

router = Router(tags=["plans"])
ANSWERS = {200: PlanOut, 403: ErrorOut, 404: ErrorOut, 409: ErrorOut, 422: ErrorOut}
CREATED = {201: PlanOut, 403: ErrorOut, 404: ErrorOut, 409: ErrorOut, 422: ErrorOut}


def _plan(plan: Plan | int) -> PlanOut:
    """Return the plan as JSON with its goals, steps and updates (6 queries)."""
    pk = plan if isinstance(plan, int) else plan.pk
    loaded = Plan.objects.select_related("member").get(pk=pk)
    return PlanOut.from_view(plan_view(loaded))


def _goal_data(body: PlanGoalIn) -> GoalData:
    return GoalData(**body.model_dump())


@router.get(
    "/me/plans",
    response={200: list[PlanSummaryOut], 403: ErrorOut},
    auth=AUTH,
    summary="My plans for the year, the latest first",
)
def list_my_plans(request: ApiRequest) -> Any:
    member = check_plan_keeper(request.auth)
    return list(plans_of(member))


@router.post("/me/plans", response=CREATED, auth=AUTH, summary="Start my plan for a year")
def start_plan(request: ApiRequest, body: PlanStartIn) -> Any:
    previous = None
    if body.from_plan_id is not None:
        previous = access_plan_for_owner(request.auth, body.from_plan_id)
    plan = check_start_plan(request.auth, body.year, previous=previous, visibility=body.visibility)
    return Status(201, _plan(plan))


@router.get(
    "/plans/{plan_id}",
    response={200: PlanOut, 404: ErrorOut},
    auth=AUTH,
    summary="One plan with its goals, steps and updates: for its member; for curators when "
    "shared with them; for anyone signed in when public",
)
def get_plan(request: ApiRequest, plan_id: int) -> Any:
    return _plan(access_plan_for_user(request.auth, plan_id))


@router.patch("/plans/{plan_id}", response=ANSWERS, auth=AUTH, summary="Set who sees my plan")
def set_visibility(request: ApiRequest, plan_id: int, body: PlanVisibilityIn) -> Any:
    plan = access_plan_for_owner(request.auth, plan_id)
    return _plan(check_set_visibility(request.auth, plan, body.visibility))


@router.post("/plans/{plan_id}/goals", response=CREATED, auth=AUTH, summary="Add a goal to my plan")
def add_goal(request: ApiRequest, plan_id: int, body: PlanGoalIn) -> Any:
    plan = access_plan_for_owner(request.auth, plan_id)
    check_add_goal(request.auth, plan, _goal_data(body))
    return Status(201, _plan(plan))


@router.post(
    "/plans/{plan_id}/goals/from-template",
    response=CREATED,
    auth=AUTH,
    summary="Add a goal from a template, with its steps",
)
def add_goal_from_template(request: ApiRequest, plan_id: int, body: PlanTemplateIn) -> Any:
    plan = access_plan_for_owner(request.auth, plan_id)
    check_add_goal_from_template(request.auth, plan, body.template)
    return Status(201, _plan(plan))


@router.put(
    "/plans/goals/{goal_id}", response=ANSWERS, auth=AUTH, summary="Change a goal of my plan"
)
def edit_goal(request: ApiRequest, goal_id: int, body: PlanGoalIn) -> Any:
    goal = access_goal_for_owner(request.auth, goal_id)
    check_edit_goal(request.auth, goal, _goal_data(body))
    return _plan(goal.plan_id)


@router.delete(
    "/plans/goals/{goal_id}",
    response=ANSWERS,
    auth=AUTH,
    summary="Delete a goal of my plan with its steps and updates",
)
def delete_goal(request: ApiRequest, goal_id: int) -> Any:
    goal = access_goal_for_owner(request.auth, goal_id)
    plan_id = goal.plan_id
    check_delete_goal(request.auth, goal)
    return _plan(plan_id)


@router.post(
    "/plans/goals/{goal_id}/steps", response=CREATED, auth=AUTH, summary="Add a step to a goal"
)
def add_step(request: ApiRequest, goal_id: int, body: PlanStepIn) -> Any:
    goal = access_goal_for_owner(request.auth, goal_id)
    check_add_step(request.auth, goal, StepData(body.title, body.due, body.notes))
    return Status(201, _plan(goal.plan_id))


@router.patch(
    "/plans/steps/{step_id}",
    response=ANSWERS,
    auth=AUTH,
    summary="Change a step: its title, date, notes or status (only the fields sent)",
)
def edit_step(request: ApiRequest, step_id: int, body: PlanStepPatchIn) -> Any:
    step = access_step_for_owner(request.auth, step_id)
    sent = body.model_fields_set
    if sent & {"title", "due", "notes"}:
        data = StepData(
            title=body.title if "title" in sent and body.title is not None else step.title,
            due=body.due if "due" in sent else step.due,
            notes=body.notes if "notes" in sent and body.notes is not None else step.notes,
        )
        check_edit_step(request.auth, step, data)
    if "status" in sent and body.status is not None:
        check_set_step_status(request.auth, step, body.status)
    return _plan(step.goal.plan_id)


@router.delete(
    "/plans/steps/{step_id}", response=ANSWERS, auth=AUTH, summary="Delete a step of my plan"
)
def delete_step(request: ApiRequest, step_id: int) -> Any:
    step = access_step_for_owner(request.auth, step_id)
    plan_id = step.goal.plan_id
    check_delete_step(request.auth, step)
    return _plan(plan_id)


@router.post(
    "/plans/goals/{goal_id}/updates",
    response=CREATED,
    auth=AUTH,
    summary="Record progress on a goal: the value reached on a day",
)
def record_update(request: ApiRequest, goal_id: int, body: PlanUpdateIn) -> Any:
    goal = access_goal_for_owner(request.auth, goal_id)
    check_record_update(request.auth, goal, body.value, body.date, body.comment)
    return Status(201, _plan(goal.plan_id))
