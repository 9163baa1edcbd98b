"""Reads and access checks for events. Missing and forbidden both answer 404."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from django.contrib.auth.models import AnonymousUser
from django.db.models import Avg, Count, Prefetch, Q, QuerySet, prefetch_related_objects
from django.http import Http404
from django.utils import timezone

from core.roles import is_curator
from events.ics import CalendarEntry, calendar
from events.models import Audience, Event, Feedback, Registration, RegistrationStatus, Session
from members.models import User

AnyUser = User | AnonymousUser


def visible_events(user: AnyUser) -> QuerySet[Event]:
    """Return the events this person may see: published ones, invitations only to the invited."""
    if is_curator(user):
        return Event.objects.all()
    events = Event.objects.published()
    if not user.is_authenticated:
        return events.exclude(audience=Audience.INVITED)
    # Subqueries, not joins: a join would repeat rows and inflate the counts annotated later.
    invited = Event.invited.through.objects.filter(user=user).values("event_id")
    organised = Event.organisers.through.objects.filter(user=user).values("event_id")
    return events.filter(~Q(audience=Audience.INVITED) | Q(pk__in=invited) | Q(pk__in=organised))


def with_confirmed_count(events: QuerySet[Event]) -> QuerySet[Event]:
    """Return the events with `confirmed_count`, which `Event.places_left` reads."""
    return events.annotate(
        confirmed_count=Count(
            "registrations", filter=Q(registrations__status=RegistrationStatus.CONFIRMED)
        )
    )


def event_list(
    user: AnyUser, *, past: bool = False, now: datetime | None = None
) -> QuerySet[Event]:
    now = now or timezone.now()
    events = with_confirmed_count(visible_events(user).select_related("town", "series"))
    if past:
        return events.filter(ends_at__lt=now).order_by("-starts_at", "-id")
    return events.filter(ends_at__gte=now).order_by("starts_at", "id")


def access_event_for_user(user: AnyUser, event_id: int) -> Event:
    events = with_confirmed_count(visible_events(user).select_related("town", "series"))
    event = events.filter(pk=event_id).first()
    if event is None:
        raise Http404
    return event


def with_programme(event: Event) -> Event:
    """Return the event with its days and sessions loaded for the programme."""
    prefetch_related_objects(
        [event],
        "days",
        Prefetch("sessions", queryset=Session.objects.select_related("day", "project")),
    )
    return event


def can_manage_event(user: AnyUser, event: Event) -> bool:
    return is_curator(user) or bool(
        user.is_authenticated and event.organisers.filter(pk=user.pk).exists()
    )


def access_event_for_organiser(user: AnyUser, event_id: int) -> Event:
    event = Event.objects.select_related("town").filter(pk=event_id).first()
    if event is None or not can_manage_event(user, event):
        raise Http404
    return event


def registration_of(user: AnyUser, event: Event) -> Registration | None:
    if not user.is_authenticated:
        return None
    return Registration.objects.filter(event=event, user=user).first()


def access_registration_for_user(user: AnyUser, event_id: int) -> Registration:
    """Return the person's active registration for the event (404 if none)."""
    if not user.is_authenticated:
        raise Http404
    registration = (
        Registration.objects.active()
        .select_related("event__town")
        .filter(event_id=event_id, user=user)
        .first()
    )
    if registration is None:
        raise Http404
    return registration


def my_registrations(user: User) -> QuerySet[Registration]:
    return (
        Registration.objects.active()
        .filter(user=user)
        .select_related("event__town")
        .order_by("-event__starts_at")
    )


def waiting_position(registration: Registration) -> int | None:
    if registration.status != RegistrationStatus.WAITING:
        return None
    ahead = registration.event.registrations.waiting().filter(
        Q(registered_at__lt=registration.registered_at)
        | Q(registered_at=registration.registered_at, id__lt=registration.pk)
    )
    return ahead.count() + 1


def registrations_for_organiser(event: Event) -> QuerySet[Registration]:
    return (
        event.registrations.active()
        .select_related("user__member", "feedback")
        .order_by("status", "registered_at", "id")
    )


@dataclass(frozen=True)
class EventFigures:
    confirmed: int
    waiting: int
    attended: int
    walk_ins: int
    feedback_count: int
    rating: float | None
    usefulness: float | None


def event_figures(event: Event) -> EventFigures:
    counts = event.registrations.aggregate(
        confirmed=Count("id", filter=Q(status=RegistrationStatus.CONFIRMED)),
        waiting=Count("id", filter=Q(status=RegistrationStatus.WAITING)),
        attended=Count("id", filter=Q(checked_in_at__isnull=False)),
        walk_ins=Count("id", filter=Q(is_walk_in=True)),
    )
    ratings = Feedback.objects.filter(registration__event=event).aggregate(
        count=Count("id"), rating=Avg("rating"), usefulness=Avg("usefulness")
    )
    return EventFigures(
        feedback_count=ratings["count"],
        rating=ratings["rating"],
        usefulness=ratings["usefulness"],
        **counts,
    )


def feedback_for_event(event: Event) -> QuerySet[Feedback]:
    return Feedback.objects.filter(registration__event=event).select_related(
        "registration__user__member"
    )


def event_location(event: Event) -> str:
    return ", ".join(part for part in (event.venue, event.town.name) if part)


def event_ics(event: Event, url: str = "") -> str:
    entry = CalendarEntry(
        uid=f"event-{event.pk}@creative-cluster",
        starts_at=event.starts_at,
        ends_at=event.ends_at,
        summary=event.title,
        location=event_location(event),
        description=event.description,
        url=url,
    )
    return calendar([entry], name=event.title, now=timezone.now())
