"""Annual plans: each member's goals for a year, detailed into steps, with progress updates;
and help requests, the tasks a member asks the cluster to help with, in the curators' queue.

A plan belongs to one member and one year. Goals carry a kind and a numeric target in a unit;
the links to a support measure, an event, a project, an order or a partner are optional and
survive the linked object's deletion as empty links. Help requests copy their member from the
goal's plan, so the curators' queue filters by member (and town, through the member) without
walking goal → plan → member.
"""

from __future__ import annotations

import uuid
from datetime import date
from pathlib import PurePath

from django.conf import settings
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from core.private_files import private_storage
from members.models import Member

FIRST_YEAR = 2020
LAST_YEAR = 2100


class Visibility(models.TextChoices):
    PRIVATE = "private", _("only me")
    CURATORS = "curators", _("me and the cluster's curators")
    PUBLIC = "public", _("everyone, on my profile")


# Curators see plans shared with them and public ones; anyone sees public ones.
SHARED_WITH_CURATORS = [Visibility.CURATORS, Visibility.PUBLIC]


class PlanStatus(models.TextChoices):
    # Said of a plan («план», masculine in Russian).
    OPEN = "open", pgettext_lazy("plan", "open")
    CLOSED = "closed", pgettext_lazy("plan", "closed")


class PlanQuerySet(models.QuerySet["Plan"]):
    def shared_with_curators(self) -> PlanQuerySet:
        return self.filter(visibility__in=SHARED_WITH_CURATORS)

    def public(self) -> PlanQuerySet:
        return self.filter(visibility=Visibility.PUBLIC)


class Plan(models.Model):
    """One member's plan for one year."""

    member = models.ForeignKey(Member, on_delete=models.CASCADE, related_name="plans")
    year = models.PositiveSmallIntegerField(
        _("year"), validators=[MinValueValidator(FIRST_YEAR), MaxValueValidator(LAST_YEAR)]
    )
    visibility = models.CharField(
        _("who sees the plan"),
        max_length=10,
        choices=Visibility.choices,
        default=Visibility.CURATORS,
    )
    status = models.CharField(
        _("status"), max_length=10, choices=PlanStatus.choices, default=PlanStatus.OPEN
    )
    review = models.TextField(_("review of the year"), max_length=5000, blank=True)
    closed_at = models.DateTimeField(null=True, blank=True)
    # The plan this one was started from (its unfinished goals carried over).
    started_from = models.ForeignKey(
        "self",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="next_plans",
        verbose_name=_("started from"),
    )
    created_at = models.DateTimeField(default=timezone.now)
    updated_at = models.DateTimeField(default=timezone.now)

    objects = PlanQuerySet.as_manager()

    class Meta:
        ordering = ["-year", "id"]
        verbose_name = _("plan for the year")
        verbose_name_plural = _("plans for the year")
        constraints = [
            # One plan per member and year: two tabs starting it at once, one wins.
            models.UniqueConstraint(fields=["member", "year"], name="one_plan_per_member_and_year"),
            models.CheckConstraint(
                condition=Q(year__gte=FIRST_YEAR) & Q(year__lte=LAST_YEAR),
                name="plan_year_in_range",
            ),
        ]
        # The curators' overview reads one year's shared plans.
        indexes = [models.Index(fields=["year", "visibility"], name="plan_year_idx")]

    def __str__(self) -> str:
        return f"{self.member} — {self.year}"

    @property
    def is_closed(self) -> bool:
        return self.status == PlanStatus.CLOSED

    @property
    def first_day(self) -> date:
        return date(self.year, 1, 1)

    @property
    def last_day(self) -> date:
        return date(self.year, 12, 31)


class GoalKind(models.TextChoices):
    REVENUE = "revenue", _("revenue")
    JOBS = "jobs", _("jobs")
    NEW_PRODUCT = "new_product", _("new product")
    SALES_CHANNEL = "sales_channel", _("new sales channel")
    PREMISES = "premises", _("premises")
    TRAINING = "training", _("training")
    OTHER = "other", _("other goal")


class GoalUnit(models.TextChoices):
    ROUBLES = "rub", _("roubles")
    PEOPLE = "people", _("people")
    PIECES = "pieces", _("pieces")
    POINTS_OF_SALE = "points_of_sale", _("points of sale")
    SQUARE_METRES = "m2", _("m²")
    PERCENT = "percent", _("percent")
    OTHER = "other", _("other unit")


