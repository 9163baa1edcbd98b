"""My surveys: the open ones to answer with their closing date and my progress, the sent ones
with until when they can change, the closed ones; in constant queries."""

from __future__ import annotations

from collections.abc import Callable
from datetime import timedelta
from typing import Any

import pytest
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from members.models import User
from surveys.logic import Raw
from surveys.models import SurveyStatus
from surveys.services import check_save_answers, check_submit_response
from surveys.tests.answering_factories import invite, plain_survey, questions_by_code, ready_survey

pytestmark = pytest.mark.django_db
URL = reverse("surveys:mine")


def test_my_surveys_shows_each_group_with_dates_and_progress(
    resident: User, login: Callable[[User | None], Client]
) -> None:
    today = timezone.localdate()
    fresh = ready_survey(title="Новый опрос")
    started = ready_survey(title="Начатый опрос")
    sent = ready_survey(title="Отправленный опрос", is_anonymous=True)
    soon = ready_survey(title="Будущий опрос", opens_on=today + timedelta(days=2))
    closed = ready_survey(
        title="Закрытый опрос",
        opens_on=today - timedelta(days=30),
        closes_on=today - timedelta(days=1),
    )
    draft = ready_survey(title="Черновик куратора", status=SurveyStatus.DRAFT)
    ready_survey(title="Чужой опрос")
    for survey in (fresh, started, sent, soon, closed, draft):
        invite(survey, resident)
    q = questions_by_code(started)
    check_save_answers(resident, started, {q["main-obstacle"].pk: Raw(("no_money",))})
    q = questions_by_code(sent)
    check_save_answers(
        resident,
        sent,
        {
            q["needs-by-kind"].pk: Raw(("equipment",)),
            q["main-obstacle"].pk: Raw(("no_time",)),
            q["plans-to-hire"].pk: Raw(("no",)),
        },
    )
    check_submit_response(resident, sent)

    page = login(resident).get(URL).content.decode()
    for title in ("Новый опрос", "Начатый опрос", "Отправленный опрос", "Будущий опрос"):
        assert title in page
    assert "Закрытый опрос" in page
    assert "Черновик куратора" not in page
    assert "Чужой опрос" not in page
    assert "Отвечено на 1 вопрос из 9" in page
    assert "Отправлен анонимно; ответы изменить нельзя." in page
    assert page.index("Новый опрос") < page.index("Отправленный опрос") < page.index("Закрытый")
    assert f"Ответить до {fresh.closes_on.day}" in page


def test_someone_with_no_survey_is_told_so(
    outsider: User, login: Callable[[User | None], Client]
) -> None:
    page = login(outsider).get(URL).content.decode()
    assert 'data-test="no-surveys"' in page


@pytest.mark.parametrize("questions", [10, 40])
def test_my_surveys_runs_constant_queries(
    questions: int,
    resident: User,
    login: Callable[[User | None], Client],
    django_assert_num_queries: Any,
) -> None:
    for n in range(3):
        survey = plain_survey(questions, title=f"Опрос {n}")
        invite(survey, resident)
        check_save_answers(resident, survey, {survey.questions.first().pk: Raw(("a",))})  # type: ignore[union-attr]
    client = login(resident)
    client.get(URL)
    # session, user, notifications, cluster settings, invitations with surveys and
    # question counts, responses with answer counts ("surveys:mine")
    with django_assert_num_queries(6):
        response = client.get(URL)
    assert response.content.decode().count('data-test="survey"') == 3


def test_the_api_lists_my_surveys(resident: User, login: Callable[[User | None], Client]) -> None:
    survey = ready_survey()
    invite(survey, resident)
    ready_survey(title="Чужой")
    rows = login(resident).get("/api/v1/me/surveys").json()
    assert rows == [
        {
            "survey_id": survey.pk,
            "title": survey.title,
            "is_anonymous": False,
            "opens_on": survey.opens_on.isoformat(),
            "closes_on": survey.closes_on.isoformat(),
            "state": "new",
            "sent": False,
            "answered_questions": 0,
            "questions": 9,
            "editable": True,
        }
    ]
    assert login(None).get("/api/v1/me/surveys").status_code == 401
