"""The builder as JSON, for curators: surveys, their questions, publishing, the question bank.

The same services as the pages. Errors carry stable codes: 403 `not_allowed` on the lists for
anyone but curators, 404 `not_found` for a survey or question one may not see, 409 for the
state (`answered`, `anonymity_locked`, `kind_locked`, `narrowed`, `already_published`…), 422
for the input (`two_options`, `scale`, `bounds`, `condition_not_earlier`, `unknown_town`…).
"""

from __future__ import annotations

from typing import Any

from django.db import transaction
from django.http import HttpResponse
from django.utils.translation import gettext as _
from ninja import Field as SchemaField
from ninja import Query, Router, Schema, Status

from core.api import AUTH, ApiError, ErrorOut, check_page_found
from core.http import ApiRequest
from core.models import Industry, Town
from core.pagination import MAX_PAGE, offset_page
from core.roles import is_curator
from members.models import Member
from surveys.models import BankQuestion, Question, Section, Survey
from surveys.queries_builder import (
    access_question_for_curator,
    access_survey_for_curator,
    bank_search,
    rate,
    survey_list,
    survey_rows,
    survey_state,
)
from surveys.schemas_builder import (
    SurveyBankPageOut,
    SurveyCreateIn,
    SurveyDetailOut,
    SurveyPageOut,
    SurveyPatchIn,
    SurveyQuestionIn,
    SurveyQuestionOut,
    SurveyQuestionPatchIn,
)
from surveys.services import (
    OptionData,
    QuestionData,
    SurveyData,
    Targeting,
    check_add_from_bank,
    check_add_question,
    check_copy_ready_survey,
    check_copy_survey,
    check_create_survey,
    check_delete_question,
    check_edit_question,
    check_edit_survey,
    check_publish_survey,
    check_set_targeting,
    has_responses,
    targeted_users,
    targeting_of,
)

router = Router(tags=["surveys"])
PAGE_SIZE = 50
ERRORS: dict[int, Any] = {403: ErrorOut, 404: ErrorOut, 409: ErrorOut, 422: ErrorOut}


class SurveyPageParams(Schema):
    page: int = SchemaField(1, ge=1, le=MAX_PAGE, description="Page number, from 1.")
    state: str = SchemaField("", description="Only draft, open or closed surveys; all if empty.")


class SurveyBankParams(Schema):
    page: int = SchemaField(1, ge=1, le=MAX_PAGE, description="Page number, from 1.")
    q: str = SchemaField("", max_length=100, description="Words the question contains.")


def _check_curator(request: ApiRequest) -> None:
    if not is_curator(request.auth):
        raise ApiError("not_allowed", _("Only curators build surveys."), 403)


def _options(question: Question | BankQuestion) -> list[dict[str, str]]:
    return [
        {"value": c["value"], "label": c["label"], "need": c.get("need", "")}
        for c in question.choices
    ]


def _row(survey: Survey, invited: int, answered: int, sent: int) -> dict[str, Any]:
    return {
        "id": survey.pk,
        "title": survey.title,
        "status": survey.status,
        "state": survey_state(survey),
        "is_anonymous": survey.is_anonymous,
        "opens_on": survey.opens_on,
        "closes_on": survey.closes_on,
        "invited": invited,
        "answered": answered,
        "responses": sent,
        "response_rate": rate(answered, invited),
    }


def _detail(survey_id: int) -> dict[str, Any]:
    survey = survey_list().get(pk=survey_id)
    row = survey_rows([survey])[0]
    targeting = targeting_of(survey)
    return {
        **_row(survey, row.invited, row.answered, row.sent),
        "description": survey.description,
        "copied_from_id": survey.copied_from_id,
        "locked": has_responses(survey),
        "sections": list(survey.sections.order_by("position", "id")),
        "targeting": {
            "roles": targeting.roles,
            "towns": [t.slug for t in targeting.towns],
            "industries": [i.slug for i in targeting.industries],
            "members": [m.pk for m in targeting.members],
            "targeted": targeted_users(targeting).count(),
        },
    }


def _question(question: Question) -> dict[str, Any]:
    return {
        "id": question.pk,
        "section_id": question.section_id,
        "position": question.position,
        "kind": question.kind,
        "text": question.text,
        "help_text": question.help_text,
        "options": _options(question),
        "allows_other": question.allows_other,
        "scale_min": question.scale_min,
        "scale_max": question.scale_max,
        "required": question.required,
        "show_if_id": question.show_if_id,
        "show_if_value": question.show_if_value,
        "bank_question_id": question.bank_question_id,
    }


