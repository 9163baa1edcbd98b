"""Answering a survey, as plain rules: which questions are shown under the skip logic, whether
each answer fits its question, which required ones are left, and the atomic rows to store.

No Django here: the questions come as `Spec`s, answers as whatever a form or JSON gave
(`parse_raw` reads both), and refusals as `Problem` codes the service says in words. One
answer is a tuple of `Row`s, one per atomic value, as `surveys.models.Answer` stores them: one
row for a single choice, yes/no, number or text, one per chosen option of a multiple choice.
"""

from __future__ import annotations

import math
import re
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from typing import Any

SINGLE, MULTIPLE, SCALE, NUMBER = "single", "multiple", "scale", "number"
SHORT_TEXT, LONG_TEXT, YES_NO = "short_text", "long_text", "yes_no"
KINDS = frozenset({SINGLE, MULTIPLE, SCALE, NUMBER, SHORT_TEXT, LONG_TEXT, YES_NO})
CHOICE_KINDS = frozenset({SINGLE, MULTIPLE, YES_NO})
OTHER = "other"
YES, NO = "yes", "no"
SHORT_TEXT_MAX, LONG_TEXT_MAX, OTHER_TEXT_MAX = 300, 3000, 300
# What an `Answer.number` may hold.
NUMBER_LIMIT = 1e12


@dataclass(frozen=True)
class Choice:
    value: str
    label: str
    need: str = ""  # the resource map type the option names, or ""


@dataclass(frozen=True)
class Spec:
    """One question as answering sees it. `show_if` is the id of the question whose answer
    must include `show_if_value` for this one to be shown."""

    id: int
    kind: str
    required: bool = False
    choices: tuple[Choice, ...] = ()
    allows_other: bool = False
    scale_min: int | None = None
    scale_max: int | None = None
    show_if: int | None = None
    show_if_value: str = ""

    @property
    def values(self) -> tuple[str, ...]:
        """Return the values an answer may pick (no "other")."""
        if self.kind == YES_NO:
            return (YES, NO)
        return tuple(choice.value for choice in self.choices)


@dataclass(frozen=True)
class Row:
    """One atomic value: `value` for an option, `number`, or `text` (an "other" option's
    text goes with `value="other"`)."""

    question: int
    value: str = ""
    number: float | None = None
    text: str = ""


@dataclass(frozen=True)
class Raw:
    """An answer as given: the chosen options or the typed text or number (one item), and
    the "other: …" text."""

    values: tuple[str, ...] = ()
    other: str = ""

    @property
    def is_empty(self) -> bool:
        return not any(value.strip() for value in self.values) and not self.other.strip()


@dataclass(frozen=True)
class Problem:
    """Why an answer does not fit: a code the service turns into words, with its figures."""

    code: str
    params: Mapping[str, Any] = field(default_factory=dict)


Answer = tuple[Row, ...]


# --- Reading what was given ------------------------------------------------------------------


def parse_raw(given: object, other: object = None) -> Raw | Problem:
    """Return the answer as a `Raw`, from a form's list of strings or a JSON value: null, a
    string, a number, true/false (yes/no), or a list of strings. `other` is the "other: …"
    text given beside it."""
    other_text = "" if other is None else other
    if not isinstance(other_text, str):
        return Problem("wrong_type")
    if given is None:
        return Raw((), other_text)
    if isinstance(given, bool):
        return Raw((YES if given else NO,), other_text)
    if isinstance(given, int | float):
        return Raw((repr(given) if isinstance(given, float) else str(given),), other_text)
    if isinstance(given, str):
        return Raw((given,) if given else (), other_text)
    if isinstance(given, list | tuple):
        if not all(isinstance(item, str) for item in given):
            return Problem("wrong_type")
        return Raw(tuple(item for item in given if item), other_text)
    return Problem("wrong_type")


_SPACES = re.compile(r"[\s\u00a0\u202f']")


def parse_number(text: str) -> float | None:
    """Return the number people typed («3,5», «1 500», «-2», «1e3»), or None if it is not a
    finite number."""
    cleaned = _SPACES.sub("", text).replace(",", ".")
    if not cleaned or cleaned.count(".") > 1:
        return None
    try:
        number = float(cleaned)
    except ValueError:
        return None
    return number if math.isfinite(number) else None


# --- One answer ------------------------------------------------------------------------------


def clean_answer(spec: Spec, raw: Raw) -> Answer | Problem:
    """Return the rows of the answer (none when it is empty), or the Problem with it."""
    if spec.kind in CHOICE_KINDS:
        return _clean_choice(spec, raw)
    if raw.other.strip():
        return Problem("no_other")
    if len(raw.values) > 1:
        return Problem("one_value")
    text = raw.values[0].strip() if raw.values else ""
    if not text:
        return ()
    if spec.kind in (SCALE, NUMBER):
        return _clean_number(spec, text)
    limit = SHORT_TEXT_MAX if spec.kind == SHORT_TEXT else LONG_TEXT_MAX
    if len(text) > limit:
        return Problem("too_long", {"limit": limit, "length": len(text)})
    return (Row(spec.id, text=text),)


