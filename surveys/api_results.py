"""API: survey results for curators; anyone else is told the survey does not exist."""

from __future__ import annotations

from typing import Any

from django.http import Http404
from django.shortcuts import get_object_or_404
from django.utils.translation import gettext as _
from ninja import Router

from core.api import AUTH, ApiError, ErrorOut
from core.http import ApiRequest
from core.roles import is_curator
from surveys import aggregation as agg
from surveys import results, snapshots
from surveys.models import Survey
from surveys.schemas_results import SurveyResultBreakdownOut, SurveyResultOut

router = Router(tags=["surveys"])


def _survey(request: ApiRequest, survey_id: int) -> Survey:
    if not is_curator(request.auth):
        raise Http404
    return get_object_or_404(Survey, pk=survey_id)


def _cell(cell: agg.Cell) -> dict[str, Any]:
    return {"count": cell.count, "share": cell.share, "hidden": cell.hidden}


def _question(q: results.QuestionResult, sections: dict[int, str]) -> dict[str, Any]:
    numbers = q.numbers
    return {
        "question_id": q.question.pk,
        "section": sections.get(q.question.section_id, ""),
        "kind": q.kind,
        "text": q.question.text,
        "respondents": q.respondents,
        "multiple": bool(q.choice and q.choice.multiple),
        "options": [vars(o) for o in q.choice.options] if q.choice else [],
        "bins": [
            {"label": b.label, "low": b.low, "high": b.high, "count": b.count, "share": b.share}
            for b in (numbers.bins if numbers else [])
        ],
        "mean": numbers.mean if numbers else None,
        "median": numbers.median if numbers else None,
        "texts": q.texts,
    }


@router.get(
    "/surveys/{survey_id}/results",
    response={200: SurveyResultOut, 404: ErrorOut},
    auth=AUTH,
    summary="A survey's results per question (curators)",
)
def get_survey_results(request: ApiRequest, survey_id: int) -> Any:
    survey = _survey(request, survey_id)
    # The same snapshot the results page keeps (figures counted again once answers change).
    figures = snapshots.page_snapshot(survey, "town").figures
    sections = {s.section.pk: s.section.title for s in figures.sections}
    return {
        "survey_id": survey.pk,
        "title": survey.title,
        "anonymous": survey.is_anonymous,
        "responses": figures.responses,
        "invited": figures.invited,
        "rate": figures.rate,
        "questions": [_question(q, sections) for q in figures.questions],
    }


@router.get(
    "/surveys/{survey_id}/results/breakdown",
    response={200: SurveyResultBreakdownOut, 404: ErrorOut, 422: ErrorOut},
    auth=AUTH,
    summary="A survey's results broken down by town, industry or role (curators)",
    description="`by`: town (the default), industry or role. Small cells are hidden in "
    "anonymous surveys; industries and roles overlap (a respondent counts in each).",
)
def get_survey_breakdown(request: ApiRequest, survey_id: int, by: str = "town") -> Any:
    survey = _survey(request, survey_id)
    if by not in results.DIMENSIONS:
        raise ApiError("invalid_dimension", _("Break down by town, industry or role."), 422)
    found = snapshots.breakdown_snapshot(survey, by).breakdown
    return {
        "survey_id": survey.pk,
        "by": found.by,
        "overlapping": found.overlapping,
        "small_cells_hidden": found.hides_small_cells,
        "groups": [
            {
                "key": r.group.key,
                "label": r.group.label,
                "responses": r.responses,
                "invited": r.invited,
                "rate": r.rate,
            }
            for r in found.rates
        ],
        "questions": [
            {
                "question_id": item.question.pk,
                "kind": item.question.kind,
                "text": item.question.text,
                "answered": [_cell(c) for c in item.figures.answered],
                "rows": [
                    {"value": r.value, "label": r.label, "cells": [_cell(c) for c in r.cells]}
                    for r in item.figures.rows
                ],
                "means": item.figures.means,
                "medians": item.figures.medians,
            }
            for item in found.questions
        ],
    }
