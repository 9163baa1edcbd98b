"""The curators' results pages: figures, breakdown tabs, texts, needs per town, and the API."""

from __future__ import annotations

import re
from collections.abc import Callable
from datetime import date
from typing import Any

import pytest
from django.urls import reverse

from core.models import Industry, Town
from members.models import User
from surveys.models import BankQuestion, QuestionKind
from surveys.tests.results_factories import (
    add_question,
    make_survey,
    needs_question,
    obstacle_question,
    respond,
)

Login = Callable[..., Any]
pytestmark = pytest.mark.django_db


@pytest.fixture
def towns(reference_data: None) -> list[Town]:
    return [Town.objects.get(slug=s) for s in ("kirovsk", "monchegorsk", "apatity")]


def filled(towns: list[Town], n: int, *, anonymous: bool = True) -> Any:
    bank = BankQuestion.objects.create(code="obstacle", kind=QuestionKind.SINGLE, text="Мешает?")
    last_year = make_survey(opens_on=date(2025, 3, 1), anonymous=anonymous)
    before = obstacle_question(last_year, bank=bank)
    respond(last_year, {before: "no_money"})
    survey = make_survey(anonymous=anonymous, copied_from=last_year)
    needs = needs_question(survey, position=1)
    obstacle = obstacle_question(survey, position=2, bank=bank)
    scale = add_question(survey, QuestionKind.SCALE, "Польза?", scale_min=1, scale_max=5)
    text = add_question(survey, QuestionKind.LONG_TEXT, "Что ещё?", position=9)
    industry = Industry.objects.order_by("id").first()
    assert industry is not None
    for i in range(n):
        respond(
            survey,
            {
                needs: ["premises", "sales"] if i % 2 else ["training", ("other", f"Склад {i}")],
                obstacle: "no_sales" if i % 3 else "no_money",
                scale: 1 + i % 5,
                text: f"Нужна мастерская {i}",
            },
            town=towns[i % 3],
            industries=[industry],
        )
    return survey


def test_the_results_page_shows_each_question_with_a_chart_and_its_table(
    towns: list[Town], curator: User, login: Login
) -> None:
    survey = filled(towns, 12)
    html = login(curator).get(reverse("surveys:results", args=[survey.pk])).content.decode()
    assert 'data-test="responses">12<' in html
    assert html.count('data-test="question"') == 4
    assert html.count("<svg") >= 5  # 3 questions, the comparison, the breakdowns
    assert "<script" not in re.sub(r'<script src="/static/[^"]+" defer></script>', "", html)
    assert "Помещение" in html
    assert 'role="img" aria-label="Что нужно вашему бизнесу?"' in html
    assert 'data-test="mean-median"' in html
    assert 'data-test="comparison"' in html
    # The anonymous survey says what it hides, and the town breakdown is there by default.
    assert 'data-test="anonymous-note"' in html
    assert 'data-by="town"' in html
    assert "Кировск" in html


def test_the_tabs_swap_the_breakdown_by_htmx(
    towns: list[Town], curator: User, login: Login
) -> None:
    survey = filled(towns, 9)
    client = login(curator)
    url = reverse("surveys:results_breakdown", args=[survey.pk])
    partial = client.get(url, {"by": "role"}, HTTP_HX_REQUEST="true").content.decode()
    assert 'data-by="role"' in partial
    assert "<html" not in partial
    assert "Резиденты" in partial
    industry = client.get(url, {"by": "industry"}).content.decode()
    assert "учтён в каждой из них" in industry
    # An unknown dimension falls back to towns.
    assert 'data-by="town"' in client.get(url, {"by": "age"}).content.decode()


def test_an_anonymous_survey_hides_small_cells_on_the_page(
    towns: list[Town], curator: User, login: Login
) -> None:
    survey = filled(towns, 4)  # Кировск 2, Мончегорск 1, Апатиты 1
    html = login(curator).get(reverse("surveys:results", args=[survey.pk])).content.decode()
    assert 'data-reason="small"' in html


@pytest.mark.parametrize("n", [10, 100])
def test_the_results_page_costs_the_same_queries_for_10_and_100_responses(
    n: int, towns: list[Town], curator: User, login: Login, django_assert_num_queries: Any
) -> None:
    survey = filled(towns, n)
    client = login(curator)
    url = reverse("surveys:results", args=[survey.pk])
    # session, user (2); the survey (1); the stamp: questions, responses, invitations (3);
    # the whole survey: sections, responses, invitations, respondents per question, option
    # counts, number counts, text counts (7); the earlier runs (1) and both runs'
    # respondents, options, numbers, texts (4); by town: options, respondents, numbers per
    # town, responses and invitations per town, the towns (6); unread notifications,
    # cluster settings (2).
    with django_assert_num_queries(26):
        client.get(url)
    # Counted once, kept while the stamp holds: session, user, survey, stamp, base page.
    with django_assert_num_queries(8):
        html = client.get(url).content.decode()
    assert f'data-test="responses">{n}<' in html


def test_a_new_response_is_counted_at_the_next_view(
    towns: list[Town], curator: User, login: Login
) -> None:
    survey = filled(towns, 3)
    client = login(curator)
    url = reverse("surveys:results", args=[survey.pk])
    assert 'data-test="responses">3<' in client.get(url).content.decode()
    respond(survey, {survey.questions.get(kind=QuestionKind.SINGLE): "no_sales"})
    html = client.get(url).content.decode()
    assert 'data-test="responses">4<' in html
    assert 'data-test="counted-at"' in html
    # A breakdown tab too.
    tab = client.get(reverse("surveys:results_breakdown", args=[survey.pk]), {"by": "role"})
    assert "Резиденты" in tab.content.decode()


