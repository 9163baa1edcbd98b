"""Survey results from grouped counts: pure, no Django, so the figures are tested by hand.

The database counts (one grouped query per question kind and breakdown, see
`surveys.results`); this module turns those counts into what the pages, the API and the
exports show:

- a choice question: the count and share of each option. A share is of the *respondents who
  answered the question* (not of all responses: skip logic and optional questions leave some
  out), so for a multiple choice the shares add up to more than 100 %;
- a scale or number question: the count per point (scales) or per histogram bin (numbers),
  with the mean and the median;
- a breakdown: the same per group (town, industry, role), with small-cell hiding when the
  survey is anonymous.

Small-cell hiding (`suppress`): a cell counting fewer than `SMALL_CELL` answers (but more
than none) is hidden, so nobody can be recognised; so is a group whose respondents to the
question number fewer than `SMALL_CELL` (the whole column: its shares would give it away).
Then *secondary suppression*, as statistics offices do it: wherever a published sum ties a
line of cells together (the options of a single choice add up to the group's respondents; the
towns of a response partition the respondents, so each row adds up to the overall figure
shown above the breakdown), a line with exactly one hidden cell would let one compute it by
subtraction, so the smallest other non-zero cell of that line is hidden too, until no line has
a single hidden cell. A hidden cell is `None` with its reason (`HIDDEN_SMALL` or
`HIDDEN_COMPLEMENT`).
"""

from __future__ import annotations

import math
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from typing import Final, Literal

SMALL_CELL_DEFAULT: Final = 3

SINGLE, MULTIPLE, YES_NO = "single", "multiple", "yes_no"
SCALE, NUMBER = "scale", "number"
SHORT_TEXT, LONG_TEXT = "short_text", "long_text"
CHOICE_KINDS: Final = frozenset({SINGLE, MULTIPLE, YES_NO})
# Kinds whose options exclude each other: one answer per respondent.
EXCLUSIVE_KINDS: Final = frozenset({SINGLE, YES_NO})
NUMBER_KINDS: Final = frozenset({SCALE, NUMBER})
TEXT_KINDS: Final = frozenset({SHORT_TEXT, LONG_TEXT})

HIDDEN_SMALL: Final = "small"  # fewer than SMALL_CELL answers
HIDDEN_COMPLEMENT: Final = "complement"  # would give a hidden cell away by subtraction
HiddenReason = Literal["small", "complement"]
HIDDEN_REASONS: Final = (HIDDEN_SMALL, HIDDEN_COMPLEMENT)

# Numbers are shown in at most this many histogram bins.
MAX_BINS: Final = 8


@dataclass(frozen=True)
class Option:
    """An option of a choice question, as answers store it (`value`) and people read it."""

    value: str
    label: str
    need: str = ""


@dataclass(frozen=True)
class OptionCount:
    value: str
    label: str
    need: str
    count: int
    # Of the respondents who answered the question; None when nobody did.
    share: float | None


@dataclass(frozen=True)
class ChoiceResult:
    respondents: int
    options: list[OptionCount]
    # A multiple choice: shares add up to more than 100 %.
    multiple: bool


@dataclass(frozen=True)
class Bin:
    """A bar of a distribution: one point of a scale (low == high) or a range of numbers,
    `low` included, `high` excluded except in the last bin."""

    low: float
    high: float
    count: int
    share: float | None
    last: bool = False

    @property
    def label(self) -> str:
        if self.low == self.high:
            return format_number(self.low)
        if self.last:
            return f"{format_number(self.low)}–{format_number(self.high)}"
        return f"{format_number(self.low)}–<{format_number(self.high)}"


@dataclass(frozen=True)
class NumberResult:
    respondents: int
    bins: list[Bin]
    mean: float | None
    median: float | None
    minimum: float | None
    maximum: float | None


def format_number(value: float) -> str:
    """Return a number as people read it: no ".0" on whole numbers, a comma before decimals."""
    if value == int(value):
        return str(int(value))
    return f"{value:.2f}".rstrip("0").rstrip(".").replace(".", ",")


