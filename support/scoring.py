"""Reviewers' scores turned into a weighted score per reviewer, a mean per application and a
ranking of applications. Plain Python, no Django: the board, the API and the tests call it.

A reviewer's score is the weighted share of each criterion's range they gave, on 0–100:

    100 · Σ wᵢ · (vᵢ − minᵢ) / (maxᵢ − minᵢ) / Σ wᵢ

so a criterion scored 0–5 weighs as much as one scored 0–100 of the same weight. Only complete
reviews (every criterion scored) without a declared conflict of interest count towards the
mean; a conflicted reviewer's scores are kept but left out. Arithmetic is exact (fractions),
so the mean never falls outside the reviewers' scores by a rounding error.
"""

from __future__ import annotations

import math
from collections.abc import Hashable, Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from datetime import datetime
from fractions import Fraction


@dataclass(frozen=True)
class Rubric:
    """One criterion: its key (the criterion's id), weight and range."""

    key: int
    weight: int
    min_score: int
    max_score: int

    def __post_init__(self) -> None:
        if self.weight < 1 or self.max_score <= self.min_score:
            raise ValueError("a criterion needs a positive weight and a non-empty range")


@dataclass(frozen=True)
class Marks:
    """What one reviewer gave one application: criterion key -> value."""

    reviewer: Hashable
    values: Mapping[int, int]
    conflict: bool = False


@dataclass(frozen=True)
class Summary:
    """The scores of one application."""

    # Every reviewer who left marks: their weighted score, None while incomplete or conflicted.
    by_reviewer: dict[Hashable, float | None]
    mean: float | None  # over complete reviews without a conflict; None if there are none
    spread: float | None  # the highest reviewer's score minus the lowest
    stdev: float | None  # population standard deviation of the reviewers' scores
    complete: int  # reviews that count
    missing: int  # expected reviewers who have not finished (conflicted ones are not expected)
    conflicts: int = 0


def weighted(criteria: Sequence[Rubric], values: Mapping[int, int]) -> Fraction | None:
    """Return the weighted score on 0–100 of a complete set of values, else None.

    A value outside its criterion's range (the rubric changed after scoring) counts as the
    nearest end of the range: the services refuse such values when they are given."""
    if not criteria or any(c.key not in values for c in criteria):
        return None
    total = Fraction(0)
    for c in criteria:
        value = min(max(values[c.key], c.min_score), c.max_score)
        total += c.weight * Fraction(value - c.min_score, c.max_score - c.min_score)
    return 100 * total / sum(c.weight for c in criteria)


def summarise(
    criteria: Sequence[Rubric], marks: Iterable[Marks], expected: Iterable[Hashable] = ()
) -> Summary:
    """Return the summary of one application's marks; `expected` are its assigned reviewers,
    counted as missing until they finish or declare a conflict."""
    by_reviewer: dict[Hashable, float | None] = {}
    scores: list[Fraction] = []
    finished: set[Hashable] = set()
    conflicts = 0
    for mark in marks:
        score = None if mark.conflict else weighted(criteria, mark.values)
        by_reviewer[mark.reviewer] = None if score is None else float(score)
        if mark.conflict:
            conflicts += 1
            finished.add(mark.reviewer)
        elif score is not None:
            scores.append(score)
            finished.add(mark.reviewer)
    missing = len(set(expected) - finished)
    if not scores:
        return Summary(by_reviewer, None, None, None, 0, missing, conflicts)
    mean = sum(scores, Fraction(0)) / len(scores)
    variance = sum(((s - mean) ** 2 for s in scores), Fraction(0)) / len(scores)
    return Summary(
        by_reviewer,
        mean=float(mean),
        spread=float(max(scores) - min(scores)),
        stdev=math.sqrt(variance),
        complete=len(scores),
        missing=missing,
        conflicts=conflicts,
    )


@dataclass(frozen=True)
class Entry:
    """An application to rank: its key, summary and submission time."""

    key: Hashable
    summary: Summary
    submitted_at: datetime | None = None
    order: int = field(default=0)  # the last tie-break, e.g. the application's id


def rank(entries: Iterable[Entry]) -> list[Entry]:
    """Return the entries best first: by mean (unscored last), then fewer missing reviews,
    then earlier submission (unsubmitted last), then `order`."""

    def key(entry: Entry) -> tuple[bool, float, int, bool, float, int]:
        mean, submitted = entry.summary.mean, entry.submitted_at
        return (
            mean is None,
            -(mean or 0.0),
            entry.summary.missing,
            submitted is None,
            submitted.timestamp() if submitted is not None else 0.0,
            entry.order,
        )

    return sorted(entries, key=key)
