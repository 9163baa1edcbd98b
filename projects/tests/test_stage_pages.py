"""Stage moves on the project page and in the API: what is missing is named before and when a
move is refused, curators override with a recorded reason, a completed project takes no pitch."""

from __future__ import annotations

from collections.abc import Callable
from datetime import date
from typing import Any

import pytest
from django.test import Client
from django.urls import reverse

from core.services import do_create_api_token
from members.models import Member, User
from projects.models import Pitch, Project
from projects.services import (
    ProjectData,
    check_add_need,
    check_add_role,
    check_add_step,
    check_invite,
    check_update_project,
)
from projects.tests.factories import new_member, project_at


def api(user: User) -> Client:
    _token, key = do_create_api_token(user, "test")
    return Client(HTTP_AUTHORIZATION=f"Bearer {key}")


@pytest.fixture
def waiting() -> Member:
    member = new_member()
    member.display_name = "Екатерина Зуева"
    member.save(update_fields=["display_name"])
    return member


@pytest.fixture
def unready(producer: User, waiting: Member) -> Project:
    """A project at the team stage with its card ready but an open role, an unanswered
    invitation and an uncovered need."""
    project = project_at("team", producer)
    data = ProjectData(
        title=project.title,
        summary=project.summary,
        industries=list(project.industries.all()),
        towns=list(project.towns.all()),
        starts_on=date(2026, 4, 1),
    )
    project = check_update_project(project, producer, data, project.version)
    check_add_step(project, producer, "Пробная партия")
    check_add_role(project, producer, "designer", "Художник по костюмам")
    check_invite(project, producer, waiting)
    check_add_need(project, producer, "equipment", "Печь для обжига")
    return project


def requirements(response: Any, stage: str) -> dict[str, Any]:
    (move,) = [m for m, _label in response.context["moves"] if m.stage == stage]
    return {r.code: (r.met, r.items) for r in move.requirements}


def test_the_page_names_what_launching_still_needs(
    unready: Project, producer: User, resident: User, login: Callable[..., Any]
) -> None:
    page = login(producer).get(reverse("projects:detail", args=[unready.pk]))
    assert requirements(page, "launched") == {
        "needs_team": (True, ()),
        "needs_roles_filled": (False, ("Художник по костюмам",)),
        "needs_invitations_answered": (False, ("Екатерина Зуева",)),
        "needs_covered": (False, ("Печь для обжига",)),
        "needs_start_date": (True, ()),
        "needs_plan_step": (True, ()),
    }
    html = page.content.decode()
    assert 'data-code="needs_covered" data-met="no"' in html
    assert "<li>Печь для обжига</li>" in html
    assert "<li>Екатерина Зуева</li>" in html
    assert 'data-stage="launched" disabled' in html
    # Someone outside the team sees no stage actions at all.
    outside = login(resident).get(reverse("projects:detail", args=[unready.pk]))
    assert outside.context["moves"] == []
    assert b'data-test="stage-actions"' not in outside.content


def test_a_refused_move_says_what_is_missing_and_changes_nothing(
    unready: Project, producer: User, login: Callable[..., Any]
) -> None:
    response = login(producer).post(
        reverse("projects:move", args=[unready.pk]), {"stage": "launched"}, follow=True
    )
    (message,) = list(response.context["messages"])
    assert message.level_tag == "error"
    assert "Екатерина Зуева" in str(message)
    assert "Печь для обжига" in str(message)
    unready.refresh_from_db()
    assert unready.stage == "team"
    assert unready.transitions.count() == 3


def test_the_api_refuses_with_a_stable_code_and_every_missing_thing(
    unready: Project, producer: User
) -> None:
    client = api(producer)
    refused = client.post(
        f"/api/v1/projects/{unready.pk}/transitions",
        {"stage": "launched"},
        content_type="application/json",
    )
    assert refused.status_code == 409
    body = refused.json()
    assert body["code"] == "stage_requirements_unmet"
    assert body["details"]["stage"] == "launched"
    assert [(m["code"], m["items"]) for m in body["details"]["missing"]] == [
        ("needs_roles_filled", ["Художник по костюмам"]),
        ("needs_invitations_answered", ["Екатерина Зуева"]),
        ("needs_covered", ["Печь для обжига"]),
    ]
    assert all(m["message"] for m in body["details"]["missing"])
    moves = client.get(f"/api/v1/projects/{unready.pk}/moves").json()
    assert [(m["stage"], m["allowed"], m["waivable"]) for m in moves] == [("launched", False, True)]
    assert Project.objects.get(pk=unready.pk).stage == "team"


