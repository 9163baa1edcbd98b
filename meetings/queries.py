"""Reads and access checks for one-to-one meetings. Missing and forbidden both answer 404."""

from __future__ import annotations

from dataclasses import dataclass

from django.db.models import Q, QuerySet
from django.http import Http404
from django.utils import timezone

from events.ics import CalendarEntry, calendar
from events.models import Event
from events.queries import AnyUser, access_event_for_organiser, access_event_for_user
from meetings.models import Meeting, MeetingPlan, MeetingRequest, MeetingSlot, Participant
from meetings.suggestions import Suggestion, suggest
from members.queries import visible_members


def access_meetings_for_user(user: AnyUser, event_id: int) -> tuple[Event, MeetingPlan]:
    """Return a visible event that has one-to-one meetings, and its plan."""
    event = access_event_for_user(user, event_id)
    plan = MeetingPlan.objects.filter(event=event).first()
    if plan is None:
        raise Http404
    return event, plan


def access_meetings_for_organiser(user: AnyUser, event_id: int) -> tuple[Event, MeetingPlan]:
    event = access_event_for_organiser(user, event_id)
    plan = MeetingPlan.objects.filter(event=event).first()
    if plan is None:
        raise Http404
    return event, plan


def participant_of(user: AnyUser, event: Event) -> Participant | None:
    if not user.is_authenticated:
        return None
    return (
        Participant.objects.filter(event=event, user=user)
        .select_related("user__member")
        .prefetch_related("available")
        .first()
    )


def access_participant_for_user(user: AnyUser, event_id: int) -> Participant:
    event, _plan = access_meetings_for_user(user, event_id)
    participant = participant_of(user, event)
    if participant is None:
        raise Http404
    participant.event = event
    return participant


def event_participants(event: Event) -> QuerySet[Participant]:
    return Participant.objects.filter(event=event).select_related("user__member__town")


def suggestion_pool(participant: Participant, participants: list[Participant]) -> list[Participant]:
    """Return the participants who may be suggested to this one: the participant and those
    whose profile they may see (docs/adr/0008-who-sees-a-member.md). One query."""
    users = [p.user_id for p in participants]
    seen = set(
        visible_members(participant.user)
        .filter(user_id__in=users)
        .values_list("user_id", flat=True)
    )
    return [p for p in participants if p.pk == participant.pk or p.user_id in seen]


def slots_of(event: Event) -> QuerySet[MeetingSlot]:
    return MeetingSlot.objects.filter(event=event)


def requests_of(participant: Participant) -> QuerySet[MeetingRequest]:
    return (
        MeetingRequest.objects.involving(participant)
        .select_related("requester__user__member", "recipient__user__member")
        .order_by("-created_at", "-id")
    )


def access_request_for_participant(participant: Participant, request_id: int) -> MeetingRequest:
    request = requests_of(participant).filter(pk=request_id).first()
    if request is None:
        raise Http404
    return request


@dataclass(frozen=True)
class AgendaItem:
    meeting: Meeting
    other: Participant
    note: str


def agenda(participant: Participant, *, published_only: bool = True) -> list[AgendaItem]:
    meetings = (
        Meeting.objects.filter(
            Q(request__requester=participant) | Q(request__recipient=participant)
        )
        .select_related(
            "slot", "request__requester__user__member", "request__recipient__user__member"
        )
        .order_by("slot__starts_at", "table")
    )
    if published_only:
        meetings = meetings.filter(is_published=True)
    items = []
    for meeting in meetings:
        request = meeting.request
        other = request.recipient if request.requester_id == participant.pk else request.requester
        items.append(AgendaItem(meeting, other, request.note))
    return items


def timetable(event: Event) -> QuerySet[Meeting]:
    return (
        Meeting.objects.filter(slot__event=event)
        .select_related(
            "slot", "request__requester__user__member", "request__recipient__user__member"
        )
        .order_by("table", "slot__starts_at")
    )


def tables_schedule(
    event: Event, plan: MeetingPlan
) -> list[tuple[int, list[tuple[MeetingSlot, Meeting | None]]]]:
    """Return, for each table, every slot with its meeting there (None where it is free)."""
    slots = list(slots_of(event))
    at: dict[tuple[int, int], Meeting] = {(m.table, m.slot_id): m for m in timetable(event)}
    tables = max([plan.tables, *(table for table, _slot in at)])
    return [
        (table, [(slot, at.get((table, slot.pk))) for slot in slots])
        for table in range(1, tables + 1)
    ]


def agenda_ics(event: Event, participant: Participant) -> str:
    entries = [
        CalendarEntry(
            uid=f"meeting-{item.meeting.request_id}@creative-cluster",
            starts_at=item.meeting.slot.starts_at,
            ends_at=item.meeting.slot.ends_at,
            summary=f"{item.other.name} · {event.title}",
            location=f"{event.venue}, #{item.meeting.table}".strip(", "),
            description=item.note,
        )
        for item in agenda(participant)
    ]
    return calendar(entries, name=event.title, now=timezone.now())


def suggestions_for(participant: Participant) -> list[Suggestion]:
    """Return the people the participant has not asked (nor been asked by), best fit first."""
    participants = list(event_participants(participant.event))
    requests = requests_of(participant)
    asked = {r.requester_id for r in requests} | {r.recipient_id for r in requests}
    pool = suggestion_pool(participant, participants)
    return [s for s in suggest(participant, pool) if s.participant.pk not in asked]
