"""The applicant's side as JSON: the same services as the pages, errors with stable codes."""

from __future__ import annotations

from collections.abc import Callable
from datetime import timedelta
from typing import Any

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client
from django.utils import timezone

from core.services import do_create_api_token
from members.models import User
from support.models import Application, ApplicationStatus
from support.services import check_save_draft
from support.tests.applying import (
    full_answers,
    measure_with_form,
    pdf,
    sent_application,
)
from support.tests.factories import make_measure

Login = Callable[..., Any]


def put(client: Client, measure_id: int, body: dict[str, Any], **extra: Any) -> Any:
    return client.put(
        f"/api/v1/support/measures/{measure_id}/application",
        body,
        content_type="application/json",
        **extra,
    )


def test_a_member_applies_through_the_api_with_a_token(resident: User, client: Client) -> None:
    measure, form = measure_with_form()
    _token, key = do_create_api_token(resident, "script")
    auth = {"Authorization": f"Bearer {key}"}
    response = put(client, measure.pk, {"answers": full_answers(form)}, headers=auth)
    assert response.status_code == 200, response.json()
    body = response.json()
    assert body["status"] == "draft"
    assert body["status_label"] == "черновик"
    by_question = {row["field_id"]: row for row in body["answers"]}
    assert by_question[form["text"].pk]["answer"] == "Гончарная студия"
    assert by_question[form["stage"].pk]["options"] == ["Идея", "Запуск", "Рост"]
    number = body["id"]
    # Sending without the required file names it.
    response = client.post(f"/api/v1/support/applications/{number}/submit", headers=auth)
    assert response.status_code == 422
    assert response.json()["code"] == "answer_required"
    assert response.json()["details"] == {f"field_{form['plan'].pk}": [response.json()["message"]]}
    response = client.post(
        f"/api/v1/support/applications/{number}/files/{form['plan'].pk}",
        {"file": pdf()},
        headers=auth,
    )
    assert response.status_code == 200, response.json()
    plan = {row["field_id"]: row for row in response.json()["answers"]}[form["plan"].pk]
    assert plan["answer"] == "plan.pdf"
    assert plan["file_url"].startswith(f"/support/applications/{number}/files/")
    response = client.post(f"/api/v1/support/applications/{number}/submit", headers=auth)
    assert response.status_code == 200
    assert response.json()["status"] == "submitted"
    assert response.json()["submitted_at"] is not None
    response = client.get(f"/api/v1/support/applications/{number}", headers=auth)
    assert response.json()["status_label"] == "отправлена"
    response = client.post(f"/api/v1/support/applications/{number}/withdraw", headers=auth)
    assert response.json()["status"] == "withdrawn"
    assert Application.objects.get().status == ApplicationStatus.WITHDRAWN


@pytest.mark.parametrize(
    ("body", "code"),
    [
        ({"answers": {"999999": "x"}}, "unknown_field"),
        ({"answers": {"{jobs}": "много"}}, "not_a_number"),
        ({"answers": {"{stage}": "Упадок"}}, "unknown_option"),
        ({"requested_amount": "300001"}, "amount_above_measure"),
        ({"answers": "not an object"}, "invalid_input"),
    ],
)
def test_bad_input_answers_422_and_changes_nothing(
    resident: User, login: Login, body: dict[str, Any], code: str
) -> None:
    measure, form = measure_with_form()
    if isinstance(body.get("answers"), dict):
        body = {
            "answers": {
                key.format(**{k: v.pk for k, v in form.items()}): value
                for key, value in body["answers"].items()
            }
        }
    response = put(login(resident), measure.pk, body)
    assert response.status_code == 422
    assert response.json()["code"] == code
    assert response.json()["message"]
    assert not Application.objects.exists()


def test_a_file_of_the_wrong_type_answers_422(resident: User, login: Login) -> None:
    measure, form = measure_with_form()
    draft = check_save_draft(resident, measure, {}, {})
    fake = SimpleUploadedFile("plan.png", b"not an image")
    response = login(resident).post(
        f"/api/v1/support/applications/{draft.pk}/files/{form['plan'].pk}", {"file": fake}
    )
    assert response.status_code == 422
    assert response.json()["code"] == "file_not_image"
    assert "Бизнес-план" in response.json()["message"]
    assert not draft.files.exists()


