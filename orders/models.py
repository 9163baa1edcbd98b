"""Orders from clients, the members routed to them, proposals (alone or as a team), the work's
messages, deliveries and reviews. Points of sale live in `shops`.

Money is `Decimal` roubles with kopecks; a state change is recorded in `OrderEvent`.
"""

from __future__ import annotations

import uuid
from decimal import Decimal
from pathlib import PurePath

from django.conf import settings
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import Case, Q, Value, When
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from core.models import Industry, Town
from members.models import Member
from orders import states


class OrderStatus(models.TextChoices):
    DRAFT = states.DRAFT, _("draft")
    MODERATION = states.MODERATION, _("awaiting moderation")
    PUBLISHED = states.PUBLISHED, _("open for proposals")
    PROPOSALS = states.PROPOSALS, _("proposals received")
    ASSIGNED = states.ASSIGNED, _("performer chosen")
    IN_PROGRESS = states.IN_PROGRESS, _("in progress")
    DELIVERED = states.DELIVERED, _("delivered")
    ACCEPTED = states.ACCEPTED, _("accepted")
    CLOSED = states.CLOSED, _("closed")
    CANCELLED = states.CANCELLED, _("cancelled")
    DISPUTED = states.DISPUTED, _("disputed")


OPEN_STATUSES = sorted(states.OPEN)


class OrderSettings(models.Model):
    """The cluster's rules for orders; one row, edited by curators in the admin."""

    moderate_orders = models.BooleanField(
        _("curators approve orders before they are published"), default=False
    )
    route_to = models.PositiveSmallIntegerField(
        _("members told about each new order"),
        default=8,
        validators=[MinValueValidator(1), MaxValueValidator(50)],
    )

    class Meta:
        verbose_name = _("order settings")
        verbose_name_plural = _("order settings")

    def __str__(self) -> str:
        return str(self._meta.verbose_name)


class OrderQuerySet(models.QuerySet["Order"]):
    def open(self) -> OrderQuerySet:
        return self.filter(board_open=1)


