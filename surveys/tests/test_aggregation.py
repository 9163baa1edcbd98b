"""The pure results figures against hand-computed ones, small-cell hiding included."""

from __future__ import annotations

import pytest

from surveys import aggregation as agg
from surveys.aggregation import HIDDEN_COMPLEMENT, HIDDEN_SMALL, Group, Option

OPTIONS = [Option("x", "Икс"), Option("y", "Игрек")]
TOWNS = [Group("1", "Апатиты"), Group("2", "Кировск"), Group("3", "Мончегорск")]


def test_shares_are_of_the_respondents_who_answered_and_may_pass_100_for_multiple() -> None:
    result = agg.choice_result(
        [Option("a", "А", "premises"), Option("b", "Б"), Option("c", "В")],
        {"a": 3, "b": 2, "gone": 1},
        4,
        multiple=True,
    )
    assert [(o.value, o.count, o.share) for o in result.options] == [
        ("a", 3, 0.75),
        ("b", 2, 0.5),
        ("c", 0, 0.0),
        ("gone", 1, 0.25),  # an option removed since is still counted
    ]
    assert result.options[0].need == "premises"
    assert sum(o.share or 0 for o in result.options) > 1


def test_nobody_answered_gives_no_share() -> None:
    result = agg.choice_result(OPTIONS, {}, 0, multiple=False)
    assert [o.share for o in result.options] == [None, None]


def test_mean_and_median_from_counts() -> None:
    assert agg.weighted_median({1: 1, 2: 1, 3: 1, 4: 1}) == 2.5
    assert agg.weighted_median({5: 3, 1: 1}) == 5  # 1 5 5 5
    assert agg.weighted_median({7: 1}) == 7
    assert agg.weighted_median({}) is None
    assert agg.weighted_mean({5: 3, 1: 1}) == 4  # (1 + 15) / 4
    assert agg.weighted_mean({}) is None


def test_a_scale_shows_every_point_even_empty_ones() -> None:
    result = agg.number_result({5: 2, 3: 1}, (1, 5))
    assert [(b.label, b.count) for b in result.bins] == [
        ("1", 0),
        ("2", 0),
        ("3", 1),
        ("4", 0),
        ("5", 2),
    ]
    assert result.bins[4].share == pytest.approx(2 / 3)
    assert result.mean == pytest.approx(13 / 3)
    assert (result.median, result.respondents) == (5, 3)


def test_numbers_fall_into_nice_bins() -> None:
    result = agg.number_result({3: 1, 12: 2, 47: 1}, None)
    # Span 44 in at most 8 bins: width 10 from 0; the last bin closed at the top.
    assert [(b.low, b.high, b.count) for b in result.bins] == [
        (0, 10, 1),
        (10, 20, 2),
        (20, 30, 0),
        (30, 40, 0),
        (40, 50, 1),
    ]
    assert [b.label for b in result.bins][:2] == ["0–<10", "10–<20"]
    assert result.bins[-1].label == "40–50"
    assert (result.minimum, result.maximum, result.median) == (3, 47, 12)


def test_few_whole_numbers_get_a_bar_each() -> None:
    result = agg.number_result({2: 1, 4: 1}, None)
    assert [(b.label, b.count) for b in result.bins] == [("2", 1), ("3", 0), ("4", 1)]


def test_a_maximum_on_a_bin_edge_stays_in_the_last_bin() -> None:
    result = agg.number_result({0: 1, 100: 1}, None)
    assert sum(b.count for b in result.bins) == 2
    assert result.bins[-1].high == 100
    assert len(result.bins) <= agg.MAX_BINS


def test_numbers_print_without_a_trailing_zero() -> None:
    assert agg.format_number(3.0) == "3"
    assert agg.format_number(2.5) == "2,5"
    assert agg.format_number(1 / 3) == "0,33"


def _hidden(figures: agg.QuestionBreakdown) -> dict[tuple[str, int], str]:
    out: dict[tuple[str, int], str] = {
        ("answered", c): cell.hidden for c, cell in enumerate(figures.answered) if cell.hidden
    }
    for row in figures.rows:
        out |= {(row.value, c): cell.hidden for c, cell in enumerate(row.cells) if cell.hidden}
    return out


def test_a_small_cell_is_hidden_and_so_are_the_cells_that_would_give_it_away() -> None:
    # Апатиты x5 y4 (9); Кировск x1 y6 (7); Мончегорск x3 y3 (6); a single choice by town.
    figures = agg.breakdown_choice(
        OPTIONS,
        {"1": {"x": 5, "y": 4}, "2": {"x": 1, "y": 6}, "3": {"x": 3, "y": 3}},
        {"1": 9, "2": 7, "3": 6},
        TOWNS,
        kind=agg.SINGLE,
        partition=True,
        hide=True,
    )
    # Кировск x=1 is small. Its column adds up to 7, so y=6 goes too; the rows add up to the
    # overall 9 and 13, so Мончегорск's x and y go as well; then every line has two hidden.
    assert _hidden(figures) == {
        ("x", 1): HIDDEN_SMALL,
        ("y", 1): HIDDEN_COMPLEMENT,
        ("x", 2): HIDDEN_COMPLEMENT,
        ("y", 2): HIDDEN_COMPLEMENT,
    }
    assert figures.rows[0].cells[1] == agg.Cell(None, None, HIDDEN_SMALL)
    assert figures.rows[0].cells[0] == agg.Cell(5, 5 / 9)
    assert [c.count for c in figures.answered] == [9, 7, 6]
    assert figures.hidden_any