class Outcome(models.TextChoices):
    """What the member says of a goal when closing the year."""

    REACHED = "reached", _("reached")
    PARTLY = "partly", _("partly reached")
    MISSED = "missed", _("not reached")
    CARRIED = "carried", _("carried over to next year")


class Goal(models.Model):
    plan = models.ForeignKey(Plan, on_delete=models.CASCADE, related_name="goals")
    title = models.CharField(_("goal"), max_length=200)
    kind = models.CharField(_("kind of goal"), max_length=20, choices=GoalKind.choices)
    measure = models.CharField(_("how it is measured"), max_length=300, blank=True)
    baseline = models.DecimalField(
        _("where you start"),
        max_digits=14,
        decimal_places=2,
        default=0,
        validators=[MinValueValidator(0)],
    )
    target = models.DecimalField(
        _("target"), max_digits=14, decimal_places=2, validators=[MinValueValidator(0)]
    )
    unit = models.CharField(_("unit"), max_length=20, choices=GoalUnit.choices)
    # None: by the end of the plan's year.
    due = models.DateField(_("due date"), null=True, blank=True)
    # Optional links to what the goal relies on; an emptied link when the object goes.
    support_measure = models.ForeignKey(
        "support.Measure",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="plan_goals",
        verbose_name=_("support measure"),
    )
    event = models.ForeignKey(
        "events.Event",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="plan_goals",
        verbose_name=_("event"),
    )
    project = models.ForeignKey(
        "projects.Project",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="plan_goals",
        verbose_name=_("project"),
    )
    order = models.ForeignKey(
        "orders.Order",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="plan_goals",
        verbose_name=_("order"),
    )
    partner = models.ForeignKey(
        Member,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="plan_goals_as_partner",
        verbose_name=_("partner"),
    )
    position = models.PositiveIntegerField(default=0)
    # The goal of last year's plan this one continues.
    carried_from = models.ForeignKey(
        "self", null=True, blank=True, on_delete=models.SET_NULL, related_name="carried_to"
    )
    # Filled when the plan is closed: what was reached.
    outcome = models.CharField(_("outcome"), max_length=10, choices=Outcome.choices, blank=True)
    outcome_note = models.CharField(_("what was reached"), max_length=1000, blank=True)
    created_at = models.DateTimeField(default=timezone.now)
    updated_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["position", "id"]
        verbose_name = _("goal")
        verbose_name_plural = _("goals")
        constraints = [
            models.CheckConstraint(
                condition=Q(target__gte=0) & Q(baseline__gte=0), name="goal_amounts_gte_0"
            ),
        ]
        indexes = [
            models.Index(fields=["plan", "position"], name="goal_plan_idx"),
            models.Index(fields=["kind"], name="goal_kind_idx"),
        ]

    def __str__(self) -> str:
        return self.title


class StepStatus(models.TextChoices):
    # Said of a step («шаг», masculine in Russian).
    PLANNED = "planned", pgettext_lazy("step", "planned")
    IN_PROGRESS = "in_progress", pgettext_lazy("step", "in progress")
    DONE = "done", pgettext_lazy("step", "done")
    DROPPED = "dropped", pgettext_lazy("step", "dropped")


# A step in one of these is finished: never late.
FINISHED_STEPS = [StepStatus.DONE, StepStatus.DROPPED]


class StepQuerySet(models.QuerySet["Step"]):
    def late_on(self, day: date) -> StepQuerySet:
        """Return the steps whose due date passed before `day` and are not finished."""
        return self.filter(due__lt=day).exclude(status__in=FINISHED_STEPS)


