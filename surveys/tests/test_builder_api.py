"""The builder's API: who may use it, what it creates and changes, what it refuses and how."""

from __future__ import annotations

from collections.abc import Callable
from datetime import timedelta
from typing import Any

import pytest
from django.utils import timezone

from members.models import User
from surveys.models import BankQuestion, Invitation, Question, Survey
from surveys.tests.factories import add_question, add_response, make_survey, ready_survey

pytestmark = pytest.mark.django_db
Login = Callable[..., Any]
JSON = "application/json"
TODAY = timezone.localdate()
DATES = {"opens_on": str(TODAY), "closes_on": str(TODAY + timedelta(days=14))}


def props(client: Any, name: str) -> set[str]:
    schema = client.get("/api/v1/openapi.json").json()
    return set(schema["components"]["schemas"][name]["properties"])


def patch(client: Any, path: str, body: dict[str, Any]) -> Any:
    return client.patch(path, body, content_type=JSON)


def post(client: Any, path: str, body: dict[str, Any] | None = None) -> Any:
    return client.post(path, body or {}, content_type=JSON)


@pytest.mark.parametrize("role", ["outsider", "client", "partner", "resident", "producer"])
def test_only_curators_use_it(role: str, cast: dict[str, User], login: Login) -> None:
    survey = make_survey(cast["curator"])
    question = add_question(survey, "yes_no")
    client = login(cast[role])
    for path in ("/api/v1/surveys", "/api/v1/survey-bank"):
        answer = client.get(path)
        assert answer.status_code == 403
        assert answer.json()["code"] == "not_allowed"
    assert post(client, "/api/v1/surveys", {"start": "ready", **DATES}).status_code == 403
    base = f"/api/v1/surveys/{survey.pk}"
    assert client.get(base).status_code == 404
    assert patch(client, base, {"title": "Взлом"}).status_code == 404
    assert post(client, f"{base}/publish").status_code == 404
    assert client.get(f"{base}/questions").status_code == 404
    assert post(client, f"{base}/questions", {"kind": "yes_no", "text": "?"}).status_code == 404
    assert patch(client, f"{base}/questions/{question.pk}", {"text": "!"}).status_code == 404
    assert client.delete(f"{base}/questions/{question.pk}").status_code == 404
    assert login(None).get("/api/v1/surveys").status_code == 401
    survey.refresh_from_db()
    assert survey.title != "Взлом"
    assert Survey.objects.count() == 1


def test_a_curator_builds_targets_and_publishes(
    curator: User,
    resident: User,
    producer: User,
    town: Any,
    login: Login,
    django_capture_on_commit_callbacks: Any,
) -> None:
    client = login(curator)
    created = post(client, "/api/v1/surveys", {"start": "blank", "title": "Итоги", **DATES})
    assert created.status_code == 201
    body = created.json()
    assert set(body) == props(client, "SurveyDetailOut")
    assert body["state"] == "draft"
    base = f"/api/v1/surveys/{body['id']}"
    question = post(
        client,
        f"{base}/questions",
        {
            "kind": "multiple",
            "text": "Что нужно?",
            "options": [{"label": "Помещение", "need": "premises"}, {"label": "Обучение"}],
            "allows_other": True,
        },
    )
    assert question.status_code == 201
    assert [o["value"] for o in question.json()["options"]] == ["pomeschenie", "obuchenie"]
    assert set(question.json()) == props(client, "SurveyQuestionOut")
    follow = post(
        client,
        f"{base}/questions",
        {
            "kind": "number",
            "text": "Сколько метров?",
            "scale_min": 1,
            "show_if_id": question.json()["id"],
            "show_if_value": "pomeschenie",
        },
    )
    assert follow.status_code == 201
    targeted = patch(client, base, {"roles": ["resident"], "towns": [town.slug]})
    assert targeted.json()["targeting"] == {
        "roles": ["resident"],
        "towns": [town.slug],
        "industries": [],
        "members": [],
        "targeted": 1,
    }
    with django_capture_on_commit_callbacks(execute=True):
        published = post(client, f"{base}/publish")
    assert published.json()["state"] == "open"
    assert client.get(base).json()["invited"] == 1  # sent on commit
    assert Invitation.objects.get().user == resident
    again = post(client, f"{base}/publish")
    assert again.status_code == 409
    assert again.json()["code"] == "already_published"


def test_copies_keep_their_bank_links(curator: User, login: Login) -> None:
    client = login(curator)
    ready = post(client, "/api/v1/surveys", {"start": "ready", **DATES}).json()
    assert ready["title"] == "Что нужно вашему творческому бизнесу от кластера?"
    copy = post(client, "/api/v1/surveys", {"start": "copy", "copy_of": ready["id"], **DATES})
    assert copy.json()["copied_from_id"] == ready["id"]
    banks = lambda pk: [  # noqa: E731
        q["bank_question_id"] for q in client.get(f"/api/v1/surveys/{pk}/questions").json()
    ]
    assert banks(copy.json()["id"]) == banks(ready["id"])
    assert None not in banks(ready["id"])
    wrong = post(client, "/api/v1/surveys", {"start": "copy", "copy_of": 999999, **DATES})
    assert wrong.status_code == 404


