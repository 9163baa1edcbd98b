"""Writes for the questions of a survey and the question bank, under the rules of
`surveys.services.building` (see its notes: once answers came in, only additions)."""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from typing import Any

from django.db import transaction
from django.db.models import Max
from django.utils.text import slugify
from django.utils.translation import gettext as _

from members.models import User
from resources.models import ItemType
from surveys.models import (
    CHOICE_KINDS,
    NO,
    OTHER_VALUE,
    YES,
    BankQuestion,
    Question,
    QuestionKind,
    Section,
    Survey,
)
from surveys.services.building import (
    SurveyError,
    check_curator,
    check_order,
    has_responses,
    lock_survey,
    locked_error,
    option_values,
    ordered_questions,
    renumber,
)

# Kinds whose options the curator writes (yes/no has its own two).
LISTED_KINDS = frozenset({QuestionKind.SINGLE, QuestionKind.MULTIPLE})
SCALES = ((1, 5), (0, 10))
OPTION_LABEL_MAX = 200
VALUE_MAX = 40

_CYRILLIC = dict(
    zip(
        "абвгдеёжзийклмнопрстуфхцчшщъыьэюя",
        ("a b v g d e e zh z i y k l m n o p r s t u f h ts ch sh sch _ y _ e yu ya")
        .replace("_", "")
        .split(" "),
        strict=True,
    )
)


# ---------------------------------------------------------------------------------------------
# Questions


@dataclass
class OptionData:
    label: str
    value: str = ""  # "" for a new option; its value is then made from the label
    need: str = ""


@dataclass
class QuestionData:
    kind: str
    text: str
    help_text: str = ""
    options: list[OptionData] = field(default_factory=list)
    allows_other: bool = False
    scale_min: int | None = None
    scale_max: int | None = None
    required: bool = False
    show_if: Question | None = None
    show_if_value: str = ""


def slug_for(label: str, taken: set[str]) -> str:
    """Return a value for an option labelled `label`, readable in exports and unique among
    `taken` ("other" is kept for "other: …")."""
    latin = "".join(_CYRILLIC.get(char, char) for char in label.lower())
    base = slugify(latin).replace("-", "_")[:VALUE_MAX].strip("_") or "option"
    value, number = base, 2
    while value in taken or value == OTHER_VALUE:
        suffix = f"_{number}"
        value, number = f"{base[: VALUE_MAX - len(suffix)]}{suffix}", number + 1
    return value


def _choices(data: QuestionData, before: Question | None) -> list[dict[str, str]]:
    """Return the checked options as stored, keeping the value of every existing option."""
    if data.kind not in LISTED_KINDS:
        return []
    existing = set(option_values(before)) if before is not None and is_listed(before) else set()
    options = [o for o in data.options if o.label.strip()]
    if len(options) < 2:
        raise SurveyError(
            "two_options", _("A choice question needs at least two options."), "options"
        )
    labels = [re.sub(r"\s+", " ", o.label.strip()) for o in options]
    if len({label.casefold() for label in labels}) != len(labels):
        raise SurveyError("duplicate_option", _("Two options have the same label."), "options")
    if any(len(label) > OPTION_LABEL_MAX for label in labels):
        raise SurveyError(
            "option_too_long",
            _("An option's label is at most %(max)d characters.") % {"max": OPTION_LABEL_MAX},
            "options",
        )
    taken = {o.value for o in options if o.value in existing}
    choices = []
    for option, label in zip(options, labels, strict=True):
        if option.need and option.need not in ItemType.values:
            raise SurveyError("unknown_need", _("Unknown kind of need."), "options")
        value = option.value if option.value in existing else slug_for(label, taken)
        taken.add(value)
        choices.append({"value": value, "label": label, "need": option.need})
    return choices


def is_listed(question: Question) -> bool:
    return question.kind in LISTED_KINDS


def _check_bounds(data: QuestionData) -> tuple[int | None, int | None]:
    low, high = data.scale_min, data.scale_max
    if data.kind == QuestionKind.SCALE:
        if (low, high) not in SCALES:
            raise SurveyError("scale", _("A scale runs from 1 to 5 or from 0 to 10."), "scale")
        return low, high
    if data.kind == QuestionKind.NUMBER:
        if low is not None and high is not None and low > high:
            raise SurveyError(
                "bounds", _("The lowest number cannot be above the highest."), "scale_max"
            )
        return low, high
    return None, None


