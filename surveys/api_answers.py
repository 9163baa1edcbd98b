"""API: answers. The person's surveys, a survey's form as they see it, and their response.

The same services as the pages: answers are saved as they go (PUT, any questions at a time,
merged into the draft; the skip logic drops what it hides), then sent (POST …/submit).
Answers are JSON values by question id: a string for a single choice or yes/no ("yes",
"no"), a list of strings for a multiple choice, a number for a scale or number (a string
such as "3,5" is read too), a string for a text; null or "" clears one. The "other: …" text
of a choice goes in `other` by question id.

Errors carry stable codes: 404 `not_found` (not sent to you, or missing), 409
`not_open_yet` / `survey_closed` / `already_sent` (anonymous answers cannot change), 422
`invalid_answers` / `answers_missing` with the message of each question in `details`.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.utils import timezone
from ninja import Field, Router, Schema

from core.api import AUTH, ErrorOut
from core.http import ApiRequest
from members.queries import member_of
from surveys import logic
from surveys.models import Invitation, Response, ResponseStatus
from surveys.queries_answering import (
    access_invitation_for_user,
    my_surveys,
    questionnaire,
    response_of,
    stored_answers,
    survey_state,
)
from surveys.services import check_save_answers, check_submit_response

router = Router(tags=["surveys"])

AnswerValue = str | float | list[str] | None


class SurveyMineOut(Schema):
    survey_id: int = Field(description="Survey number, as in the page's address /surveys/<id>/.")
    title: str = Field(description="Title.")
    is_anonymous: bool = Field(description="Whether answers are kept without any link to you.")
    opens_on: dt.date = Field(description="First day answers are taken, YYYY-MM-DD.")
    closes_on: dt.date = Field(description="Last day answers are taken (and changed), included.")
    state: str = Field(
        description="Where it stands for you: upcoming, new (not started), started (a draft), "
        "sent, or closed."
    )
    sent: bool = Field(description="Whether you have sent your answers.")
    answered_questions: int = Field(description="Questions answered in your response so far.")
    questions: int = Field(description="Questions in the survey, shown or not.")
    editable: bool = Field(description="Whether you may still change your answers.")


class SurveyFormChoiceOut(Schema):
    value: str = Field(description="What an answer gives and stores, e.g. `premises`.")
    label: str = Field(description="The option as people read it.")


class SurveyFormQuestionOut(Schema):
    id: int = Field(description="Question number: the key of its answer.")
    kind: str = Field(
        description="single, multiple, scale, number, short_text, long_text or yes_no."
    )
    text: str = Field(description="The question.")
    help_text: str = Field(description="A hint, or empty.")
    required: bool = Field(description="Whether it must be answered (while shown) to send.")
    choices: list[SurveyFormChoiceOut] = Field(
        description="Options of a choice; yes_no takes `yes` or `no`."
    )
    allows_other: bool = Field(description="Whether `other` with a text of one's own is taken.")
    scale_min: int | None = Field(description="Lowest value of a scale or number, or null.")
    scale_max: int | None = Field(description="Highest value of a scale or number, or null.")
    show_if: int | None = Field(
        description="Shown only when the answer to this question includes `show_if_value`."
    )
    show_if_value: str = Field(description="The value `show_if` must include, or empty.")
    visible: bool = Field(description="Whether it is shown, given your current answers.")


class SurveyFormSectionOut(Schema):
    id: int = Field(description="Section number.")
    title: str = Field(description="Title.")
    description: str = Field(description="Introduction, or empty.")
    questions: list[SurveyFormQuestionOut] = Field(description="Its questions, in order.")


class SurveyMyResponseOut(Schema):
    survey_id: int = Field(description="Survey number.")
    status: str = Field(description="none (not started), draft or sent.")
    answers: dict[str, AnswerValue] = Field(
        description="Your answers by question id (empty once an anonymous response is sent)."
    )
    other: dict[str, str] = Field(description="The “other: …” texts by question id.")
    needs_consent: bool = Field(
        description="Whether the needs you named are added to your resource map (named only)."
    )
    submitted_at: dt.datetime | None = Field(
        description="When you last sent it (named surveys only; anonymous keep no time)."
    )
    editable: bool = Field(description="Whether you may still change your answers.")


class SurveyFormOut(Schema):
    id: int = Field(description="Survey number.")
    title: str = Field(description="Title.")
    description: str = Field(description="Introduction.")
    is_anonymous: bool = Field(description="Whether answers are kept without any link to you.")
    opens_on: dt.date = Field(description="First day answers are taken.")
    closes_on: dt.date = Field(description="Last day answers are taken, included.")
    state: str = Field(description="upcoming, open or closed.")
    offers_needs: bool = Field(
        description="Whether sending may add the needs you name to your resource map."
    )
    sections: list[SurveyFormSectionOut] = Field(description="Sections in order.")
    response: SurveyMyResponseOut = Field(description="Your response as it stands.")


class SurveyAnswersIn(Schema):
    answers: dict[str, Any] = Field(
        description="Answers by question id (see the description of the endpoint)."
    )
    other: dict[str, Any] = Field(
        default_factory=dict, description="“Other: …” texts by question id."
    )


class SurveySubmitIn(Schema):
    needs_consent: bool = Field(
        False,
        description="Named surveys: add the needs named in the answers to my resource map "
        "(each once; unticking later keeps the items already added).",
    )


def _value(kind: str, answer: logic.Answer) -> AnswerValue:
    if kind == logic.MULTIPLE:
        return [row.value for row in answer]
    row = answer[0]
    if kind in (logic.SCALE, logic.NUMBER):
        return row.number
    if kind in (logic.SHORT_TEXT, logic.LONG_TEXT):
        return row.text
    return row.value


def _my_response(invitation: Invitation, response: Response | None) -> dict[str, Any]:
    survey = invitation.survey
    stored = stored_answers(response)
    kinds = {q.pk: q.kind for q in survey.questions.all()} if stored else {}
    open_now = survey_state(survey, timezone.localdate()) == "open"
    if response is not None:
        status = "sent" if response.status == ResponseStatus.SUBMITTED else "draft"
    else:
        status = "sent" if invitation.answered else "none"
    return {
        "survey_id": survey.pk,
        "status": status,
        "answers": {str(qid): _value(kinds[qid], answer) for qid, answer in stored.items()},
        "other": {
            str(qid): row.text
            for qid, answer in stored.items()
            for row in answer
            if row.value == logic.OTHER
        },
        "needs_consent": bool(response and response.needs_consent),
        "submitted_at": response.submitted_at if response is not None else None,
        "editable": open_now and not (survey.is_anonymous and invitation.answered),
    }


def _given(body: SurveyAnswersIn) -> dict[int, object]:
    given: dict[int, object] = {}
    for key in set(body.answers) | set(body.other):
        try:
            qid = int(key)
        except ValueError:
            qid = -1
        given[qid] = logic.parse_raw(body.answers.get(key), body.other.get(key))
    return given


@router.get(
    "/me/surveys",
    response=list[SurveyMineOut],
    auth=AUTH,
    summary="Surveys sent to me, the open ones first, with where each one stands",
)
def list_my_surveys(request: ApiRequest) -> Any:
    return [
        {
            "survey_id": row.survey.pk,
            "title": row.survey.title,
            "is_anonymous": row.survey.is_anonymous,
            "opens_on": row.survey.opens_on,
            "closes_on": row.survey.closes_on,
            "state": row.state,
            "sent": row.sent,
            "answered_questions": row.answered,
            "questions": row.questions,
            "editable": row.editable,
        }
        for row in my_surveys(request.auth, timezone.localdate())
    ]


@router.get(
    "/surveys/{survey_id}/form",
    response={200: SurveyFormOut, 404: ErrorOut},
    auth=AUTH,
    summary="A survey sent to me, to answer: its sections and questions, which are shown "
    "given my answers, and my response",
)
def get_form(request: ApiRequest, survey_id: int) -> Any:
    invitation = access_invitation_for_user(request.auth, survey_id)
    survey = invitation.survey
    form = questionnaire(survey)
    response = response_of(invitation)
    visible = logic.visible_questions(form.specs, stored_answers(response))
    sections = [
        {
            "id": section.pk,
            "title": section.title,
            "description": section.description,
            "questions": [
                {
                    "id": q.pk,
                    "kind": q.kind,
                    "text": q.text,
                    "help_text": q.help_text,
                    "required": q.required,
                    "choices": [
                        {"value": c.get("value", ""), "label": c.get("label", "")}
                        for c in q.choices
                    ],
                    "allows_other": q.allows_other,
                    "scale_min": q.scale_min,
                    "scale_max": q.scale_max,
                    "show_if": q.show_if_id,
                    "show_if_value": q.show_if_value,
                    "visible": q.pk in visible,
                }
                for q in form.of_section(section)
            ],
        }
        for section in form.sections
    ]
    offers = not survey.is_anonymous and member_of(request.auth) is not None
    return {
        "id": survey.pk,
        "title": survey.title,
        "description": survey.description,
        "is_anonymous": survey.is_anonymous,
        "opens_on": survey.opens_on,
        "closes_on": survey.closes_on,
        "state": survey_state(survey, timezone.localdate()),
        "offers_needs": offers and any(c.need for s in form.specs for c in s.choices),
        "sections": sections,
        "response": _my_response(invitation, response),
    }


@router.get(
    "/surveys/{survey_id}/my-response",
    response={200: SurveyMyResponseOut, 404: ErrorOut},
    auth=AUTH,
    summary="My answers to a survey sent to me",
)
def get_my_response(request: ApiRequest, survey_id: int) -> Any:
    invitation = access_invitation_for_user(request.auth, survey_id)
    return _my_response(invitation, response_of(invitation))


@router.put(
    "/surveys/{survey_id}/my-response",
    response={200: SurveyMyResponseOut, 404: ErrorOut, 409: ErrorOut, 422: ErrorOut},
    auth=AUTH,
    summary="Save some of my answers (a draft, or changes to a sent named response)",
)
def save_my_response(request: ApiRequest, survey_id: int, body: SurveyAnswersIn) -> Any:
    invitation = access_invitation_for_user(request.auth, survey_id)
    saved = check_save_answers(request.auth, invitation.survey, _given(body))
    invitation.refresh_from_db(fields=["answered"])
    return _my_response(invitation, saved.response)


@router.post(
    "/surveys/{survey_id}/my-response/submit",
    response={200: SurveyMyResponseOut, 404: ErrorOut, 409: ErrorOut, 422: ErrorOut},
    auth=AUTH,
    summary="Send my answers (named surveys: send again to update, until closing)",
)
def submit_my_response(request: ApiRequest, survey_id: int, body: SurveySubmitIn) -> Any:
    invitation = access_invitation_for_user(request.auth, survey_id)
    check_submit_response(request.auth, invitation.survey, needs_consent=body.needs_consent)
    invitation.refresh_from_db(fields=["answered"])
    return _my_response(invitation, response_of(invitation))
