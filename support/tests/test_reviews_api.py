"""The reviews and decisions API: queue, scores, conflict, decision, board."""

from __future__ import annotations

from collections.abc import Callable
from decimal import Decimal
from itertools import count
from typing import Any

import pytest

from conftest import _user, make_member
from core.models import Industry, Town
from members.models import User
from support.models import Application, ApplicationStatus, Score
from support.services import check_assign_reviewer, check_save_scores
from support.tests.factories import make_application, make_criteria, make_measure

Login = Callable[..., Any]
JSON = "application/json"
_numbers = count(1)


@pytest.fixture
def measure(curator: User, partner: User) -> Any:
    measure = make_measure(budget_cap=Decimal(500000))
    make_criteria(measure, (2, 0, 10), (1, 1, 5))
    check_assign_reviewer(curator, measure, partner)
    check_assign_reviewer(curator, measure, curator)
    return measure


@pytest.fixture
def application(measure: Any, resident: User) -> Application:
    return make_application(measure, resident.member)


def put(client: Any, url: str, body: dict[str, Any]) -> Any:
    return client.put(url, body, content_type=JSON)


def all_scores(measure: Any, value: int = 5) -> list[dict[str, Any]]:
    return [{"criterion_id": c.pk, "value": value, "comment": "ок"} for c in measure.criteria.all()]


def props(client: Any, name: str) -> set[str]:
    schema = client.get("/api/v1/openapi.json").json()
    return set(schema["components"]["schemas"][name]["properties"])


def test_a_reviewer_saves_scores_and_sees_the_others_only_when_done(
    measure: Any, application: Application, partner: User, curator: User, login: Login
) -> None:
    check_save_scores(curator, application, {c.pk: (3, "") for c in measure.criteria.all()})
    client = login(partner)
    url = f"/api/v1/support/applications/{application.pk}"
    first = measure.criteria.first()
    response = put(client, f"{url}/review", {"scores": [{"criterion_id": first.pk, "value": 7}]})
    assert response.status_code == 200
    body = response.json()
    assert set(body) == props(client, "ScoreSheetOut")
    assert body["others_visible"] is False
    assert body["others"] == []
    assert body["mine"]["complete"] is False
    body = put(client, f"{url}/review", {"scores": all_scores(measure)}).json()
    assert body["others_visible"] is True
    assert body["mine"]["weighted_score"] == pytest.approx(100 * (2 * 0.5 + 1) / 3)
    assert [o["reviewer_id"] for o in body["others"]] == [curator.pk]
    assert body["mean"] is not None
    assert client.get(f"{url}/scores").json() == body


def test_scoring_errors_have_codes_and_change_nothing(
    measure: Any, application: Application, partner: User, producer: User, login: Login
) -> None:
    client = login(partner)
    url = f"/api/v1/support/applications/{application.pk}/review"
    first = measure.criteria.first()
    cases: list[tuple[dict[str, Any], int, str]] = [
        ({"scores": [{"criterion_id": first.pk, "value": 11}]}, 422, "score_out_of_range"),
        ({"scores": [{"criterion_id": 999999, "value": 1}]}, 422, "unknown_criterion"),
        (
            {"scores": [{"criterion_id": first.pk, "value": 1}] * 2},
            422,
            "duplicate_criterion",
        ),
        ({"scores": []}, 422, "invalid_input"),
    ]
    for body, status, code in cases:
        response = put(client, url, body)
        assert (response.status_code, response.json()["code"]) == (status, code), body
        assert response.json()["message"]
    out_of_range = put(client, url, cases[0][0]).json()
    assert "от 0 до 10" in out_of_range["message"]
    # Someone who cannot see the application learns nothing of it.
    assert put(login(producer), url, {"scores": all_scores(measure)}).status_code == 404
    assert not Score.objects.exists()
    application.refresh_from_db()
    assert application.status == ApplicationStatus.SUBMITTED


def test_a_provider_who_is_no_reviewer_is_told_so(
    curator: User, partner: User, resident: User, login: Login
) -> None:
    measure = make_measure(provider_kind="partner", provider_member=partner.member)
    make_criteria(measure)
    application = make_application(measure, resident.member)
    url = f"/api/v1/support/applications/{application.pk}/review"
    response = put(login(partner), url, {"scores": all_scores(measure)})
    assert (response.status_code, response.json()["code"]) == (403, "not_a_reviewer")