def _check_condition(
    survey: Survey, data: QuestionData, question: Question | None, section: Section
) -> None:
    """Raise SurveyError unless the skip logic names an earlier question with options of the
    same survey and one of its values."""
    target = data.show_if
    if target is None:
        return
    if target.survey_id != survey.pk or (question is not None and target.pk == question.pk):
        raise SurveyError("condition_question", _("Choose an earlier question."), "show_if")
    if target.kind not in CHOICE_KINDS:
        raise SurveyError(
            "condition_question",
            _("A condition needs a question with options."),
            "show_if",
        )
    if data.show_if_value not in option_values(target):
        raise SurveyError(
            "condition_value", _("Choose one of that question's options."), "show_if_value"
        )
    ordered = ordered_questions(survey)
    if question is None:
        # A new question goes at the end of its section.
        later_sections = {s.pk for s in survey.sections.all() if s.position > section.position}
        earlier = [q for q in ordered if q.section_id not in later_sections]
    else:
        earlier = ordered[: next(i for i, q in enumerate(ordered) if q.pk == question.pk)]
    if target.pk not in {q.pk for q in earlier}:
        raise SurveyError(
            "condition_not_earlier",
            _("A condition can only use a question asked before this one."),
            "show_if",
        )


def check_question_data(
    survey: Survey, data: QuestionData, question: Question | None, section: Section
) -> dict[str, Any]:
    """Return the question's fields as stored; raise SurveyError on the first rule broken."""
    if data.kind not in QuestionKind.values:
        raise SurveyError("unknown_kind", _("Unknown kind of question."), "kind")
    if not data.text.strip():
        raise SurveyError("text_required", _("Write the question."), "text")
    if len(data.text.strip()) > 500:
        raise SurveyError("text_too_long", _("A question is at most 500 characters."), "text")
    low, high = _check_bounds(data)
    _check_condition(survey, data, question, section)
    return {
        "kind": data.kind,
        "text": data.text.strip(),
        "help_text": data.help_text.strip(),
        "choices": _choices(data, question),
        "allows_other": data.allows_other and data.kind in LISTED_KINDS,
        "scale_min": low,
        "scale_max": high,
        "required": data.required,
        "show_if": data.show_if,
        "show_if_value": data.show_if_value if data.show_if is not None else "",
    }


def _check_dependants_keep(question: Question, values: dict[str, Any]) -> None:
    """Raise SurveyError if the change takes away what later questions' conditions use."""
    kept = set(values["choices"] and [c["value"] for c in values["choices"]])
    if values["kind"] == QuestionKind.YES_NO:
        kept = {YES, NO}
    for dependant in question.dependants.all():
        if values["kind"] not in CHOICE_KINDS or dependant.show_if_value not in kept:
            raise SurveyError(
                "has_dependants",
                _("«%(question)s» is shown depending on this answer: change its condition first.")
                % {"question": dependant.text},
                "options",
            )


def _check_additions_only(question: Question, values: dict[str, Any]) -> None:
    """Raise SurveyError if, with responses in, the change is more than an addition."""
    if values["kind"] != question.kind:
        raise locked_error(
            "kind_locked",
            _("People have already answered: the kind of question cannot change."),
            "kind",
        )
    if values["text"] != question.text:
        raise locked_error(
            "text_locked",
            _(
                "People have already answered: the question's wording cannot change. Add a new "
                "question instead."
            ),
            "text",
        )
    if (values["scale_min"], values["scale_max"]) != (question.scale_min, question.scale_max):
        raise locked_error(
            "bounds_locked",
            _("People have already answered: the scale and the bounds cannot change."),
            "scale",
        )
    new_values = {c["value"] for c in values["choices"]}
    if is_listed(question) and not set(option_values(question)) <= new_values:
        raise locked_error(
            "option_removed",
            _("People have already answered: options can be added and reworded, not removed."),
            "options",
        )
    if question.allows_other and not values["allows_other"]:
        raise locked_error(
            "other_removed",
            _("People have already answered: “other: …” cannot be taken away."),
            "allows_other",
        )
    if values["required"] and not question.required:
        raise locked_error(
            "required_locked",
            _(
                "People have already answered: a question cannot become required, the responses "
                "already sent have no answer to it."
            ),
            "required",
        )
    if (values["show_if"], values["show_if_value"]) != (question.show_if, question.show_if_value):
        raise locked_error(
            "condition_locked",
            _("People have already answered: when a question is shown cannot change."),
            "show_if",
        )


_FIELDS = [
    "kind",
    "text",
    "help_text",
    "choices",
    "allows_other",
    "scale_min",
    "scale_max",
    "required",
    "show_if",
    "show_if_value",
]


@transaction.atomic
def check_add_question(
    actor: User, section: Section, data: QuestionData, bank: BankQuestion | None = None
) -> Question:
    """Add a question at the end of the section; with responses in, only an optional one."""
    check_curator(actor)
    survey = lock_survey(section.survey)
    values = check_question_data(survey, data, None, section)
    if values["required"] and has_responses(survey):
        raise locked_error(
            "required_after_answers",
            _(
                "People have already answered: a new question can only be optional, the "
                "responses already sent have no answer to it."
            ),
            "required",
        )
    last = section.questions.aggregate(last=Max("position"))["last"] or 0
    return Question.objects.create(
        survey=survey, section=section, position=last + 1, bank_question=bank, **values
    )


