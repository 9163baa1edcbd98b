"""Events, their programme and series, registrations with a waiting list, and feedback.

Times are stored in UTC and shown in the region's time (Europe/Moscow, the TIME_ZONE setting).
"""

from __future__ import annotations

import secrets
from datetime import datetime

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from core.models import Town


class EventKind(models.TextChoices):
    CREATIVE_WEEKEND = "creative_weekend", _("creative weekend")
    TOUR_VISIT = "tour_visit", _("tour visit")
    MEETUP = "meetup", _("meetup")
    TRAINING = "training", _("training")
    FAIR = "fair", _("fair")
    PITCH_SESSION = "pitch_session", _("pitch session")


class Audience(models.TextChoices):
    OPEN = "open", _("open to all")
    MEMBERS = "members", _("cluster members")
    INVITED = "invited", _("invited only")


class EventSeries(models.Model):
    """A tour (visits across towns) or a repeating meetup: events that belong together."""

    title = models.CharField(_("title"), max_length=200)
    description = models.TextField(_("description"), blank=True)

    class Meta:
        verbose_name = _("event series")
        # Same English word for one and many; the context lets Russian say «серии».
        verbose_name_plural = pgettext_lazy("plural", "event series")

    def __str__(self) -> str:
        return self.title


class EventQuerySet(models.QuerySet["Event"]):
    def published(self) -> EventQuerySet:
        return self.filter(is_published=True)

    def upcoming(self, now: datetime | None = None) -> EventQuerySet:
        return self.filter(ends_at__gte=now or timezone.now())


class Event(models.Model):
    series = models.ForeignKey(
        EventSeries,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="events",
        verbose_name=_("series"),
    )
    kind = models.CharField(_("kind"), max_length=20, choices=EventKind.choices)
    title = models.CharField(_("title"), max_length=200)
    description = models.TextField(_("description"), blank=True)
    town = models.ForeignKey(
        Town, on_delete=models.PROTECT, related_name="events", verbose_name=_("town")
    )
    venue = models.CharField(_("venue"), max_length=300, blank=True)
    starts_at = models.DateTimeField(_("starts"))
    ends_at = models.DateTimeField(_("ends"))
    # None: no limit.
    capacity = models.PositiveIntegerField(_("places"), null=True, blank=True)
    registration_opens_at = models.DateTimeField(_("registration opens"), null=True, blank=True)
    # None: registration closes when the event starts.
    registration_closes_at = models.DateTimeField(_("registration closes"), null=True, blank=True)
    audience = models.CharField(
        _("audience"), max_length=10, choices=Audience.choices, default=Audience.OPEN
    )
    # One question per line; answers are stored with each registration.
    questions = models.TextField(_("questions to registrants"), blank=True)
    organisers = models.ManyToManyField(
        settings.AUTH_USER_MODEL, blank=True, related_name="organised_events"
    )
    invited = models.ManyToManyField(
        settings.AUTH_USER_MODEL, blank=True, related_name="event_invitations"
    )
    is_published = models.BooleanField(_("published"), default=True)
    external_id = models.CharField(max_length=100, blank=True, db_index=True)
    created_at = models.DateTimeField(default=timezone.now)

    objects = EventQuerySet.as_manager()

    class Meta:
        ordering = ["starts_at", "id"]
        verbose_name = _("event")
        verbose_name_plural = _("events")
        constraints = [
            models.CheckConstraint(
                condition=models.Q(ends_at__gt=models.F("starts_at")), name="event_ends_after_start"
            )
        ]

    def __str__(self) -> str:
        return self.title

    @property
    def question_list(self) -> list[str]:
        return [line.strip() for line in self.questions.splitlines() if line.strip()]

    @property
    def registration_deadline(self) -> datetime:
        return self.registration_closes_at or self.starts_at

    def registration_is_open(self, now: datetime | None = None) -> bool:
        now = now or timezone.now()
        opens = self.registration_opens_at
        return (opens is None or opens <= now) and now < self.registration_deadline

    def has_ended(self, now: datetime | None = None) -> bool:
        return self.ends_at <= (now or timezone.now())

    @property
    def places_left(self) -> int | None:
        """Return the free places (None: no limit); lists and pages annotate `confirmed_count`."""
        if self.capacity is None:
            return None
        taken = getattr(self, "confirmed_count", None)
        if taken is None:
            taken = self.registrations.filter(status=RegistrationStatus.CONFIRMED).count()
        return max(self.capacity - taken, 0)


class ProgrammeDay(models.Model):
    """A day of a multi-day event with its theme, e.g. "Producer's day"."""

    event = models.ForeignKey(Event, on_delete=models.CASCADE, related_name="days")
    date = models.DateField(_("date"))
    theme = models.CharField(_("theme"), max_length=200)

    class Meta:
        verbose_name = _("programme day")
        verbose_name_plural = _("programme days")
        ordering = ["date"]
        constraints = [
            models.UniqueConstraint(fields=["event", "date"], name="programme_day_unique_date")
        ]

    def __str__(self) -> str:
        return self.theme


