"""Help requests as JSON: the member's side, the curators' queue, take and status, notes in
their own endpoint only."""

from __future__ import annotations

from collections.abc import Callable
from datetime import timedelta
from typing import Any

import pytest
from django.test import Client
from django.utils import timezone

from members.models import User
from plans.models import HelpRequest, HelpStatus
from plans.services.help import check_add_help_note, check_take_help_request
from plans.tests.help_factories import ask, goal_for

pytestmark = pytest.mark.django_db
Login = Callable[[User | None], Any]
JSON = "application/json"


def test_a_member_asks_through_the_api_and_reads_it_back(resident: User, login: Login) -> None:
    goal = goal_for(resident.member)
    client = login(resident)
    day = (timezone.localdate() + timedelta(days=3)).isoformat()
    response = client.post(
        "/api/v1/me/help-requests",
        {"goal_id": goal.pk, "what": "Нужен фотограф", "needed_by": day},
        content_type=JSON,
    )
    assert response.status_code == 201, response.content
    body = response.json()
    assert (body["status"], body["status_label"], body["needed_by"]) == ("new", "новый", day)
    assert "notes" not in body
    listed = client.get("/api/v1/me/help-requests").json()
    assert [row["id"] for row in listed["results"]] == [body["id"]]


@pytest.mark.parametrize(
    ("body", "status", "code"),
    [
        ({"what": "x", "needed_by": "2001-01-01"}, 422, "needed_by_past"),
        ({"what": "  "}, 422, "text_required"),
        ({"what": "x", "step_id": 10**6}, 422, "unknown_step"),
    ],
)
def test_bad_input_answers_a_code_and_changes_nothing(
    resident: User, login: Login, body: dict[str, Any], status: int, code: str
) -> None:
    goal = goal_for(resident.member)
    response = login(resident).post(
        "/api/v1/me/help-requests", {"goal_id": goal.pk, **body}, content_type=JSON
    )
    assert (response.status_code, response.json()["code"]) == (status, code)
    assert not HelpRequest.objects.exists()


def test_someone_elses_goal_is_not_found(resident: User, producer: User, login: Login) -> None:
    goal = goal_for(producer.member)
    response = login(resident).post(
        "/api/v1/me/help-requests", {"goal_id": goal.pk, "what": "x"}, content_type=JSON
    )
    assert response.status_code == 404
    assert not HelpRequest.objects.exists()


def test_curators_take_and_move_requests_and_the_second_is_told(
    resident: User, curator: User, login: Login
) -> None:
    request = ask(resident)
    client = login(curator)
    taken = client.post(f"/api/v1/help-requests/{request.pk}/take")
    assert (taken.status_code, taken.json()["status"]) == (200, "in_progress")
    regina = User.objects.create_user("regina@example.org", "x" * 12, is_curator=True)
    second = login(regina).post(f"/api/v1/help-requests/{request.pk}/take")
    assert (second.status_code, second.json()["code"]) == (409, "already_taken")
    refused = client.post(
        f"/api/v1/help-requests/{request.pk}/status", {"status": "declined"}, content_type=JSON
    )
    assert (refused.status_code, refused.json()["code"]) == (422, "text_required")
    moved = client.post(
        f"/api/v1/help-requests/{request.pk}/status",
        {"status": "waiting_for_member"},
        content_type=JSON,
    )
    assert moved.json()["status"] == "waiting_for_member"
    reply = login(resident).post(
        f"/api/v1/help-requests/{request.pk}/messages", {"text": "Вот фото"}, content_type=JSON
    )
    assert reply.status_code == 200
    assert reply.json()["status"] == HelpStatus.IN_PROGRESS
    assert reply.json()["messages"][0]["text"] == "Вот фото"


def test_members_cannot_use_the_queue(resident: User, producer: User, login: Login) -> None:
    request = ask(resident)
    client = login(resident)
    assert client.get("/api/v1/help-requests").status_code == 404
    assert client.post(f"/api/v1/help-requests/{request.pk}/take").status_code == 404
    assert client.get(f"/api/v1/help-requests/{request.pk}/notes").status_code == 404
    assert login(producer).get(f"/api/v1/help-requests/{request.pk}").status_code == 404


def test_the_lists_run_constant_queries(
    resident: User, curator: User, login: Login, django_assert_num_queries: Any
) -> None:
    member, curators = login(resident), login(curator)
    for count in (2, 12):
        goal = goal_for(resident.member)
        while HelpRequest.objects.count() < count:
            request = ask(resident, goal)
            check_take_help_request(curator, request)
            check_add_help_note(curator, request, "Заметка")
        # session, user, member, the page of requests with goals, steps, curators, towns and
        # introductions
        with django_assert_num_queries(4):
            mine = member.get("/api/v1/me/help-requests")
        assert len(mine.json()["results"]) == count
        # session, user, the page of the queue with members, towns, goals, curators and
        # introductions
        with django_assert_num_queries(3):
            queue = curators.get("/api/v1/help-requests?status=all")
        assert len(queue.json()["results"]) == count
        # session, user, the request with its member, town, goal, curator, introduction,
        # notes with their authors
        with django_assert_num_queries(4):
            notes = curators.get(f"/api/v1/help-requests/{request.pk}/notes")
        assert notes.json()[0]["text"] == "Заметка"


def test_responses_match_the_schema(
    resident: User, curator: User, client: Client, login: Login
) -> None:
    request = ask(resident)
    check_add_help_note(curator, request, "Заметка")
    schema = client.get("/api/v1/openapi.json").json()["components"]["schemas"]
    detail = login(curator).get(f"/api/v1/help-requests/{request.pk}").json()
    assert set(detail) == set(schema["HelpRequestDetailOut"]["properties"])
    page = login(curator).get("/api/v1/help-requests").json()
    assert set(page["results"][0]) == set(schema["HelpRequestOut"]["properties"])
    notes = login(curator).get(f"/api/v1/help-requests/{request.pk}/notes").json()
    assert set(notes[0]) == set(schema["HelpNoteOut"]["properties"])
