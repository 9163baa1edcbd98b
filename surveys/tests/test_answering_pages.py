"""The answer page: steps with a progress bar, saving as one goes, errors kept beside what was
typed, live skip logic, sending, the closed / upcoming / not-for-you pages, constant queries;
and the same rules through the API."""

from __future__ import annotations

from collections.abc import Callable
from datetime import timedelta
from typing import Any

import pytest
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from members.models import User
from resources.models import ResourceItem
from surveys.models import Answer, Response, ResponseStatus, Survey
from surveys.tests.answering_factories import invite, plain_survey, questions_by_code, ready_survey

pytestmark = pytest.mark.django_db
HTMX = {"HX-Request": "true"}


@pytest.fixture
def survey(resident: User) -> Survey:
    survey = ready_survey()
    invite(survey, resident)
    return survey


def url(survey: Survey, section: int | None = None) -> str:
    base = reverse("surveys:answer", args=[survey.pk])
    return base if section is None else f"{base}?section={section}"


def first_section(survey: Survey, **overrides: Any) -> dict[str, Any]:
    q = questions_by_code(survey)
    data: dict[str, Any] = {
        "section": "1",
        "action": "next",
        "shown": [q[c].pk for c in ("needs-by-kind", "main-obstacle", "cluster-usefulness")],
        f"q{q['needs-by-kind'].pk}": ["equipment"],
        f"q{q['main-obstacle'].pk}": "no_sales",
        f"q{q['cluster-usefulness'].pk}": "4",
    }
    data.update(overrides)
    return data


def test_the_first_step_shows_its_questions_and_progress(
    survey: Survey, login: Callable[[User | None], Client]
) -> None:
    page = login(survey.invitations.get().user).get(url(survey)).content.decode()
    assert "Раздел 1 из 3" in page
    assert '<progress class="w-100" max="3" value="1"' in page
    assert "Что нужно вашему бизнесу в этом году?" in page
    # The premises' area is asked only once premises are ticked.
    assert "Какая площадь помещения" not in page
    assert 'data-test="next"' in page
    assert 'data-test="back"' not in page
    assert "Ответы сохраняются на каждом шаге" in page


def test_next_saves_the_section_and_moves_on(
    survey: Survey, resident: User, login: Callable[[User | None], Client]
) -> None:
    response = login(resident).post(url(survey), first_section(survey))
    assert response.status_code == 302
    assert response["Location"] == url(survey, 2)
    saved = Response.objects.get(survey=survey, user=resident)
    assert saved.status == ResponseStatus.DRAFT
    assert Answer.objects.filter(response=saved).count() == 3
    page = login(resident).get(url(survey, 2)).content.decode()
    assert "Раздел 2 из 3" in page
    assert 'data-test="back"' in page


def test_a_wrong_answer_keeps_what_was_typed_and_saves_nothing(
    survey: Survey, resident: User, login: Callable[[User | None], Client]
) -> None:
    q = questions_by_code(survey)
    data = first_section(
        survey,
        **{
            f"q{q['needs-by-kind'].pk}": ["premises", "other"],
            f"q{q['needs-by-kind'].pk}_other": "Печь для обжига",
            "shown": [
                q[c].pk
                for c in (
                    "needs-by-kind",
                    "needs-premises-size",
                    "main-obstacle",
                    "cluster-usefulness",
                )
            ],
            f"q{q['needs-premises-size'].pk}": "сорок метров",
            f"q{q['cluster-usefulness'].pk}": "9",
        },
    )
    response = login(resident).post(url(survey), data)
    assert response.status_code == 422
    page = response.content.decode()
    assert "Введите число, например 12 или 3,5." in page
    assert "Введите число от 1 до 5." in page
    assert 'value="сорок метров"' in page
    assert 'value="Печь для обжига"' in page
    assert not Answer.objects.exists()


