"""The results query layer: figures counted by the database, in a fixed number of queries."""

from __future__ import annotations

from datetime import date
from typing import Any

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from core.models import Industry, Town
from members.models import User
from surveys import results
from surveys.models import BankQuestion, QuestionKind, ResponseStatus
from surveys.tests.results_factories import (
    add_question,
    invite,
    make_survey,
    needs_question,
    obstacle_question,
    respond,
)

pytestmark = pytest.mark.django_db


@pytest.fixture
def towns(reference_data: None) -> list[Town]:
    return [Town.objects.get(slug=s) for s in ("kirovsk", "monchegorsk", "apatity")]


@pytest.fixture
def industries(reference_data: None) -> list[Industry]:
    return list(Industry.objects.order_by("id")[:2])


def _fill(survey: Any, towns: list[Town], industries: list[Industry], n: int) -> dict[str, Any]:
    needs = needs_question(survey, position=1)
    obstacle = obstacle_question(survey, position=2)
    scale = add_question(survey, QuestionKind.SCALE, scale_min=1, scale_max=5, position=3)
    text = add_question(survey, QuestionKind.LONG_TEXT, position=4)
    for i in range(n):
        respond(
            survey,
            {
                needs: ["premises", "sales"] if i % 2 else ["training"],
                obstacle: "no_sales" if i % 3 else "no_money",
                scale: 1 + i % 5,
                text: f"Текст {i}",
            },
            town=towns[i % 3],
            industries=industries[: 1 + i % 2],
            roles=("resident", "producer") if i % 4 == 0 else ("resident",),
        )
    return {"needs": needs, "obstacle": obstacle, "scale": scale, "text": text}


def test_it_counts_sent_responses_by_option(towns: list[Town]) -> None:
    survey = make_survey()
    needs = needs_question(survey)
    obstacle = obstacle_question(survey)
    number = add_question(survey, QuestionKind.NUMBER)
    respond(survey, {needs: ["premises", "sales"], obstacle: "no_sales", number: 10}, town=towns[0])
    respond(survey, {needs: ["premises", ("other", "Склад")], obstacle: "no_money", number: 30})
    respond(survey, {needs: ["training"]}, town=towns[1])
    # A draft is not counted.
    respond(survey, {needs: ["training"]}, status=ResponseStatus.DRAFT)
    figures = results.survey_results(survey)
    by_id = {q.question.pk: q for q in figures.questions}
    assert figures.responses == 3
    need = by_id[needs.pk].choice
    assert need is not None
    assert need.multiple
    assert [(o.value, o.count) for o in need.options] == [
        ("premises", 2),
        ("sales", 1),
        ("training", 1),
        ("other", 1),
    ]
    assert need.options[0].share == pytest.approx(2 / 3)
    assert by_id[needs.pk].texts == 1
    # Two answered the single choice: shares of them, not of all three.
    single = by_id[obstacle.pk].choice
    assert single is not None
    assert single.respondents == 2
    assert [o.share for o in single.options] == [0.5, 0.5]
    numbers = by_id[number.pk].numbers
    assert numbers is not None
    assert (numbers.mean, numbers.median, numbers.respondents) == (20, 20, 2)


def test_the_whole_survey_costs_the_same_queries_for_10_and_100_responses(
    towns: list[Town], industries: list[Industry]
) -> None:
    counts = []
    for n in (10, 100):
        survey = make_survey()
        _fill(survey, towns, industries, n)
        with CaptureQueriesContext(connection) as summary:
            results.survey_results(survey)
        with CaptureQueriesContext(connection) as by_town:
            results.breakdown(survey, "town")
        with CaptureQueriesContext(connection) as by_industry:
            results.breakdown(survey, "industry")
        with CaptureQueriesContext(connection) as by_role:
            results.breakdown(survey, "role")
        counts.append((len(summary), len(by_town), len(by_industry), len(by_role)))
    assert counts[0] == counts[1] == (8, 7, 7, 6)


def test_a_town_breakdown_counts_each_town_and_its_response_rate(towns: list[Town]) -> None:
    survey = make_survey()
    obstacle = obstacle_question(survey)
    people = [User.objects.create_user(f"p{i}@example.org") for i in range(3)]
    for person in people:
        from conftest import make_member

        make_member(person, towns[0], [])
    invite(survey, people)
    for value in ("no_sales", "no_sales", "no_money"):
        respond(survey, {obstacle: value}, town=towns[0])
    respond(survey, {obstacle: "no_money"}, town=None)
    figures = results.breakdown(survey, "town")
    assert [g.label for g in figures.groups] == ["Кировск", "Не указано"]
    assert [(r.responses, r.invited) for r in figures.rates] == [(3, 3), (1, 0)]
    assert figures.rates[0].rate == 1
    row = figures.questions[0].figures.rows
    assert [c.count for c in row[0].cells] == [2, 0]
    assert [c.count for c in row[1].cells] == [1, 1]
    assert not figures.overlapping