@router.get(
    "/surveys",
    response={200: SurveyPageOut, 403: ErrorOut, 404: ErrorOut},
    auth=AUTH,
    summary="Surveys with their response counts and rate, the newest first (curators)",
)
def list_surveys(request: ApiRequest, params: Query[SurveyPageParams]) -> Any:
    _check_curator(request)
    rows, shown, has_next = offset_page(survey_list(params.state), params.page, PAGE_SIZE)
    check_page_found(params.page, shown)
    results = [_row(r.survey, r.invited, r.answered, r.sent) for r in survey_rows(rows)]
    return {"page": shown, "has_next": has_next, "results": results}


@router.post(
    "/surveys",
    response={201: SurveyDetailOut, **ERRORS},
    auth=AUTH,
    summary="Create a draft survey: blank, from the ready needs questionnaire, or a copy",
)
def create_survey(request: ApiRequest, payload: SurveyCreateIn) -> Any:
    _check_curator(request)
    if payload.start == "ready":
        survey = check_copy_ready_survey(request.auth, payload.opens_on, payload.closes_on)
    elif payload.start == "copy":
        source = access_survey_for_curator(request.auth, payload.copy_of or 0)
        survey = check_copy_survey(request.auth, source, payload.opens_on, payload.closes_on)
    elif payload.start == "blank":
        data = SurveyData(payload.title, payload.opens_on, payload.closes_on)
        survey = check_create_survey(request.auth, data)
    else:
        raise ApiError("unknown_start", _("Start from blank, ready or copy."), 422)
    return Status(201, _detail(survey.pk))


@router.get(
    "/surveys/{survey_id}",
    response={200: SurveyDetailOut, 404: ErrorOut},
    auth=AUTH,
    summary="One survey with its sections and targeting (curators)",
)
def get_survey(request: ApiRequest, survey_id: int) -> Any:
    return _detail(access_survey_for_curator(request.auth, survey_id).pk)


def _by_slugs(model: type[Town] | type[Industry], slugs: list[str], code: str) -> list[Any]:
    found: list[Any] = list(model.objects.filter(slug__in=slugs))
    missing = set(slugs) - {row.slug for row in found}
    if missing:
        raise ApiError(code, _("Unknown: %(names)s.") % {"names": ", ".join(sorted(missing))}, 422)
    return found


def _targeting(survey: Survey, payload: SurveyPatchIn) -> Targeting:
    current = targeting_of(survey)
    members = current.members
    if payload.members is not None:
        members = list(Member.objects.filter(pk__in=payload.members, is_active=True))
        if len(members) != len(set(payload.members)):
            raise ApiError("unknown_member", _("Some of the members are not in the cluster."), 422)
    return Targeting(
        payload.roles if payload.roles is not None else current.roles,
        _by_slugs(Town, payload.towns, "unknown_town")
        if payload.towns is not None
        else current.towns,
        _by_slugs(Industry, payload.industries, "unknown_industry")
        if payload.industries is not None
        else current.industries,
        members,
    )


@router.patch(
    "/surveys/{survey_id}",
    response={200: SurveyDetailOut, **ERRORS},
    auth=AUTH,
    summary="Change a survey's settings and targeting (only the fields given); a sent "
    "survey's targeting may widen, not narrow",
)
def patch_survey(request: ApiRequest, survey_id: int, payload: SurveyPatchIn) -> Any:
    survey = access_survey_for_curator(request.auth, survey_id)
    given = payload.model_dump(exclude_unset=True)
    with transaction.atomic():  # a refused targeting keeps the settings unchanged too
        if given.keys() & {"title", "description", "opens_on", "closes_on", "is_anonymous"}:
            data = SurveyData(
                title=payload.title if payload.title is not None else survey.title,
                opens_on=payload.opens_on or survey.opens_on,
                closes_on=payload.closes_on or survey.closes_on,
                description=payload.description
                if payload.description is not None
                else survey.description,
                is_anonymous=payload.is_anonymous
                if payload.is_anonymous is not None
                else survey.is_anonymous,
            )
            survey = check_edit_survey(request.auth, survey, data)
        if given.keys() & {"roles", "towns", "industries", "members"}:
            check_set_targeting(request.auth, survey, _targeting(survey, payload))
    return _detail(survey.pk)


@router.post(
    "/surveys/{survey_id}/publish",
    response={200: SurveyDetailOut, **ERRORS},
    auth=AUTH,
    summary="Publish a draft: everyone targeted gets an invitation and a notification",
)
def publish_survey(request: ApiRequest, survey_id: int) -> Any:
    survey = access_survey_for_curator(request.auth, survey_id)
    check_publish_survey(request.auth, survey)
    return _detail(survey.pk)


@router.get(
    "/surveys/{survey_id}/questions",
    response={200: list[SurveyQuestionOut], 404: ErrorOut},
    auth=AUTH,
    summary="A survey's questions in order, section by section (curators)",
)
def list_questions(request: ApiRequest, survey_id: int) -> Any:
    survey = access_survey_for_curator(request.auth, survey_id)
    questions = survey.questions.order_by("section__position", "section", "position", "id")
    return [_question(q) for q in questions]