def test_a_required_question_left_empty_stops_next_but_keeps_the_rest(
    survey: Survey, resident: User, login: Callable[[User | None], Client]
) -> None:
    q = questions_by_code(survey)
    data = first_section(survey)
    del data[f"q{q['main-obstacle'].pk}"]
    response = login(resident).post(url(survey), data)
    assert response.status_code == 422
    page = response.content.decode()
    assert "Ответьте на обязательные вопросы, отмеченные ниже." in page
    assert page.count('data-test="error"') == 1
    assert Answer.objects.count() == 2  # saved all the same: nothing is lost


def test_a_question_opened_in_the_same_section_is_shown_before_moving_on(
    survey: Survey, resident: User, login: Callable[[User | None], Client]
) -> None:
    q = questions_by_code(survey)
    data = first_section(survey, **{f"q{q['needs-by-kind'].pk}": ["premises"]})
    response = login(resident).post(url(survey), data)
    assert response.status_code == 200
    page = response.content.decode()
    assert "Ваш ответ открыл ещё вопросы в этом разделе." in page
    assert "Какая площадь помещения вам нужна" in page
    assert 'inputmode="decimal"' in page


def test_the_htmx_refresh_shows_and_hides_questions_without_saving(
    survey: Survey, resident: User, login: Callable[[User | None], Client]
) -> None:
    q = questions_by_code(survey)
    endpoint = reverse("surveys:answer_questions", args=[survey.pk])
    client = login(resident)
    shown = first_section(survey, **{f"q{q['needs-by-kind'].pk}": ["premises"]})
    fragment = client.post(endpoint, shown, headers=HTMX).content.decode()
    assert "<html" not in fragment
    assert "Какая площадь помещения вам нужна" in fragment
    assert f'hx-post="{endpoint}"' in fragment  # on the question others depend on
    hidden = client.post(endpoint, first_section(survey), headers=HTMX).content.decode()
    assert "Какая площадь помещения" not in hidden
    assert not Response.objects.exists()


def test_sending_a_named_survey_with_consent_adds_the_needs(
    survey: Survey, resident: User, login: Callable[[User | None], Client]
) -> None:
    q = questions_by_code(survey)
    client = login(resident)
    client.post(url(survey), first_section(survey))
    client.post(
        url(survey),
        {
            "section": "2",
            "action": "next",
            "shown": [q["plans-to-hire"].pk],
            f"q{q['plans-to-hire'].pk}": "no",
        },
    )
    last = client.get(url(survey, 3)).content.decode()
    assert "Добавить названные потребности в мою карту ресурсов" in last
    assert "не удалятся" in last
    response = client.post(
        url(survey),
        {"section": "3", "action": "send", "shown": [q["free-text"].pk], "needs_consent": "on"},
    )
    assert response.status_code == 302
    sent = Response.objects.get(survey=survey, user=resident)
    assert sent.status == ResponseStatus.SUBMITTED
    assert ResourceItem.objects.filter(member=resident.member, type="equipment").exists()
    page = client.get(url(survey)).content.decode()
    assert "Вы отправили ответы" in page
    assert "Изменить ответы" in page
    assert "Отправить снова" in client.get(url(survey, 3)).content.decode()


def test_sending_with_a_required_answer_missing_goes_to_its_section(
    survey: Survey, resident: User, login: Callable[[User | None], Client]
) -> None:
    q = questions_by_code(survey)
    client = login(resident)
    client.post(url(survey), first_section(survey))
    response = client.post(
        url(survey), {"section": "3", "action": "send", "shown": [q["free-text"].pk]}
    )
    assert response.status_code == 302
    assert response["Location"] == url(survey, 2)
    page = client.get(response["Location"]).content.decode()
    assert "Перед отправкой ответьте на обязательный вопрос" in page
    assert Response.objects.get().status == ResponseStatus.DRAFT


