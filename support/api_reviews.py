"""Applications for support as JSON: reviewers' scores and curators' decisions."""

from __future__ import annotations

from typing import Any

from django.utils.translation import gettext as _
from ninja import Router

from core.api import AUTH, ApiError, ErrorOut
from core.http import ApiRequest
from core.roles import is_curator
from support.access import access_application
from support.models import Review
from support.queries_reviews import (
    Board,
    ScoreSheet,
    access_board,
    access_review,
    board_for,
    queue_for,
    score_sheet,
)
from support.schemas_reviews import (
    ApplicationDecisionIn,
    ApplicationDecisionOut,
    ApplicationReviewOut,
    ConflictDeclarationIn,
    DecisionBoardOut,
    ReviewQueueItemOut,
    ScoreSheetOut,
    ScoresIn,
)
from support.services import (
    check_decide,
    check_declare_conflict,
    check_save_scores,
)

router = Router(tags=["support"])
ERRORS: dict[int, Any] = {403: ErrorOut, 404: ErrorOut, 409: ErrorOut, 422: ErrorOut}


def _name(user: Any) -> str:
    return str(user.get_full_name() or user.email)


def _review(review: Review, sheet: ScoreSheet, *, with_note: bool) -> dict[str, Any]:
    return {
        "reviewer_id": review.reviewer_id,
        "reviewer": _name(review.reviewer),
        "conflict": review.has_conflict,
        "conflict_note": review.conflict_note if with_note else "",
        "complete": review.submitted_at is not None,
        "weighted_score": sheet.my_score if review is sheet.mine else sheet.score_of(review),
        "scores": [
            {
                "criterion_id": s.criterion_id,
                "criterion": s.criterion.title,
                "value": s.value,
                "comment": s.comment,
            }
            for s in review.scores.all()
        ],
    }


def _sheet(request: ApiRequest, application_id: int, sheet: ScoreSheet) -> dict[str, Any]:
    curator = is_curator(request.auth)
    summary = sheet.summary
    return {
        "application_id": application_id,
        "mine": None if sheet.mine is None else _review(sheet.mine, sheet, with_note=True),
        "others_visible": sheet.may_see_others,
        "others": [_review(r, sheet, with_note=curator) for r in sheet.others],
        "mean": summary.mean if summary else None,
        "spread": summary.spread if summary else None,
        "stdev": summary.stdev if summary else None,
    }


@router.get(
    "/support/reviews",
    response={200: list[ReviewQueueItemOut]},
    auth=AUTH,
    summary="My reviewer's queue: applications to score, scored, and with a conflict",
)
def list_my_reviews(request: ApiRequest) -> Any:
    queue = queue_for(request.auth)
    items = [
        *((item, "to_score") for item in queue.to_score),
        *((item, "scored") for item in queue.scored),
        *((item, "conflict") for item in queue.conflict),
    ]
    return [
        {
            "application_id": item.application.pk,
            "measure_id": item.application.measure_id,
            "measure": item.application.measure.title,
            "applicant": item.application.member.display_name,
            "submitted_at": item.application.submitted_at,
            "state": state,
            "scored": item.scored,
            "criteria": item.criteria,
        }
        for item, state in items
    ]


@router.get(
    "/support/applications/{application_id}/scores",
    response={200: ScoreSheetOut, 404: ErrorOut},
    auth=AUTH,
    summary="The scores of an application: a reviewer's own (and the others' once allowed), "
    "or all of them with the weighted mean for curators",
)
def get_scores(request: ApiRequest, application_id: int) -> Any:
    if is_curator(request.auth):
        application = access_application(request.auth, application_id)
    else:
        application = access_review(request.auth, application_id)
    return _sheet(request, application.pk, score_sheet(request.auth, application))


@router.put(
    "/support/applications/{application_id}/review",
    response={200: ScoreSheetOut, **ERRORS},
    auth=AUTH,
    summary="Save my scores and comments on an application",
)
def put_review(request: ApiRequest, application_id: int, payload: ScoresIn) -> Any:
    application = access_application(request.auth, application_id)
    scores = {s.criterion_id: (s.value, s.comment) for s in payload.scores}
    if len(scores) != len(payload.scores):
        raise ApiError("duplicate_criterion", _("Each criterion may be scored once."), 422)
    check_save_scores(request.auth, application, scores)
    return _sheet(request, application.pk, score_sheet(request.auth, application))


@router.post(
    "/support/applications/{application_id}/conflict",
    response={200: ApplicationReviewOut, **ERRORS},
    auth=AUTH,
    summary="Declare a conflict of interest on an application I review",
)
def post_conflict(request: ApiRequest, application_id: int, payload: ConflictDeclarationIn) -> Any:
    application = access_application(request.auth, application_id)
    check_declare_conflict(request.auth, application, payload.note)
    sheet = score_sheet(request.auth, application)
    if sheet.mine is None:
        raise ApiError("not_found", _("Not found."), 404)
    return _review(sheet.mine, sheet, with_note=True)


@router.post(
    "/support/applications/{application_id}/decision",
    response={200: ApplicationDecisionOut, **ERRORS},
    auth=AUTH,
    summary="Decide on an application (curators): grant, grant in part, decline, waiting list",
)
def post_decision(request: ApiRequest, application_id: int, payload: ApplicationDecisionIn) -> Any:
    application = access_application(request.auth, application_id)
    return check_decide(request.auth, application, payload.decision, payload.amount, payload.reason)


def _board(board: Board) -> dict[str, Any]:
    return {
        "measure_id": board.measure.pk,
        "budget_cap": board.measure.budget_cap,
        "granted": board.granted,
        "left": board.left,
        "reviewers": [
            {"id": r.pk, "user_id": r.user_id, "name": _name(r.user)} for r in board.reviewers
        ],
        "applications": [
            {
                "place": row.place,
                "application_id": row.application.pk,
                "applicant": row.application.member.display_name,
                "status": row.application.status,
                "submitted_at": row.application.submitted_at,
                "requested_amount": row.application.requested_amount,
                "granted_amount": row.application.granted_amount,
                "mean": row.summary.mean,
                "spread": row.summary.spread,
                "stdev": row.summary.stdev,
                "missing": row.summary.missing,
                "scores": [
                    {"reviewer_id": c.reviewer.user_id, "score": c.score, "conflict": c.conflict}
                    for c in row.cells
                ],
            }
            for row in board.rows
        ],
    }


@router.get(
    "/support/measures/{measure_id}/board",
    response={200: DecisionBoardOut, 404: ErrorOut},
    auth=AUTH,
    summary="The decision board of a measure (curators): ranking, scores and budget",
)
def get_board(request: ApiRequest, measure_id: int) -> Any:
    return _board(board_for(access_board(request.auth, measure_id)))
