"""Every write to events, registrations, check-in and feedback goes through here.

Registration, cancellation and capacity changes lock the event row first, so concurrent
requests queue on it and the confirmed count can never pass the capacity.
"""

from __future__ import annotations

import calendar
import logging
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import Any

from celery import signature
from django.db import IntegrityError, transaction
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import override

from core.errors import DomainError, Kind
from core.roles import is_curator
from core.services import do_notify
from events.models import (
    Audience,
    Event,
    EventSeries,
    Feedback,
    ProgrammeDay,
    Registration,
    RegistrationStatus,
    Session,
    new_code,
    normalise_code,
)
from members.models import User
from members.queries import member_of

log = logging.getLogger(__name__)

REMINDER_AHEAD = timedelta(hours=24)
# Queued by name: the tasks module runs the reminder service, so this one does not import it
# back (`events.apps` imports the tasks, so the name is known in every process).
REGISTRATION_EMAIL_TASK = "events.tasks.send_registration_email"


class EventError(DomainError):
    """An action the event's state or the person's situation does not allow: a conflict
    unless raised as wrong input."""

    kind: Kind = "conflict"


# --- Events -------------------------------------------------------------------------------


@transaction.atomic
def do_create_event(
    *, organisers: Sequence[User] = (), invited: Sequence[User] = (), **fields: Any
) -> Event:
    event = Event.objects.create(**fields)
    event.organisers.set(organisers)
    event.invited.set(invited)
    return event


def monthly(start: datetime, count: int) -> list[datetime]:
    """Return the same day and time in each of the next `count` months (clamped to month end)."""
    local = timezone.localtime(start)
    starts = []
    for n in range(1, count + 1):
        month_index = local.month - 1 + n
        year, month = local.year + month_index // 12, month_index % 12 + 1
        day = min(local.day, calendar.monthrange(year, month)[1])
        starts.append(local.replace(year=year, month=month, day=day))
    return starts


@transaction.atomic
def do_repeat_event(
    event: Event, starts: Sequence[datetime], series_title: str = ""
) -> list[Event]:
    """Return copies of the event starting at each of `starts`, all in one series.

    A monthly meetup or a tour is typed once; the copies keep the length, programme-free.
    """
    if event.series is None:
        event.series = EventSeries.objects.create(title=series_title or event.title)
        event.save(update_fields=["series"])
    length = event.ends_at - event.starts_at
    copies = []
    for start in starts:
        shift = start - event.starts_at
        copy = Event.objects.create(
            series=event.series,
            kind=event.kind,
            title=event.title,
            description=event.description,
            town=event.town,
            venue=event.venue,
            starts_at=start,
            ends_at=start + length,
            capacity=event.capacity,
            registration_opens_at=event.registration_opens_at
            and event.registration_opens_at + shift,
            registration_closes_at=event.registration_closes_at
            and event.registration_closes_at + shift,
            audience=event.audience,
            questions=event.questions,
            is_published=event.is_published,
        )
        copy.organisers.set(event.organisers.all())
        copies.append(copy)
    return copies


def do_add_programme_day(event: Event, date: Any, theme: str) -> ProgrammeDay:
    day, _created = ProgrammeDay.objects.update_or_create(
        event=event, date=date, defaults={"theme": theme}
    )
    return day


def do_add_session(event: Event, **fields: Any) -> Session:
    starts_at, ends_at = fields["starts_at"], fields["ends_at"]
    if not (event.starts_at <= starts_at < ends_at <= event.ends_at):
        raise EventError(
            "session_outside_event", _("A session must fit within the event."), kind="invalid"
        )
    if "day" not in fields:
        local_date = timezone.localtime(starts_at).date()
        fields["day"] = event.days.filter(date=local_date).first()
    return Session.objects.create(event=event, **fields)


# --- Registration -------------------------------------------------------------------------


def _lock_event(event: Event) -> Event:
    return Event.objects.select_for_update().get(pk=event.pk)


def _can_attend(event: Event, user: User) -> None:
    if event.audience == Audience.MEMBERS and member_of(user) is None and not is_curator(user):
        raise EventError("members_only", _("This event is for cluster members."))
    if (
        event.audience == Audience.INVITED
        and not is_curator(user)
        and not event.invited.filter(pk=user.pk).exists()
    ):
        raise EventError("not_invited", _("This event is by invitation only."))


def _has_room(event: Event) -> bool:
    if event.capacity is None:
        return True
    return event.registrations.confirmed().count() < event.capacity