def test_an_anonymous_survey_warns_before_sending_and_never_offers_needs(
    resident: User, login: Callable[[User | None], Client]
) -> None:
    survey = ready_survey(is_anonymous=True)
    invite(survey, resident)
    q = questions_by_code(survey)
    client = login(resident)
    first = client.get(url(survey)).content.decode()
    assert "После отправки изменить их нельзя" in first
    client.post(url(survey), first_section(survey))
    client.post(
        url(survey),
        {
            "section": "2",
            "action": "next",
            "shown": [q["plans-to-hire"].pk],
            f"q{q['plans-to-hire'].pk}": "no",
        },
    )
    last = client.get(url(survey, 3)).content.decode()
    assert "После отправки ответы изменить нельзя." in last
    assert "needs_consent" not in last
    sent = client.post(
        url(survey), {"section": "3", "action": "send", "shown": [], "needs_consent": "on"}
    )
    page = client.get(sent["Location"]).content.decode()
    assert 'data-test="state-sent-anonymous"' in page
    again = client.post(url(survey), first_section(survey))
    assert again.status_code == 409
    assert Response.objects.get().user is None


@pytest.mark.parametrize(
    ("opens", "closes", "says"),
    [(2, 9, "Опрос откроется"), (-9, -2, "Опрос закрыт")],
)
def test_a_survey_outside_its_dates_says_so(
    resident: User, login: Callable[[User | None], Client], opens: int, closes: int, says: str
) -> None:
    today = timezone.localdate()
    survey = ready_survey(
        opens_on=today + timedelta(days=opens), closes_on=today + timedelta(days=closes)
    )
    invite(survey, resident)
    client = login(resident)
    assert says in client.get(url(survey)).content.decode()
    response = client.post(url(survey), first_section(survey))
    assert response.status_code == 409
    assert not Answer.objects.exists()


def test_a_survey_not_sent_to_you_is_not_found_and_says_so(
    survey: Survey, producer: User, login: Callable[[User | None], Client]
) -> None:
    response = login(producer).get(url(survey))
    assert response.status_code == 404
    assert "Этот опрос не для вас" in response.content.decode()
    assert login(producer).post(url(survey), first_section(survey)).status_code == 404
    assert not Response.objects.exists()


@pytest.mark.parametrize("questions", [10, 40])
def test_the_answer_page_runs_constant_queries(
    questions: int,
    resident: User,
    login: Callable[[User | None], Client],
    django_assert_num_queries: Any,
) -> None:
    survey = plain_survey(questions, sections=2)
    invite(survey, resident)
    client = login(resident)
    client.post(
        url(survey),
        {"section": "1", "action": "next", "shown": [survey.questions.first().pk]},  # type: ignore[union-attr]
    )
    client.get(url(survey))
    # session, user, invitation with survey, response, sections, questions, answers,
    # member (needs offered?), notifications, cluster settings
    with django_assert_num_queries(10):
        response = client.get(url(survey))
    assert response.status_code == 200


# --- The API -----------------------------------------------------------------------------------


def test_the_api_gives_the_form_and_saves_and_sends_my_response(
    survey: Survey, resident: User, login: Callable[[User | None], Client]
) -> None:
    q = questions_by_code(survey)
    client = login(resident)
    form = client.get(f"/api/v1/surveys/{survey.pk}/form").json()
    assert [s["title"] for s in form["sections"]] == ["Потребности", "Планы", "Ваши слова"]
    area = form["sections"][0]["questions"][1]
    assert (area["id"], area["visible"], area["show_if"]) == (
        q["needs-premises-size"].pk,
        False,
        q["needs-by-kind"].pk,
    )
    assert form["response"]["status"] == "none"
    assert form["offers_needs"] is True
    path = f"/api/v1/surveys/{survey.pk}/my-response"
    body = {
        "answers": {
            str(q["needs-by-kind"].pk): ["premises", "other"],
            str(q["needs-premises-size"].pk): "3,5",
            str(q["main-obstacle"].pk): "no_time",
            str(q["plans-to-hire"].pk): True,
            str(q["hire-how-many"].pk): 2,
        },
        "other": {str(q["needs-by-kind"].pk): "Печь"},
    }
    saved = client.put(path, body, content_type="application/json")
    assert saved.status_code == 200, saved.json()
    mine = saved.json()
    assert mine["status"] == "draft"
    assert mine["answers"][str(q["needs-by-kind"].pk)] == ["premises", "other"]
    assert mine["answers"][str(q["needs-premises-size"].pk)] == 3.5
    assert mine["answers"][str(q["plans-to-hire"].pk)] == "yes"
    assert mine["other"] == {str(q["needs-by-kind"].pk): "Печь"}
    sent = client.post(f"{path}/submit", {"needs_consent": True}, content_type="application/json")
    assert sent.status_code == 200
    assert sent.json()["status"] == "sent"
    assert sent.json()["needs_consent"] is True
    assert client.get(path).json()["submitted_at"] is not None