def test_no_line_is_left_with_a_single_hidden_cell() -> None:
    counts = {"1": {"x": 2, "y": 8}, "2": {"x": 4, "y": 5}, "3": {"x": 6, "y": 0}}
    figures = agg.breakdown_choice(
        OPTIONS,
        counts,
        {"1": 10, "2": 9, "3": 6},
        TOWNS,
        kind=agg.SINGLE,
        partition=True,
        hide=True,
    )
    hidden = _hidden(figures)
    lines = [[(v, c) for v in ("answered", "x", "y")] for c in range(3)]
    lines += [[(v, c) for c in range(3)] for v in ("answered", "x", "y")]
    for line in lines:
        assert sum(1 for key in line if key in hidden) != 1, line


def test_a_group_with_fewer_than_three_respondents_is_hidden_whole() -> None:
    industries = [Group("7", "Керамика"), Group("8", "Дизайн")]
    figures = agg.breakdown_choice(
        OPTIONS,
        {"7": {"x": 2, "y": 1}, "8": {"x": 4, "y": 3}},
        {"7": 2, "8": 5},
        industries,
        kind=agg.MULTIPLE,
        partition=False,  # industries overlap: nothing adds up, no secondary suppression
        hide=True,
    )
    assert figures.answered[0] == agg.Cell(None, None, HIDDEN_SMALL)
    assert [c.count for c in (figures.rows[0].cells[0], figures.rows[1].cells[0])] == [None, None]
    assert [row.cells[1].count for row in figures.rows] == [4, 3]
    assert figures.rows[0].cells[1].share == pytest.approx(0.8)
    assert figures.multiple


def test_a_multiple_choice_column_does_not_add_up_so_it_keeps_its_other_cells() -> None:
    figures = agg.breakdown_choice(
        OPTIONS,
        {"1": {"x": 2, "y": 5}},
        {"1": 6},
        TOWNS[:1],
        kind=agg.MULTIPLE,
        partition=False,
        hide=True,
    )
    assert _hidden(figures) == {("x", 0): HIDDEN_SMALL}


def test_named_surveys_show_every_cell() -> None:
    figures = agg.breakdown_choice(
        OPTIONS, {"2": {"x": 1}}, {"2": 1}, TOWNS, kind=agg.SINGLE, partition=True, hide=False
    )
    assert _hidden(figures) == {}
    assert figures.rows[0].cells[1] == agg.Cell(1, 1.0)


def test_zero_cells_are_not_small() -> None:
    figures = agg.breakdown_choice(
        OPTIONS, {"1": {"x": 4}}, {"1": 4}, TOWNS[:1], kind=agg.SINGLE, partition=False, hide=True
    )
    assert _hidden(figures) == {}


def test_numbers_by_group_hide_a_small_group_and_the_next_smallest() -> None:
    figures = agg.breakdown_number(
        {"1": {4: 3, 2: 2}, "2": {5: 2}, "3": {1: 4}},
        TOWNS,
        partition=True,
        hide=True,
    )
    assert [c.count for c in figures.answered] == [5, None, None]
    assert [c.hidden for c in figures.answered] == [None, HIDDEN_SMALL, HIDDEN_COMPLEMENT]
    assert figures.means == [pytest.approx(16 / 5), None, None]
    assert figures.medians == [4, None, None]


def test_response_rate_per_group() -> None:
    rates = agg.response_rates(TOWNS, {"1": 3, "2": 1}, {"1": 4, "2": 1})
    assert [(r.responses, r.invited, r.rate) for r in rates] == [
        (3, 4, 0.75),
        (1, 1, 1.0),
        (0, 0, None),
    ]


def test_runs_compare_side_by_side_with_options_of_either() -> None:
    now = agg.choice_result(
        [Option("a", "А"), Option("b", "Б")], {"a": 1, "b": 3}, 4, multiple=False
    )
    then = agg.choice_result(
        [Option("a", "А"), Option("c", "В")], {"a": 2, "c": 2}, 4, multiple=False
    )
    rows = agg.compare_choices(now, then)
    assert [(r.value, r.share, r.earlier_share) for r in rows] == [
        ("a", 0.25, 0.5),
        ("b", 0.75, None),
        ("c", None, 0.5),
    ]
    assert rows[0].change == -0.25
    assert rows[1].change is None