class Session(models.Model):
    event = models.ForeignKey(Event, on_delete=models.CASCADE, related_name="sessions")
    day = models.ForeignKey(
        ProgrammeDay, null=True, blank=True, on_delete=models.SET_NULL, related_name="sessions"
    )
    starts_at = models.DateTimeField(_("starts"))
    ends_at = models.DateTimeField(_("ends"))
    title = models.CharField(_("title"), max_length=300)
    room = models.CharField(_("room"), max_length=100, blank=True)
    speakers = models.CharField(_("speakers"), max_length=300, blank=True)
    is_pitch = models.BooleanField(_("pitch slot"), default=False)
    project = models.ForeignKey(
        "projects.Project",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="pitch_sessions",
        verbose_name=_("project pitched"),
    )
    # For a project that is not on the platform (yet): its title, as the programme shows it.
    pitch_project = models.CharField(_("project pitched (title)"), max_length=300, blank=True)

    class Meta:
        verbose_name = _("programme session")
        verbose_name_plural = _("programme sessions")
        ordering = ["starts_at", "id"]

    def __str__(self) -> str:
        return self.title


class RegistrationStatus(models.TextChoices):
    CONFIRMED = "confirmed", _("confirmed")
    WAITING = "waiting", _("on the waiting list")
    CANCELLED = "cancelled", _("cancelled")


# No 0/O, 1/I/L: codes are read aloud and typed on phones in a crowd.
CODE_ALPHABET = "23456789ABCDEFGHJKMNPQRSTUVWXYZ"
CODE_LENGTH = 6


def new_code() -> str:
    return "".join(secrets.choice(CODE_ALPHABET) for _ in range(CODE_LENGTH))


# A Russian keyboard types Cyrillic letters that look like the Latin ones on the ticket.
_CYRILLIC_LOOKALIKES = str.maketrans("АВЕКМНРСТХУ", "ABEKMHPCTXY")


def normalise_code(raw: str) -> str:
    """Return the code as stored: upper case, Latin, without spaces or dashes."""
    return "".join(ch for ch in raw.upper().translate(_CYRILLIC_LOOKALIKES) if ch.isalnum())


class RegistrationQuerySet(models.QuerySet["Registration"]):
    def active(self) -> RegistrationQuerySet:
        return self.exclude(status=RegistrationStatus.CANCELLED)

    def confirmed(self) -> RegistrationQuerySet:
        return self.filter(status=RegistrationStatus.CONFIRMED)

    def waiting(self) -> RegistrationQuerySet:
        return self.filter(status=RegistrationStatus.WAITING)

    def attended(self) -> RegistrationQuerySet:
        return self.filter(checked_in_at__isnull=False)


class Registration(models.Model):
    event = models.ForeignKey(Event, on_delete=models.CASCADE, related_name="registrations")
    # Walk-ins without an account have no user, only a name.
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.CASCADE,
        related_name="event_registrations",
    )
    walk_in_name = models.CharField(_("name"), max_length=200, blank=True)
    status = models.CharField(max_length=10, choices=RegistrationStatus.choices)
    code = models.CharField(max_length=CODE_LENGTH, unique=True, default=new_code)
    answers = models.JSONField(default=dict, blank=True)
    # The waiting list is served in this order; re-registering puts one at its end.
    registered_at = models.DateTimeField(default=timezone.now)
    promoted_at = models.DateTimeField(null=True, blank=True)
    cancelled_at = models.DateTimeField(null=True, blank=True)
    checked_in_at = models.DateTimeField(null=True, blank=True)
    checked_in_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    is_walk_in = models.BooleanField(default=False)
    reminder_sent_at = models.DateTimeField(null=True, blank=True)

    objects = RegistrationQuerySet.as_manager()

    class Meta:
        verbose_name = _("registration")
        verbose_name_plural = _("registrations")
        ordering = ["registered_at", "id"]
        constraints = [
            models.UniqueConstraint(
                fields=["event", "user"],
                condition=models.Q(user__isnull=False),
                name="registration_one_per_person",
            )
        ]
        indexes = [models.Index(fields=["event", "status", "registered_at"])]

    def __str__(self) -> str:
        return f"{self.event_id}:{self.code}"

    @property
    def name(self) -> str:
        if self.user is None:
            return self.walk_in_name
        member = getattr(self.user, "member", None)
        return member.display_name if member else str(self.user)

    @property
    def is_confirmed(self) -> bool:
        return self.status == RegistrationStatus.CONFIRMED

    @property
    def is_waiting(self) -> bool:
        return self.status == RegistrationStatus.WAITING

    def cancel_refusal(self, now: datetime | None = None) -> str | None:
        """Return why this registration can no longer be cancelled, None if it can.

        The one rule behind both the cancel button and the cancellation service: a place
        is given back only before the event begins and before the person has come.
        """
        if self.status == RegistrationStatus.CANCELLED:
            return "not_registered"
        if self.checked_in_at is not None:
            return "checked_in"
        if self.event.starts_at <= (now or timezone.now()):
            return "event_started"
        return None

    @property
    def can_cancel(self) -> bool:
        return self.cancel_refusal() is None


class Feedback(models.Model):
    registration = models.OneToOneField(
        Registration, on_delete=models.CASCADE, related_name="feedback"
    )
    rating = models.PositiveSmallIntegerField(_("overall, 1 to 5"))
    usefulness = models.PositiveSmallIntegerField(_("useful for my business, 1 to 5"))
    text = models.TextField(_("what to keep, what to change"), max_length=3000, blank=True)
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        verbose_name = _("event feedback")
        verbose_name_plural = _("event feedback entries")
        ordering = ["-created_at"]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(
                    rating__gte=1, rating__lte=5, usefulness__gte=1, usefulness__lte=5
                ),
                name="feedback_ratings_1_to_5",
            )
        ]

    def __str__(self) -> str:
        return f"{self.rating}/5"