def test_the_api_refuses_bad_answers_with_each_question_and_changes_nothing(
    survey: Survey, resident: User, login: Callable[[User | None], Client]
) -> None:
    q = questions_by_code(survey)
    client = login(resident)
    path = f"/api/v1/surveys/{survey.pk}/my-response"
    body = {
        "answers": {
            str(q["main-obstacle"].pk): ["no_time", "no_money"],
            str(q["cluster-usefulness"].pk): 11,
            str(q["free-text"].pk): {"x": 1},
            "abc": "x",
        }
    }
    refused = client.put(path, body, content_type="application/json")
    assert refused.status_code == 422
    error = refused.json()
    assert error["code"] == "invalid_answers"
    assert error["details"] == {
        str(q["main-obstacle"].pk): ["Выберите один вариант."],
        str(q["cluster-usefulness"].pk): ["Введите число от 1 до 5."],
        str(q["free-text"].pk): ["Ответ не того вида, который ждёт вопрос."],
        "-1": ["В опросе нет вопроса -1."],
    }
    missing = client.post(f"{path}/submit", {}, content_type="application/json")
    assert missing.status_code == 422
    assert missing.json()["code"] == "answers_missing"
    assert set(missing.json()["details"]) == {
        str(q["needs-by-kind"].pk),
        str(q["main-obstacle"].pk),
        str(q["plans-to-hire"].pk),
    }
    assert not Response.objects.exists()


def test_the_api_answers_not_found_closed_and_twice(
    resident: User, producer: User, login: Callable[[User | None], Client]
) -> None:
    today = timezone.localdate()
    closed = ready_survey(opens_on=today - timedelta(days=9), closes_on=today - timedelta(days=1))
    anonymous = ready_survey(is_anonymous=True)
    invite(closed, resident)
    invite(anonymous, resident)
    client = login(resident)
    body: dict[str, Any] = {"answers": {}}
    put = client.put(
        f"/api/v1/surveys/{closed.pk}/my-response", body, content_type="application/json"
    )
    assert (put.status_code, put.json()["code"]) == (409, "survey_closed")
    q = questions_by_code(anonymous)
    answers = {
        str(q["needs-by-kind"].pk): ["training"],
        str(q["main-obstacle"].pk): "no_time",
        str(q["plans-to-hire"].pk): "no",
    }
    path = f"/api/v1/surveys/{anonymous.pk}/my-response"
    client.put(path, {"answers": answers}, content_type="application/json")
    assert client.post(f"{path}/submit", {}, content_type="application/json").status_code == 200
    twice = client.post(f"{path}/submit", {}, content_type="application/json")
    assert (twice.status_code, twice.json()["code"]) == (409, "already_sent")
    after = client.get(path).json()
    assert (after["status"], after["answers"], after["editable"]) == ("sent", {}, False)
    other = login(producer)
    for answer in (
        other.get(f"/api/v1/surveys/{anonymous.pk}/form"),
        other.get(path),
        other.put(path, body, content_type="application/json"),
    ):
        assert (answer.status_code, answer.json()["code"]) == (404, "not_found")
