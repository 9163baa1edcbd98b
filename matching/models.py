from __future__ import annotations

from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from members.models import Member


class IntroductionStatus(models.TextChoices):
    REQUESTED = "requested", _("requested")
    ACCEPTED = "accepted", _("accepted")
    DECLINED = "declined", _("declined")


class Introduction(models.Model):
    """One member asks to be introduced to another; the other side accepts or declines."""

    requester = models.ForeignKey(
        Member, on_delete=models.CASCADE, related_name="introductions_requested"
    )
    recipient = models.ForeignKey(
        Member, on_delete=models.CASCADE, related_name="introductions_received"
    )
    message = models.TextField(_("message"), max_length=1000, blank=True)
    reasons = models.JSONField(default=list, blank=True)  # the reasons shown when asked
    status = models.CharField(
        max_length=10, choices=IntroductionStatus.choices, default=IntroductionStatus.REQUESTED
    )
    brokered_by = models.ForeignKey(
        "members.User", null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(default=timezone.now)
    decided_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        verbose_name = _("introduction")
        verbose_name_plural = _("introductions")
        ordering = ["-created_at"]
        constraints = [
            # One live introduction per pair and direction; a declined one can be asked again.
            models.UniqueConstraint(
                fields=["requester", "recipient"],
                condition=~Q(status="declined"),
                name="one_live_introduction_per_pair",
            ),
            models.CheckConstraint(
                condition=~Q(requester=models.F("recipient")), name="no_self_introduction"
            ),
        ]
        indexes = [models.Index(fields=["recipient", "status"], name="intro_recipient_idx")]

    def __str__(self) -> str:
        return f"{self.requester} → {self.recipient} ({self.status})"


class HiddenSuggestion(models.Model):
    """A suggestion a member does not want to see again."""

    member = models.ForeignKey(Member, on_delete=models.CASCADE, related_name="hidden_suggestions")
    hidden = models.ForeignKey(Member, on_delete=models.CASCADE, related_name="+")
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        verbose_name = _("hidden partner suggestion")
        verbose_name_plural = _("hidden partner suggestions")
        constraints = [
            models.UniqueConstraint(fields=["member", "hidden"], name="hide_suggestion_once")
        ]

    def __str__(self) -> str:
        return f"{self.member} hides {self.hidden}"