def test_bad_input_is_refused_with_a_code_and_nothing_changes(
    curator: User, resident: User, login: Login
) -> None:
    client = login(curator)
    survey = make_survey(curator, status="published", target_roles=["resident"])
    question = add_question(survey, "single", text="Что нужно?")
    Invitation.objects.create(survey=survey, user=resident)
    add_response(survey, resident)
    base = f"/api/v1/surveys/{survey.pk}"
    cases: list[tuple[Any, str, dict[str, Any], int, str]] = [
        (patch, base, {"closes_on": str(TODAY - timedelta(days=30))}, 422, "closes_before_opening"),
        (patch, base, {"is_anonymous": True}, 409, "anonymity_locked"),
        (patch, base, {"roles": ["partner"]}, 409, "narrowed"),
        (patch, base, {"towns": ["atlantis"]}, 422, "unknown_town"),
        (patch, f"{base}/questions/{question.pk}", {"kind": "yes_no"}, 409, "kind_locked"),
        (patch, f"{base}/questions/{question.pk}", {"text": "Иначе?"}, 409, "text_locked"),
        (
            patch,
            f"{base}/questions/{question.pk}",
            {"options": [{"label": "Да, конечно", "value": "o1"}, {"label": "Иное"}]},
            409,
            "option_removed",
        ),
        (
            post,
            f"{base}/questions",
            {"kind": "scale", "text": "Оценка", "scale_min": 1, "scale_max": 7},
            422,
            "scale",
        ),
        (
            post,
            f"{base}/questions",
            {"kind": "yes_no", "text": "Ещё?", "required": True},
            409,
            "required_after_answers",
        ),
        (
            post,
            f"{base}/questions",
            {"kind": "single", "text": "Ещё?", "options": [{"label": "А"}, {"label": "а"}]},
            422,
            "duplicate_option",
        ),
        (post, "/api/v1/surveys", {"start": "never", **DATES}, 422, "unknown_start"),
    ]
    for call, path, body, status, code in cases:
        answer = call(client, path, body)
        assert (answer.status_code, answer.json()["code"]) == (status, code), path
    deleted = client.delete(f"{base}/questions/{question.pk}")
    assert deleted.status_code == 409
    assert deleted.json()["code"] == "answered"
    survey.refresh_from_db()
    question.refresh_from_db()
    assert (survey.closes_on, survey.is_anonymous, survey.target_roles) == (
        TODAY + timedelta(days=14),
        False,
        ["resident"],
    )
    assert question.text == "Что нужно?"
    assert [c["value"] for c in question.choices] == ["o1", "o2"]
    assert survey.questions.count() == 1


def test_with_answers_additions_go_through(curator: User, resident: User, login: Login) -> None:
    client = login(curator)
    survey = make_survey(curator, status="published")
    question = add_question(survey, "single")
    add_response(survey, resident)
    grown = patch(
        client,
        f"/api/v1/surveys/{survey.pk}/questions/{question.pk}",
        {
            "help_text": "Выберите одно",
            "options": [
                {"label": "Да, очень", "value": "o1"},
                {"label": "Нет", "value": "o2"},
                {"label": "Не знаю"},
            ],
        },
    )
    assert grown.status_code == 200
    assert [o["value"] for o in grown.json()["options"]] == ["o1", "o2", "ne_znayu"]
    assert grown.json()["help_text"] == "Выберите одно"


def test_a_draft_question_is_deleted(curator: User, login: Login) -> None:
    survey = make_survey(curator)
    question = add_question(survey, "yes_no")
    answer = login(curator).delete(f"/api/v1/surveys/{survey.pk}/questions/{question.pk}")
    assert answer.status_code == 204
    assert not Question.objects.exists()


def test_the_bank_is_searched_and_paged(curator: User, login: Login) -> None:
    ready_survey(curator)
    client = login(curator)
    found = client.get("/api/v1/survey-bank", {"q": "НАНИМАТЬ"}).json()
    assert [b["code"] for b in found["results"]] == ["plans-to-hire"]
    assert set(found["results"][0]) == props(client, "SurveyBankQuestionOut")
    assert client.get("/api/v1/survey-bank", {"page": 2}).status_code == 404
    survey = make_survey(curator)
    bank = BankQuestion.objects.get(code="needs-by-kind")
    added = post(client, f"/api/v1/surveys/{survey.pk}/questions", {"bank_question_id": bank.pk})
    assert added.json()["bank_question_id"] == bank.pk
    assert added.json()["options"][0]["value"] == "premises"


@pytest.mark.parametrize("n", [3, 30])
def test_the_lists_run_constant_queries(
    n: int, curator: User, resident: User, login: Login, django_assert_num_queries: Any
) -> None:
    survey = ready_survey(curator)
    for _ in range(n):
        other = make_survey(curator, status="published")
        Invitation.objects.create(survey=other, user=resident, answered=True)
        add_question(survey, "short_text")
        BankQuestion.objects.create(code=f"q-{other.pk}", kind="yes_no", text=f"Вопрос {other.pk}")
    client = login(curator)
    # session, user (2); the page of surveys with their three counts in subqueries (1).
    with django_assert_num_queries(3):
        surveys = client.get("/api/v1/surveys")
    assert len(surveys.json()["results"]) == n + 1
    assert set(surveys.json()["results"][0]) == props(client, "SurveyOut")
    # session, user (2); the survey (1); its questions (1).
    with django_assert_num_queries(4):
        questions = client.get(f"/api/v1/surveys/{survey.pk}/questions")
    assert len(questions.json()) == 9 + n
    # session, user (2); the bank, searched in Python (1).
    with django_assert_num_queries(3):
        bank = client.get("/api/v1/survey-bank")
    assert len(bank.json()["results"]) == 9 + n
