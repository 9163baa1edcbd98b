"""Applications for support as JSON: the applicant's side.

The same services as the pages: a draft is saved with its answers (PUT, once per change),
files are attached one per question, then the draft is sent. Errors carry stable codes:
403 `not_a_member` / `not_eligible` / `own_measure`, 404 `not_found`, 409 for the state
(`already_sent`, `measure_not_open`, `deadline_passed`, `no_places_left`, `review_started`),
422 for the input (`unknown_field`, `not_a_number`, `answer_required`, `file_extension`…).
"""

from __future__ import annotations

from typing import Any

from django.http import Http404
from django.utils.translation import gettext as _
from ninja import Field as SchemaField
from ninja import File, Query, Router, Schema
from ninja.files import UploadedFile

from core.api import AUTH, ErrorOut, check_page_found
from core.http import ApiRequest
from core.pagination import MAX_PAGE, offset_page
from members.http import api_member
from members.models import Member
from support.access import access_application, is_applicant
from support.application_queries import applications_of
from support.models import Application
from support.queries import access_measure_for_user
from support.schemas import (
    SupportApplicationDetailOut,
    SupportApplicationDraftIn,
    SupportApplicationPageOut,
)
from support.services import (
    check_save_draft,
    check_submit_application,
    check_withdraw_application,
)

router = Router(tags=["support"])
PAGE_SIZE = 50
ANSWERS = {
    200: SupportApplicationDetailOut,
    403: ErrorOut,
    404: ErrorOut,
    409: ErrorOut,
    422: ErrorOut,
}


class ApplicationPageParams(Schema):
    page: int = SchemaField(1, ge=1, le=MAX_PAGE, description="Page number, from 1.")


def _member(request: ApiRequest) -> Member:
    return api_member(request, _("Applications for support are for members of the cluster."))


def _detail(application: Application) -> Application:
    return (
        Application.objects.select_related("measure", "member")
        .prefetch_related("measure__form_fields", "files")
        .get(pk=application.pk)
    )


def _my_application(request: ApiRequest, application_id: int) -> Application:
    """Return the caller's own application; raise Http404 for any other, seen or not."""
    _member(request)
    application = access_application(request.auth, application_id)
    if not is_applicant(request.auth, application):
        raise Http404
    return application


@router.get(
    "/support/applications",
    response={200: SupportApplicationPageOut, 403: ErrorOut, 404: ErrorOut},
    auth=AUTH,
    summary="My applications for support, the newest first",
)
def list_my_applications(request: ApiRequest, params: Query[ApplicationPageParams]) -> Any:
    member = _member(request)
    rows, shown, has_next = offset_page(applications_of(member), params.page, PAGE_SIZE)
    check_page_found(params.page, shown)
    return {"page": shown, "has_next": has_next, "results": rows}


@router.get(
    "/support/applications/{application_id}",
    response={200: SupportApplicationDetailOut, 404: ErrorOut},
    auth=AUTH,
    summary="One application with its answers: for the applicant, curators, the measure's "
    "partner and its reviewers (not drafts)",
)
def get_application(request: ApiRequest, application_id: int) -> Any:
    return _detail(access_application(request.auth, application_id))


@router.put(
    "/support/measures/{measure_id}/application",
    response=ANSWERS,
    auth=AUTH,
    summary="Save my draft application to the measure (created on first save)",
)
def save_draft(request: ApiRequest, measure_id: int, body: SupportApplicationDraftIn) -> Any:
    _member(request)
    measure = access_measure_for_user(request.auth, measure_id)
    application = check_save_draft(request.auth, measure, body.answers, {}, body.requested_amount)
    return _detail(application)


@router.post(
    "/support/applications/{application_id}/files/{field_id}",
    response=ANSWERS,
    auth=AUTH,
    summary="Attach the file answering one question of my draft (replaces the one before)",
)
def attach_file(
    request: ApiRequest, application_id: int, field_id: int, file: File[UploadedFile]
) -> Any:
    application = _my_application(request, application_id)
    saved = check_save_draft(
        request.auth,
        application.measure,
        {},
        {field_id: file},
        application.requested_amount,
    )
    return _detail(saved)


@router.post(
    "/support/applications/{application_id}/submit",
    response=ANSWERS,
    auth=AUTH,
    summary="Send my draft application: it takes one of the measure's places",
)
def submit(request: ApiRequest, application_id: int) -> Any:
    application = _my_application(request, application_id)
    return _detail(check_submit_application(request.auth, application))


@router.post(
    "/support/applications/{application_id}/withdraw",
    response=ANSWERS,
    auth=AUTH,
    summary="Withdraw my application, until reviewers start scoring it",
)
def withdraw(request: ApiRequest, application_id: int) -> Any:
    application = _my_application(request, application_id)
    return _detail(check_withdraw_application(request.auth, application))