def test_state_conflicts_answer_409(resident: User, producer: User, login: Login) -> None:
    today = timezone.localdate()
    closed = make_measure(opens=today - timedelta(days=30), deadline=today - timedelta(days=1))
    response = put(login(resident), closed.pk, {})
    assert (response.status_code, response.json()["code"]) == (409, "deadline_passed")
    measure, form = measure_with_form(places=1)
    sent_application(producer, measure, form)
    draft = check_save_draft(resident, measure, full_answers(form), {form["plan"].pk: pdf()})
    client = login(resident)
    response = client.post(f"/api/v1/support/applications/{draft.pk}/submit")
    assert (response.status_code, response.json()["code"]) == (409, "no_places_left")
    mine = Application.objects.get(member=producer.member)
    Application.objects.filter(pk=mine.pk).update(status="under_review")
    response = login(producer).post(f"/api/v1/support/applications/{mine.pk}/withdraw")
    assert (response.status_code, response.json()["code"]) == (409, "review_started")
    response = put(login(producer), measure.pk, {"answers": {}})
    assert (response.status_code, response.json()["code"]) == (409, "already_sent")
    assert Application.objects.get(pk=mine.pk).status == "under_review"


def test_who_may_use_the_endpoints(
    resident: User, producer: User, client_user: User, curator: User, login: Login
) -> None:
    measure, _form = measure_with_form(rules={"min_jobs": 5})
    response = put(login(client_user), measure.pk, {})
    assert (response.status_code, response.json()["code"]) == (403, "not_a_member")
    response = put(login(resident), measure.pk, {})
    assert (response.status_code, response.json()["code"]) == (403, "not_eligible")
    assert "рабочих мест" in response.json()["message"]
    assert put(login(resident), 999999, {}).status_code == 404
    assert login(None).get("/api/v1/support/applications").status_code == 401
    assert login(client_user).get("/api/v1/support/applications").status_code == 403
    open_measure, open_form = measure_with_form()
    draft = check_save_draft(resident, open_measure, {}, {})
    # Another member and a curator do not see a draft; nobody but the applicant acts on it.
    for user in (producer, curator):
        client = login(user)
        assert client.get(f"/api/v1/support/applications/{draft.pk}").status_code == 404
        assert client.post(f"/api/v1/support/applications/{draft.pk}/submit").status_code in (
            403,
            404,
        )
    sent = sent_application(resident, open_measure, open_form)
    assert login(curator).get(f"/api/v1/support/applications/{sent.pk}").status_code == 200
    response = login(curator).post(f"/api/v1/support/applications/{sent.pk}/withdraw")
    assert response.status_code == 403  # a curator is no member
    response = login(producer).post(f"/api/v1/support/applications/{sent.pk}/withdraw")
    assert response.status_code == 404
    assert Application.objects.get(pk=sent.pk).status == "submitted"


@pytest.mark.parametrize("count", [1, 20])
def test_my_applications_list_runs_constant_queries(
    count: int, resident: User, login: Login, django_assert_num_queries: Any
) -> None:
    for _number in range(count):
        check_save_draft(resident, make_measure(), {}, {})
    client = login(resident)
    # session, user, member, the page of applications with their measures
    with django_assert_num_queries(4):
        response = client.get("/api/v1/support/applications")
    body = response.json()
    assert response.status_code == 200
    assert len(body["results"]) == count
    assert body["has_next"] is False
    assert body["results"][0]["status"] == "draft"
    response = client.get("/api/v1/support/applications", {"page": 2})
    assert (response.status_code, response.json()["code"]) == (404, "page_not_found")


def test_responses_match_the_schema(resident: User, client: Client, login: Login) -> None:
    measure, form = measure_with_form()
    sent_application(resident, measure, form)
    schema = client.get("/api/v1/openapi.json").json()["components"]["schemas"]
    body = login(resident).get("/api/v1/support/applications").json()
    assert set(body) == set(schema["SupportApplicationPageOut"]["properties"])
    assert set(body["results"][0]) == set(schema["SupportApplicationOut"]["properties"])
    detail = login(resident).get(f"/api/v1/support/applications/{body['results'][0]['id']}")
    assert set(detail.json()) == set(schema["SupportApplicationDetailOut"]["properties"])
    assert set(detail.json()["answers"][0]) == set(schema["SupportAnswerOut"]["properties"])
