"""The pure rules of answering: skip logic, each kind's checks, required ones, stored rows."""

from __future__ import annotations

import math

import pytest
from hypothesis import given
from hypothesis import strategies as st

from surveys.logic import (
    LONG_TEXT_MAX,
    SHORT_TEXT_MAX,
    Choice,
    Problem,
    Raw,
    Row,
    Spec,
    apply_answers,
    clean_answer,
    group_rows,
    missing_required,
    needs_named,
    parse_number,
    parse_raw,
    visible_questions,
)

NEEDS = (
    Choice("premises", "Помещение", "premises"),
    Choice("equipment", "Оборудование", "equipment"),
    Choice("sales", "Каналы продаж", "sales_channel"),
)
needs = Spec(1, "multiple", required=True, choices=NEEDS, allows_other=True)
area = Spec(2, "number", scale_min=1, scale_max=10000, show_if=1, show_if_value="premises")
hire = Spec(3, "yes_no", required=True)
how_many = Spec(
    4, "number", required=True, scale_min=1, scale_max=100, show_if=3, show_if_value="yes"
)
# A chain: shown only when `how_many`'s question is shown and answered… by a choice below.
when = Spec(
    5,
    "single",
    required=True,
    choices=(Choice("soon", "Скоро"), Choice("later", "Позже")),
    show_if=3,
    show_if_value="yes",
)
why_soon = Spec(6, "long_text", required=True, show_if=5, show_if_value="soon")
SURVEY = [needs, area, hire, how_many, when, why_soon]


def raw(*values: str, other: str = "") -> Raw:
    return Raw(values, other)


def test_a_question_without_condition_is_always_shown() -> None:
    assert visible_questions(SURVEY, {}) == {1, 3}


def test_a_condition_shows_the_question_when_the_answer_includes_the_value() -> None:
    answers = {1: (Row(1, value="equipment"), Row(1, value="premises"))}
    assert 2 in visible_questions(SURVEY, answers)
    assert 2 not in visible_questions(SURVEY, {1: (Row(1, value="equipment"),)})


def test_a_chain_hides_everything_below_a_hidden_question() -> None:
    answered = {3: (Row(3, value="yes"),), 5: (Row(5, value="soon"),)}
    assert {4, 5, 6} <= visible_questions(SURVEY, answered)
    # "no" hides 4 and 5; 6 depends on 5, which still has its stored "soon", but is hidden.
    changed = {3: (Row(3, value="no"),), 5: (Row(5, value="soon"),)}
    assert visible_questions(SURVEY, changed) == {1, 3}


def test_a_condition_on_a_missing_or_circular_question_hides_it() -> None:
    orphan = Spec(7, "short_text", show_if=99, show_if_value="x")
    a = Spec(8, "single", choices=(Choice("x", "X"),), show_if=9, show_if_value="x")
    b = Spec(9, "single", choices=(Choice("x", "X"),), show_if=8, show_if_value="x")
    answers = {8: (Row(8, value="x"),), 9: (Row(9, value="x"),)}
    assert visible_questions([orphan, a, b], answers) == set()


def test_a_hidden_questions_answer_is_dropped_and_its_problem_ignored() -> None:
    stored = {1: (Row(1, value="premises"),), 2: (Row(2, number=40.0),)}
    outcome = apply_answers(SURVEY, stored, {1: raw("equipment"), 2: raw("много")})
    assert outcome.answers == {1: (Row(1, value="equipment"),)}
    assert outcome.problems == {}


def test_a_required_question_counts_only_while_shown() -> None:
    outcome = apply_answers(SURVEY, {}, {1: raw("sales"), 3: raw("no")})
    assert missing_required(SURVEY, outcome) == []
    outcome = apply_answers(SURVEY, {}, {1: raw("sales"), 3: raw("yes")})
    assert missing_required(SURVEY, outcome) == [4, 5]
    assert missing_required(SURVEY, outcome, among=[1, 2]) == []
    outcome = apply_answers(SURVEY, {}, {3: raw("yes"), 4: raw("2"), 5: raw("soon")})
    assert missing_required(SURVEY, outcome) == [1, 6]


