from __future__ import annotations

from datetime import UTC, datetime, timedelta
from fractions import Fraction

import pytest
from hypothesis import given
from hypothesis import strategies as st

from support.scoring import Entry, Marks, Rubric, rank, summarise, weighted

TWO = [
    Rubric(1, weight=3, min_score=0, max_score=10),
    Rubric(2, weight=1, min_score=1, max_score=5),
]


def test_the_weighted_score_is_the_weighted_share_of_each_range() -> None:
    # 3 · 5/10 + 1 · 4/4 = 2.5 of 4 → 62.5
    assert float(weighted(TWO, {1: 5, 2: 5}) or 0) == 62.5
    assert weighted(TWO, {1: 0, 2: 1}) == 0
    assert weighted(TWO, {1: 10, 2: 5}) == 100


def test_an_incomplete_review_has_no_score() -> None:
    assert weighted(TWO, {1: 5}) is None
    assert weighted([], {}) is None


def test_a_value_outside_a_changed_range_counts_as_its_nearest_end() -> None:
    assert weighted(TWO, {1: 11, 2: 0}) == weighted(TWO, {1: 10, 2: 1})


def test_a_criterion_needs_a_weight_and_a_range() -> None:
    with pytest.raises(ValueError, match="positive weight"):
        Rubric(1, weight=0, min_score=0, max_score=10)
    with pytest.raises(ValueError, match="positive weight"):
        Rubric(1, weight=1, min_score=5, max_score=5)


def test_the_mean_counts_complete_reviews_without_a_conflict() -> None:
    summary = summarise(
        TWO,
        [
            Marks("anna", {1: 10, 2: 5}),
            Marks("boris", {1: 0, 2: 1}),
            Marks("vera", {1: 10, 2: 5}, conflict=True),
            Marks("gleb", {1: 4}),
        ],
        expected=["anna", "boris", "vera", "gleb", "dasha"],
    )
    assert summary.by_reviewer == {"anna": 100.0, "boris": 0.0, "vera": None, "gleb": None}
    assert summary.mean == 50
    assert summary.spread == 100
    assert summary.stdev == 50
    assert (summary.complete, summary.missing, summary.conflicts) == (2, 2, 1)


def test_an_application_nobody_scored_has_no_mean() -> None:
    summary = summarise(TWO, [], expected=["anna"])
    assert (summary.mean, summary.spread, summary.stdev, summary.missing) == (None, None, None, 1)


def entry(key: str, mean: float | None, missing: int = 0, minutes: int | None = 0) -> Entry:
    marks = [] if mean is None else [Marks("r", {1: int(mean / 10)})]
    criteria = [Rubric(1, 1, 0, 10)]
    summary = summarise(criteria, marks, ["r", *[f"m{n}" for n in range(missing)]])
    start = datetime(2026, 12, 1, tzinfo=UTC)
    submitted = None if minutes is None else start + timedelta(minutes=minutes)
    return Entry(key, summary, submitted, order=ord(key[0]))


def test_the_ranking_is_by_mean_then_fewer_missing_then_earlier_submission() -> None:
    entries = [
        entry("unscored", None),
        entry("late", 80, minutes=10),
        entry("early", 80, minutes=1),
        entry("missing", 80, missing=1, minutes=0),
        entry("best", 90, minutes=30),
        entry("undated", 80, minutes=None),
    ]
    assert [e.key for e in rank(entries)] == [
        "best",
        "early",
        "late",
        "undated",
        "missing",
        "unscored",
    ]


@st.composite
def rubric_and_marks(draw: st.DrawFn) -> tuple[list[Rubric], list[Marks]]:
    criteria = []
    for key in range(draw(st.integers(1, 5))):
        low = draw(st.integers(-5, 5))
        criteria.append(Rubric(key, draw(st.integers(1, 100)), low, low + draw(st.integers(1, 20))))
    marks = [
        Marks(
            reviewer,
            {c.key: draw(st.integers(c.min_score, c.max_score)) for c in criteria},
            conflict=draw(st.booleans()),
        )
        for reviewer in range(draw(st.integers(0, 6)))
    ]
    return criteria, marks


@given(rubric_and_marks())
def test_the_mean_lies_between_the_lowest_and_highest_reviewer(
    case: tuple[list[Rubric], list[Marks]],
) -> None:
    criteria, marks = case
    summary = summarise(criteria, marks)
    counted = [s for r, s in summary.by_reviewer.items() if s is not None]
    assert all(0 <= s <= 100 for s in counted)
    if summary.mean is None:
        assert counted == []
        return
    assert min(counted) <= summary.mean <= max(counted)
    assert summary.spread == pytest.approx(max(counted) - min(counted))
    assert 0 <= (summary.stdev or 0) <= (summary.spread or 0) / 2 + 1e-9
    assert summary.complete == len(counted)


@given(rubric_and_marks(), st.integers(1, 50))
def test_more_weight_on_a_criterion_moves_a_score_towards_that_criterion(
    case: tuple[list[Rubric], list[Marks]], extra: int
) -> None:
    criteria, marks = case
    heavier = [Rubric(c.key, c.weight + extra, c.min_score, c.max_score) for c in criteria[:1]]
    heavier += criteria[1:]
    first = criteria[0]
    for mark in marks:
        before = weighted(criteria, mark.values)
        after = weighted(heavier, mark.values)
        assert before is not None
        assert after is not None
        share = Fraction(100 * (mark.values[first.key] - first.min_score))
        share /= first.max_score - first.min_score
        # The score moves towards the heavier criterion's own share, never past it.
        if share >= before:
            assert before <= after <= share
        else:
            assert share <= after <= before


@given(rubric_and_marks(), st.integers(0, 4))
def test_a_higher_value_never_lowers_a_score(
    case: tuple[list[Rubric], list[Marks]], which: int
) -> None:
    criteria, marks = case
    criterion = criteria[which % len(criteria)]
    for mark in marks:
        if mark.values[criterion.key] == criterion.max_score:
            continue
        raised = {**mark.values, criterion.key: mark.values[criterion.key] + 1}
        assert (weighted(criteria, raised) or 0) > (weighted(criteria, mark.values) or 0)


@given(st.lists(st.tuples(st.one_of(st.none(), st.integers(0, 10)), st.integers(0, 3)), max_size=8))
def test_the_ranking_keeps_every_entry_and_orders_the_means(
    rows: list[tuple[int | None, int]],
) -> None:
    entries = [
        entry(chr(65 + n), None if v is None else v * 10, missing, n)
        for n, (v, missing) in enumerate(rows)
    ]
    ranked = rank(entries)
    assert sorted(str(e.key) for e in ranked) == sorted(str(e.key) for e in entries)
    means = [e.summary.mean for e in ranked]
    scored = [m for m in means if m is not None]
    assert scored == sorted(scored, reverse=True)
    assert means[len(scored) :] == [None] * (len(means) - len(scored))