def share(count: int, total: int) -> float | None:
    """Return count / total, None when total is 0."""
    return count / total if total else None


def choice_result(
    options: Sequence[Option], counts: Mapping[str, int], respondents: int, *, multiple: bool
) -> ChoiceResult:
    """Return the count and share of every option, in the question's order.

    `counts` maps an option value to the number of answers choosing it; values not among
    `options` (an option removed since, "other") are listed after them with their value as
    label, so no answer is lost from the figures."""
    known = {option.value for option in options}
    rows = [OptionCount(o.value, o.label, o.need, counts.get(o.value, 0), None) for o in options]
    rows += [OptionCount(v, v, "", n, None) for v, n in counts.items() if v not in known]
    return ChoiceResult(
        respondents=respondents,
        options=[
            OptionCount(r.value, r.label, r.need, r.count, share(r.count, respondents))
            for r in rows
        ],
        multiple=multiple,
    )


def weighted_median(counts: Mapping[float, int]) -> float | None:
    """Return the median of numbers given as value -> how many times (the mean of the two
    middle values for an even total), None for no numbers."""
    total = sum(counts.values())
    if total <= 0:
        return None
    ordered = sorted(counts.items())

    def at(rank: int) -> float:  # the value at a 0-based rank
        seen = 0
        for value, n in ordered:
            seen += n
            if seen > rank:
                return value
        return ordered[-1][0]

    return (at((total - 1) // 2) + at(total // 2)) / 2


def weighted_mean(counts: Mapping[float, int]) -> float | None:
    total = sum(counts.values())
    if total <= 0:
        return None
    return math.fsum(value * n for value, n in counts.items()) / total


def nice_width(span: float, bins: int = MAX_BINS) -> float:
    """Return a bin width of 1, 2 or 5 times a power of ten that covers `span` in at most
    `bins` bins (at least 1 for whole numbers)."""
    if span <= 0:
        return 1.0
    raw = span / bins
    power = 10 ** math.floor(math.log10(raw))
    for step in (1, 2, 5, 10):
        if step * power >= raw:
            width = step * power
            break
    # A bin exactly at the top would spill the maximum into bin number `bins + 1`.
    while math.floor(span / width) + 1 > bins:
        width *= 2
    return float(width)


def number_bins(
    counts: Mapping[float, int], respondents: int, scale: tuple[int, int] | None
) -> list[Bin]:
    """Return the bars of a distribution: every point of a scale (empty ones too), or up to
    MAX_BINS bins of a "nice" width for numbers (one bin per whole number when they fit)."""
    if scale is not None:
        low, high = scale
        points = {float(p): 0 for p in range(low, high + 1)}
        for value, n in counts.items():
            points[float(value)] = points.get(float(value), 0) + n
        return [Bin(p, p, n, share(n, respondents)) for p, n in sorted(points.items())]
    if not counts:
        return []
    lo, hi = min(counts), max(counts)
    whole = all(float(v).is_integer() for v in counts)
    if whole and hi - lo + 1 <= MAX_BINS:
        return [
            Bin(float(p), float(p), counts.get(p, 0), share(counts.get(p, 0), respondents))
            for p in range(int(lo), int(hi) + 1)
        ]
    width = nice_width(hi - lo)
    start = math.floor(lo / width) * width
    size = max(1, math.floor((hi - start) / width) + 1)
    if start + (size - 1) * width == hi and size > 1:
        size -= 1  # the maximum falls on the last bin's closed top
    tallies = [0] * size
    for value, n in counts.items():
        index = min(size - 1, math.floor((value - start) / width))
        tallies[index] += n
    return [
        Bin(
            start + i * width,
            start + (i + 1) * width,
            tallies[i],
            share(tallies[i], respondents),
            last=i == size - 1,
        )
        for i in range(size)
    ]


def number_result(counts: Mapping[float, int], scale: tuple[int, int] | None) -> NumberResult:
    """Return the distribution of a scale (`scale` = its lowest and highest points) or a
    number question (`scale=None`), from value -> how many answered it."""
    respondents = sum(counts.values())
    return NumberResult(
        respondents=respondents,
        bins=number_bins(counts, respondents, scale),
        mean=weighted_mean(counts),
        median=weighted_median(counts),
        minimum=min(counts) if counts else None,
        maximum=max(counts) if counts else None,
    )


# --- Breakdowns --------------------------------------------------------------------------


@dataclass(frozen=True)
class Group:
    """A column of a breakdown: a town, an industry or a role (`key` "" for "not stated")."""

    key: str
    label: str


@dataclass(frozen=True)
class Cell:
    """A figure of a breakdown; `count` and `share` are None when hidden, with the reason."""

    count: int | None
    share: float | None = None
    hidden: HiddenReason | None = None


@dataclass(frozen=True)
class BreakdownRow:
    value: str
    label: str
    cells: list[Cell]


@dataclass(frozen=True)
class QuestionBreakdown:
    """A question across the groups: the respondents of each group (`answered`), the rows
    of options (choice questions) and the mean and median per group (numbers), each list in
    the order of the breakdown's groups."""

    answered: list[Cell]
    rows: list[BreakdownRow] = field(default_factory=list)
    means: list[float | None] = field(default_factory=list)
    medians: list[float | None] = field(default_factory=list)
    multiple: bool = False

    @property
    def hidden_any(self) -> bool:
        return any(c.hidden for c in self.answered) or any(
            c.hidden for row in self.rows for c in row.cells
        )


CellKey = tuple[int, int]  # (row, column); row -1 is the group's respondents


def suppress(
    matrix: Mapping[CellKey, int],
    lines: Iterable[Sequence[CellKey]],
    small_cell: int = SMALL_CELL_DEFAULT,
) -> dict[CellKey, HiddenReason]:
    """Return the cells to hide, with their reasons.

    `matrix` holds every cell's count; row -1 is each column's respondents. Primary: a cell
    with 0 < count < small_cell, and every cell of a column whose respondents are fewer than
    small_cell. Secondary: each of `lines` is a set of cells whose sum is known (published or
    equal to another cell of the line); a line with exactly one hidden cell gets its smallest
    other non-zero visible cell hidden (a zero one if none, since a lone hidden cell would be
    exact), repeated until every line has none or at least two. A column whose respondents
    cell is hidden is hidden whole, as its shares would give the respondents away.
    """
    hidden: dict[CellKey, HiddenReason] = {}
    columns: dict[int, list[CellKey]] = {}
    for key in matrix:
        columns.setdefault(key[1], []).append(key)
    for key, count in matrix.items():
        if 0 < count < small_cell:
            hidden[key] = HIDDEN_SMALL
    for column, keys in columns.items():
        if (-1, column) in hidden:
            for key in keys:
                hidden.setdefault(key, HIDDEN_SMALL)
    line_list = [list(line) for line in lines]
    changed = True
    while changed:
        changed = False
        for column, keys in columns.items():
            if (-1, column) in hidden:
                for key in keys:
                    if key not in hidden:
                        hidden[key] = HIDDEN_COMPLEMENT
                        changed = True
        for line in line_list:
            members = [key for key in line if key in matrix]
            if sum(1 for key in members if key in hidden) != 1:
                continue
            visible = [key for key in members if key not in hidden]
            if not visible:
                continue
            positive = [key for key in visible if matrix[key] > 0]
            pick = min(positive or visible, key=lambda k: (matrix[k], k[1], k[0]))
            hidden[pick] = HIDDEN_COMPLEMENT
            changed = True
    return hidden


def breakdown_choice(
    options: Sequence[Option],
    counts: Mapping[str, Mapping[str, int]],
    answered: Mapping[str, int],
    groups: Sequence[Group],
    *,
    kind: str,
    partition: bool,
    hide: bool,
    small_cell: int = SMALL_CELL_DEFAULT,
) -> QuestionBreakdown:
    """Return a choice question across `groups`.

    `counts[group_key][value]` is how many in the group chose the option, `answered[key]` how
    many in the group answered the question. `partition`: each respondent is in exactly one
    group (towns), so the rows add up to the overall figures and take part in secondary
    suppression; `hide`: apply small-cell hiding (anonymous surveys)."""
    known = [o.value for o in options]
    extra = sorted({v for per in counts.values() for v in per if v not in set(known)})
    labels = {o.value: o.label for o in options} | {v: v for v in extra}
    values = known + extra
    matrix: dict[CellKey, int] = {}
    for col, group in enumerate(groups):
        matrix[(-1, col)] = answered.get(group.key, 0)
        for row, value in enumerate(values):
            matrix[(row, col)] = counts.get(group.key, {}).get(value, 0)
    lines: list[list[CellKey]] = []
    if kind in EXCLUSIVE_KINDS:
        lines += [[(r, c) for r in range(-1, len(values))] for c in range(len(groups))]
    if partition:
        lines += [[(r, c) for c in range(len(groups))] for r in range(-1, len(values))]
    hidden = suppress(matrix, lines, small_cell) if hide else {}

    def cell(key: CellKey) -> Cell:
        if key in hidden:
            return Cell(None, None, hidden[key])
        total = matrix[(-1, key[1])]
        return Cell(matrix[key], share(matrix[key], total) if key[0] >= 0 else None)

    return QuestionBreakdown(
        answered=[cell((-1, c)) for c in range(len(groups))],
        rows=[
            BreakdownRow(value, labels[value], [cell((r, c)) for c in range(len(groups))])
            for r, value in enumerate(values)
        ],
        multiple=kind == MULTIPLE,
    )


def breakdown_number(
    counts: Mapping[str, Mapping[float, int]],
    groups: Sequence[Group],
    *,
    partition: bool,
    hide: bool,
    small_cell: int = SMALL_CELL_DEFAULT,
) -> QuestionBreakdown:
    """Return a scale or number question across `groups`: respondents, mean and median per
    group, from `counts[group_key][number]`. A hidden group shows neither mean nor median;
    with `partition`, a lone hidden group hides the next smallest, as the overall mean and
    count would give its sum away."""
    matrix = {(-1, c): sum(counts.get(g.key, {}).values()) for c, g in enumerate(groups)}
    lines = [[(-1, c) for c in range(len(groups))]] if partition else []
    hidden = suppress(matrix, lines, small_cell) if hide else {}
    answered: list[Cell] = []
    means: list[float | None] = []
    medians: list[float | None] = []
    for c, group in enumerate(groups):
        if (-1, c) in hidden:
            answered.append(Cell(None, None, hidden[(-1, c)]))
            means.append(None)
            medians.append(None)
        else:
            per = counts.get(group.key, {})
            answered.append(Cell(matrix[(-1, c)]))
            means.append(weighted_mean(per))
            medians.append(weighted_median(per))
    return QuestionBreakdown(answered=answered, means=means, medians=medians)


@dataclass(frozen=True)
class GroupRate:
    """A group's participation: responses sent / people invited (None when none invited)."""

    group: Group
    responses: int
    invited: int

    @property
    def rate(self) -> float | None:
        return share(self.responses, self.invited)


def response_rates(
    groups: Sequence[Group], responses: Mapping[str, int], invited: Mapping[str, int]
) -> list[GroupRate]:
    return [GroupRate(g, responses.get(g.key, 0), invited.get(g.key, 0)) for g in groups]


@dataclass(frozen=True)
class ShareChange:
    """An option this run against the earlier one: shares side by side."""

    value: str
    label: str
    share: float | None
    earlier_share: float | None

    @property
    def change(self) -> float | None:
        if self.share is None or self.earlier_share is None:
            return None
        return self.share - self.earlier_share


def compare_choices(current: ChoiceResult, earlier: ChoiceResult) -> list[ShareChange]:
    """Return every option of either run, the current run's order first, with both shares
    (an option only one run offered has None in the other)."""
    before = {o.value: o for o in earlier.options}
    rows = [
        ShareChange(
            o.value,
            o.label,
            o.share,
            before[o.value].share if o.value in before else None,
        )
        for o in current.options
    ]
    now = {o.value for o in current.options}
    rows += [
        ShareChange(o.value, o.label, None, o.share) for o in earlier.options if o.value not in now
    ]
    return rows
