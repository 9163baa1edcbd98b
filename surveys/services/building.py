"""Writes for building surveys: the survey, its sections and questions, the question bank.

Once a survey has any response (being filled in or sent), only additions are allowed, so
results stay true to what people answered: new sections, new optional questions, new options,
reworded option labels, help texts and the introduction. Everything that would change what an
existing answer means is refused with the reason.

Decisions a reader should know:
- A question added after answers came in must be optional: the responses sent before it have
  no answer to it and must stay complete. Making an existing question required is refused for
  the same reason (making a required one optional is allowed).
- Option values are made once, as slugs of their labels, and then kept whatever the label
  becomes: answers, skip logic and year-on-year comparisons all refer to the value.
- Skip logic may only point at an earlier question with options, so it has no cycles; moves
  that would put a question before the question it depends on are refused. Once a survey has
  responses, no skip logic of an existing question changes: which questions a sent response
  had to answer depends on it, answered or skipped.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from typing import Any

from django.db import transaction
from django.db.models import Max
from django.utils import timezone
from django.utils.translation import gettext as _

from core.errors import DomainError
from core.roles import is_curator
from members.models import User
from surveys.models import (
    NO,
    YES,
    BankQuestion,
    Question,
    QuestionKind,
    Response,
    Section,
    Survey,
    SurveyStatus,
)
from surveys.ready import READY_DESCRIPTION, READY_SECTIONS, READY_TITLE


class SurveyError(DomainError):
    pass


def locked_error(code: str, message: str, field: str = "__all__") -> SurveyError:
    return SurveyError(code, message, field, kind="conflict")


# ---------------------------------------------------------------------------------------------
# Reading the survey's state


def has_responses(survey: Survey) -> bool:
    """Return whether anyone has started or sent a response: from then on only additions."""
    return Response.objects.filter(survey=survey).exists()


def option_values(question: Question | BankQuestion) -> list[str]:
    """Return the values an answer to the question may hold, in order ("other" not included)."""
    if question.kind == QuestionKind.YES_NO:
        return [YES, NO]
    return [choice["value"] for choice in question.choices]


def value_label(question: Question, value: str) -> str:
    if question.kind == QuestionKind.YES_NO:
        return _("yes") if value == YES else _("no")
    return question.choice_labels.get(value, value)


def ordered_questions(survey: Survey) -> list[Question]:
    return list(
        survey.questions.select_related("section").order_by(
            "section__position", "section", "position", "id"
        )
    )


def check_curator(actor: User) -> None:
    if not is_curator(actor):
        raise SurveyError("not_allowed", _("Only curators build surveys."), None, kind="forbidden")


def lock_survey(survey: Survey) -> Survey:
    """Lock the survey's row, so two curators' changes and a first response take turns."""
    return Survey.objects.select_for_update().get(pk=survey.pk)


# ---------------------------------------------------------------------------------------------
# The survey itself


@dataclass
class SurveyData:
    title: str
    opens_on: date
    closes_on: date
    description: str = ""
    is_anonymous: bool = False


def check_survey_data(data: SurveyData) -> None:
    if not data.title.strip():
        raise SurveyError("title_required", _("Give the survey a title."), "title")
    if data.closes_on < data.opens_on:
        raise SurveyError(
            "closes_before_opening",
            _("The survey cannot close before it opens."),
            "closes_on",
        )


def _write_survey(survey: Survey, data: SurveyData) -> None:
    survey.title = data.title.strip()
    survey.description = data.description.strip()
    survey.opens_on, survey.closes_on = data.opens_on, data.closes_on
    survey.is_anonymous = data.is_anonymous


@transaction.atomic
def check_create_survey(actor: User, data: SurveyData) -> Survey:
    """Create a blank draft survey with one empty section to put questions in."""
    check_curator(actor)
    check_survey_data(data)
    survey = Survey(created_by=actor)
    _write_survey(survey, data)
    survey.save()
    Section.objects.create(survey=survey, title=_("Questions"), position=1)
    return survey


@transaction.atomic
def check_edit_survey(actor: User, survey: Survey, data: SurveyData) -> Survey:
    """Change the title, introduction, dates and anonymity; raise SurveyError if refused."""
    check_curator(actor)
    survey = lock_survey(survey)
    check_survey_data(data)
    if data.is_anonymous != survey.is_anonymous and has_responses(survey):
        raise locked_error(
            "anonymity_locked",
            _("People have already answered: the survey cannot become named or anonymous now."),
            "is_anonymous",
        )
    if survey.status != SurveyStatus.DRAFT and data.closes_on < timezone.localdate():
        raise SurveyError(
            "closes_in_the_past",
            _("A published survey cannot close in the past."),
            "closes_on",
        )
    _write_survey(survey, data)
    survey.save()
    return survey


# ---------------------------------------------------------------------------------------------
# Copies: the ready questionnaire and earlier surveys


def _bank_entry(code: str, spec: dict[str, Any]) -> BankQuestion:
    bank, _created = BankQuestion.objects.get_or_create(
        code=code,
        defaults={
            "kind": spec["kind"],
            "text": spec["text"],
            "help_text": spec.get("help_text", ""),
            "choices": spec.get("choices", []),
            "allows_other": spec.get("allows_other", False),
            "scale_min": spec.get("scale_min"),
            "scale_max": spec.get("scale_max"),
        },
    )
    return bank


@transaction.atomic
def check_copy_ready_survey(actor: User, opens_on: date, closes_on: date) -> Survey:
    """Create a draft from the ready needs questionnaire, every question linked to its bank
    entry (made on first use), so next year's copy compares with this year's answers."""
    check_curator(actor)
    data = SurveyData(READY_TITLE, opens_on, closes_on, READY_DESCRIPTION)
    check_survey_data(data)
    survey = Survey(created_by=actor)
    _write_survey(survey, data)
    survey.save()
    by_code: dict[str, Question] = {}
    for section_number, ready in enumerate(READY_SECTIONS, start=1):
        section = Section.objects.create(
            survey=survey,
            title=ready["title"],
            description=ready["description"],
            position=section_number,
        )
        for number, spec in enumerate(ready["questions"], start=1):
            code = spec["code"]
            show_if = by_code[spec["show_if"]] if spec.get("show_if") else None
            by_code[code] = Question.objects.create(
                survey=survey,
                section=section,
                position=number,
                bank_question=_bank_entry(code, dict(spec)),
                kind=spec["kind"],
                text=spec["text"],
                help_text=spec.get("help_text", ""),
                choices=[dict(choice) for choice in spec.get("choices", [])],
                allows_other=spec.get("allows_other", False),
                scale_min=spec.get("scale_min"),
                scale_max=spec.get("scale_max"),
                required=spec.get("required", False),
                show_if=show_if,
                show_if_value=spec.get("show_if_value", ""),
            )
    return survey


@transaction.atomic
def check_copy_survey(actor: User, source: Survey, opens_on: date, closes_on: date) -> Survey:
    """Create a draft copy of `source`: its sections, questions (keeping their bank links, so
    results compare run to run), skip logic and targeting; `copied_from` names the source."""
    check_curator(actor)
    data = SurveyData(source.title, opens_on, closes_on, source.description, source.is_anonymous)
    check_survey_data(data)
    survey = Survey(created_by=actor, copied_from=source, target_roles=list(source.target_roles))
    _write_survey(survey, data)
    survey.save()
    survey.target_towns.set(source.target_towns.all())
    survey.target_industries.set(source.target_industries.all())
    survey.target_members.set(source.target_members.filter(is_active=True))
    sections = {
        old.pk: Section.objects.create(
            survey=survey, title=old.title, description=old.description, position=old.position
        )
        for old in source.sections.all()
    }
    copies: dict[int, Question] = {}
    for old in ordered_questions(source):
        copies[old.pk] = Question.objects.create(
            survey=survey,
            section=sections[old.section_id],
            position=old.position,
            bank_question_id=old.bank_question_id,
            kind=old.kind,
            text=old.text,
            help_text=old.help_text,
            choices=old.choices,
            allows_other=old.allows_other,
            scale_min=old.scale_min,
            scale_max=old.scale_max,
            required=old.required,
            show_if=copies.get(old.show_if_id) if old.show_if_id else None,
            show_if_value=old.show_if_value if old.show_if_id else "",
        )
    return survey


# ---------------------------------------------------------------------------------------------
# Sections


@dataclass
class SectionData:
    title: str
    description: str = ""


def _check_section_data(data: SectionData) -> None:
    if not data.title.strip():
        raise SurveyError("title_required", _("Give the section a title."), "title")


@transaction.atomic
def check_add_section(actor: User, survey: Survey, data: SectionData) -> Section:
    """Add a section at the end; allowed at any time, answers or not."""
    check_curator(actor)
    survey = lock_survey(survey)
    _check_section_data(data)
    last = survey.sections.aggregate(last=Max("position"))["last"] or 0
    return Section.objects.create(
        survey=survey,
        title=data.title.strip(),
        description=data.description.strip(),
        position=last + 1,
    )


@transaction.atomic
def check_edit_section(actor: User, section: Section, data: SectionData) -> Section:
    check_curator(actor)
    lock_survey(section.survey)
    _check_section_data(data)
    section.title, section.description = data.title.strip(), data.description.strip()
    section.save(update_fields=["title", "description"])
    return section


@transaction.atomic
def check_delete_section(actor: User, section: Section) -> None:
    check_curator(actor)
    survey = lock_survey(section.survey)
    if has_responses(survey):
        raise locked_error(
            "answered",
            _("People have already answered: sections and questions can no longer be deleted."),
        )
    if survey.sections.count() == 1:
        raise SurveyError("last_section", _("A survey keeps at least one section."))
    outside = Question.objects.filter(show_if__section=section).exclude(section=section)
    if outside.exists():
        raise SurveyError(
            "has_dependants",
            _(
                "A question in another section is shown depending on this section's answers: "
                "change its condition first."
            ),
        )
    Question.objects.filter(section=section, show_if__isnull=False).update(show_if=None)
    section.delete()


def renumber(items: list[Any]) -> None:
    for number, item in enumerate(items, start=1):
        if item.position != number:
            item.position = number
            item.save(update_fields=["position"])


def check_order(questions: list[Question]) -> None:
    """Raise SurveyError if a question would come before the question it depends on."""
    seen: set[int] = set()
    for question in questions:
        if question.show_if_id is not None and question.show_if_id not in seen:
            raise SurveyError(
                "order_breaks_condition",
                _(
                    "«%(question)s» is shown depending on an earlier answer and must stay after "
                    "the question it depends on."
                )
                % {"question": question.text},
            )
        seen.add(question.pk)


@transaction.atomic
def check_move_section(actor: User, section: Section, step: int) -> None:
    """Move the section one place up (-1) or down (+1); refused if it breaks skip logic."""
    check_curator(actor)
    survey = lock_survey(section.survey)
    sections = list(survey.sections.order_by("position", "id"))
    index = next(i for i, s in enumerate(sections) if s.pk == section.pk)
    other = index + step
    if not 0 <= other < len(sections):
        return
    sections[index], sections[other] = sections[other], sections[index]
    order = {s.pk: n for n, s in enumerate(sections)}
    questions = sorted(
        ordered_questions(survey), key=lambda q: (order[q.section_id], q.position, q.pk)
    )
    check_order(questions)
    renumber(sections)
