"""The SLA figures, pure: medians, percentiles and who is counted."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import pytest

from plans import sla

T0 = datetime(2026, 3, 2, 9, 0, tzinfo=UTC)


def timing(curator: object, answer_hours: float | None, done_hours: float | None) -> sla.Timing:
    answered = T0 + timedelta(hours=answer_hours) if answer_hours is not None else None
    done = T0 + timedelta(hours=done_hours) if done_hours is not None else None
    return sla.Timing(curator, T0, answered, done)


def test_percentiles_interpolate_between_ranks() -> None:
    assert sla.percentile([], 0.5) is None
    assert sla.median([5.0]) == 5.0
    assert sla.median([1.0, 3.0]) == 2.0
    assert sla.median([3.0, 1.0, 2.0]) == 2.0
    values = [float(n) for n in range(1, 11)]  # 1..10
    assert sla.percentile(values, 0.9) == pytest.approx(9.1)
    assert sla.percentile(values, 0.0) == 1.0
    assert sla.percentile(values, 1.0) == 10.0
    with pytest.raises(ValueError, match="between 0 and 1"):
        sla.percentile(values, 1.5)


def test_unanswered_requests_count_but_are_not_in_the_times() -> None:
    figures = sla.figures([timing("a", 2, 10), timing("a", 4, None), timing(None, None, None)])
    assert (figures.requests, figures.answered, figures.done) == (3, 2, 1)
    assert figures.first_answer_median == 3.0
    assert figures.done_median == figures.done_p90 == 10.0


def test_a_clock_set_back_counts_as_no_time() -> None:
    assert sla.hours_between(T0, T0 - timedelta(hours=1)) == 0.0


def test_the_report_groups_by_curator_and_leaves_unassigned_to_overall() -> None:
    result = sla.report([timing("a", 1, 5), timing("b", 3, None), timing(None, None, None)])
    assert result.overall.requests == 3
    assert list(result.by_curator) == ["a", "b"]
    assert result.by_curator["a"].done_median == 5.0
    assert result.by_curator["b"].first_answer_median == 3.0
    assert result.by_curator["b"].done_median is None


def test_durations_in_words_pick_a_readable_unit() -> None:
    assert sla.in_words(None) is None
    assert sla.in_words(0.5) == (30, "minutes")
    assert sla.in_words(5.4) == (5, "hours")
    assert sla.in_words(47) == (47, "hours")
    assert sla.in_words(72) == (3, "days")
