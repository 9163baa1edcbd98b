"""The plan pages: what each person sees, the member's changes, and their query counts."""

from __future__ import annotations

from collections.abc import Callable
from datetime import timedelta
from decimal import Decimal
from typing import Any

import pytest
from django.urls import reverse
from django.utils import timezone

from members.models import User
from plans.models import Goal, Plan, Step, Visibility
from plans.services import check_record_update, check_set_visibility
from plans.tests.factories import attach, make_goal, make_plan, make_step, text_file

Login = Callable[..., Any]
pytestmark = pytest.mark.django_db


def plan_url(plan: Plan) -> str:
    return reverse("plans:plan", args=[plan.pk])


def test_my_plan_starts_this_years_plan_and_then_leads_to_it(resident: User, login: Login) -> None:
    client = login(resident)
    page = client.get(reverse("plans:my_plan"))
    assert page.status_code == 200
    assert 'data-test="start-plan"' in page.content.decode()
    year = timezone.localdate().year
    started = client.post(
        reverse("plans:my_plan"), {"year": year, "visibility": "private", "start": "blank"}
    )
    plan = Plan.objects.get()
    assert started["Location"] == plan_url(plan)
    assert plan.visibility == Visibility.PRIVATE
    assert client.get(reverse("plans:my_plan"))["Location"] == plan_url(plan)


def test_a_wrong_year_is_said_on_the_form(resident: User, login: Login) -> None:
    response = login(resident).post(
        reverse("plans:my_plan"), {"year": 1999, "visibility": "curators"}
    )
    assert response.status_code == 422
    assert not Plan.objects.exists()


@pytest.mark.parametrize(
    ("visibility", "seen_by"),
    [
        ("private", {"resident"}),
        ("curators", {"resident", "curator", "superuser"}),
        (
            "public",
            {"resident", "curator", "superuser", "producer", "partner", "client", "outsider"},
        ),
    ],
)
def test_who_sees_a_plan(
    visibility: str, seen_by: set[str], cast: dict[str, User], login: Login
) -> None:
    plan = make_plan(cast["resident"], visibility=visibility)
    make_goal(cast["resident"], plan)
    for role, user in cast.items():
        status = login(user).get(plan_url(plan)).status_code
        assert status == (200 if role in seen_by else 404), role


def test_others_see_the_plan_without_the_members_buttons(
    resident: User, curator: User, login: Login
) -> None:
    plan = make_plan(resident)
    make_step(resident, make_goal(resident, plan))
    html = login(curator).get(plan_url(plan)).content.decode()
    assert 'data-test="goal"' in html
    assert 'data-test="step-actions"' not in html
    assert 'data-test="add-goal"' not in html
    own = login(resident).get(plan_url(plan)).content.decode()
    assert 'data-test="step-actions"' in own
    assert 'data-test="add-goal"' in own


def _plan_with_goals(user: User, count: int) -> Plan:
    plan = make_plan(user)
    today = timezone.localdate()
    for number in range(count):
        goal = make_goal(user, plan, title=f"Цель {number}")
        step = make_step(user, goal, due=today)
        attach(user, step)
        check_record_update(user, goal, Decimal(1), today, "")
    return plan


@pytest.mark.parametrize("count", [3, 30])
def test_the_plan_page_runs_constant_queries(
    count: int, resident: User, login: Login, django_assert_num_queries: Any
) -> None:
    plan = _plan_with_goals(resident, count)
    client = login(resident)
    client.get(plan_url(plan))  # warms the matching index
    # session, user, member (3); the plan with its member and town (1); goals with their
    # links, steps, the steps' files, updates (4); the suggestions: hidden partners, visible
    # members (2), the member's industries, projects and open measures and the names for
    # the reasons (6), upcoming events (1); the cluster's settings and unread notifications
    # of the base page (2). "plans:plan"
    with django_assert_num_queries(19):
        response = client.get(plan_url(plan))
    assert response.status_code == 200
    html = response.content.decode()
    assert html.count('data-test="goal"') == count
    assert html.count("<svg") == count
    assert "<script" not in html.split("<footer")[0].split("<main")[-1]


def test_a_late_step_is_in_red_and_says_so(resident: User, login: Login) -> None:
    today = timezone.localdate()
    if today.timetuple().tm_yday < 2:
        pytest.skip("no earlier day in the year")
    plan = make_plan(resident)
    goal = make_goal(resident, plan)
    late = make_step(resident, goal, "Разместить вакансию", due=today - timedelta(days=1))
    make_step(resident, goal, "Провести собеседования", due=today + timedelta(days=5))
    html = login(resident).get(plan_url(plan)).content.decode()
    assert f'id="step-{late.pk}" class="border rounded p-2 border-danger"' in html
    assert 'data-test="late"' in html
    assert "просрочен" in html
    assert 'data-test="late-steps"' in html
    soon = html.split('data-test="due-soon"')[1].split("</section>")[0]
    assert "Провести собеседования" in soon
    assert "Разместить вакансию" not in soon