def test_a_curator_overrides_with_a_reason_that_the_history_shows(
    unready: Project, producer: User, curator: User, login: Callable[..., Any]
) -> None:
    url = reverse("projects:move", args=[unready.pk])
    page = login(curator).get(reverse("projects:detail", args=[unready.pk]))
    assert b'data-test="override"' in page.content
    # The owner cannot override, and a curator must give a reason.
    for user, reason in ((producer, "Договорились"), (curator, "")):
        login(user).post(url, {"stage": "launched", "override": "on", "comment": reason})
        assert Project.objects.get(pk=unready.pk).stage == "team"
    reason = "Печь даёт гончарная школа, художник подключится в мае"
    login(curator).post(url, {"stage": "launched", "override": "on", "comment": reason})
    unready.refresh_from_db()
    assert unready.stage == "launched"
    last = unready.transitions.last()
    assert last is not None
    assert (last.actor, last.override, last.comment) == (
        curator,
        True,
        reason,
    )
    history = login(producer).get(reverse("projects:detail", args=[unready.pk])).content.decode()
    assert 'data-override="yes"' in history
    assert reason in history
    assert "Печь для обжига" in history.split('data-test="history"')[1]


def test_the_api_override_is_for_curators_only(
    unready: Project, producer: User, curator: User
) -> None:
    url = f"/api/v1/projects/{unready.pk}/transitions"
    body = {"stage": "launched", "override": True, "comment": "Договорились"}
    owner = api(producer).post(url, body, content_type="application/json")
    assert (owner.status_code, owner.json()["code"]) == (403, "not_curator")
    silent = api(curator).post(url, {**body, "comment": " "}, content_type="application/json")
    assert (silent.status_code, silent.json()["code"]) == (422, "needs_override_reason")
    moved = api(curator).post(url, body, content_type="application/json")
    assert moved.status_code == 200
    assert moved.json()["stage"] == "launched"
    history = api(producer).get(url).json()
    assert (history[-1]["override"], history[-1]["waived"]) == (
        True,
        ["needs_roles_filled", "needs_invitations_answered", "needs_covered"],
    )


def test_a_completed_project_offers_and_takes_no_more_pitches(
    producer: User, login: Callable[..., Any]
) -> None:
    project = project_at("completed", producer)
    pitches = Pitch.objects.filter(project=project).count()
    page = login(producer).get(reverse("projects:detail", args=[project.pk]))
    assert page.context["pitch_form"] is None
    response = login(producer).post(
        reverse("projects:add_pitch", args=[project.pk]), {"note": "Ещё раз"}, follow=True
    )
    assert [m.level_tag for m in response.context["messages"]] == ["error"]
    refused = api(producer).post(
        f"/api/v1/projects/{project.pk}/pitches", {}, content_type="application/json"
    )
    assert (refused.status_code, refused.json()["code"]) == (409, "project_finished")
    assert Pitch.objects.filter(project=project).count() == pitches


def test_a_curator_is_told_what_the_team_must_fill_in_before_an_override(
    producer: User, curator: User, login: Callable[..., Any]
) -> None:
    # No start date and no plan step: things the team writes, which no curator may waive.
    project = project_at("team", producer)
    content = login(curator).get(reverse("projects:detail", args=[project.pk])).content.decode()
    assert 'data-test="override"' not in content
    hint = content.split('data-test="override-unavailable"')[1].split("</div>")[0]
    assert "команда заполнит в карточке" in hint
    assert "Дата начала" in hint
    assert "Хотя бы один шаг в плане" in hint
    assert "Каждая роль" not in hint  # what a curator may waive is not the team's homework
    owner_page = login(producer).get(reverse("projects:detail", args=[project.pk]))
    assert b'data-test="override-unavailable"' not in owner_page.content