def _options_in(options: list[Any]) -> list[OptionData]:
    return [OptionData(o.label, o.value, o.need) for o in options]


def _condition(survey: Survey, question_id: int | None) -> Question | None:
    if not question_id:
        return None
    found = Question.objects.filter(pk=question_id, survey=survey).first()
    if found is None:
        raise ApiError("condition_question", _("Choose an earlier question."), 422)
    return found


@router.post(
    "/surveys/{survey_id}/questions",
    response={201: SurveyQuestionOut, **ERRORS},
    auth=AUTH,
    summary="Add a question at the end of a section, or a question of the bank",
)
def add_question(request: ApiRequest, survey_id: int, payload: SurveyQuestionIn) -> Any:
    survey = access_survey_for_curator(request.auth, survey_id)
    sections = survey.sections.order_by("position", "id")
    section: Section | None = (
        sections.filter(pk=payload.section_id).first()
        if payload.section_id is not None
        else sections.last()
    )
    if section is None:
        raise ApiError("unknown_section", _("The survey has no such section."), 422)
    section.survey = survey
    if payload.bank_question_id is not None:
        bank = BankQuestion.objects.filter(pk=payload.bank_question_id).first()
        if bank is None:
            raise ApiError("unknown_bank_question", _("The bank has no such question."), 422)
        return Status(201, _question(check_add_from_bank(request.auth, section, bank)))
    data = QuestionData(
        kind=payload.kind,
        text=payload.text,
        help_text=payload.help_text,
        options=_options_in(payload.options),
        allows_other=payload.allows_other,
        scale_min=payload.scale_min,
        scale_max=payload.scale_max,
        required=payload.required,
        show_if=_condition(survey, payload.show_if_id),
        show_if_value=payload.show_if_value,
    )
    return Status(201, _question(check_add_question(request.auth, section, data)))


@router.patch(
    "/surveys/{survey_id}/questions/{question_id}",
    response={200: SurveyQuestionOut, **ERRORS},
    auth=AUTH,
    summary="Change a question (only the fields given); after answers, only additions",
)
def patch_question(
    request: ApiRequest, survey_id: int, question_id: int, payload: SurveyQuestionPatchIn
) -> Any:
    question = access_question_for_curator(request.auth, survey_id, question_id)
    given = payload.model_dump(exclude_unset=True)
    current = [OptionData(c["label"], c["value"], c.get("need", "")) for c in question.choices]
    show_if = question.show_if
    if "show_if_id" in given:
        show_if = _condition(question.survey, payload.show_if_id)
    data = QuestionData(
        kind=given.get("kind") or question.kind,
        text=payload.text if payload.text is not None else question.text,
        help_text=payload.help_text if payload.help_text is not None else question.help_text,
        options=_options_in(payload.options) if payload.options is not None else current,
        allows_other=given.get("allows_other", question.allows_other),
        scale_min=given.get("scale_min", question.scale_min),
        scale_max=given.get("scale_max", question.scale_max),
        required=given.get("required", question.required),
        show_if=show_if,
        show_if_value=payload.show_if_value
        if payload.show_if_value is not None
        else question.show_if_value,
    )
    return _question(check_edit_question(request.auth, question, data))


@router.delete(
    "/surveys/{survey_id}/questions/{question_id}",
    response={204: None, **ERRORS},
    auth=AUTH,
    summary="Delete a question, only before anyone has answered",
)
def delete_question(request: ApiRequest, survey_id: int, question_id: int) -> Any:
    question = access_question_for_curator(request.auth, survey_id, question_id)
    check_delete_question(request.auth, question)
    return HttpResponse(status=204)


@router.get(
    "/survey-bank",
    response={200: SurveyBankPageOut, 403: ErrorOut, 404: ErrorOut},
    auth=AUTH,
    summary="The question bank, searched by wording (curators)",
)
def list_bank(request: ApiRequest, params: Query[SurveyBankParams]) -> Any:
    _check_curator(request)
    found = bank_search(params.q, limit=None)
    start = (params.page - 1) * PAGE_SIZE
    if params.page > 1 and start >= len(found):
        raise ApiError("page_not_found", _("There is no such page; the list has fewer pages."), 404)
    rows = found[start : start + PAGE_SIZE]
    results = [
        {
            "id": b.pk,
            "code": b.code,
            "kind": b.kind,
            "text": b.text,
            "help_text": b.help_text,
            "options": _options(b),
            "allows_other": b.allows_other,
            "scale_min": b.scale_min,
            "scale_max": b.scale_max,
        }
        for b in rows
    ]
    return {"page": params.page, "has_next": start + PAGE_SIZE < len(found), "results": results}