@pytest.mark.parametrize("n", [10, 100])
def test_the_texts_page_costs_the_same_queries_for_10_and_100_texts(
    n: int, towns: list[Town], curator: User, login: Login, django_assert_num_queries: Any
) -> None:
    survey = filled(towns, n)
    question = survey.questions.get(kind=QuestionKind.LONG_TEXT)
    client = login(curator)
    url = reverse("surveys:results_texts", args=[survey.pk, question.pk])
    # session, user (2); the survey, the question (2); a page of texts (1); unread
    # notifications, cluster settings (2).
    with django_assert_num_queries(7):
        html = client.get(url).content.decode()
    assert html.count('data-test="text"') == min(n, 20)


def test_texts_are_searched_by_word_forms_and_paged(
    towns: list[Town], curator: User, login: Login
) -> None:
    survey = filled(towns, 25)
    question = survey.questions.get(kind=QuestionKind.LONG_TEXT)
    client = login(curator)
    url = reverse("surveys:results_texts", args=[survey.pk, question.pk])
    html = client.get(url, {"q": "мастерские 7"}).content.decode()
    assert html.count('data-test="text"') == 1
    assert "Нужна мастерская 7" in html
    assert 'data-test="matched"' in html
    second = client.get(url, {"page": "2"}).content.decode()
    assert second.count('data-test="text"') == 5
    partial = client.get(url, {"q": "нет такого"}, HTTP_HX_REQUEST="true", HTTP_HX_TARGET="texts")
    assert 'data-test="no-texts"' in partial.content.decode()
    assert "<html" not in partial.content.decode()
    other = survey.questions.get(kind=QuestionKind.MULTIPLE)
    others = client.get(reverse("surveys:results_texts", args=[survey.pk, other.pk]))
    assert "Склад 0" in others.content.decode()


def test_a_question_without_texts_has_no_texts_page(
    towns: list[Town], curator: User, login: Login
) -> None:
    survey = filled(towns, 3)
    scale = survey.questions.get(kind=QuestionKind.SCALE)
    response = login(curator).get(reverse("surveys:results_texts", args=[survey.pk, scale.pk]))
    assert response.status_code == 404
    assert 'data-test="no-texts"' in response.content.decode()
    other_survey = make_survey()
    wrong = reverse("surveys:results_texts", args=[other_survey.pk, scale.pk])
    assert login(curator).get(wrong).status_code == 404


def test_needs_by_town_lists_the_most_named_needs_of_each_town(
    towns: list[Town], curator: User, login: Login
) -> None:
    survey = filled(towns, 18, anonymous=False)
    html = login(curator).get(reverse("surveys:needs_by_town", args=[survey.pk])).content.decode()
    assert html.count('data-test="town-top"') == 3
    assert 'data-value="premises"' in html
    empty = make_survey()
    page = login(curator).get(reverse("surveys:needs_by_town", args=[empty.pk])).content.decode()
    assert 'data-test="no-needs"' in page


@pytest.mark.parametrize("role", ["resident", "producer", "partner", "client", "outsider"])
def test_only_curators_see_results(
    role: str, towns: list[Town], cast: dict[str, User], login: Login
) -> None:
    survey = filled(towns, 3)
    client = login(cast[role])
    assert client.get(reverse("surveys:results", args=[survey.pk])).status_code == 404
    api = client.get(f"/api/v1/surveys/{survey.pk}/results")
    assert api.status_code == 404
    assert api.json()["code"] == "not_found"


def test_anonymous_people_are_sent_to_log_in(towns: list[Town], login: Login) -> None:
    survey = filled(towns, 1)
    response = login(None).get(reverse("surveys:results", args=[survey.pk]))
    assert response.status_code == 302
    assert "login" in response["Location"]


def test_the_api_gives_the_figures_to_curators(
    towns: list[Town], curator: User, login: Login
) -> None:
    survey = filled(towns, 6)
    client = login(curator)
    body = client.get(f"/api/v1/surveys/{survey.pk}/results").json()
    assert body["responses"] == 6
    assert body["anonymous"] is True
    needs = next(q for q in body["questions"] if q["kind"] == "multiple")
    assert needs["multiple"] is True
    assert {o["value"]: o["count"] for o in needs["options"]}["premises"] == 3
    assert needs["texts"] == 3
    scale = next(q for q in body["questions"] if q["kind"] == "scale")
    assert scale["mean"] == pytest.approx(16 / 6)  # 1 2 3 4 5 1
    assert [b["count"] for b in scale["bins"]] == [2, 1, 1, 1, 1]
    by_town = client.get(f"/api/v1/surveys/{survey.pk}/results/breakdown?by=town").json()
    assert [g["label"] for g in by_town["groups"]] == ["Апатиты", "Кировск", "Мончегорск"]
    assert by_town["small_cells_hidden"] is True
    obstacle = next(q for q in by_town["questions"] if q["kind"] == "single")
    assert {c["hidden"] for c in obstacle["rows"][0]["cells"]} <= {None, "small", "complement"}
    assert client.get(f"/api/v1/surveys/{survey.pk}/results/breakdown?by=role").json()[
        "overlapping"
    ]


def test_the_api_refuses_a_bad_breakdown_and_a_missing_survey(
    towns: list[Town], curator: User, login: Login
) -> None:
    survey = filled(towns, 1)
    client = login(curator)
    bad = client.get(f"/api/v1/surveys/{survey.pk}/results/breakdown?by=age")
    assert bad.status_code == 422
    assert bad.json()["code"] == "invalid_dimension"
    assert client.get("/api/v1/surveys/999999/results").status_code == 404