def test_given_answers_replace_stored_ones_and_an_empty_one_clears() -> None:
    stored = group_rows([Row(1, value="premises"), Row(1, value="sales"), Row(3, value="yes")])
    outcome = apply_answers(SURVEY, stored, {1: raw("equipment"), 3: raw()})
    assert outcome.answers == {1: (Row(1, value="equipment"),)}


def test_an_unknown_question_is_a_problem() -> None:
    outcome = apply_answers(SURVEY, {}, {42: raw("x")})
    assert outcome.problems == {42: Problem("unknown_question")}


@pytest.mark.parametrize(
    ("spec", "given", "expected"),
    [
        (needs, raw("premises", "sales"), (Row(1, value="premises"), Row(1, value="sales"))),
        (needs, raw("premises", "premises"), (Row(1, value="premises"),)),
        (
            needs,
            raw("premises", other=" Печь "),
            (Row(1, value="premises"), Row(1, "other", text="Печь")),
        ),
        (needs, raw("other", other="Печь"), (Row(1, "other", text="Печь"),)),
        (needs, raw(), ()),
        (hire, raw("yes"), (Row(3, value="yes"),)),
        (when, raw("later"), (Row(5, value="later"),)),
        (area, raw("3,5"), (Row(2, number=3.5),)),
        (area, raw(" 1 500 "), (Row(2, number=1500.0),)),
        (area, raw(""), ()),
        (Spec(10, "scale", scale_min=0, scale_max=10), raw("0"), (Row(10, number=0.0),)),
        (Spec(10, "scale", scale_min=1, scale_max=5), raw("5"), (Row(10, number=5.0),)),
        (Spec(11, "short_text"), raw("  Гончарная  "), (Row(11, text="Гончарная"),)),
        (Spec(11, "short_text"), raw("   "), ()),
    ],
)
def test_fitting_answers_become_their_rows(
    spec: Spec, given: Raw, expected: tuple[Row, ...]
) -> None:
    assert clean_answer(spec, given) == expected


@pytest.mark.parametrize(
    ("spec", "given", "code"),
    [
        (needs, raw("castle"), "unknown_option"),
        (needs, raw("other"), "other_text_missing"),
        (needs, raw(other="x" * 301), "too_long"),
        (when, raw("soon", "later"), "one_value"),
        (when, raw("other", other="x"), "no_other"),
        (when, raw(other="x"), "no_other"),
        (hire, raw("maybe"), "unknown_option"),
        (hire, raw("other", other="x"), "no_other"),
        (area, raw("много"), "not_a_number"),
        (area, raw("1,5,5"), "not_a_number"),
        (area, raw("inf"), "not_a_number"),
        (area, raw("1e13"), "not_a_number"),
        (area, raw("0"), "out_of_range"),
        (area, raw("10000,5"), "out_of_range"),
        (area, raw("1", "2"), "one_value"),
        (Spec(10, "scale", scale_min=1, scale_max=5), raw("6"), "out_of_range"),
        (Spec(10, "scale", scale_min=1, scale_max=5), raw("2,5"), "not_a_whole_number"),
        (Spec(11, "short_text"), raw("я" * (SHORT_TEXT_MAX + 1)), "too_long"),
        (Spec(12, "long_text"), raw("я" * (LONG_TEXT_MAX + 1)), "too_long"),
        (Spec(11, "short_text"), raw("a", other="b"), "no_other"),
    ],
)
def test_answers_that_do_not_fit_say_why(spec: Spec, given: Raw, code: str) -> None:
    problem = clean_answer(spec, given)
    assert isinstance(problem, Problem)
    assert problem.code == code


def test_a_long_text_at_its_limit_fits() -> None:
    assert clean_answer(Spec(12, "long_text"), raw("я" * LONG_TEXT_MAX)) == (
        Row(12, text="я" * LONG_TEXT_MAX),
    )


