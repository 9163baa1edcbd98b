"""Reads for answering: the person's invitation (the only way in), the questions as the pure
rules take them, the stored answers, and the person's surveys with where each one stands."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date, datetime

from django.contrib.auth.models import AnonymousUser
from django.db.models import Count, Q
from django.http import Http404

from members.models import User
from surveys import logic
from surveys.models import (
    Answer,
    Invitation,
    Question,
    Response,
    ResponseStatus,
    Section,
    Survey,
    SurveyStatus,
)

AnyUser = User | AnonymousUser

# Where a survey stands for one person (`MySurvey.state`).
UPCOMING, NEW, STARTED, SENT, CLOSED = "upcoming", "new", "started", "sent", "closed"


def access_invitation_for_user(user: AnyUser, survey_id: int) -> Invitation:
    """Return the person's invitation to the survey, with the survey; raise Http404 if the
    survey is missing, still a draft, or not sent to them (1 query)."""
    if not user.is_authenticated:
        raise Http404
    invitation = (
        Invitation.objects.select_related("survey")
        .filter(survey_id=survey_id, user=user)
        .exclude(survey__status=SurveyStatus.DRAFT)
        .first()
    )
    if invitation is None:
        raise Http404
    return invitation


def spec_of(question: Question) -> logic.Spec:
    choices = tuple(
        logic.Choice(str(c.get("value", "")), str(c.get("label", "")), str(c.get("need") or ""))
        for c in question.choices
        if isinstance(c, dict)
    )
    return logic.Spec(
        id=question.pk,
        kind=question.kind,
        required=question.required,
        choices=choices,
        allows_other=question.allows_other,
        scale_min=question.scale_min,
        scale_max=question.scale_max,
        show_if=question.show_if_id,
        show_if_value=question.show_if_value,
    )


@dataclass(frozen=True)
class Questionnaire:
    """A survey's sections and questions in order, with their specs (2 queries)."""

    sections: list[Section]
    questions: list[Question]
    specs: list[logic.Spec]

    def of_section(self, section: Section) -> list[Question]:
        return [question for question in self.questions if question.section_id == section.pk]

    def controlling(self) -> set[int]:
        """Return the ids of the questions others depend on."""
        return {spec.show_if for spec in self.specs if spec.show_if is not None}


def questionnaire(survey: Survey) -> Questionnaire:
    sections = list(Section.objects.filter(survey=survey).order_by("position", "id"))
    order = {section.pk: index for index, section in enumerate(sections)}
    questions = sorted(
        Question.objects.filter(survey=survey),
        key=lambda q: (order.get(q.section_id, len(order)), q.position, q.pk),
    )
    return Questionnaire(sections, questions, [spec_of(question) for question in questions])


def response_of(invitation: Invitation, *, lock: bool = False) -> Response | None:
    """Return the person's response: theirs by name, or the draft tied to the invitation of
    an anonymous survey (none once it is sent: nothing leads back to it)."""
    responses = Response.objects.select_for_update() if lock else Response.objects.all()
    if invitation.survey.is_anonymous:
        return responses.filter(invitation=invitation).first()
    return responses.filter(survey_id=invitation.survey_id, user_id=invitation.user_id).first()


def stored_answers(response: Response | None) -> dict[int, logic.Answer]:
    """Return the response's answers by question, as the pure rules take them (1 query)."""
    if response is None:
        return {}
    rows = Answer.objects.filter(response=response).order_by("id")
    return logic.group_rows(
        logic.Row(row.question_id, row.value, row.number, row.text) for row in rows
    )


def survey_state(survey: Survey, today: date) -> str:
    """Return upcoming, open or closed: whether people may answer the survey today."""
    # A draft has invited nobody yet: to a person it is as good as closed.
    state = survey.state_on(today)
    return {"scheduled": UPCOMING, "draft": CLOSED}.get(state, state)


@dataclass(frozen=True)
class MySurvey:
    invitation: Invitation
    survey: Survey
    state: str  # upcoming, new, started, sent, closed
    answered: int  # questions answered so far (a sent anonymous survey: 0, nothing is kept)
    questions: int
    submitted_at: datetime | None  # a sent named response's last sending
    sent: bool  # the person has sent their answers (also for a closed survey)

    @property
    def editable(self) -> bool:
        return self.state in (NEW, STARTED) or (self.state == SENT and not self.survey.is_anonymous)


def my_surveys(user: User, today: date) -> list[MySurvey]:
    """Return the surveys sent to the person, the open ones first, each with where it stands
    (2 queries: invitations with their surveys and question counts, the person's responses
    with their answer counts)."""
    invitations = list(
        Invitation.objects.filter(user=user)
        .exclude(survey__status=SurveyStatus.DRAFT)
        .select_related("survey")
        .annotate(question_count=Count("survey__questions", distinct=True))
        .order_by("survey__closes_on", "survey_id")
    )
    responses = _responses_of(user, invitations)
    found = [_my_survey(invitation, responses, today) for invitation in invitations]
    rank = {NEW: 0, STARTED: 0, SENT: 1, UPCOMING: 2, CLOSED: 3}
    found.sort(key=lambda row: rank[row.state])
    return found


def _responses_of(user: User, invitations: Iterable[Invitation]) -> dict[int, Response]:
    ids = [invitation.pk for invitation in invitations]
    if not ids:
        return {}
    rows = Response.objects.filter(Q(user=user) | Q(invitation_id__in=ids)).annotate(
        answered=Count("answers__question", distinct=True)
    )
    return {row.survey_id: row for row in rows}


def _my_survey(invitation: Invitation, responses: dict[int, Response], today: date) -> MySurvey:
    survey = invitation.survey
    response = responses.get(survey.pk)
    state = survey_state(survey, today)
    if state == "open":
        if invitation.answered or (response and response.status == ResponseStatus.SUBMITTED):
            state = SENT
        else:
            state = STARTED if response is not None else NEW
    answered = getattr(response, "answered", 0) if response is not None else 0
    submitted_at = response.submitted_at if response is not None else None
    questions = getattr(invitation, "question_count", 0)
    sent = invitation.answered
    return MySurvey(invitation, survey, state, answered, questions, submitted_at, sent)