class Order(models.Model):
    client = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="orders_placed"
    )
    title = models.CharField(_("what needs doing"), max_length=200)
    brief = models.TextField(_("brief"), max_length=5000)
    industries = models.ManyToManyField(
        Industry, related_name="orders", blank=True, verbose_name=_("creative industries")
    )
    town = models.ForeignKey(
        Town, on_delete=models.PROTECT, related_name="orders", verbose_name=_("town")
    )
    budget_min = models.DecimalField(_("budget from, ₽"), max_digits=12, decimal_places=2)
    budget_max = models.DecimalField(_("budget up to, ₽"), max_digits=12, decimal_places=2)
    deadline = models.DateField(_("deadline"))
    status = models.CharField(max_length=20, choices=OrderStatus.choices, default=OrderStatus.DRAFT)
    performer = models.ForeignKey(
        Member, null=True, blank=True, on_delete=models.PROTECT, related_name="orders_performed"
    )
    accepted_proposal = models.OneToOneField(
        "Proposal", null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    moderation_note = models.CharField(_("note from the curator"), max_length=1000, blank=True)
    # The state a dispute was opened from, to show and to resolve against.
    disputed_from = models.CharField(max_length=20, blank=True)
    created_at = models.DateTimeField(default=timezone.now)
    published_at = models.DateTimeField(null=True, blank=True)
    assigned_at = models.DateTimeField(null=True, blank=True)
    delivered_at = models.DateTimeField(null=True, blank=True)
    accepted_at = models.DateTimeField(null=True, blank=True)
    closed_at = models.DateTimeField(null=True, blank=True)
    cancelled_at = models.DateTimeField(null=True, blank=True)
    external_id = models.CharField(max_length=100, blank=True, db_index=True)
    # 1 while the order takes proposals, else 0: computed by the database from the status, so
    # no code path can leave it stale. The board's indexes lead with it. Not a partial index on
    # the status list (SQLite uses one only for literal SQL; Django sends parameters), and not
    # a boolean (Django tests a boolean as a bare `WHERE col`, which SQLite cannot match to an
    # index; `= 1` it can).
    board_open = models.GeneratedField(
        expression=Case(When(status__in=OPEN_STATUSES, then=Value(1)), default=Value(0)),
        output_field=models.PositiveSmallIntegerField(),
        db_persist=True,
    )

    objects = OrderQuerySet.as_manager()

    class Meta:
        ordering = ["-published_at", "-id"]
        verbose_name = _("order")
        verbose_name_plural = _("orders")
        constraints = [
            models.CheckConstraint(
                condition=Q(budget_min__gte=0) & Q(budget_max__gte=models.F("budget_min")),
                name="order_budget_range",
            ),
            # A performer is set exactly when a proposal has been accepted.
            models.CheckConstraint(
                condition=Q(performer__isnull=True, accepted_proposal__isnull=True)
                | Q(performer__isnull=False, accepted_proposal__isnull=False),
                name="order_performer_with_proposal",
            ),
        ]
        # The board reads the newest open orders first, optionally in one town, straight off
        # these indexes (no sort), however many of a million orders are long closed.
        indexes = [
            models.Index(fields=["board_open", "-published_at", "-id"], name="order_board_idx"),
            models.Index(
                fields=["board_open", "town", "-published_at", "-id"], name="order_board_town_idx"
            ),
            models.Index(fields=["status", "-published_at", "-id"], name="order_status_idx"),
            models.Index(fields=["client", "-created_at"], name="order_client_idx"),
            models.Index(fields=["performer", "status"], name="order_performer_idx"),
        ]

    def __str__(self) -> str:
        return self.title

    @property
    def is_open(self) -> bool:
        return self.status in states.OPEN

    @property
    def is_final(self) -> bool:
        return self.status in states.FINAL


class OrderEvent(models.Model):
    """One step of an order's life: who did what, from which state to which."""

    order = models.ForeignKey(Order, on_delete=models.CASCADE, related_name="events")
    action = models.CharField(max_length=40)
    source = models.CharField(max_length=20)
    target = models.CharField(max_length=20)
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    note = models.CharField(max_length=1000, blank=True)
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        verbose_name = _("order history entry")
        verbose_name_plural = _("order history entries")
        ordering = ["created_at", "id"]

    def __str__(self) -> str:
        return f"{self.source} → {self.target} ({self.action})"


class RouteSource(models.TextChoices):
    ENGINE = "engine", _("matched by the platform")
    CURATOR = "curator", _("forwarded by a curator")


class RoutedMember(models.Model):
    """A member told about an order, with the reasons they were chosen (shown to them)."""

    order = models.ForeignKey(Order, on_delete=models.CASCADE, related_name="routes")
    member = models.ForeignKey(Member, on_delete=models.CASCADE, related_name="routed_orders")
    rank = models.PositiveSmallIntegerField(default=0)
    score = models.FloatField(default=0.0)
    # [{"kind": "offer" | "industry" | "town" | "rating" | "load" | "producer" | "note", ...}]
    reasons = models.JSONField(default=list, blank=True)
    source = models.CharField(
        max_length=10, choices=RouteSource.choices, default=RouteSource.ENGINE
    )
    forwarded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        verbose_name = _("member the order was sent to")
        verbose_name_plural = _("members the order was sent to")
        ordering = ["order", "rank", "id"]
        constraints = [
            models.UniqueConstraint(fields=["order", "member"], name="route_once_per_member")
        ]
        indexes = [models.Index(fields=["member", "-created_at"], name="route_member_idx")]

    def __str__(self) -> str:
        return f"{self.order_id} → {self.member_id}"


class ProposalStatus(models.TextChoices):
    SUBMITTED = "submitted", _("waiting for the client")
    ACCEPTED = "accepted", _("accepted")
    DECLINED = "declined", _("another proposal was chosen")
    WITHDRAWN = "withdrawn", _("withdrawn")


class Proposal(models.Model):
    """A member's answer to an order: price, time, message; as a team when it has shares."""

    order = models.ForeignKey(Order, on_delete=models.CASCADE, related_name="proposals")
    author = models.ForeignKey(Member, on_delete=models.CASCADE, related_name="proposals")
    price = models.DecimalField(_("price, ₽"), max_digits=12, decimal_places=2)
    days = models.PositiveSmallIntegerField(
        _("working days needed"), validators=[MinValueValidator(1), MaxValueValidator(365)]
    )
    message = models.TextField(_("message to the client"), max_length=3000)
    team_name = models.CharField(_("team name"), max_length=200, blank=True)
    # The producer team (a project's team) the proposal is made for, when there is one.
    project = models.ForeignKey(
        "projects.Project",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="order_proposals",
        verbose_name=_("project team"),
    )
    status = models.CharField(
        max_length=10, choices=ProposalStatus.choices, default=ProposalStatus.SUBMITTED
    )
    created_at = models.DateTimeField(default=timezone.now)
    updated_at = models.DateTimeField(default=timezone.now)
    decided_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        verbose_name = _("proposal")
        verbose_name_plural = _("proposals")
        ordering = ["price", "created_at", "id"]
        constraints = [
            models.UniqueConstraint(fields=["order", "author"], name="one_proposal_per_member"),
            models.CheckConstraint(condition=Q(price__gt=0), name="proposal_price_positive"),
            # At most one proposal of an order is accepted, whatever happens concurrently.
            models.UniqueConstraint(
                fields=["order"],
                condition=Q(status="accepted"),
                name="one_accepted_proposal_per_order",
            ),
        ]
        indexes = [models.Index(fields=["author", "status"], name="proposal_author_idx")]

    def __str__(self) -> str:
        return f"{self.author} · {self.price} ₽"

    @property
    def is_team(self) -> bool:
        return bool(self.team_name) or len(self.shares.all()) > 1


class ProposalShare(models.Model):
    """A member of a team proposal and their share of the price, in percent (all add up to 100)."""

    proposal = models.ForeignKey(Proposal, on_delete=models.CASCADE, related_name="shares")
    member = models.ForeignKey(Member, on_delete=models.CASCADE, related_name="proposal_shares")
    share = models.DecimalField(_("share, %"), max_digits=5, decimal_places=2)
    role = models.CharField(_("role in the team"), max_length=200, blank=True)

    class Meta:
        verbose_name = _("proposal share")
        verbose_name_plural = _("proposal shares")
        ordering = ["-share", "id"]
        constraints = [
            models.UniqueConstraint(fields=["proposal", "member"], name="share_once_per_member"),
            models.CheckConstraint(
                condition=Q(share__gt=0) & Q(share__lte=100), name="share_within_percent"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.member} {self.share}%"

    @property
    def amount(self) -> Decimal:
        return (self.proposal.price * self.share / 100).quantize(Decimal("0.01"))


class OrderMessage(models.Model):
    order = models.ForeignKey(Order, on_delete=models.CASCADE, related_name="messages")
    author = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+")
    text = models.TextField(_("message"), max_length=3000)
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        verbose_name = _("order message")
        verbose_name_plural = _("order messages")
        ordering = ["created_at", "id"]

    def __str__(self) -> str:
        return self.text[:60]


class DeliveryStatus(models.TextChoices):
    WAITING = "waiting", _("waiting for the client")
    ACCEPTED = "accepted", _("accepted")
    CHANGES_REQUESTED = "changes_requested", _("changes requested")


class Delivery(models.Model):
    order = models.ForeignKey(Order, on_delete=models.CASCADE, related_name="deliveries")
    author = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+")
    note = models.TextField(_("what is delivered"), max_length=3000)
    status = models.CharField(
        max_length=20, choices=DeliveryStatus.choices, default=DeliveryStatus.WAITING
    )
    response = models.TextField(_("what to change"), max_length=3000, blank=True)
    created_at = models.DateTimeField(default=timezone.now)
    answered_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        verbose_name = _("delivery of work")
        ordering = ["created_at", "id"]
        verbose_name_plural = _("deliveries")

    def __str__(self) -> str:
        return f"{self.order_id}: {self.get_status_display()}"


def attachment_path(instance: Attachment, filename: str) -> str:
    # A random name: uploads are served only through the access-checked download view, and
    # a guessed URL under MEDIA_URL must not find them either.
    suffix = PurePath(filename).suffix.lower()
    return f"orders/{instance.order_id}/{uuid.uuid4().hex}{suffix}"


class Attachment(models.Model):
    """A file on an order: part of the brief (no delivery) or of a delivery."""

    order = models.ForeignKey(Order, on_delete=models.CASCADE, related_name="attachments")
    delivery = models.ForeignKey(
        Delivery, null=True, blank=True, on_delete=models.CASCADE, related_name="files"
    )
    file = models.FileField(upload_to=attachment_path, max_length=200)
    name = models.CharField(max_length=200)
    size = models.PositiveIntegerField()
    content_type = models.CharField(max_length=100)
    uploaded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+"
    )
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        verbose_name = _("attachment")
        verbose_name_plural = _("attachments")
        ordering = ["created_at", "id"]

    def __str__(self) -> str:
        return self.name


class ReviewDirection(models.TextChoices):
    OF_PERFORMER = "of_performer", _("the client about the performer")
    OF_CLIENT = "of_client", _("the performer about the client")


class Review(models.Model):
    order = models.ForeignKey(Order, on_delete=models.CASCADE, related_name="reviews")
    direction = models.CharField(max_length=20, choices=ReviewDirection.choices)
    author = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+")
    subject = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="reviews_received"
    )
    rating = models.PositiveSmallIntegerField(
        _("rating, 1 to 5"), validators=[MinValueValidator(1), MaxValueValidator(5)]
    )
    text = models.TextField(_("review"), max_length=3000, blank=True)
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        verbose_name = _("review")
        verbose_name_plural = _("reviews")
        ordering = ["-created_at", "-id"]
        constraints = [
            models.UniqueConstraint(fields=["order", "direction"], name="one_review_each_way"),
            models.CheckConstraint(
                condition=Q(rating__gte=1, rating__lte=5), name="review_rating_1_to_5"
            ),
        ]
        indexes = [models.Index(fields=["subject", "direction"], name="review_subject_idx")]

    def __str__(self) -> str:
        return f"{self.rating}/5"
