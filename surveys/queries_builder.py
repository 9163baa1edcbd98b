"""Reads for the builder: the curators' survey list, one survey's outline, the bank, the member
picker, and the access checks (missing and forbidden both answer 404)."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, timedelta
from typing import Any

from django.db.models import Count, IntegerField, OuterRef, Prefetch, Q, QuerySet, Subquery
from django.db.models.functions import Coalesce
from django.http import Http404
from django.utils import timezone

from core.roles import is_curator
from members.models import Member
from members.search import filter_by_text
from resources.models import ItemType
from surveys.models import (
    BankQuestion,
    Invitation,
    Question,
    Response,
    ResponseStatus,
    Section,
    Survey,
    SurveyStatus,
)
from surveys.services.building import has_responses, option_values, value_label

MEMBER_RESULTS = 20
BANK_RESULTS = 30
STATES = ("draft", "open", "closed")


def access_survey_for_curator(user: Any, survey_id: int) -> Survey:
    if not is_curator(user):
        raise Http404
    survey = Survey.objects.filter(pk=survey_id).first()
    if survey is None:
        raise Http404
    return survey


def access_section_for_curator(user: Any, survey_id: int, section_id: int) -> Section:
    survey = access_survey_for_curator(user, survey_id)
    section = Section.objects.filter(pk=section_id, survey=survey).first()
    if section is None:
        raise Http404
    section.survey = survey
    return section


def access_question_for_curator(user: Any, survey_id: int, question_id: int) -> Question:
    survey = access_survey_for_curator(user, survey_id)
    question = (
        Question.objects.filter(pk=question_id, survey=survey).select_related("section").first()
    )
    if question is None:
        raise Http404
    question.survey = survey
    return question


def _count(queryset: QuerySet[Any]) -> Any:
    counted = queryset.order_by().values("survey").annotate(n=Count("pk")).values("n")
    return Coalesce(Subquery(counted, output_field=IntegerField()), 0)


def survey_list(state: str = "", today: date | None = None) -> QuerySet[Survey]:
    """Return the surveys with `invited`, `answered` (invitations answered) and `sent`
    (responses sent), newest first; `state` keeps drafts, open or closed ones (one query)."""
    today = today or timezone.localdate()
    surveys = Survey.objects.annotate(
        invited=_count(Invitation.objects.filter(survey=OuterRef("pk"))),
        answered=_count(Invitation.objects.filter(survey=OuterRef("pk"), answered=True)),
        sent=_count(
            Response.objects.filter(survey=OuterRef("pk"), status=ResponseStatus.SUBMITTED)
        ),
    ).order_by("-created_at", "-id")
    closed = Q(status=SurveyStatus.ARCHIVED) | Q(status=SurveyStatus.PUBLISHED, closes_on__lt=today)
    if state == "draft":
        return surveys.filter(status=SurveyStatus.DRAFT)
    if state == "open":
        return surveys.filter(status=SurveyStatus.PUBLISHED, closes_on__gte=today)
    if state == "closed":
        return surveys.filter(closed)
    return surveys


def survey_state(survey: Survey, today: date | None = None) -> str:
    """Return "draft", "scheduled" (published, not open yet), "open" or "closed"."""
    return survey.state_on(today or timezone.localdate())


def rate(answered: int, invited: int) -> int | None:
    """Return the response rate in whole per cent, None when nobody was invited."""
    return round(100 * answered / invited) if invited else None


@dataclass
class SurveyRow:
    survey: Survey
    state: str
    invited: int
    answered: int
    sent: int

    @property
    def rate(self) -> int | None:
        return rate(self.answered, self.invited)


def survey_rows(surveys: Any, today: date | None = None) -> list[SurveyRow]:
    """Return the rows of a page of `survey_list` (its counts read from the annotations)."""
    today = today or timezone.localdate()
    return [SurveyRow(s, survey_state(s, today), s.invited, s.answered, s.sent) for s in surveys]


@dataclass
class OptionRow:
    value: str
    label: str
    need: str  # the need's label, "" when the option names none


@dataclass
class QuestionRow:
    question: Question
    number: int  # in the whole survey, from 1
    options: list[OptionRow]
    condition_question: str
    condition_value: str
    first: bool
    last: bool

    @property
    def points(self) -> list[int]:
        """Return the points of a scale, lowest first; none for other kinds."""
        q = self.question
        if q.kind != "scale" or q.scale_min is None or q.scale_max is None:
            return []
        return list(range(q.scale_min, q.scale_max + 1))


@dataclass
class SectionRow:
    section: Section
    questions: list[QuestionRow]


@dataclass
class Outline:
    survey: Survey
    sections: list[SectionRow]
    locked: bool  # someone has answered: only additions

    @property
    def question_count(self) -> int:
        return sum(len(s.questions) for s in self.sections)


def _options(question: Question) -> list[OptionRow]:
    needs = dict(ItemType.choices)
    return [
        OptionRow(v, value_label(question, v), str(needs.get(c.get("need", ""), "")))
        for v, c in zip(
            option_values(question),
            question.choices or [{} for _v in option_values(question)],
            strict=True,
        )
    ]


def outline(survey: Survey) -> Outline:
    """Return the survey's sections with their questions in order (three queries: sections,
    questions with their conditions, whether anyone answered)."""
    questions = Question.objects.select_related("show_if", "bank_question").order_by(
        "position", "id"
    )
    sections = list(
        survey.sections.order_by("position", "id").prefetch_related(
            Prefetch("questions", queryset=questions)
        )
    )
    rows, number = [], 0
    for section in sections:
        section_rows = []
        for question in section.questions.all():
            number += 1
            target = question.show_if
            section_rows.append(
                QuestionRow(
                    question,
                    number,
                    _options(question),
                    target.text if target else "",
                    value_label(target, question.show_if_value) if target else "",
                    first=number == 1,
                    last=False,
                )
            )
        rows.append(SectionRow(section, section_rows))
    if number:
        last_section = next(r for r in reversed(rows) if r.questions)
        last_section.questions[-1].last = True
    return Outline(survey, rows, has_responses(survey))


def earlier_choice_questions(
    survey: Survey, question: Question | None, section: Section
) -> list[Question]:
    """Return the questions a condition may use: asked before `question` (or before the end
    of `section` for a new one) and answered from options."""
    ordered = list(
        survey.questions.select_related("section").order_by(
            "section__position", "section", "position", "id"
        )
    )
    if question is not None:
        ordered = ordered[: next(i for i, q in enumerate(ordered) if q.pk == question.pk)]
    else:
        ordered = [q for q in ordered if q.section.position <= section.position]
    return [q for q in ordered if option_values(q)]


def bank_search(text: str, limit: int | None = BANK_RESULTS) -> list[BankQuestion]:
    """Return the bank's questions whose wording or code contains the text, any case (the bank
    is a few hundred rows at most, read once: SQLite folds only Latin letters' case)."""
    needle = text.strip().casefold()
    found = [
        bank
        for bank in BankQuestion.objects.order_by("text", "id")
        if needle in bank.text.casefold() or needle in bank.code
    ]
    return found if limit is None else found[:limit]


def member_search(text: str) -> list[Member]:
    """Return active members matching the words, for the hand-picked list (at most 20)."""
    if not text.strip():
        return []
    members = Member.objects.filter(is_active=True).select_related("town")
    return list(filter_by_text(members, text).order_by("display_name", "id")[:MEMBER_RESULTS])


@dataclass
class SendingOutcome:
    invited: int
    answered: int
    reminded_recently: int
    never_reminded: int


def sending_outcome(survey: Survey) -> SendingOutcome:
    """Return the invitations' figures of the survey (one query)."""
    recent = timezone.now() - timedelta(days=3)
    figures = Invitation.objects.filter(survey=survey).aggregate(
        n_invited=Count("pk"),
        n_answered=Count("pk", filter=Q(answered=True)),
        n_reminded=Count("pk", filter=Q(reminded_at__gte=recent)),
        n_never=Count("pk", filter=Q(reminded_at__isnull=True, answered=False)),
    )
    return SendingOutcome(
        figures["n_invited"], figures["n_answered"], figures["n_reminded"], figures["n_never"]
    )