def _clean_choice(spec: Spec, raw: Raw) -> Answer | Problem:
    picked = list(dict.fromkeys(value.strip() for value in raw.values if value.strip()))
    other = raw.other.strip()
    if other and OTHER not in picked:
        if not spec.allows_other or spec.kind == YES_NO:
            return Problem("no_other")
        # Typing the "other" text picks "other", as a person means it.
        if spec.kind == SINGLE and picked:
            return Problem("one_value")
        picked.append(OTHER)
    if spec.kind != MULTIPLE and len(picked) > 1:
        return Problem("one_value")
    allowed = set(spec.values)
    takes_other = spec.allows_other and spec.kind != YES_NO
    for value in picked:
        if value == OTHER and not takes_other:
            return Problem("no_other")
        if value == OTHER:
            if not other:
                return Problem("other_text_missing")
            if len(other) > OTHER_TEXT_MAX:
                return Problem("too_long", {"limit": OTHER_TEXT_MAX, "length": len(other)})
        elif value not in allowed:
            return Problem("unknown_option")
    return tuple(
        Row(spec.id, value=value, text=other if value == OTHER else "") for value in picked
    )


def _clean_number(spec: Spec, text: str) -> Answer | Problem:
    number = parse_number(text)
    if number is None or abs(number) >= NUMBER_LIMIT:
        return Problem("not_a_number")
    if spec.kind == SCALE and number != int(number):
        return Problem("not_a_whole_number")
    low, high = spec.scale_min, spec.scale_max
    if (low is not None and number < low) or (high is not None and number > high):
        return Problem("out_of_range", {"min": low, "max": high})
    return (Row(spec.id, number=float(number)),)


# --- The whole survey ------------------------------------------------------------------------


def chosen_values(answer: Answer) -> frozenset[str]:
    return frozenset(row.value for row in answer if row.value)


def visible_questions(specs: Iterable[Spec], answers: Mapping[int, Answer]) -> frozenset[int]:
    """Return the ids of the questions shown: each with no `show_if`, or whose `show_if`
    question is itself shown and answered with `show_if_value`. A question depending on a
    missing question, or on itself through others, is hidden."""
    by_id = {spec.id: spec for spec in specs}
    shown: dict[int, bool] = {}

    def is_shown(spec: Spec, seen: frozenset[int]) -> bool:
        if spec.id in shown:
            return shown[spec.id]
        if spec.show_if is None:
            result = True
        else:
            parent = by_id.get(spec.show_if)
            result = (
                parent is not None
                and parent.id not in seen
                and is_shown(parent, seen | {spec.id})
                and spec.show_if_value in chosen_values(answers.get(parent.id, ()))
            )
        shown[spec.id] = result
        return result

    return frozenset(spec.id for spec in by_id.values() if is_shown(spec, frozenset()))


@dataclass(frozen=True)
class Outcome:
    """Answers after a save: the rows of every shown question answered, the problems of the
    answers given, and which questions are shown."""

    answers: dict[int, Answer]
    problems: dict[int, Problem]
    visible: frozenset[int]

    @property
    def rows(self) -> list[Row]:
        return [row for answer in self.answers.values() for row in answer]


def apply_answers(
    specs: Iterable[Spec],
    stored: Mapping[int, Answer],
    given: Mapping[int, object],
) -> Outcome:
    """Return the answers once `given` (question id -> `Raw`, or a Problem from `parse_raw`)
    replaces what was `stored` for those questions: each given answer cleaned, the shown
    questions computed from the result, and the answers of hidden questions dropped (a
    problem with a hidden question's answer is no problem: it is not asked)."""
    specs = list(specs)
    by_id = {spec.id: spec for spec in specs}
    answers = {qid: answer for qid, answer in stored.items() if qid in by_id}
    problems: dict[int, Problem] = {}
    for qid, raw in given.items():
        spec = by_id.get(qid)
        if spec is None:
            problems[qid] = Problem("unknown_question")
            continue
        cleaned = raw if isinstance(raw, Problem) else _clean(spec, raw)
        if isinstance(cleaned, Problem):
            problems[qid] = cleaned
            answers.pop(qid, None)  # what is wrong shows nothing it would reveal
        elif cleaned:
            answers[qid] = cleaned
        else:
            answers.pop(qid, None)
    visible = visible_questions(specs, answers)
    return Outcome(
        {qid: answer for qid, answer in answers.items() if qid in visible},
        {qid: problem for qid, problem in problems.items() if qid in visible or qid not in by_id},
        visible,
    )


def _clean(spec: Spec, raw: object) -> Answer | Problem:
    if not isinstance(raw, Raw):
        return Problem("wrong_type")
    return clean_answer(spec, raw)


def missing_required(
    specs: Iterable[Spec], outcome: Outcome, among: Iterable[int] | None = None
) -> list[int]:
    """Return the ids of the required questions shown but left unanswered, in order; only
    those in `among` when given (one section's)."""
    wanted = None if among is None else set(among)
    return [
        spec.id
        for spec in specs
        if spec.required
        and spec.id in outcome.visible
        and spec.id not in outcome.answers
        and (wanted is None or spec.id in wanted)
    ]


def group_rows(rows: Iterable[Row]) -> dict[int, Answer]:
    """Return stored rows as answers by question, in the order given."""
    grouped: dict[int, list[Row]] = {}
    for row in rows:
        grouped.setdefault(row.question, []).append(row)
    return {qid: tuple(answer) for qid, answer in grouped.items()}


def needs_named(
    specs: Iterable[Spec], answers: Mapping[int, Answer]
) -> list[tuple[int, str, str, str]]:
    """Return the needs the answers name, as (question id, value, need type, text): each
    chosen option that carries a need, with its label; and the "other: …" text of a
    question whose options name needs, as a need of type "other"."""
    found = []
    for spec in specs:
        needs = {choice.value: choice for choice in spec.choices if choice.need}
        if not needs:
            continue
        for row in answers.get(spec.id, ()):
            if row.value in needs:
                found.append((spec.id, row.value, needs[row.value].need, needs[row.value].label))
            elif row.value == OTHER and row.text:
                found.append((spec.id, OTHER, OTHER, row.text))
    return found