class Step(models.Model):
    goal = models.ForeignKey(Goal, on_delete=models.CASCADE, related_name="steps")
    title = models.CharField(_("step"), max_length=200)
    due = models.DateField(_("due date"), null=True, blank=True)
    status = models.CharField(
        _("status"), max_length=20, choices=StepStatus.choices, default=StepStatus.PLANNED
    )
    notes = models.TextField(_("notes"), max_length=3000, blank=True)
    position = models.PositiveIntegerField(default=0)
    done_at = models.DateTimeField(null=True, blank=True)
    created_at = models.DateTimeField(default=timezone.now)
    updated_at = models.DateTimeField(default=timezone.now)

    objects = StepQuerySet.as_manager()

    class Meta:
        ordering = ["position", "id"]
        verbose_name = _("step")
        verbose_name_plural = _("steps")
        indexes = [
            models.Index(fields=["goal", "position"], name="step_goal_idx"),
            # Overdue steps across plans (the curators' overview).
            models.Index(fields=["status", "due"], name="step_status_due_idx"),
        ]

    def __str__(self) -> str:
        return self.title

    @property
    def is_finished(self) -> bool:
        return self.status in FINISHED_STEPS

    def is_late_on(self, day: date) -> bool:
        return self.due is not None and self.due < day and not self.is_finished


def step_file_path(instance: StepFile, filename: str) -> str:
    # A random name in the private storage: served only through the access-checked view.
    suffix = PurePath(filename).suffix.lower()
    return f"plans/steps/{instance.step_id}/{uuid.uuid4().hex}{suffix}"


class StepFile(models.Model):
    """A file attached to a step (a contract, a photo of the shelf, a price list)."""

    step = models.ForeignKey(Step, on_delete=models.CASCADE, related_name="files")
    file = models.FileField(storage=private_storage, upload_to=step_file_path, max_length=200)
    name = models.CharField(max_length=200)
    size = models.PositiveIntegerField()
    content_type = models.CharField(max_length=100)
    uploaded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    uploaded_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["uploaded_at", "id"]
        verbose_name = _("step file")
        verbose_name_plural = _("step files")

    def __str__(self) -> str:
        return self.name


class GoalUpdate(models.Model):
    """Progress the member records on a goal: the value reached on a date."""

    goal = models.ForeignKey(Goal, on_delete=models.CASCADE, related_name="updates")
    value = models.DecimalField(
        _("value reached"), max_digits=14, decimal_places=2, validators=[MinValueValidator(0)]
    )
    date = models.DateField(_("date"))
    comment = models.TextField(_("comment"), max_length=1000, blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["date", "id"]
        verbose_name = _("progress update")
        verbose_name_plural = _("progress updates")
        constraints = [
            models.CheckConstraint(condition=Q(value__gte=0), name="goal_update_value_gte_0"),
        ]
        indexes = [models.Index(fields=["goal", "date"], name="goal_update_goal_idx")]

    def __str__(self) -> str:
        return f"{self.goal}: {self.value} ({self.date})"


# --- Help requests: the curators' queue -----------------------------------------------------


class HelpStatus(models.TextChoices):
    # Said of a request («запрос», masculine in Russian).
    NEW = "new", pgettext_lazy("help request", "new")
    IN_PROGRESS = "in_progress", pgettext_lazy("help request", "in progress")
    WAITING_FOR_MEMBER = (
        "waiting_for_member",
        pgettext_lazy("help request", "waiting for the member"),
    )
    DONE = "done", pgettext_lazy("help request", "done")
    DECLINED = "declined", pgettext_lazy("help request", "declined")


# Still in the curators' queue.
OPEN_HELP_STATUSES = [HelpStatus.NEW, HelpStatus.IN_PROGRESS, HelpStatus.WAITING_FOR_MEMBER]
CLOSED_HELP_STATUSES = [HelpStatus.DONE, HelpStatus.DECLINED]


class HelpRequestQuerySet(models.QuerySet["HelpRequest"]):
    def open(self) -> HelpRequestQuerySet:
        return self.filter(status__in=OPEN_HELP_STATUSES)


class HelpRequest(models.Model):
    """A member asks the cluster for help on a goal or one of its steps: a task for curators.

    The internal notes are a separate model (`HelpRequestNote`), never a field here, so that
    serialising a request for its member cannot carry them along by accident."""

    # The goal's plan's member, copied so the queue filters by member and town with one join.
    member = models.ForeignKey(Member, on_delete=models.CASCADE, related_name="help_requests")
    goal = models.ForeignKey(Goal, on_delete=models.CASCADE, related_name="help_requests")
    step = models.ForeignKey(
        Step, null=True, blank=True, on_delete=models.SET_NULL, related_name="help_requests"
    )
    what = models.TextField(_("what help is needed"), max_length=3000)
    # The member's "by when"; `due` is the curators' own date for the task.
    needed_by = models.DateField(_("needed by"), null=True, blank=True)
    status = models.CharField(
        _("status"), max_length=20, choices=HelpStatus.choices, default=HelpStatus.NEW
    )
    decline_reason = models.TextField(_("reason for declining"), max_length=3000, blank=True)
    assignee = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="assigned_help_requests",
        verbose_name=_("assignee"),
    )
    due = models.DateField(_("due date"), null=True, blank=True)
    answer = models.TextField(_("answer to the member"), max_length=5000, blank=True)
    # What solved it.
    introduction = models.ForeignKey(
        "matching.Introduction",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="help_requests",
        verbose_name=_("introduction"),
    )
    support_measure = models.ForeignKey(
        "support.Measure",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="help_requests",
        verbose_name=_("support measure"),
    )
    event = models.ForeignKey(
        "events.Event",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="help_requests",
        verbose_name=_("event"),
    )
    created_at = models.DateTimeField(default=timezone.now)
    updated_at = models.DateTimeField(default=timezone.now)
    # For the SLA view: the first answer or status change by a curator, and the close
    # (done or declined).
    first_answered_at = models.DateTimeField(null=True, blank=True)
    done_at = models.DateTimeField(null=True, blank=True)

    objects = HelpRequestQuerySet.as_manager()

    class Meta:
        ordering = ["-created_at", "-id"]
        verbose_name = _("help request")
        verbose_name_plural = _("help requests")
        indexes = [
            # The queue's filters: mine / unassigned by status, overdue by status and due date,
            # newest first within a status; the town filter joins the member (indexed by town).
            models.Index(fields=["status", "assignee"], name="help_status_assignee_idx"),
            models.Index(fields=["status", "due"], name="help_status_due_idx"),
            models.Index(fields=["status", "-created_at"], name="help_status_created_idx"),
            models.Index(fields=["member", "status"], name="help_member_idx"),
        ]
        constraints = [
            models.CheckConstraint(
                condition=~Q(status=HelpStatus.DECLINED) | ~Q(decline_reason=""),
                name="help_declined_with_reason",
            ),
        ]

    def __str__(self) -> str:
        return self.what[:60]

    @property
    def is_open(self) -> bool:
        return self.status in OPEN_HELP_STATUSES


