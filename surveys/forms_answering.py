"""The answering form: a section's questions as fields named `q<id>` (and `q<id>_other` for
the "other: …" text), read from a POST into what `surveys.logic` takes, and shown back with
what was typed or stored and the error of each.

Not a Django form: a question's kind decides both its input and its check, and the pure
rules check every answer (pages and API alike); this module only reads and shows them.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass

from django.http import QueryDict
from django.utils import formats
from django.utils.translation import gettext as _

from surveys import logic
from surveys.models import Question


def field_name(question_id: int) -> str:
    return f"q{question_id}"


def raw_from_post(spec: logic.Spec, data: QueryDict) -> logic.Raw:
    """Return the answer a POST gives to the question: its ticked options or its text, and
    the "other: …" text only where "other" is chosen or may be (a multiple choice, or a
    single choice with nothing else picked)."""
    name = field_name(spec.id)
    values = tuple(data.getlist(name))
    other = data.get(f"{name}_other", "") if spec.allows_other else ""
    if spec.kind == logic.SINGLE and values and logic.OTHER not in values:
        other = ""
    return logic.Raw(values, other)


def given_answers(
    specs: Iterable[logic.Spec], shown: Iterable[int], data: QueryDict
) -> dict[int, object]:
    """Return the answers a POST gives to the questions it showed."""
    wanted = set(shown)
    return {spec.id: raw_from_post(spec, data) for spec in specs if spec.id in wanted}


def shown_ids(data: QueryDict) -> list[int]:
    """Return the ids of the questions the posted form showed (its `shown` fields)."""
    found = []
    for value in data.getlist("shown"):
        try:
            found.append(int(value))
        except ValueError:
            continue
    return found


@dataclass(frozen=True)
class Option:
    value: str
    label: str
    checked: bool
    id: str


@dataclass(frozen=True)
class QuestionField:
    """One question as the page shows it."""

    question: Question
    name: str
    options: list[Option]
    other: str  # the "other: …" text
    other_checked: bool
    text: str  # what was typed: a text or a number
    error: str
    controls: bool  # other questions depend on its answer: changing it refreshes the section

    @property
    def kind(self) -> str:
        return self.question.kind

    @property
    def input_mode(self) -> str:
        return "decimal"

    @property
    def limit(self) -> int:
        return logic.SHORT_TEXT_MAX if self.kind == logic.SHORT_TEXT else logic.LONG_TEXT_MAX

    @property
    def uses_fieldset(self) -> bool:
        return self.kind in (logic.SINGLE, logic.MULTIPLE, logic.SCALE, logic.YES_NO)

    @property
    def range_hint(self) -> str:
        low, high = self.question.scale_min, self.question.scale_max
        if low is not None and high is not None:
            return _("From %(min)s to %(max)s.") % {
                "min": formats.number_format(low, force_grouping=True),
                "max": formats.number_format(high, force_grouping=True),
            }
        return ""


def _options(question: Question, chosen: frozenset[str]) -> list[tuple[str, str]]:
    if question.kind == logic.YES_NO:
        return [(logic.YES, _("Yes")), (logic.NO, _("No"))]
    if question.kind == logic.SCALE:
        low, high = question.scale_min or 0, question.scale_max or 0
        return [(str(n), str(n)) for n in range(low, high + 1)]
    return [(str(c.get("value", "")), str(c.get("label", ""))) for c in question.choices]


def _number_text(number: float | None) -> str:
    if number is None:
        return ""
    return str(int(number)) if number == int(number) else formats.number_format(number)


def question_field(
    question: Question,
    *,
    stored: logic.Answer = (),
    posted: logic.Raw | None = None,
    error: str = "",
    controls: bool = False,
) -> QuestionField:
    """Return the question with what was posted (when given: kept as typed, even if wrong)
    or else what is stored."""
    name = field_name(question.pk)
    if posted is not None:
        values = [value.strip() for value in posted.values]
        other = posted.other
        chosen = frozenset(values)
        text = values[0] if values and question.kind not in logic.CHOICE_KINDS else ""
    else:
        chosen = logic.chosen_values(stored)
        other = next((row.text for row in stored if row.value == logic.OTHER), "")
        text = ""
        if stored and question.kind not in logic.CHOICE_KINDS:
            row = stored[0]
            text = row.text if question.kind in (logic.SHORT_TEXT, logic.LONG_TEXT) else ""
            text = text or _number_text(row.number)
            if question.kind == logic.SCALE:
                chosen = frozenset({_number_text(row.number)})
    if question.kind == logic.SCALE and posted is not None:
        chosen = frozenset(posted.values)
    options = [
        Option(value, label, value in chosen, f"id_{name}_{index}")
        for index, (value, label) in enumerate(_options(question, chosen))
    ]
    return QuestionField(
        question=question,
        name=name,
        options=options,
        other=other,
        other_checked=logic.OTHER in chosen,
        text=text,
        error=error,
        controls=controls,
    )


def section_fields(
    questions: Iterable[Question],
    visible: frozenset[int],
    stored: Mapping[int, logic.Answer],
    *,
    posted: Mapping[int, object] | None = None,
    errors: Mapping[int, str] | None = None,
    controlling: set[int] | None = None,
) -> list[QuestionField]:
    """Return the shown questions of a section as fields."""
    errors = errors or {}
    controlling = controlling or set()
    fields = []
    for question in questions:
        if question.pk not in visible:
            continue
        given = (posted or {}).get(question.pk)
        fields.append(
            question_field(
                question,
                stored=stored.get(question.pk, ()),
                posted=given if isinstance(given, logic.Raw) else None,
                error=errors.get(question.pk, ""),
                controls=question.pk in controlling,
            )
        )
    return fields