def test_an_anonymous_breakdown_hides_small_cells(towns: list[Town]) -> None:
    survey = make_survey(anonymous=True)
    obstacle = obstacle_question(survey)
    for value in ("no_sales", "no_sales", "no_sales", "no_money"):
        respond(survey, {obstacle: value}, town=towns[0])
    for value in ("no_sales", "no_sales", "no_money"):
        respond(survey, {obstacle: value}, town=towns[1])
    figures = results.breakdown(survey, "town")
    assert figures.hides_small_cells
    cells = figures.questions[0].figures.rows
    # Кировск: no_money 1 hidden, so no_sales 3 too (its column adds up to 4);
    # Мончегорск: no_money 1 hidden and no_sales 2 hidden: every line has two hidden.
    assert [[c.count for c in row.cells] for row in cells] == [[None, None], [None, None]]
    assert [c.count for c in figures.questions[0].figures.answered] == [4, 3]


def test_industries_and_roles_count_a_respondent_in_each_of_their_groups(
    towns: list[Town], industries: list[Industry]
) -> None:
    survey = make_survey()
    obstacle = obstacle_question(survey)
    respond(survey, {obstacle: "no_sales"}, industries=industries, roles=("resident", "producer"))
    respond(survey, {obstacle: "no_money"}, industries=industries[:1], roles=("partner",))
    by_industry = results.breakdown(survey, "industry")
    assert [g.key for g in by_industry.groups] == [str(i.pk) for i in industries]
    assert [c.count for c in by_industry.questions[0].figures.answered] == [2, 1]
    by_role = results.breakdown(survey, "role")
    assert [g.key for g in by_role.groups] == ["resident", "producer", "partner"]
    assert [c.count for c in by_role.questions[0].figures.rows[0].cells] == [1, 1, 0]
    assert by_role.overlapping


def test_a_bad_dimension_is_refused() -> None:
    with pytest.raises(ValueError, match="age"):
        results.breakdown(make_survey(), "age")  # type: ignore[arg-type]


def test_texts_are_searched_by_word_forms_and_paged(towns: list[Town]) -> None:
    survey = make_survey(anonymous=True)
    text = add_question(survey, QuestionKind.LONG_TEXT)
    respond(survey, {text: "Нужен гончарный круг и печь"})
    respond(survey, {text: "Ищем помещения для мастерской"})
    for i in range(25):
        respond(survey, {text: f"Ответ {i}"})
    found = results.question_texts(text, "помещение")
    assert [t.text for t in found.items] == ["Ищем помещения для мастерской"]
    assert found.matched == 1
    assert found.items[0].author == ""  # anonymous: nothing about who wrote it
    first = results.question_texts(text)
    assert len(first.items) == results.TEXTS_PER_PAGE
    assert first.has_next
    assert first.items[0].text == "Ответ 24"  # newest first
    last = results.question_texts(text, page=99)
    assert last.number == 2
    assert not last.has_next
    assert len(last.items) == 7


def test_named_texts_say_who_wrote_them(resident: User, towns: list[Town]) -> None:
    survey = make_survey()
    text = add_question(survey, QuestionKind.SHORT_TEXT)
    respond(survey, {text: "Нужна печь"}, user=resident, town=towns[0])
    page = results.question_texts(text)
    assert page.items[0].author == resident.member.display_name
    assert page.items[0].town == "Кировск"


def test_a_bank_question_compares_with_its_earlier_run() -> None:
    bank = BankQuestion.objects.create(code="obstacle", kind=QuestionKind.SINGLE, text="Мешает?")
    last_year = make_survey(opens_on=date(2025, 3, 1))
    older = make_survey(opens_on=date(2024, 3, 1))
    before = obstacle_question(last_year, bank=bank)
    obstacle_question(older, bank=bank)
    for value in ("no_sales", "no_money", "no_money", "no_money"):
        respond(last_year, {before: value})
    survey = make_survey(copied_from=last_year)
    now = obstacle_question(survey, bank=bank)
    unbanked = needs_question(survey)
    for value in ("no_sales", "no_sales", "no_money"):
        respond(survey, {now: value})
    comparison = results.compare_runs(now)
    assert comparison is not None
    assert comparison.earlier_survey == last_year
    assert [r.value for r in comparison.rows] == ["no_sales", "no_money"]
    assert [r.share for r in comparison.rows] == pytest.approx([2 / 3, 1 / 3])
    assert [r.earlier_share for r in comparison.rows] == [0.25, 0.75]
    assert results.compare_runs(unbanked) is None


def test_needs_by_town_puts_the_most_named_first(towns: list[Town]) -> None:
    survey = make_survey()
    needs = needs_question(survey)
    obstacle_question(survey)  # no needs among its options
    chosen: list[Any]
    for chosen in (["sales"], ["sales", "premises"], ["sales"]):
        respond(survey, {needs: chosen}, town=towns[0])
    for chosen in (["premises"], ["premises", ("other", "Склад")]):
        respond(survey, {needs: chosen}, town=towns[1])
    figures = results.needs_by_town(survey)
    assert [t.label for t in figures.towns] == ["Кировск", "Мончегорск"]
    # A tie keeps the question's order of options.
    assert [(r.value, r.total) for r in figures.rows] == [
        ("premises", 3),
        ("sales", 3),
        ("training", 0),
    ]
    premises = next(r for r in figures.rows if r.value == "premises")
    assert [(c.count, c.share) for c in premises.cells] == [(1, pytest.approx(1 / 3)), (2, 1.0)]
    assert [r.value for r in figures.top(1)] == ["premises"]
