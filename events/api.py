"""Events as JSON: the same services and access checks as the pages."""

from __future__ import annotations

from typing import Any

from django.http import HttpRequest
from ninja import Field as SchemaField
from ninja import Query, Router, Schema, Status

from core.api import AUTH, ErrorOut, current_user
from core.http import ApiRequest
from events.queries import (
    access_event_for_organiser,
    access_event_for_user,
    access_registration_for_user,
    event_list,
    my_registrations,
    with_programme,
)
from events.schemas import (
    CancelOut,
    CheckInIn,
    CheckInOut,
    EventDetailOut,
    EventOut,
    FeedbackIn,
    FeedbackOut,
    RegistrationIn,
    RegistrationOut,
)
from events.services import (
    check_cancel_registration,
    check_check_in,
    check_register,
    check_submit_feedback,
)

router = Router(tags=["events"])


class EventFilters(Schema):
    past: bool = SchemaField(False, description="Past events, newest first, instead of upcoming.")


@router.get("/events", response=list[EventOut], summary="Upcoming (or past) events")
def list_events(request: HttpRequest, filters: Query[EventFilters]) -> Any:
    return list(event_list(current_user(request), past=filters.past)[:100])


@router.get(
    "/events/{event_id}", response={200: EventDetailOut, 404: ErrorOut}, summary="One event"
)
def get_event(request: HttpRequest, event_id: int) -> Any:
    return with_programme(access_event_for_user(current_user(request), event_id))


@router.post(
    "/events/{event_id}/registration",
    response={201: RegistrationOut, 404: ErrorOut, 409: ErrorOut},
    auth=AUTH,
    summary="Register; a full event puts you on the waiting list",
)
def register(request: ApiRequest, event_id: int, payload: RegistrationIn) -> Any:
    event = access_event_for_user(request.auth, event_id)
    registration = check_register(event, request.auth, payload.answers)
    return Status(201, registration)


@router.delete(
    "/events/{event_id}/registration",
    response={200: CancelOut, 404: ErrorOut, 409: ErrorOut},
    auth=AUTH,
    summary="Cancel my registration; the first person waiting gets the place",
)
def cancel(request: ApiRequest, event_id: int) -> Any:
    registration = access_registration_for_user(request.auth, event_id)
    promoted = check_cancel_registration(registration)
    return {"status": "cancelled", "promoted": len(promoted)}


@router.get(
    "/me/registrations",
    response=list[RegistrationOut],
    auth=AUTH,
    summary="My registrations, newest event first",
)
def list_my_registrations(request: ApiRequest) -> Any:
    return list(my_registrations(request.auth))


@router.post(
    "/events/{event_id}/check-ins",
    response={200: CheckInOut, 404: ErrorOut, 409: ErrorOut, 422: ErrorOut},
    auth=AUTH,
    summary="Check a person in by their code (organisers and curators)",
)
def check_in(request: ApiRequest, event_id: int, payload: CheckInIn) -> Any:
    event = access_event_for_organiser(request.auth, event_id)
    done = check_check_in(event, payload.code, request.auth)
    registration = done.registration
    return {
        "registration_id": registration.pk,
        "name": registration.name,
        "already": done.already,
        "checked_in_at": registration.checked_in_at,
    }


@router.post(
    "/events/{event_id}/feedback",
    response={201: FeedbackOut, 404: ErrorOut, 409: ErrorOut, 422: ErrorOut},
    auth=AUTH,
    summary="Leave feedback after attending",
)
def leave_feedback(request: ApiRequest, event_id: int, payload: FeedbackIn) -> Any:
    registration = access_registration_for_user(request.auth, event_id)
    feedback = check_submit_feedback(registration, payload.rating, payload.usefulness, payload.text)
    return Status(201, feedback)
