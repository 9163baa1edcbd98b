"""Every write to one-to-one meetings: opting in, free slots, requests, the timetable."""

from __future__ import annotations

import logging
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import datetime

from django.db import transaction
from django.db.models import Q
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import override

from core.errors import DomainError, Kind
from core.services import do_notify
from events.models import Event, Registration
from events.queries import can_manage_event
from meetings import solver
from meetings.models import (
    Meeting,
    MeetingPlan,
    MeetingRequest,
    MeetingSlot,
    Participant,
    Priority,
    RequestStatus,
)
from meetings.suggestions import pair_score
from members.models import User

log = logging.getLogger(__name__)

BUILD_SECONDS = 5.0


class MeetingError(DomainError):
    """An action the meetings' state or the person's place in them does not allow: a
    conflict unless raised as wrong input."""

    kind: Kind = "conflict"


# --- Set-up -------------------------------------------------------------------------------


@transaction.atomic
def check_set_up_meetings(
    event: Event, tables: int, slots: Iterable[tuple[datetime, datetime]]
) -> MeetingPlan:
    """Return the event's meeting plan with the given tables and (added) slots.

    Raise MeetingError if a slot is not within the event or tables is not positive.
    """
    if tables < 1:
        raise MeetingError(
            "invalid_tables", _("There must be at least one table."), "tables", kind="invalid"
        )
    slots = list(slots)
    for starts_at, ends_at in slots:
        if not (event.starts_at <= starts_at < ends_at <= event.ends_at):
            raise MeetingError(
                "slot_outside_event",
                _("Every slot must be within the event's time."),
                "slots",
                kind="invalid",
            )
    plan, _created = MeetingPlan.objects.update_or_create(event=event, defaults={"tables": tables})
    for starts_at, ends_at in slots:
        MeetingSlot.objects.update_or_create(
            event=event, starts_at=starts_at, defaults={"ends_at": ends_at}
        )
    return plan


# --- Participants and requests ------------------------------------------------------------


@transaction.atomic
def check_opt_in(event: Event, user: User) -> Participant:
    """Return the person's participation in the event's meetings.

    Raise MeetingError unless they have a confirmed place or organise the event.
    """
    if not MeetingPlan.objects.filter(event=event).exists():
        raise MeetingError("no_meetings", _("This event has no one-to-one meetings."))
    has_place = Registration.objects.confirmed().filter(event=event, user=user).exists()
    if not has_place and not can_manage_event(user, event):
        raise MeetingError(
            "not_registered", _("Register for the event first, then join the meetings.")
        )
    participant, _created = Participant.objects.get_or_create(event=event, user=user)
    return participant


@transaction.atomic
def check_set_availability(participant: Participant, slot_ids: Iterable[int]) -> Participant:
    """Save the slots the participant is free in (none chosen: free in all).

    Raise MeetingError if a slot is not one of the event's, or once the event is over.
    """
    _refuse_after_the_event(participant.event)
    wanted = set(slot_ids)
    slots = list(MeetingSlot.objects.filter(event_id=participant.event_id, pk__in=wanted))
    if len(slots) != len(wanted):
        raise MeetingError(
            "slot_outside_event", _("Choose slots of this event only."), "slots", kind="invalid"
        )
    participant.available.set(slots)
    return participant


def _refuse_after_the_event(event: Event) -> None:
    # A meeting can only be held at the event: once it is over, nothing can be arranged.
    if event.has_ended():
        raise MeetingError(
            "event_over", _("The event is over: meetings can no longer be arranged.")
        )


@transaction.atomic
def check_request_meeting(
    requester: Participant, recipient_id: int, note: str = "", priority: int = Priority.IMPORTANT
) -> MeetingRequest:
    """Return a new request to meet another participant of the same event.

    Raise MeetingError for a request to oneself, to someone who is not a participant, for
    a pair that already has a request either way, or once the event is over.
    """
    _refuse_after_the_event(requester.event)
    if priority not in Priority.values:
        raise MeetingError(
            "invalid_priority", _("Choose a priority from the list."), "priority", kind="invalid"
        )
    if recipient_id == requester.pk:
        raise MeetingError(
            "self_request", _("You cannot ask to meet yourself."), "recipient", kind="invalid"
        )
    recipient = (
        Participant.objects.select_related("user__member")
        .filter(pk=recipient_id, event_id=requester.event_id)
        .first()
    )
    if recipient is None:
        raise MeetingError(
            "not_participant",
            _("This person does not take part in the event's meetings."),
            "recipient",
            kind="invalid",
        )
    pair = Q(requester=requester, recipient=recipient) | Q(requester=recipient, recipient=requester)
    if MeetingRequest.objects.filter(pair).exists():
        raise MeetingError(
            "already_requested", _("There is already a request between you two."), "recipient"
        )
    request = MeetingRequest.objects.create(
        event_id=requester.event_id,
        requester=requester,
        recipient=recipient,
        note=note.strip()[:500],
        priority=priority,
        match_score=pair_score(requester, recipient),
    )
    with override("ru"):
        text = _("%(name)s asks to meet you one-to-one.") % {"name": requester.name}
    do_notify(recipient.user, text, reverse("meetings:event", args=[requester.event_id]))
    return request


