"""API: help requests and the curators' queue.

A member sees their own requests without the curators' notes, which only curators read at
`…/notes`. Errors carry stable codes: 403 `not_a_member` / `not_a_curator`, 404 `not_found`,
409 `already_taken` (another curator has it, with their name), `request_closed`,
`status_not_allowed`, `plan_closed`; 422 for the input (`text_required`, `needed_by_past`,
`unknown_step`, `answer_required`…).
"""

from __future__ import annotations

from typing import Any

from django.db.models import Prefetch, QuerySet
from django.http import Http404
from django.utils import timezone
from django.utils.translation import gettext as _
from ninja import Field as SchemaField
from ninja import Query, Router, Schema

from core.api import AUTH, ErrorOut, check_page_found
from core.http import ApiRequest
from core.pagination import MAX_PAGE, offset_page
from core.roles import is_curator
from members.http import api_member
from plans import help_queries as queries
from plans.help_schemas import (
    HelpMessageIn,
    HelpNoteOut,
    HelpRequestDetailOut,
    HelpRequestIn,
    HelpRequestPageOut,
    HelpStatusIn,
)
from plans.models import HelpRequest, HelpRequestMessage
from plans.services.help import (
    AskData,
    check_ask_help,
    check_change_help_status,
    check_take_help_request,
    check_write_help_message,
)

router = Router(tags=["plans"])
PAGE_SIZE = 50
ANSWERS = {200: HelpRequestDetailOut, 403: ErrorOut, 404: ErrorOut, 409: ErrorOut, 422: ErrorOut}


class HelpPageParams(Schema):
    page: int = SchemaField(1, ge=1, le=MAX_PAGE, description="Page number, from 1.")


class HelpQueueParams(HelpPageParams):
    mine: bool = SchemaField(False, description="Only the caller's requests.")
    unassigned: bool = SchemaField(False, description="Only requests nobody has.")
    overdue: bool = SchemaField(False, description="Only open requests past their due date.")
    town: str = SchemaField("", description="A town's slug, e.g. `kirovsk`.")
    kind: str = SchemaField("", description="A kind of goal, e.g. `new_product`.")
    status: str = SchemaField(
        "", description="One status; empty: every open one; `all`: closed ones too."
    )


def _detail(request_id: int) -> HelpRequest:
    messages = HelpRequestMessage.objects.select_related(
        "author", "request__member"
    ).prefetch_related("files")
    return (
        HelpRequest.objects.select_related("member__town", "goal", "assignee", "introduction")
        .prefetch_related(Prefetch("messages", queryset=messages))
        .get(pk=request_id)
    )


def _list(rows: QuerySet[HelpRequest], page: int) -> dict[str, Any]:
    found, shown, has_next = offset_page(rows, page, PAGE_SIZE)
    check_page_found(page, shown)
    return {"page": shown, "has_next": has_next, "results": found}


def _curator(request: ApiRequest) -> None:
    if not is_curator(request.auth):
        raise Http404


@router.get(
    "/me/help-requests",
    response={200: HelpRequestPageOut, 403: ErrorOut, 404: ErrorOut},
    auth=AUTH,
    summary="My help requests, the newest first",
)
def list_my_help_requests(request: ApiRequest, params: Query[HelpPageParams]) -> Any:
    member = api_member(request, _("Only cluster members can ask for help."))
    rows = queries.my_help_requests(member).select_related("member__town", "introduction")
    return _list(rows, params.page)


@router.post(
    "/me/help-requests",
    response={
        201: HelpRequestDetailOut,
        403: ErrorOut,
        404: ErrorOut,
        409: ErrorOut,
        422: ErrorOut,
    },
    auth=AUTH,
    summary="Ask the cluster for help on one of my goals (files: on the page)",
)
def ask_help(request: ApiRequest, body: HelpRequestIn) -> Any:
    api_member(request, _("Only cluster members can ask for help."))
    goal = queries.access_goal_for_asking(request.auth, body.goal_id)
    created = check_ask_help(request.auth, goal, AskData(body.what, body.needed_by, body.step_id))
    return 201, _detail(created.pk)


@router.get(
    "/help-requests",
    response={200: HelpRequestPageOut, 404: ErrorOut},
    auth=AUTH,
    summary="Curators: the queue of help requests, the most overdue first",
)
def list_queue(request: ApiRequest, params: Query[HelpQueueParams]) -> Any:
    _curator(request)
    filters = queries.QueueFilters(
        mine=params.mine,
        unassigned=params.unassigned,
        overdue=params.overdue,
        town=params.town,
        kind=params.kind,
        status=params.status,
    )
    rows = queries.queue(request.auth, filters, timezone.localdate()).select_related("introduction")
    return _list(rows, params.page)


@router.get(
    "/help-requests/{request_id}",
    response={200: HelpRequestDetailOut, 404: ErrorOut},
    auth=AUTH,
    summary="One help request with its thread: for its member and curators (no notes)",
)
def get_help_request(request: ApiRequest, request_id: int) -> Any:
    return _detail(queries.access_help_request(request.auth, request_id).pk)


@router.get(
    "/help-requests/{request_id}/notes",
    response={200: list[HelpNoteOut], 404: ErrorOut},
    auth=AUTH,
    summary="Curators: the internal notes on a request (never shown to the member)",
)
def list_notes(request: ApiRequest, request_id: int) -> Any:
    return queries.notes(queries.access_help_request_for_curator(request.auth, request_id))


@router.post(
    "/help-requests/{request_id}/messages",
    response=ANSWERS,
    auth=AUTH,
    summary="Write in the request's thread, as its member or a curator",
)
def write_message(request: ApiRequest, request_id: int, body: HelpMessageIn) -> Any:
    found = queries.access_help_request(request.auth, request_id)
    check_write_help_message(request.auth, found, body.text)
    return _detail(found.pk)


@router.post(
    "/help-requests/{request_id}/take",
    response=ANSWERS,
    auth=AUTH,
    summary="Curators: take the request (409 `already_taken` if another curator has it)",
)
def take(request: ApiRequest, request_id: int) -> Any:
    found = queries.access_help_request_for_curator(request.auth, request_id)
    check_take_help_request(request.auth, found)
    return _detail(found.pk)


@router.post(
    "/help-requests/{request_id}/status",
    response=ANSWERS,
    auth=AUTH,
    summary="Curators: move the request to another status (declining needs a reason)",
)
def change_status(request: ApiRequest, request_id: int, body: HelpStatusIn) -> Any:
    found = queries.access_help_request_for_curator(request.auth, request_id)
    check_change_help_status(request.auth, found, body.status, body.reason)
    return _detail(found.pk)
