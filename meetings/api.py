"""One-to-one meetings as JSON: the same services and access checks as the pages."""

from __future__ import annotations

from dataclasses import asdict
from typing import Any

from ninja import Router, Status

from core.api import AUTH, ErrorOut
from core.http import ApiRequest
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
    check_answer_request,
    check_opt_in,
    check_request_meeting,
    check_set_availability,
    do_build_timetable,
)

router = Router(tags=["meetings"], auth=AUTH)


@router.get(
    "/events/{event_id}/meetings/slots",
    response={200: list[SlotOut], 404: ErrorOut},
    summary="Meeting slots of an event",
)
def list_slots(request: ApiRequest, event_id: int) -> Any:
    event, _plan = access_meetings_for_user(request.auth, event_id)
    return list(slots_of(event))


@router.get(
    "/events/{event_id}/meetings/participants",
    response={200: list[ParticipantOut], 404: ErrorOut},
    summary="Who takes part in the meetings (participants only)",
)
def list_participants(request: ApiRequest, event_id: int) -> Any:
    participant = access_participant_for_user(request.auth, event_id)
    return list(event_participants(participant.event).prefetch_related("available"))


@router.post(
    "/events/{event_id}/meetings/participants",
    response={201: ParticipantOut, 404: ErrorOut, 409: ErrorOut},
    summary="Take part in the meetings (needs a confirmed place)",
)
def opt_in(request: ApiRequest, event_id: int) -> Any:
    event, _plan = access_meetings_for_user(request.auth, event_id)
    participant = check_opt_in(event, request.auth)
    return Status(201, participant)


@router.get(
    "/events/{event_id}/meetings/suggestions",
    response={200: list[SuggestionOut], 404: ErrorOut},
    summary="Whom to meet, best first, with reasons (people not yet asked)",
)
def list_suggestions(request: ApiRequest, event_id: int) -> Any:
    participant = access_participant_for_user(request.auth, event_id)
    return suggestions_for(participant)


@router.put(
    "/events/{event_id}/meetings/me/availability",
    response={200: ParticipantOut, 404: ErrorOut, 409: ErrorOut, 422: ErrorOut},
    summary="Set the slots I am free in",
)
def set_availability(request: ApiRequest, event_id: int, payload: AvailabilityIn) -> Any:
    participant = access_participant_for_user(request.auth, event_id)
    return check_set_availability(participant, payload.slots)


@router.post(
    "/events/{event_id}/meetings/requests",
    response={201: RequestOut, 404: ErrorOut, 409: ErrorOut, 422: ErrorOut},
    summary="Ask another participant to meet",
)
def request_meeting(request: ApiRequest, event_id: int, payload: RequestIn) -> Any:
    participant = access_participant_for_user(request.auth, event_id)
    made = check_request_meeting(participant, payload.recipient, payload.note, payload.priority)
    return Status(201, made)


@router.post(
    "/events/{event_id}/meetings/requests/{request_id}/answer",
    response={200: RequestOut, 404: ErrorOut, 409: ErrorOut},
    summary="Accept or decline a request addressed to me",
)
def answer_request(request: ApiRequest, event_id: int, request_id: int, payload: AnswerIn) -> Any:
    participant = access_participant_for_user(request.auth, event_id)
    meeting_request = access_request_for_participant(participant, request_id)
    return check_answer_request(meeting_request, participant, payload.accept)


@router.get(
    "/events/{event_id}/meetings/agenda",
    response={200: list[AgendaItemOut], 404: ErrorOut},
    summary="My published meetings in time order",
)
def my_agenda(request: ApiRequest, event_id: int) -> Any:
    participant = access_participant_for_user(request.auth, event_id)
    return agenda(participant)


@router.post(
    "/events/{event_id}/meetings/timetable",
    response={200: BuildOut, 404: ErrorOut},
    summary="Build the timetable (organisers); published meetings stay in place",
)
def build_timetable(request: ApiRequest, event_id: int) -> Any:
    event, _plan = access_meetings_for_organiser(request.auth, event_id)
    return asdict(do_build_timetable(event))
