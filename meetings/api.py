"""One-to-one meetings as JSON: the same services and access checks as the pages."""

from __future__ import annotations

from dataclasses import asdict
from typing import Any

from django.http import HttpRequest
from ninja import Router, Status

from core.api import AUTH, ApiError, ErrorOut
from meetings.queries import (
    access_meetings_for_organiser,
    access_meetings_for_user,
    access_participant_for_user,
    access_request_for_participant,
    agenda,
    event_participants,
    slots_of,
    suggestions_for,
)
from meetings.schemas import (
    AgendaItemOut,
    AnswerIn,
    AvailabilityIn,
    BuildOut,
    ParticipantOut,
    RequestIn,
    RequestOut,
    SlotOut,
    SuggestionOut,
)
from meetings.services import (
    MeetingError,
    check_answer_request,
    check_opt_in,
    check_request_meeting,
    check_set_availability,
    do_build_timetable,
)

router = Router(tags=["meetings"], auth=AUTH)

INPUT_ERRORS = {"self_request", "not_participant", "slot_outside_event", "invalid_priority"}


def api_error(error: MeetingError) -> ApiError:
    status = 422 if error.code in INPUT_ERRORS else 409
    return ApiError(error.code, error.message, status, {error.field: [error.message]})


@router.get(
    "/events/{event_id}/meetings/slots",
    response={200: list[SlotOut], 404: ErrorOut},
    summary="Meeting slots of an event",
)
def list_slots(request: HttpRequest, event_id: int) -> Any:
    event, _plan = access_meetings_for_user(request.auth, event_id)  # type: ignore[attr-defined]
    return list(slots_of(event))


@router.get(
    "/events/{event_id}/meetings/participants",
    response={200: list[ParticipantOut], 404: ErrorOut},
    summary="Who takes part in the meetings (participants only)",
)
def list_participants(request: HttpRequest, event_id: int) -> Any:
    participant = access_participant_for_user(request.auth, event_id)  # type: ignore[attr-defined]
    return list(event_participants(participant.event).prefetch_related("available"))


@router.post(
    "/events/{event_id}/meetings/participants",
    response={201: ParticipantOut, 404: ErrorOut, 409: ErrorOut},
    summary="Take part in the meetings (needs a confirmed place)",
)
def opt_in(request: HttpRequest, event_id: int) -> Any:
    event, _plan = access_meetings_for_user(request.auth, event_id)  # type: ignore[attr-defined]
    try:
        participant = check_opt_in(event, request.auth)  # type: ignore[attr-defined]
    except MeetingError as error:
        raise api_error(error) from error
    return Status(201, participant)


@router.get(
    "/events/{event_id}/meetings/suggestions",
    response={200: list[SuggestionOut], 404: ErrorOut},
    summary="Whom to meet, best first, with reasons (people not yet asked)",
)
def list_suggestions(request: HttpRequest, event_id: int) -> Any:
    participant = access_participant_for_user(request.auth, event_id)  # type: ignore[attr-defined]
    return suggestions_for(participant)


@router.put(
    "/events/{event_id}/meetings/me/availability",
    response={200: ParticipantOut, 404: ErrorOut, 409: ErrorOut, 422: ErrorOut},
    summary="Set the slots I am free in",
)
def set_availability(request: HttpRequest, event_id: int, payload: AvailabilityIn) -> Any:
    participant = access_participant_for_user(request.auth, event_id)  # type: ignore[attr-defined]
    try:
        return check_set_availability(participant, payload.slots)
    except MeetingError as error:
        raise api_error(error) from error


@router.post(
    "/events/{event_id}/meetings/requests",
    response={201: RequestOut, 404: ErrorOut, 409: ErrorOut, 422: ErrorOut},
    summary="Ask another participant to meet",
)
def request_meeting(request: HttpRequest, event_id: int, payload: RequestIn) -> Any:
    participant = access_participant_for_user(request.auth, event_id)  # type: ignore[attr-defined]
    try:
        made = check_request_meeting(participant, payload.recipient, payload.note, payload.priority)
    except MeetingError as error:
        raise api_error(error) from error
    return Status(201, made)


@router.post(
    "/events/{event_id}/meetings/requests/{request_id}/answer",
    response={200: RequestOut, 404: ErrorOut, 409: ErrorOut},
    summary="Accept or decline a request addressed to me",
)
def answer_request(request: HttpRequest, event_id: int, request_id: int, payload: AnswerIn) -> Any:
    participant = access_participant_for_user(request.auth, event_id)  # type: ignore[attr-defined]
    meeting_request = access_request_for_participant(participant, request_id)
    try:
        return check_answer_request(meeting_request, participant, payload.accept)
    except MeetingError as error:
        raise api_error(error) from error


@router.get(
    "/events/{event_id}/meetings/agenda",
    response={200: list[AgendaItemOut], 404: ErrorOut},
    summary="My published meetings in time order",
)
def my_agenda(request: HttpRequest, event_id: int) -> Any:
    participant = access_participant_for_user(request.auth, event_id)  # type: ignore[attr-defined]
    return agenda(participant)


@router.post(
    "/events/{event_id}/meetings/timetable",
    response={200: BuildOut, 404: ErrorOut},
    summary="Build the timetable (organisers); published meetings stay in place",
)
def build_timetable(request: HttpRequest, event_id: int) -> Any:
    event, _plan = access_meetings_for_organiser(request.auth, event_id)  # type: ignore[attr-defined]
    return asdict(do_build_timetable(event))
