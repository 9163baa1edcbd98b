"""One-to-one meetings at an event: who takes part, when they are free, whom they ask to meet,
and the timetable the solver builds (slots and tables)."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from events.models import Event


class MeetingPlan(models.Model):
    """The meetings set-up of one event and the figures of its last timetable build."""

    event = models.OneToOneField(Event, on_delete=models.CASCADE, related_name="meeting_plan")
    tables = models.PositiveSmallIntegerField(_("tables"), default=10)
    built_at = models.DateTimeField(null=True, blank=True)
    published_at = models.DateTimeField(null=True, blank=True)
    total_weight = models.FloatField(default=0)
    upper_bound = models.FloatField(default=0)
    seconds = models.FloatField(default=0)

    class Meta:
        verbose_name = _("meeting plan")
        verbose_name_plural = _("meeting plans")

    def __str__(self) -> str:
        return f"{self.event}"

    @property
    def quality(self) -> float | None:
        """Return the share of the proven best total that the timetable reaches."""
        return self.total_weight / self.upper_bound if self.upper_bound else None


class MeetingSlot(models.Model):
    event = models.ForeignKey(Event, on_delete=models.CASCADE, related_name="meeting_slots")
    starts_at = models.DateTimeField(_("starts"))
    ends_at = models.DateTimeField(_("ends"))

    class Meta:
        verbose_name = _("meeting slot")
        verbose_name_plural = _("meeting slots")
        ordering = ["starts_at", "id"]
        constraints = [
            models.UniqueConstraint(fields=["event", "starts_at"], name="meeting_slot_unique_start")
        ]

    def __str__(self) -> str:
        return f"{timezone.localtime(self.starts_at):%d.%m %H:%M}"


class Participant(models.Model):
    event = models.ForeignKey(Event, on_delete=models.CASCADE, related_name="meeting_participants")
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="meeting_participations"
    )
    # No slot chosen means free in every slot, as in the solver's input.
    available = models.ManyToManyField(MeetingSlot, blank=True, related_name="free_participants")
    joined_at = models.DateTimeField(default=timezone.now)

    class Meta:
        verbose_name = _("meeting participant")
        verbose_name_plural = _("meeting participants")
        ordering = ["joined_at", "id"]
        constraints = [
            models.UniqueConstraint(fields=["event", "user"], name="participant_one_per_event")
        ]

    def __str__(self) -> str:
        return self.name

    @property
    def name(self) -> str:
        return self.user.acting_person


class Priority(models.IntegerChoices):
    NICE = 1, _("nice to meet")
    IMPORTANT = 2, _("important")
    MUST = 3, _("must meet")


class RequestStatus(models.TextChoices):
    PENDING = "pending", _("waiting for an answer")
    ACCEPTED = "accepted", _("accepted")
    DECLINED = "declined", _("declined")


class MeetingRequestQuerySet(models.QuerySet["MeetingRequest"]):
    def accepted(self) -> MeetingRequestQuerySet:
        return self.filter(status=RequestStatus.ACCEPTED)

    def involving(self, participant: Participant) -> MeetingRequestQuerySet:
        return self.filter(models.Q(requester=participant) | models.Q(recipient=participant))


class MeetingRequest(models.Model):
    event = models.ForeignKey(Event, on_delete=models.CASCADE, related_name="meeting_requests")
    requester = models.ForeignKey(Participant, on_delete=models.CASCADE, related_name="sent")
    recipient = models.ForeignKey(Participant, on_delete=models.CASCADE, related_name="received")
    note = models.CharField(_("why meet"), max_length=500, blank=True)
    priority = models.PositiveSmallIntegerField(
        _("priority"), choices=Priority.choices, default=Priority.IMPORTANT
    )
    # The matching engine's score for the pair when the request was made, 0..1.
    match_score = models.FloatField(default=0)
    status = models.CharField(
        max_length=10, choices=RequestStatus.choices, default=RequestStatus.PENDING
    )
    created_at = models.DateTimeField(default=timezone.now)
    decided_at = models.DateTimeField(null=True, blank=True)

    objects = MeetingRequestQuerySet.as_manager()

    class Meta:
        verbose_name = _("meeting request")
        verbose_name_plural = _("meeting requests")
        ordering = ["created_at", "id"]
        constraints = [
            models.UniqueConstraint(
                fields=["requester", "recipient"], name="meeting_request_one_per_pair"
            ),
            models.CheckConstraint(
                condition=~models.Q(requester=models.F("recipient")),
                name="meeting_request_not_to_oneself",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.requester_id}→{self.recipient_id}"

    @property
    def weight(self) -> float:
        """Return the value of holding this meeting: its priority, raised by the match score."""
        return round(self.priority + self.match_score, 3)


class Meeting(models.Model):
    """A request placed in the timetable. Published meetings stay put when it is rebuilt."""

    request = models.OneToOneField(MeetingRequest, on_delete=models.CASCADE, related_name="meeting")
    slot = models.ForeignKey(MeetingSlot, on_delete=models.CASCADE, related_name="meetings")
    table = models.PositiveSmallIntegerField()
    is_published = models.BooleanField(default=False)

    class Meta:
        verbose_name = _("meeting")
        verbose_name_plural = _("meetings")
        ordering = ["slot__starts_at", "table"]
        constraints = [
            models.UniqueConstraint(fields=["slot", "table"], name="meeting_one_per_table")
        ]

    def __str__(self) -> str:
        return f"{self.slot} #{self.table}"