def _clean_answers(event: Event, answers: dict[str, str] | None) -> dict[str, str]:
    given = answers or {}
    return {q: str(given.get(q, "")).strip()[:1000] for q in event.question_list}


@transaction.atomic
def check_register(
    event: Event, user: User, answers: dict[str, str] | None = None, *, now: datetime | None = None
) -> Registration:
    """Return the person's new registration: confirmed while places last, else waiting.

    Raise EventError if they are already registered, registration is not open, or the
    event's audience does not include them; nothing is written then.
    """
    event = _lock_event(event)
    now = now or timezone.now()
    existing = Registration.objects.filter(event=event, user=user).first()
    if existing is not None and existing.status != RegistrationStatus.CANCELLED:
        raise EventError("already_registered", _("You are already registered for this event."))
    if not event.registration_is_open(now):
        if event.registration_opens_at and now < event.registration_opens_at:
            raise EventError("registration_not_open", _("Registration has not opened yet."))
        raise EventError("registration_closed", _("Registration for this event has closed."))
    _can_attend(event, user)
    status = RegistrationStatus.CONFIRMED if _has_room(event) else RegistrationStatus.WAITING
    registration = existing or Registration(event=event, user=user)
    registration.status = status
    registration.answers = _clean_answers(event, answers)
    registration.registered_at = now
    registration.cancelled_at = None
    registration.promoted_at = None
    registration.save()
    _tell_registered(registration)
    return registration


def _tell_registered(registration: Registration) -> None:
    user = registration.user
    if user is None:
        raise ValueError("only a person's registration is told about")
    url = reverse("events:ticket", args=[registration.event_id])
    with override("ru"):
        if registration.is_confirmed:
            text = _("You are registered for «%(event)s». Your code: %(code)s") % {
                "event": registration.event.title,
                "code": registration.code,
            }
        else:
            text = _(
                "«%(event)s» is full; you are on the waiting list and will be told "
                "if a place frees up."
            ) % {"event": registration.event.title}
    do_notify(user, text, url)
    if registration.is_confirmed:
        pk = registration.pk
        transaction.on_commit(signature(REGISTRATION_EMAIL_TASK, args=(pk,)).delay)


def _promote_waiting(event: Event, now: datetime) -> list[Registration]:
    """Confirm people from the waiting list, in order, while places are free."""
    promoted = []
    while _has_room(event):
        registration = event.registrations.waiting().order_by("registered_at", "id").first()
        if registration is None:
            break
        registration.status = RegistrationStatus.CONFIRMED
        registration.promoted_at = now
        registration.save(update_fields=["status", "promoted_at"])
        _tell_registered(registration)
        promoted.append(registration)
    return promoted


@transaction.atomic
def check_cancel_registration(
    registration: Registration, *, now: datetime | None = None
) -> list[Registration]:
    """Cancel a registration and return whoever the freed place went to.

    Raise EventError if it is already cancelled, the person has come or the event has begun.
    """
    event = _lock_event(registration.event)
    registration = Registration.objects.get(pk=registration.pk)
    now = now or timezone.now()
    registration.event = event
    refusal = registration.cancel_refusal(now)
    if refusal == "not_registered":
        raise EventError(refusal, _("This registration is already cancelled."))
    if refusal == "checked_in":
        raise EventError(refusal, _("You have already checked in."))
    if refusal == "event_started":
        raise EventError(refusal, _("The event has already started."))
    registration.status = RegistrationStatus.CANCELLED
    registration.cancelled_at = now
    registration.save(update_fields=["status", "cancelled_at"])
    return _promote_waiting(event, now)


@transaction.atomic
def do_set_capacity(event: Event, capacity: int | None) -> list[Registration]:
    """Change the number of places; a larger number promotes people from the waiting list."""
    event = _lock_event(event)
    event.capacity = capacity
    event.save(update_fields=["capacity"])
    return _promote_waiting(event, timezone.now())


# --- Check-in -----------------------------------------------------------------------------


@dataclass(frozen=True)
class CheckIn:
    registration: Registration
    already: bool  # checked in earlier: say when, do not count twice