def test_a_conflict_is_declared_once_and_then_scoring_is_refused(
    measure: Any, application: Application, partner: User, login: Login
) -> None:
    client = login(partner)
    url = f"/api/v1/support/applications/{application.pk}"
    response = client.post(f"{url}/conflict", {"note": "Брат"}, content_type=JSON)
    assert response.status_code == 200
    assert response.json()["conflict"] is True
    again = client.post(f"{url}/conflict", {"note": "Брат"}, content_type=JSON)
    assert (again.status_code, again.json()["code"]) == (409, "conflict_declared")
    refused = put(client, f"{url}/review", {"scores": all_scores(measure)})
    assert (refused.status_code, refused.json()["code"]) == (403, "conflict_declared")
    sheet = client.get(f"{url}/scores").json()
    assert sheet["others_visible"] is False


def test_curators_decide_within_the_budget(
    measure: Any, application: Application, curator: User, partner: User, login: Login
) -> None:
    url = f"/api/v1/support/applications/{application.pk}/decision"
    over = login(curator).post(url, {"decision": "granted", "amount": "600000"}, content_type=JSON)
    assert (over.status_code, over.json()["code"]) == (422, "amount_above_measure")
    assert over.json()["details"] == {"amount": [over.json()["message"]]}
    declined = login(curator).post(url, {"decision": "declined"}, content_type=JSON)
    assert (declined.status_code, declined.json()["code"]) == (422, "reason_required")
    refused = login(partner).post(url, {"decision": "waiting_list"}, content_type=JSON)
    assert (refused.status_code, refused.json()["code"]) == (403, "not_allowed")
    granted = login(curator).post(
        url,
        {"decision": "granted", "amount": "300000", "reason": "Сильная заявка"},
        content_type=JSON,
    )
    assert granted.status_code == 200
    assert granted.json()["status"] == "granted"
    assert set(granted.json()) == props(login(None), "ApplicationDecisionOut")
    board = login(curator).get(f"/api/v1/support/measures/{measure.pk}/board").json()
    assert (board["granted"], board["left"]) == ("300000.00", "200000.00")


def test_the_board_is_for_curators(measure: Any, partner: User, login: Login) -> None:
    assert login(partner).get(f"/api/v1/support/measures/{measure.pk}/board").status_code == 404
    assert login(None).get(f"/api/v1/support/measures/{measure.pk}/board").status_code == 401


def many(measure: Any, n: int, town: Town, industry: Industry, *reviewers: User) -> None:
    for _ in range(n):
        user = _user(f"api{next(_numbers)}@example.org", is_resident=True)
        application = make_application(measure, make_member(user, town, [industry]))
        for reviewer in reviewers:
            check_save_scores(
                reviewer, application, {c.pk: (4, "") for c in measure.criteria.all()}
            )


@pytest.mark.parametrize("n", [2, 20])
def test_the_board_endpoint_runs_constant_queries(
    n: int,
    measure: Any,
    curator: User,
    partner: User,
    town: Town,
    industry: Industry,
    login: Login,
    django_assert_num_queries: Any,
) -> None:
    many(measure, n, town, industry, partner, curator)
    client = login(curator)
    # session, user (2); the measure, criteria, reviewers with users, applications with
    # members, reviews, scores with criteria (6).
    with django_assert_num_queries(8):
        response = client.get(f"/api/v1/support/measures/{measure.pk}/board")
    body = response.json()
    assert set(body) == props(client, "DecisionBoardOut")
    assert len(body["applications"]) == n
    assert body["applications"][0]["mean"] == pytest.approx(100 * (2 * 0.4 + 0.75) / 3)
    assert set(body["applications"][0]) == props(client, "DecisionBoardRowOut")


@pytest.mark.parametrize("n", [2, 20])
def test_the_queue_endpoint_runs_constant_queries(
    n: int,
    measure: Any,
    partner: User,
    town: Town,
    industry: Industry,
    login: Login,
    django_assert_num_queries: Any,
) -> None:
    many(measure, n, town, industry, partner)
    client = login(partner)
    # session, user (2); assignments, criteria counts, applications with measures and
    # members, my reviews with score counts (4).
    with django_assert_num_queries(6):
        response = client.get("/api/v1/support/reviews")
    body = response.json()
    assert [item["state"] for item in body] == ["scored"] * n
    assert set(body[0]) == props(client, "ReviewQueueItemOut")