class HelpRequestNote(models.Model):
    """A curators' internal note on a request: never shown to the member."""

    request = models.ForeignKey(HelpRequest, on_delete=models.CASCADE, related_name="notes")
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    text = models.TextField(_("note"), max_length=3000)
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["created_at", "id"]
        verbose_name = _("internal note")
        verbose_name_plural = _("internal notes")

    def __str__(self) -> str:
        return self.text[:60]


class HelpRequestMessage(models.Model):
    """The thread between the member and the curators on a request."""

    request = models.ForeignKey(HelpRequest, on_delete=models.CASCADE, related_name="messages")
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    # Written by a curator (for the cluster) rather than by the member.
    by_curator = models.BooleanField(default=False)
    text = models.TextField(_("message"), max_length=3000)
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["created_at", "id"]
        verbose_name = _("message on a help request")
        verbose_name_plural = _("messages on help requests")
        indexes = [models.Index(fields=["request", "created_at"], name="help_message_idx")]

    def __str__(self) -> str:
        return self.text[:60]


def help_file_path(instance: HelpRequestFile, filename: str) -> str:
    suffix = PurePath(filename).suffix.lower()
    return f"plans/help/{instance.request_id}/{uuid.uuid4().hex}{suffix}"


class HelpRequestFile(models.Model):
    """A file attached to a request, by the member or a curator (with a message or not)."""

    request = models.ForeignKey(HelpRequest, on_delete=models.CASCADE, related_name="files")
    message = models.ForeignKey(
        HelpRequestMessage,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="files",
    )
    file = models.FileField(storage=private_storage, upload_to=help_file_path, max_length=200)
    name = models.CharField(max_length=200)
    size = models.PositiveIntegerField()
    content_type = models.CharField(max_length=100)
    uploaded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    uploaded_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["uploaded_at", "id"]
        verbose_name = _("help request file")
        verbose_name_plural = _("help request files")

    def __str__(self) -> str:
        return self.name
