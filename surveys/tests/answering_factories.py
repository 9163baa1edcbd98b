"""Surveys to answer, made directly with the ORM (the builder's pages have their own
factories): the ready questionnaire, or a survey of many plain questions, with invitations."""

from __future__ import annotations

from datetime import timedelta
from typing import Any

from django.utils import timezone

from members.models import User
from surveys.models import Invitation, Question, Section, Survey, SurveyStatus
from surveys.ready import READY_DESCRIPTION, READY_SECTIONS, READY_TITLE


def make_survey(**fields: Any) -> Survey:
    today = timezone.localdate()
    values: dict[str, Any] = {
        "title": READY_TITLE,
        "description": READY_DESCRIPTION,
        "status": SurveyStatus.PUBLISHED,
        "opens_on": today - timedelta(days=3),
        "closes_on": today + timedelta(days=14),
        "target_roles": ["resident", "producer"],
        "published_at": timezone.now(),
    }
    values.update(fields)
    return Survey.objects.create(**values)


def ready_survey(**fields: Any) -> Survey:
    """Return a published survey with the ready questionnaire's sections and questions."""
    survey = make_survey(**fields)
    by_code: dict[str, Question] = {}
    for section_index, ready in enumerate(READY_SECTIONS):
        section = Section.objects.create(
            survey=survey,
            title=ready["title"],
            description=ready["description"],
            position=section_index,
        )
        for position, spec in enumerate(ready["questions"]):
            question = Question.objects.create(
                survey=survey,
                section=section,
                position=position,
                kind=spec["kind"],
                text=spec["text"],
                help_text=spec.get("help_text", ""),
                choices=list(spec.get("choices", [])),
                allows_other=spec.get("allows_other", False),
                scale_min=spec.get("scale_min"),
                scale_max=spec.get("scale_max"),
                required=spec.get("required", False),
                show_if=by_code[spec["show_if"]] if spec.get("show_if") else None,
                show_if_value=spec.get("show_if_value", ""),
            )
            by_code[spec["code"]] = question
    return survey


def questions_by_code(survey: Survey) -> dict[str, Question]:
    """Return the ready survey's questions by their code in `surveys.ready`."""
    texts = {
        spec["text"]: spec["code"] for section in READY_SECTIONS for spec in section["questions"]
    }
    return {texts[question.text]: question for question in survey.questions.all()}


def plain_survey(questions: int, sections: int = 2, **fields: Any) -> Survey:
    """Return a survey of `questions` questions of every kind spread over `sections`."""
    survey = make_survey(**{"title": "Опрос", **fields})
    made = [
        Section.objects.create(survey=survey, title=f"Часть {n + 1}", position=n)
        for n in range(sections)
    ]
    kinds = ["single", "multiple", "scale", "number", "short_text", "long_text", "yes_no"]
    choices = [
        {"value": "a", "label": "Первый", "need": "equipment"},
        {"value": "b", "label": "Второй", "need": ""},
    ]
    for n in range(questions):
        kind = kinds[n % len(kinds)]
        Question.objects.create(
            survey=survey,
            section=made[n * sections // questions],
            position=n,
            kind=kind,
            text=f"Вопрос {n + 1}",
            choices=choices if kind in ("single", "multiple") else [],
            allows_other=kind == "multiple",
            scale_min=1 if kind == "scale" else None,
            scale_max=5 if kind == "scale" else None,
        )
    return survey


def invite(survey: Survey, *users: User) -> list[Invitation]:
    return [Invitation.objects.create(survey=survey, user=user) for user in users]