@transaction.atomic
def check_check_in(event: Event, raw_code: str, curator: User) -> CheckIn:
    """Record that the holder of `raw_code` has arrived.

    Raise EventError if the code is unknown, belongs to another event, or its holder has
    no confirmed place.
    """
    code = normalise_code(raw_code)
    registration = (
        Registration.objects.select_for_update(of=("self",))
        .select_related("user__member", "event")
        .filter(code=code)
        .first()
    )
    if registration is None:
        raise EventError(
            "unknown_code", _("No registration has this code."), "code", kind="invalid"
        )
    if registration.event_id != event.pk:
        raise EventError(
            "other_event",
            _("This code is for another event: «%(event)s».") % {"event": registration.event.title},
            "code",
            kind="invalid",
        )
    if registration.status != RegistrationStatus.CONFIRMED:
        raise EventError(
            "not_confirmed",
            _("This person has no confirmed place (waiting list or cancelled)."),
            "code",
        )
    if registration.checked_in_at is not None:
        return CheckIn(registration, already=True)
    registration.checked_in_at = timezone.now()
    registration.checked_in_by = curator
    registration.save(update_fields=["checked_in_at", "checked_in_by"])
    return CheckIn(registration, already=False)


@transaction.atomic
def do_register_walk_in(event: Event, name: str, curator: User) -> Registration:
    """Return the checked-in registration of someone who came without registering.

    They are in the room already, so the capacity does not turn them away.
    """
    event = _lock_event(event)
    name = name.strip()
    if not name:
        raise EventError("name_required", _("Enter the person's name."), "name", kind="invalid")
    now = timezone.now()
    for _attempt in range(3):
        try:
            with transaction.atomic():
                return Registration.objects.create(
                    event=event,
                    walk_in_name=name[:200],
                    status=RegistrationStatus.CONFIRMED,
                    is_walk_in=True,
                    checked_in_at=now,
                    checked_in_by=curator,
                    code=new_code(),
                )
        except IntegrityError:  # a code collision: 31^6 codes make it rare
            continue
    raise EventError("code_exhausted", _("Please try again."))


# --- Feedback -----------------------------------------------------------------------------


@transaction.atomic
def check_submit_feedback(
    registration: Registration, rating: int, usefulness: int, text: str = ""
) -> Feedback:
    """Return the attendee's feedback.

    Raise EventError if the event has not ended, they did not attend, or they already answered.
    """
    registration = Registration.objects.select_for_update().get(pk=registration.pk)
    if not registration.event.has_ended():
        raise EventError("event_not_over", _("Feedback opens when the event ends."))
    if registration.checked_in_at is None:
        raise EventError("not_attended", _("Only people who attended can leave feedback."))
    if Feedback.objects.filter(registration=registration).exists():
        raise EventError("feedback_exists", _("You have already left feedback. Thank you!"))
    for field, value in (("rating", rating), ("usefulness", usefulness)):
        if not 1 <= value <= 5:
            raise EventError("invalid_rating", _("Choose from 1 to 5."), field, kind="invalid")
    return Feedback.objects.create(
        registration=registration, rating=rating, usefulness=usefulness, text=text.strip()
    )


@transaction.atomic
def do_ask_for_feedback(event: Event) -> int:
    """Invite every attendee with an account to the feedback form; return how many."""
    url = reverse("events:feedback", args=[event.pk])
    attendees = event.registrations.attended().filter(user__isnull=False).select_related("user")
    with override("ru"):
        text = _("How was «%(event)s»? Two ratings and a line of text help us.") % {
            "event": event.title
        }
    count = 0
    for registration in attendees:
        if registration.user is None:  # left out by the query; this tells the type checker
            continue
        do_notify(registration.user, text, url)
        count += 1
    return count


# --- Reminders ----------------------------------------------------------------------------


def do_send_due_reminders(now: datetime | None = None) -> int:
    """Remind confirmed people of events starting within a day; return how many were sent.

    Each registration is claimed with a conditional update before its email is queued, so
    a reminder goes out once even when two runs overlap.
    """
    now = now or timezone.now()
    due = Registration.objects.filter(
        status=RegistrationStatus.CONFIRMED,
        user__isnull=False,
        reminder_sent_at__isnull=True,
        event__starts_at__gt=now,
        event__starts_at__lte=now + REMINDER_AHEAD,
    ).values_list("pk", flat=True)
    sent = 0
    for pk in list(due):
        with transaction.atomic():
            claimed = Registration.objects.filter(pk=pk, reminder_sent_at__isnull=True).update(
                reminder_sent_at=now
            )
            if claimed:
                email = signature(REGISTRATION_EMAIL_TASK, args=(pk,), kwargs={"reminder": True})
                transaction.on_commit(email.delay)
                sent += 1
    log.info("sent %s event reminders", sent)
    return sent
