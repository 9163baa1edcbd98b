"""The plans API: the member's own plans and their parts, curators reading shared plans, and
every refusal as {"code", "message"} with nothing changed."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import pytest
from django.test import Client
from django.utils import timezone

from members.models import User
from plans.models import Goal, GoalUpdate, Plan, Step
from plans.tests.factories import make_goal, make_plan, make_step

Login = Callable[..., Any]
pytestmark = pytest.mark.django_db


def post(client: Client, url: str, body: dict[str, Any], method: str = "post") -> Any:
    return getattr(client, method)(url, body, content_type="application/json")


def test_a_member_builds_a_plan_through_the_api(resident: User, login: Login) -> None:
    client = login(resident)
    year = timezone.localdate().year
    started = post(client, "/api/v1/me/plans", {"year": year})
    assert started.status_code == 201
    plan_id = started.json()["id"]
    again = post(client, "/api/v1/me/plans", {"year": year})
    assert (again.status_code, again.json()["code"]) == (409, "plan_exists")
    goal = post(
        client,
        f"/api/v1/plans/{plan_id}/goals/from-template",
        {"template": "second-point-of-sale"},
    )
    assert goal.status_code == 201
    body = goal.json()["goals"][0]
    assert (body["kind"], body["unit"], len(body["steps"])) == (
        "sales_channel",
        "points_of_sale",
        5,
    )
    step_id = body["steps"][0]["id"]
    done = post(client, f"/api/v1/plans/steps/{step_id}", {"status": "done"}, "patch")
    assert done.json()["goals"][0]["steps"][0]["status"] == "done"
    update = post(
        client,
        f"/api/v1/plans/goals/{body['id']}/updates",
        {"value": "2", "date": timezone.localdate().isoformat()},
    )
    assert update.status_code == 201
    assert update.json()["goals"][0]["percent"] == 100
    listed = client.get("/api/v1/me/plans").json()
    assert [(p["year"], p["goal_count"]) for p in listed] == [(year, 1)]


@pytest.mark.parametrize(
    ("body", "code"),
    [
        ({"title": "Нанять", "kind": "jobs", "target": "2.5", "unit": "people"}, "not_whole"),
        ({"title": "Выручка", "kind": "revenue", "target": "-1", "unit": "rub"}, "negative"),
        ({"title": "Выручка", "kind": "revenue", "target": "100", "unit": "people"}, "wrong_unit"),
        ({"title": "Нанять", "kind": "jobs", "target": "2", "unit": "people",
          "due": "2000-01-01"}, "due_outside_year"),
    ],
)  # fmt: skip
def test_a_wrong_goal_is_refused_with_its_code(
    body: dict[str, Any], code: str, resident: User, login: Login
) -> None:
    plan = make_plan(resident)
    response = post(login(resident), f"/api/v1/plans/{plan.pk}/goals", body)
    assert response.status_code == 422
    assert response.json()["code"] == code
    assert not Goal.objects.exists()


def test_others_cannot_touch_a_members_plan(
    resident: User, producer: User, curator: User, login: Login
) -> None:
    plan = make_plan(resident)
    goal = make_goal(resident, plan)
    step = make_step(resident, goal)
    intruder = login(producer)
    for method, url, body in [
        ("get", f"/api/v1/plans/{plan.pk}", None),
        (
            "post",
            f"/api/v1/plans/{plan.pk}/goals",
            {"title": "x", "kind": "jobs", "target": "2", "unit": "people"},
        ),
        ("post", f"/api/v1/plans/goals/{goal.pk}/steps", {"title": "Чужой шаг"}),
        ("patch", f"/api/v1/plans/steps/{step.pk}", {"status": "done"}),
        (
            "post",
            f"/api/v1/plans/goals/{goal.pk}/updates",
            {"value": "2", "date": timezone.localdate().isoformat()},
        ),
        ("delete", f"/api/v1/plans/goals/{goal.pk}", None),
    ]:
        response = (
            post(intruder, url, body or {}, method) if body else getattr(intruder, method)(url)
        )
        assert response.status_code == 404, url
    assert Goal.objects.count() == 1
    assert Step.objects.get().status == "planned"
    assert not GoalUpdate.objects.exists()
    # A curator reads the shared plan but changes nothing.
    assert login(curator).get(f"/api/v1/plans/{plan.pk}").status_code == 200
    assert (
        post(
            login(curator), f"/api/v1/plans/{plan.pk}", {"visibility": "public"}, "patch"
        ).status_code
        == 404
    )
    post(login(resident), f"/api/v1/plans/{plan.pk}", {"visibility": "private"}, "patch")
    assert login(curator).get(f"/api/v1/plans/{plan.pk}").status_code == 404


def test_non_members_are_told_they_keep_no_plans(partner: User, login: Login) -> None:
    response = login(partner).get("/api/v1/me/plans")
    assert (response.status_code, response.json()["code"]) == (403, "not_a_member")
    assert not Plan.objects.exists()


@pytest.mark.parametrize("count", [2, 5])
def test_my_plans_run_constant_queries(
    count: int, resident: User, login: Login, django_assert_num_queries: Any
) -> None:
    today = timezone.localdate()
    for year in range(today.year - count + 1, today.year + 1):
        Plan.objects.create(member=resident.member, year=year)
    client = login(resident)
    # session, user, member; the plans with their goal counts. "/api/v1/me/plans"
    with django_assert_num_queries(4):
        response = client.get("/api/v1/me/plans")
    assert len(response.json()) == count


def test_responses_match_the_schema(resident: User, client: Client, login: Login) -> None:
    plan = make_plan(resident)
    make_step(resident, make_goal(resident, plan))
    schema = client.get("/api/v1/openapi.json").json()["components"]["schemas"]
    body = login(resident).get(f"/api/v1/plans/{plan.pk}").json()
    assert set(body) == set(schema["PlanOut"]["properties"])
    assert set(body["goals"][0]) == set(schema["PlanGoalOut"]["properties"])
    assert set(body["goals"][0]["steps"][0]) == set(schema["PlanStepOut"]["properties"])
    listed = login(resident).get("/api/v1/me/plans").json()
    assert set(listed[0]) == set(schema["PlanSummaryOut"]["properties"])