@transaction.atomic
def check_edit_question(actor: User, question: Question, data: QuestionData) -> Question:
    """Change the question; once answers came in, only additions (see the module's notes)."""
    check_curator(actor)
    survey = lock_survey(question.survey)
    question = Question.objects.select_for_update().get(pk=question.pk)
    values = check_question_data(survey, data, question, question.section)
    if has_responses(survey):
        _check_additions_only(question, values)
    _check_dependants_keep(question, values)
    if values["kind"] != question.kind:
        # A question that no longer asks what its bank entry asks does not compare with it.
        question.bank_question = None
    for name, value in values.items():
        setattr(question, name, value)
    question.save()
    return question


@transaction.atomic
def check_delete_question(actor: User, question: Question) -> None:
    check_curator(actor)
    survey = lock_survey(question.survey)
    if has_responses(survey):
        raise locked_error(
            "answered",
            _("People have already answered: sections and questions can no longer be deleted."),
        )
    dependant = question.dependants.first()
    if dependant is not None:
        raise SurveyError(
            "has_dependants",
            _("«%(question)s» is shown depending on this answer: change its condition first.")
            % {"question": dependant.text},
        )
    section = question.section
    question.delete()
    renumber(list(section.questions.order_by("position", "id")))


@transaction.atomic
def check_move_question(actor: User, question: Question, step: int) -> None:
    """Move the question one place up (-1) or down (+1) within its section, or into the next
    or previous section at its edge; refused if it breaks skip logic."""
    check_curator(actor)
    survey = lock_survey(question.survey)
    ordered = ordered_questions(survey)
    index = next(i for i, q in enumerate(ordered) if q.pk == question.pk)
    question = ordered[index]
    in_section = [q for q in ordered if q.section_id == question.section_id]
    place = in_section.index(question) + step
    if 0 <= place < len(in_section):
        in_section.remove(question)
        in_section.insert(place, question)
        moved = _section_order(ordered, question.section_id, in_section)
        check_order(moved)
        renumber(in_section)
        return
    sections = list(survey.sections.order_by("position", "id"))
    at = next(i for i, s in enumerate(sections) if s.pk == question.section_id)
    if not 0 <= at + step < len(sections):
        return
    target = sections[at + step]
    old_section = question.section_id
    question.section = target
    question.section_id = target.pk
    others = [q for q in ordered if q.section_id == target.pk and q is not question]
    new_list = [question, *others] if step > 0 else [*others, question]
    order = {s.pk: n for n, s in enumerate(sections)}
    rest = [q for q in ordered if q is not question]
    check_order(
        sorted(
            [*rest, question],
            key=lambda q: (
                order[q.section_id],
                new_list.index(q) if q.section_id == target.pk else q.position,
            ),
        )
    )
    question.save(update_fields=["section"])
    renumber(new_list)
    renumber([q for q in ordered if q.section_id == old_section])


def _section_order(
    ordered: list[Question], section_id: int, in_section: list[Question]
) -> list[Question]:
    result: list[Question] = []
    placed = False
    for q in ordered:
        if q.section_id == section_id:
            if not placed:
                result.extend(in_section)
                placed = True
        else:
            result.append(q)
    return result


# ---------------------------------------------------------------------------------------------
# The question bank


@transaction.atomic
def check_add_from_bank(actor: User, section: Section, bank: BankQuestion) -> Question:
    """Add the bank's question at the end of the section, linked to it for comparison."""
    data = QuestionData(
        kind=bank.kind,
        text=bank.text,
        help_text=bank.help_text,
        options=[OptionData(c["label"], "", c.get("need", "")) for c in bank.choices],
        allows_other=bank.allows_other,
        scale_min=bank.scale_min,
        scale_max=bank.scale_max,
    )
    question = check_add_question(actor, section, data, bank)
    if bank.kind in LISTED_KINDS:
        # The bank's own values, so answers compare with every other survey asking it.
        question.choices = [dict(c) for c in bank.choices]
        question.save(update_fields=["choices"])
    return question


@transaction.atomic
def check_save_to_bank(actor: User, question: Question) -> BankQuestion:
    """Keep the question in the bank (once) and link it there; return its bank entry."""
    check_curator(actor)
    if question.bank_question_id is not None:
        raise SurveyError(
            "already_in_bank", _("This question is already in the bank."), kind="conflict"
        )
    base = slugify("".join(_CYRILLIC.get(c, c) for c in question.text.lower()))[:60] or "question"
    code, number = base, 2
    while BankQuestion.objects.filter(code=code).exists():
        code, number = f"{base}-{number}", number + 1
    bank = BankQuestion.objects.create(
        code=code,
        kind=question.kind,
        text=question.text,
        help_text=question.help_text,
        choices=question.choices,
        allows_other=question.allows_other,
        scale_min=question.scale_min,
        scale_max=question.scale_max,
    )
    question.bank_question = bank
    question.save(update_fields=["bank_question"])
    return bank
