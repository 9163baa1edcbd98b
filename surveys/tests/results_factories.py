"""Surveys with sent responses for the results tests, made directly with the ORM."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date
from typing import Any

from core.models import Industry, Town
from members.models import User
from surveys.models import (
    Answer,
    BankQuestion,
    Invitation,
    Question,
    QuestionKind,
    Response,
    ResponseStatus,
    Section,
    Survey,
    SurveyStatus,
)

NEED_OPTIONS = [
    {"value": "premises", "label": "Помещение", "need": "premises"},
    {"value": "sales", "label": "Каналы продаж", "need": "sales_channel"},
    {"value": "training", "label": "Обучение", "need": "knowledge"},
]
OBSTACLE_OPTIONS = [
    {"value": "no_sales", "label": "Мало покупателей", "need": ""},
    {"value": "no_money", "label": "Не хватает денег", "need": ""},
]


def make_survey(
    *,
    anonymous: bool = False,
    opens_on: date = date(2026, 3, 1),
    title: str = "Что нужно вашему делу?",
    copied_from: Survey | None = None,
) -> Survey:
    return Survey.objects.create(
        title=title,
        is_anonymous=anonymous,
        status=SurveyStatus.PUBLISHED,
        opens_on=opens_on,
        closes_on=date(opens_on.year, 12, 31),
        copied_from=copied_from,
    )


def add_question(
    survey: Survey,
    kind: str,
    text: str = "",
    *,
    section: Section | None = None,
    position: int = 0,
    bank: BankQuestion | None = None,
    **fields: Any,
) -> Question:
    if section is None:
        section = survey.sections.first() or Section.objects.create(
            survey=survey, title="Потребности"
        )
    return Question.objects.create(
        survey=survey,
        section=section,
        kind=kind,
        text=text or f"Вопрос {kind}",
        position=position,
        bank_question=bank,
        **fields,
    )


def needs_question(survey: Survey, **fields: Any) -> Question:
    return add_question(
        survey,
        QuestionKind.MULTIPLE,
        "Что нужно вашему бизнесу?",
        choices=NEED_OPTIONS,
        allows_other=True,
        **fields,
    )


def obstacle_question(survey: Survey, **fields: Any) -> Question:
    return add_question(
        survey, QuestionKind.SINGLE, "Что мешает?", choices=OBSTACLE_OPTIONS, **fields
    )


def respond(
    survey: Survey,
    answers: dict[Question, Any],
    *,
    town: Town | None = None,
    industries: Sequence[Industry] = (),
    roles: Sequence[str] = ("resident",),
    user: User | None = None,
    status: str = ResponseStatus.SUBMITTED,
) -> Response:
    """Make a response with its answers: a list of values for a multiple choice, a value for
    a single choice or yes/no, a number, a text; ("other", text) for "other: …"."""
    response = Response.objects.create(
        survey=survey,
        user=user,
        status=status,
        town=town,
        **{f"is_{role}": True for role in roles},
    )
    if industries:
        response.industries.set(industries)
    rows = []
    for question, given in answers.items():
        values = given if isinstance(given, list) else [given]
        for value in values:
            rows.append(answer_row(response, question, value))
    Answer.objects.bulk_create(rows)
    return response


def answer_row(response: Response, question: Question, value: Any) -> Answer:
    if isinstance(value, tuple):
        return Answer(response=response, question=question, value=value[0], text=value[1])
    if question.kind in (QuestionKind.SCALE, QuestionKind.NUMBER):
        return Answer(response=response, question=question, number=float(value))
    if question.kind in (QuestionKind.SHORT_TEXT, QuestionKind.LONG_TEXT):
        return Answer(response=response, question=question, text=str(value))
    return Answer(response=response, question=question, value=str(value))


def invite(survey: Survey, users: Sequence[User]) -> None:
    Invitation.objects.bulk_create([Invitation(survey=survey, user=u) for u in users])