def test_the_member_builds_a_goal_from_a_template_and_works_it(
    resident: User, login: Login
) -> None:
    plan = make_plan(resident)
    client = login(resident)
    client.post(
        reverse("plans:goal_from_template", args=[plan.pk]), {"template": "hire-one-person"}
    )
    goal = Goal.objects.get()
    assert goal.title == "Нанять одного сотрудника"
    assert goal.steps.count() == 5
    step = goal.steps.first()
    assert step is not None
    client.post(reverse("plans:step_status", args=[step.pk]), {"status": "done"})
    step.refresh_from_db()
    assert step.status == "done"
    today = timezone.localdate()
    client.post(
        reverse("plans:update_add", args=[goal.pk]),
        {"value": "2", "date": today.isoformat(), "comment": "Наняли"},
    )
    assert goal.updates.get().value == Decimal(2)
    refused = client.post(
        reverse("plans:update_add", args=[goal.pk]), {"value": "1,5", "date": today.isoformat()}
    )
    assert refused.status_code == 302
    assert goal.updates.count() == 1
    page = client.get(plan_url(plan)).content.decode()
    assert "целыми числами" in page
    client.post(reverse("plans:step_add", args=[goal.pk]), {"title": "Купить второй стол"})
    assert goal.steps.filter(title="Купить второй стол").exists()
    client.post(reverse("plans:step_file_add", args=[step.pk]), {"file": text_file()})
    stored = step.files.get()
    download = client.get(reverse("plans:step_file", args=[step.pk, stored.pk]))
    assert download.status_code == 200
    assert download["X-Content-Type-Options"] == "nosniff"


def test_the_goal_form_says_what_is_wrong(resident: User, login: Login) -> None:
    plan = make_plan(resident)
    client = login(resident)
    assert client.get(reverse("plans:goal_add", args=[plan.pk])).status_code == 200
    data = {"title": "Нанять", "kind": "jobs", "target": "2,5", "baseline": "1", "unit": "people"}
    response = client.post(reverse("plans:goal_add", args=[plan.pk]), data)
    assert response.status_code == 422
    assert "целыми числами" in response.content.decode()
    data["unit"] = "rub"
    data["target"] = "3"
    response = client.post(reverse("plans:goal_add", args=[plan.pk]), data)
    assert response.status_code == 422
    assert "считают в людях" in response.content.decode()
    assert not Goal.objects.exists()
    data["unit"] = "people"
    assert client.post(reverse("plans:goal_add", args=[plan.pk]), data).status_code == 302
    goal = Goal.objects.get()
    edit = reverse("plans:goal_edit", args=[goal.pk])
    assert client.get(edit).status_code == 200
    client.post(edit, {**data, "title": "Нанять двоих", "target": "3"})
    goal.refresh_from_db()
    assert goal.title == "Нанять двоих"


def test_the_step_form_refuses_a_date_outside_the_year(resident: User, login: Login) -> None:
    step = make_step(resident, make_goal(resident, make_plan(resident)))
    client = login(resident)
    url = reverse("plans:step_edit", args=[step.pk])
    assert client.get(url).status_code == 200
    wrong = (timezone.localdate().replace(month=1, day=1) - timedelta(days=1)).isoformat()
    response = client.post(url, {"title": "Шаг", "due": wrong})
    assert response.status_code == 422
    step.refresh_from_db()
    assert step.due is None


def test_closing_the_year_and_starting_the_next(resident: User, login: Login) -> None:
    plan = make_plan(resident)
    goal = make_goal(resident, plan)
    client = login(resident)
    url = reverse("plans:plan_close", args=[plan.pk])
    assert client.get(url).status_code == 200
    assert client.post(url, {"review": "Год прошёл"}).status_code == 422
    client.post(
        url, {"review": "Год прошёл", f"outcome_{goal.pk}": "missed", f"note_{goal.pk}": ""}
    )
    plan.refresh_from_db()
    assert plan.is_closed
    assert plan.review == "Год прошёл"
    html = client.get(plan_url(plan)).content.decode()
    assert 'data-test="review"' in html
    assert 'data-test="start-next"' in html


def test_a_public_plan_shows_on_the_profile(resident: User, producer: User, login: Login) -> None:
    plan = make_plan(resident)
    make_goal(resident, plan, title="Открыть вторую точку")
    profile = reverse("members:detail", args=[resident.member.pk])
    assert 'data-test="public-plan"' not in login(producer).get(profile).content.decode()
    check_set_visibility(resident, plan, "public")
    html = login(producer).get(profile).content.decode()
    assert 'data-test="public-plan"' in html
    assert "Открыть вторую точку" in html


def test_the_curators_list_of_shared_plans(
    resident: User, producer: User, curator: User, login: Login
) -> None:
    make_plan(resident)
    make_plan(producer, visibility="private")
    html = login(curator).get(reverse("plans:shared")).content.decode()
    assert html.count('data-test="shared-plan"') == 1
    assert resident.member.display_name in html


@pytest.mark.parametrize("count", [2, 12])
def test_the_shared_plans_run_constant_queries(
    count: int, curator: User, login: Login, django_assert_num_queries: Any, town: Any
) -> None:
    from conftest import _user, make_member

    for number in range(count):
        user = _user(f"m{number}@example.org", is_resident=True)
        make_member(user, town, [])
        make_step(user, make_goal(user, make_plan(user)), due=timezone.localdate())
    client = login(curator)
    # session, user (2); the count and the page of plans with their counts (2); the cluster's
    # settings and unread notifications (2). "plans:shared"
    with django_assert_num_queries(6):
        response = client.get(reverse("plans:shared"))
    assert response.content.decode().count('data-test="shared-plan"') == count


def test_moving_and_deleting_go_back_to_the_plan(resident: User, login: Login) -> None:
    plan = make_plan(resident)
    first, second = (
        make_goal(resident, plan, title="Первая"),
        make_goal(resident, plan, title="Вторая"),
    )
    step = make_step(resident, first)
    client = login(resident)
    client.post(reverse("plans:goal_move", args=[second.pk]), {"direction": "up"})
    assert list(plan.goals.values_list("title", flat=True)) == ["Вторая", "Первая"]
    client.post(reverse("plans:step_delete", args=[step.pk]))
    assert not Step.objects.exists()
    client.post(reverse("plans:goal_delete", args=[first.pk]))
    assert list(plan.goals.values_list("title", flat=True)) == ["Вторая"]