@transaction.atomic
def check_answer_request(
    request: MeetingRequest, participant: Participant, accept: bool
) -> MeetingRequest:
    """Accept or decline a request addressed to `participant`.

    Raise MeetingError if it is addressed to someone else, already answered, or the event
    is over.
    """
    _refuse_after_the_event(participant.event)
    request = MeetingRequest.objects.select_for_update().get(pk=request.pk)
    if request.recipient_id != participant.pk:
        raise MeetingError("not_recipient", _("Only the person asked can answer."))
    if request.status != RequestStatus.PENDING:
        raise MeetingError("already_answered", _("This request has already been answered."))
    request.status = RequestStatus.ACCEPTED if accept else RequestStatus.DECLINED
    request.decided_at = timezone.now()
    request.save(update_fields=["status", "decided_at"])
    with override("ru"):
        if accept:
            text = _("%(name)s agreed to meet you.") % {"name": participant.name}
        else:
            text = _("%(name)s declined the meeting.") % {"name": participant.name}
    requester = Participant.objects.select_related("user").get(pk=request.requester_id)
    do_notify(requester.user, text, reverse("meetings:event", args=[request.event_id]))
    return request


# --- Timetable ----------------------------------------------------------------------------


@dataclass(frozen=True)
class BuildResult:
    meetings: int
    requests: int
    total_weight: float
    upper_bound: float
    seconds: float
    dropped_published: int


def timetable_instance(event: Event) -> solver.Instance:
    """Return the solver's input for the event: accepted requests, free slots, tables."""
    plan = MeetingPlan.objects.get(event=event)
    slots = list(MeetingSlot.objects.filter(event=event).values_list("pk", flat=True))
    participants = Participant.objects.filter(event=event).prefetch_related("available")
    requests = MeetingRequest.objects.filter(event=event).accepted()
    return solver.Instance(
        slots=tuple(slots),
        tables=plan.tables,
        participants=tuple(
            solver.Participant(
                str(p.pk), frozenset(s.pk for s in p.available.all()) or frozenset(slots)
            )
            for p in participants
        ),
        requests=tuple(
            solver.Request(str(r.requester_id), str(r.recipient_id), r.weight) for r in requests
        ),
    )


@transaction.atomic
def do_build_timetable(event: Event, time_limit: float = BUILD_SECONDS) -> BuildResult:
    """Place accepted requests into slots and tables for the largest total value.

    Published meetings are pinned: they keep their slot (and table when free) unless their
    request or someone's free time changed; the rest is rebuilt. Nothing is published here.
    """
    plan = MeetingPlan.objects.select_for_update().get(event=event)
    instance = timetable_instance(event)
    requests = {
        frozenset((str(r.requester_id), str(r.recipient_id))): r
        for r in MeetingRequest.objects.filter(event=event).accepted()
    }
    published = list(
        Meeting.objects.filter(slot__event=event, is_published=True).select_related("request")
    )
    pinned = [
        solver.Meeting(str(m.request.requester_id), str(m.request.recipient_id), m.slot_id, m.table)
        for m in published
    ]
    published_at = {(m.request_id, m.slot_id) for m in published}
    schedule = solver.solve(instance, time_limit=time_limit, pinned=pinned)
    bound, _name = solver.upper_bound(instance)
    Meeting.objects.filter(slot__event=event).delete()
    rows = []
    for m in schedule.meetings:
        request = requests[frozenset((m.a, m.b))]
        rows.append(
            Meeting(
                request=request,
                slot_id=int(m.slot),
                table=m.table,
                is_published=(request.pk, int(m.slot)) in published_at,
            )
        )
    Meeting.objects.bulk_create(rows)
    plan.built_at = timezone.now()
    plan.total_weight = schedule.total_weight
    plan.upper_bound = bound
    plan.seconds = schedule.seconds
    plan.save(update_fields=["built_at", "total_weight", "upper_bound", "seconds"])
    log.info(
        "timetable of event %s: %s meetings, %.1f of bound %.1f in %.2fs",
        event.pk,
        len(rows),
        schedule.total_weight,
        bound,
        schedule.seconds,
    )
    return BuildResult(
        meetings=len(rows),
        requests=len(requests),
        total_weight=schedule.total_weight,
        upper_bound=bound,
        seconds=schedule.seconds,
        dropped_published=len(schedule.dropped_pinned),
    )


@transaction.atomic
def do_publish_timetable(event: Event) -> int:
    """Publish the built timetable and tell every participant with a meeting; return how many."""
    plan = MeetingPlan.objects.select_for_update().get(event=event)
    meetings = Meeting.objects.filter(slot__event=event)
    meetings.update(is_published=True)
    plan.published_at = timezone.now()
    plan.save(update_fields=["published_at"])
    people = (
        Participant.objects.filter(
            Q(sent__meeting__slot__event=event) | Q(received__meeting__slot__event=event)
        )
        .distinct()
        .select_related("user")
    )
    url = reverse("meetings:agenda", args=[event.pk])
    with override("ru"):
        text = _("Your one-to-one meetings at «%(event)s» are ready.") % {"event": event.title}
    count = 0
    for participant in people:
        do_notify(participant.user, text, url)
        count += 1
    return count