def test_out_of_range_names_the_bounds() -> None:
    assert clean_answer(area, raw("0")) == Problem("out_of_range", {"min": 1, "max": 10000})


@pytest.mark.parametrize(
    ("given", "expected"),
    [
        (None, Raw()),
        ("premises", Raw(("premises",))),
        ("", Raw()),
        (3, Raw(("3",))),
        (3.5, Raw(("3.5",))),
        (True, Raw(("yes",))),
        (False, Raw(("no",))),
        (["a", "", "b"], Raw(("a", "b"))),
    ],
)
def test_json_values_are_read(given: object, expected: Raw) -> None:
    assert parse_raw(given) == expected


@pytest.mark.parametrize("given", [{"a": 1}, [1, 2], ["a", None]])
def test_other_json_values_are_the_wrong_type(given: object) -> None:
    assert parse_raw(given) == Problem("wrong_type")
    assert parse_raw("a", other=5) == Problem("wrong_type")


def test_a_wrong_type_given_is_a_problem_of_its_question() -> None:
    outcome = apply_answers(SURVEY, {}, {1: parse_raw({"x": 1})})
    assert outcome.problems == {1: Problem("wrong_type")}


def test_needs_named_are_the_options_with_a_need_and_the_other_text() -> None:
    answers = {
        1: (Row(1, value="premises"), Row(1, "other", text="Печь для обжига")),
        3: (Row(3, value="yes"),),
    }
    assert needs_named(SURVEY, answers) == [
        (1, "premises", "premises", "Помещение"),
        (1, "other", "other", "Печь для обжига"),
    ]


# --- Properties -------------------------------------------------------------------------------


@given(st.floats(allow_nan=True, allow_infinity=True))
def test_a_number_is_read_back_as_itself_or_refused(number: float) -> None:
    parsed = parse_number(repr(number))
    if math.isfinite(number):
        assert parsed == number
    else:
        assert parsed is None


@given(st.integers(min_value=-(10**6), max_value=10**6), st.integers(min_value=0, max_value=99))
def test_a_decimal_comma_reads_as_a_point(whole: int, cents: int) -> None:
    assert parse_number(f"{whole},{cents:02d}") == float(f"{whole}.{cents:02d}")


values = st.sampled_from(["premises", "equipment", "sales", "other", "castle", "", " "])


@given(st.lists(values, max_size=6), st.text(max_size=400))
def test_a_multiple_choice_stores_a_subset_of_its_options(picked: list[str], other: str) -> None:
    cleaned = clean_answer(needs, Raw(tuple(picked), other))
    if isinstance(cleaned, Problem):
        return
    stored = [row.value for row in cleaned]
    assert len(stored) == len(set(stored))
    assert set(stored) <= {"premises", "equipment", "sales", "other"}
    for row in cleaned:
        assert (row.text != "") == (row.value == "other")
        assert len(row.text) <= 300


answer_for = {
    1: st.lists(st.sampled_from(["premises", "equipment", "sales"]), max_size=3),
    2: st.sampled_from(["", "5", "50,5", "-1", "abc"]),
    3: st.sampled_from(["", "yes", "no"]),
    4: st.sampled_from(["", "1", "300"]),
    5: st.sampled_from(["", "soon", "later"]),
    6: st.text(max_size=20),
}


@given(st.fixed_dictionaries({qid: strategy for qid, strategy in answer_for.items()}))
def test_no_hidden_question_keeps_an_answer_or_a_problem(given_values: dict[int, object]) -> None:
    given = {qid: parse_raw(value) for qid, value in given_values.items()}
    outcome = apply_answers(SURVEY, {}, given)
    assert set(outcome.answers) <= outcome.visible
    assert set(outcome.problems) <= outcome.visible
    # The shown set is what the kept answers alone would show: dropping changes nothing.
    assert visible_questions(SURVEY, outcome.answers) == outcome.visible
    for qid in missing_required(SURVEY, outcome):
        assert qid in outcome.visible
        assert qid not in outcome.answers
