"""Shared test factories for surveys: a survey, the ready questionnaire, a question, a
response. Made with the ORM (or the trusted services), so any part's tests can use them."""

from __future__ import annotations

from datetime import timedelta
from itertools import count
from typing import Any

from django.utils import timezone

from members.models import User
from surveys.models import (
    Invitation,
    Question,
    QuestionKind,
    Response,
    ResponseStatus,
    Section,
    Survey,
    SurveyStatus,
)

_numbers = count(1)


def make_survey(curator: User | None = None, **fields: Any) -> Survey:
    """Return a draft survey open from today for two weeks, with one empty section; give
    `status="published"` for a published one, `target_roles`, … as fields."""
    today = timezone.localdate()
    survey = Survey.objects.create(
        title=fields.pop("title", f"Опрос {next(_numbers)}"),
        opens_on=fields.pop("opens_on", today),
        closes_on=fields.pop("closes_on", today + timedelta(days=14)),
        created_by=curator,
        **fields,
    )
    if survey.status == SurveyStatus.PUBLISHED and survey.published_at is None:
        survey.published_at = timezone.now()
        survey.save(update_fields=["published_at"])
    Section.objects.create(survey=survey, title="Вопросы", position=1)
    return survey


def ready_survey(curator: User, **fields: Any) -> Survey:
    """Return a draft copy of the ready needs questionnaire (with its bank entries)."""
    from surveys.services import check_copy_ready_survey

    today = timezone.localdate()
    survey = check_copy_ready_survey(
        curator,
        fields.pop("opens_on", today),
        fields.pop("closes_on", today + timedelta(days=14)),
    )
    if fields:
        Survey.objects.filter(pk=survey.pk).update(**fields)
        survey.refresh_from_db()
    return survey


def options(*labels: str) -> list[dict[str, str]]:
    """Return stored options for the labels, their values `o1`, `o2`…"""
    return [{"value": f"o{n}", "label": label, "need": ""} for n, label in enumerate(labels, 1)]


def add_question(
    survey: Survey, kind: str = QuestionKind.SINGLE, section: Section | None = None, **fields: Any
) -> Question:
    """Return a new question at the end of the section (the survey's first by default); a
    choice question gets the options «Да, конечно», «Нет» unless `choices` are given."""
    section = section or survey.sections.order_by("position", "id").first()
    assert section is not None
    if kind in (QuestionKind.SINGLE, QuestionKind.MULTIPLE):
        fields.setdefault("choices", options("Да, конечно", "Нет"))
    if kind == QuestionKind.SCALE:
        fields.setdefault("scale_min", 1)
        fields.setdefault("scale_max", 5)
    return Question.objects.create(
        survey=survey,
        section=section,
        kind=kind,
        text=fields.pop("text", f"Вопрос {next(_numbers)}?"),
        position=fields.pop("position", section.questions.count() + 1),
        **fields,
    )


def add_response(survey: Survey, user: User, *, submitted: bool = True) -> Response:
    """Return a response of the person (named), sent or being filled in, and mark their
    invitation answered when it is sent."""
    sent = ResponseStatus.SUBMITTED if submitted else ResponseStatus.DRAFT
    response = Response.objects.create(
        survey=survey,
        user=user,
        status=sent,
        started_at=timezone.now(),
        submitted_at=timezone.now() if submitted else None,
    )
    if submitted:
        Invitation.objects.filter(survey=survey, user=user).update(answered=True)
    return response
