"""Support measures: grants, consultations, premises and the rest, with eligibility as data."""

from __future__ import annotations

import uuid
from datetime import date
from pathlib import PurePath

from django.conf import settings
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import Count, F, OuterRef, Q, Subquery
from django.db.models.functions import Coalesce
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext, pgettext_lazy

from core import money
from members.models import Member


class MeasureKind(models.TextChoices):
    GRANT = "grant", _("grant")
    SUBSIDY = "subsidy", _("subsidy")
    LOAN = "loan", _("loan")
    CONSULTATION = "consultation", _("consultation")
    TRAINING = "training", _("training")
    PREMISES = "premises", _("premises")
    EQUIPMENT = "equipment", _("equipment access")
    PROMOTION = "promotion", _("promotion")
    SALES_CHANNEL = "sales_channel", _("sales channel")
    SPONSORSHIP = "sponsorship", _("sponsor programme")
    OTHER = "other", _("other support")


class ConsultationTopic(models.TextChoices):
    LEGAL = "legal", _("legal")
    ACCOUNTING = "accounting", _("accounting")
    MARKETING = "marketing", _("marketing")


class ProviderKind(models.TextChoices):
    AGENCY = "agency", _("the development agency")
    ADMINISTRATION = "administration", _("the town administration")
    GENERAL_PARTNER = "general_partner", _("the general partner")
    PARTNER = "partner", _("a partner of the cluster")
    OTHER = "other", _("another organisation")


class Unit(models.TextChoices):
    ROUBLES = "rub", _("roubles")
    HOURS = "hours", _("hours")
    SQUARE_METRES = "m2", _("m²")
    PLACES = "places", _("places")


class MeasureStatus(models.TextChoices):
    DRAFT = "draft", _("draft")
    OPEN = "open", _("open")
    CLOSED = "closed", _("closed")
    ARCHIVED = "archived", _("archived")


# Seen in the public catalogue; drafts and archived measures only by curators and providers.
PUBLIC_STATUSES = [MeasureStatus.OPEN, MeasureStatus.CLOSED]


def open_on(day: date) -> Q:
    """Return the filter of measures one can apply to on `day`: open, within their dates,
    places left (as `Measure.is_open_on` says for one). Needs `with_places_taken`."""
    return (
        (Q(opens__isnull=True) | Q(opens__lte=day))
        & (Q(deadline__isnull=True) | Q(deadline__gte=day))
        & (Q(places__isnull=True) | Q(places__gt=F("places_taken")))
        & Q(status=MeasureStatus.OPEN)
    )


class MeasureQuerySet(models.QuerySet["Measure"]):
    def public(self) -> MeasureQuerySet:
        return self.filter(status__in=PUBLIC_STATUSES)

    def with_places_taken(self) -> MeasureQuerySet:
        """Annotate `places_taken`, so that `places_left` and `is_open_on` need no query."""
        taken = (
            Application.objects.filter(measure=OuterRef("pk"), status__in=TAKES_A_PLACE)
            .order_by()
            .values("measure")
            .annotate(n=Count("pk"))
            .values("n")
        )
        return self.annotate(places_taken=Coalesce(Subquery(taken), 0))

    def open_on(self, day: date) -> MeasureQuerySet:
        return self.with_places_taken().filter(open_on(day))


class Measure(models.Model):
    external_id = models.SlugField(
        _("identifier"),
        max_length=100,
        unique=True,
        help_text=_("Latin letters, digits and dashes, e.g. grant-start-2026; used in files."),
    )
    title = models.CharField(_("title"), max_length=200)
    kind = models.CharField(_("kind of support"), max_length=20, choices=MeasureKind.choices)
    topic = models.CharField(
        _("consultation topic"), max_length=20, choices=ConsultationTopic.choices, blank=True
    )
    provider_kind = models.CharField(
        _("provided by"), max_length=20, choices=ProviderKind.choices, default=ProviderKind.AGENCY
    )
    provider_name = models.CharField(_("provider's name"), max_length=300, blank=True)
    provider_member = models.ForeignKey(
        Member,
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="support_measures",
        verbose_name=_("partner member"),
    )
    description = models.TextField(_("description (Markdown)"), max_length=10000, blank=True)
    amount = models.DecimalField(
        _("amount or volume"),
        max_digits=14,
        decimal_places=2,
        null=True,
        blank=True,
        validators=[MinValueValidator(0)],
    )
    unit = models.CharField(_("unit"), max_length=10, choices=Unit.choices, default=Unit.ROUBLES)
    opens = models.DateField(_("opens on"), null=True, blank=True)
    deadline = models.DateField(_("deadline"), null=True, blank=True)
    places = models.PositiveIntegerField(_("number of places"), null=True, blank=True)
    budget_cap = models.DecimalField(
        _("budget cap, roubles"),
        max_digits=14,
        decimal_places=2,
        null=True,
        blank=True,
        validators=[MinValueValidator(0)],
    )
    documents = models.TextField(_("documents to attach"), max_length=3000, blank=True)
    # Checked by `support.eligibility.check_shape` and the reference data on every write.
    rules = models.JSONField(_("eligibility rules"), default=dict, blank=True)
    # Space-padded slugs of the rules' towns and of their industries and groups ("g:<slug>"),
    # empty when the rule is absent: the catalogue's town and industry filters read these.
    town_keys = models.TextField(blank=True, editable=False)
    industry_keys = models.TextField(blank=True, editable=False)
    status = models.CharField(
        _("status"), max_length=20, choices=MeasureStatus.choices, default=MeasureStatus.DRAFT
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(default=timezone.now)
    updated_at = models.DateTimeField(default=timezone.now)

    objects = MeasureQuerySet.as_manager()

    class Meta:
        ordering = ["deadline", "title", "id"]
        verbose_name = _("support measure")
        verbose_name_plural = _("support measures")
        indexes = [models.Index(fields=["status", "deadline"], name="measure_status_idx")]
        constraints = [
            models.CheckConstraint(
                condition=Q(deadline__isnull=True)
                | Q(opens__isnull=True)
                | Q(deadline__gte=models.F("opens")),
                name="measure_deadline_after_opening",
            ),
        ]

    def __str__(self) -> str:
        return self.title

    @property
    def provider(self) -> str:
        """Return the provider as shown: the partner member's name, else the name given."""
        if self.provider_member is not None and not self.provider_name:
            return self.provider_member.display_name
        return self.provider_name or str(self.get_provider_kind_display())

    @property
    def volume(self) -> str:
        """Return the amount as people read it: «300 000 ₽», «4 часа», «10 мест», «45 м²»."""
        if self.amount is None:
            return ""
        if self.unit == Unit.ROUBLES:
            return money.rub(self.amount)
        number, whole = money.amount(self.amount), int(self.amount)
        if self.unit == Unit.PLACES:
            return ngettext("%(n)s place", "%(n)s places", whole) % {"n": number}
        if self.unit == Unit.HOURS:
            return ngettext("%(n)s hour", "%(n)s hours", whole) % {"n": number}
        return f"{number} {Unit(self.unit).label}"

    @property
    def document_list(self) -> list[str]:
        return [line.strip() for line in self.documents.splitlines() if line.strip()]

    @property
    def places_left(self) -> int | None:
        """Return the places not yet taken by an application (None: no limit).

        Reads `places_taken` when the query annotated it (`with_places_taken`), else counts."""
        if self.places is None:
            return None
        taken = getattr(self, "places_taken", None)
        if taken is None:
            taken = self.applications.filter(status__in=TAKES_A_PLACE).count()
        return max(self.places - taken, 0)

    def is_open_on(self, day: date) -> bool:
        return (
            self.status == MeasureStatus.OPEN
            and (self.opens is None or self.opens <= day)
            and (self.deadline is None or day <= self.deadline)
            and (self.places_left is None or self.places_left > 0)
        )


# --- The application form and the rubric a measure defines ---------------------------------


class FieldKind(models.TextChoices):
    TEXT = "text", _("short text")
    LONG_TEXT = "long_text", _("long text")
    NUMBER = "number", _("number")
    CHOICE = "choice", _("choice from a list")
    FILE = "file", _("file")


class FormField(models.Model):
    """One question of a measure's application form."""

    measure = models.ForeignKey(Measure, on_delete=models.CASCADE, related_name="form_fields")
    label = models.CharField(_("question"), max_length=200)
    kind = models.CharField(
        _("kind of answer"), max_length=20, choices=FieldKind.choices, default=FieldKind.TEXT
    )
    help_text = models.CharField(_("hint"), max_length=300, blank=True)
    options = models.TextField(
        _("options"), max_length=3000, blank=True, help_text=_("For a choice: one per line.")
    )
    required = models.BooleanField(_("required"), default=True)
    position = models.PositiveSmallIntegerField(_("order"), default=0)

    class Meta:
        ordering = ["position", "id"]
        verbose_name = _("application form field")
        verbose_name_plural = _("application form fields")

    def __str__(self) -> str:
        return self.label

    @property
    def option_list(self) -> list[str]:
        return [line.strip() for line in self.options.splitlines() if line.strip()]


class Criterion(models.Model):
    """One line of a measure's rubric: what reviewers score, its weight and its range."""

    measure = models.ForeignKey(Measure, on_delete=models.CASCADE, related_name="criteria")
    title = models.CharField(_("criterion"), max_length=200)
    description = models.CharField(_("what to look at"), max_length=500, blank=True)
    weight = models.PositiveSmallIntegerField(
        _("weight"), default=1, validators=[MinValueValidator(1), MaxValueValidator(100)]
    )
    min_score = models.SmallIntegerField(_("lowest score"), default=0)
    max_score = models.SmallIntegerField(_("highest score"), default=10)
    position = models.PositiveSmallIntegerField(_("order"), default=0)

    class Meta:
        ordering = ["position", "id"]
        verbose_name = _("criterion")
        verbose_name_plural = _("criteria")
        constraints = [
            models.CheckConstraint(
                condition=Q(max_score__gt=models.F("min_score")), name="criterion_range_not_empty"
            ),
            models.CheckConstraint(condition=Q(weight__gte=1), name="criterion_weight_positive"),
        ]

    def __str__(self) -> str:
        return self.title


# --- Applications --------------------------------------------------------------------------


class ApplicationStatus(models.TextChoices):
    # Said of an application («заявка», feminine in Russian): the same English words label a
    # measure's draft or a member's withdrawn request, and read wrong here without a context.
    DRAFT = "draft", pgettext_lazy("application", "draft")
    SUBMITTED = "submitted", pgettext_lazy("application", "submitted")
    UNDER_REVIEW = "under_review", pgettext_lazy("application", "under review")
    GRANTED = "granted", pgettext_lazy("application", "granted")
    PARTIALLY_GRANTED = "partially_granted", pgettext_lazy("application", "partially granted")
    DECLINED = "declined", pgettext_lazy("application", "declined")
    WAITING_LIST = "waiting_list", pgettext_lazy("application", "on the waiting list")
    WITHDRAWN = "withdrawn", pgettext_lazy("application", "withdrawn")


# An application holds one of the measure's places from submission until it is declined,
# withdrawn or put on the waiting list.
TAKES_A_PLACE = [
    ApplicationStatus.SUBMITTED,
    ApplicationStatus.UNDER_REVIEW,
    ApplicationStatus.GRANTED,
    ApplicationStatus.PARTIALLY_GRANTED,
]
# The granted amounts of these count against the measure's budget cap.
GRANTED_STATUSES = [ApplicationStatus.GRANTED, ApplicationStatus.PARTIALLY_GRANTED]
DECISIONS = [*GRANTED_STATUSES, ApplicationStatus.DECLINED, ApplicationStatus.WAITING_LIST]
# The applicant may withdraw until review starts (the first score or decision).
WITHDRAWABLE = [ApplicationStatus.DRAFT, ApplicationStatus.SUBMITTED]


class ApplicationQuerySet(models.QuerySet["Application"]):
    def sent(self) -> ApplicationQuerySet:
        """Return the applications past the draft and not withdrawn: what reviewers see."""
        return self.exclude(status__in=[ApplicationStatus.DRAFT, ApplicationStatus.WITHDRAWN])


class Application(models.Model):
    """A member's application to a measure: answers, files, then scores and a decision."""

    measure = models.ForeignKey(Measure, on_delete=models.PROTECT, related_name="applications")
    member = models.ForeignKey(
        Member, on_delete=models.PROTECT, related_name="support_applications"
    )
    status = models.CharField(
        _("status"),
        max_length=20,
        choices=ApplicationStatus.choices,
        default=ApplicationStatus.DRAFT,
    )
    # {str(FormField.pk): text or number (as text) or the option chosen}; files are rows.
    answers = models.JSONField(default=dict, blank=True)
    requested_amount = models.DecimalField(
        _("amount asked for, roubles"),
        max_digits=14,
        decimal_places=2,
        null=True,
        blank=True,
        validators=[MinValueValidator(0)],
    )
    submitted_at = models.DateTimeField(null=True, blank=True)
    withdrawn_at = models.DateTimeField(null=True, blank=True)
    granted_amount = models.DecimalField(
        _("amount granted, roubles"),
        max_digits=14,
        decimal_places=2,
        null=True,
        blank=True,
        validators=[MinValueValidator(0)],
    )
    decision_reason = models.TextField(_("reason"), max_length=3000, blank=True)
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    decided_at = models.DateTimeField(null=True, blank=True)
    created_at = models.DateTimeField(default=timezone.now)
    updated_at = models.DateTimeField(default=timezone.now)

    objects = ApplicationQuerySet.as_manager()

    class Meta:
        ordering = ["-submitted_at", "-id"]
        verbose_name = _("application for support")
        verbose_name_plural = _("applications for support")
        constraints = [
            models.UniqueConstraint(
                fields=["measure", "member"], name="one_application_per_member_and_measure"
            ),
        ]
        indexes = [
            models.Index(fields=["measure", "status"], name="application_measure_idx"),
            models.Index(fields=["member", "status"], name="application_member_idx"),
        ]

    def __str__(self) -> str:
        return f"{self.member} → {self.measure}"

    @property
    def is_decided(self) -> bool:
        return self.status in DECISIONS

    @property
    def may_withdraw(self) -> bool:
        return self.status in WITHDRAWABLE


def application_file_path(instance: ApplicationFile, filename: str) -> str:
    # A random name: files are served only through the access-checked download view.
    suffix = PurePath(filename).suffix.lower()
    return f"support/{instance.application_id}/{uuid.uuid4().hex}{suffix}"


class ApplicationFile(models.Model):
    """The file answering one file field of an application (a new upload replaces it)."""

    application = models.ForeignKey(Application, on_delete=models.CASCADE, related_name="files")
    field = models.ForeignKey(FormField, on_delete=models.CASCADE, related_name="files")
    file = models.FileField(upload_to=application_file_path, max_length=200)
    name = models.CharField(max_length=200)
    size = models.PositiveIntegerField()
    content_type = models.CharField(max_length=100)
    uploaded_at = models.DateTimeField(default=timezone.now)

    class Meta:
        verbose_name = _("application file")
        verbose_name_plural = _("application files")
        constraints = [
            models.UniqueConstraint(fields=["application", "field"], name="one_file_per_field")
        ]

    def __str__(self) -> str:
        return self.name


# --- Reviews -------------------------------------------------------------------------------


class Reviewer(models.Model):
    """A person a curator asked to score a measure's applications: a curator or a partner's
    expert."""

    measure = models.ForeignKey(Measure, on_delete=models.CASCADE, related_name="reviewers")
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="support_reviewing"
    )
    assigned_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    assigned_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["assigned_at", "id"]
        verbose_name = _("reviewer")
        verbose_name_plural = _("reviewers")
        constraints = [
            models.UniqueConstraint(fields=["measure", "user"], name="one_reviewer_per_measure")
        ]

    def __str__(self) -> str:
        return f"{self.user} · {self.measure}"


class Review(models.Model):
    """One reviewer's work on one application: a declared conflict of interest, or scores."""

    application = models.ForeignKey(Application, on_delete=models.CASCADE, related_name="reviews")
    reviewer = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="support_reviews"
    )
    conflict_declared_at = models.DateTimeField(null=True, blank=True)
    conflict_note = models.CharField(_("what the conflict is"), max_length=500, blank=True)
    submitted_at = models.DateTimeField(null=True, blank=True)  # every criterion scored
    updated_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["id"]
        verbose_name = _("review")
        verbose_name_plural = _("reviews")
        constraints = [
            models.UniqueConstraint(
                fields=["application", "reviewer"], name="one_review_per_reviewer"
            )
        ]

    def __str__(self) -> str:
        return f"{self.reviewer} · {self.application}"

    @property
    def has_conflict(self) -> bool:
        return self.conflict_declared_at is not None


class Score(models.Model):
    review = models.ForeignKey(Review, on_delete=models.CASCADE, related_name="scores")
    criterion = models.ForeignKey(Criterion, on_delete=models.PROTECT, related_name="scores")
    value = models.SmallIntegerField(_("score"))
    comment = models.TextField(_("comment"), max_length=2000, blank=True)

    class Meta:
        ordering = ["criterion__position", "criterion_id"]
        verbose_name = _("score")
        verbose_name_plural = _("scores")
        constraints = [
            models.UniqueConstraint(fields=["review", "criterion"], name="one_score_per_criterion")
        ]

    def __str__(self) -> str:
        return f"{self.criterion}: {self.value}"


# --- What members received -------------------------------------------------------------------


class GrantedSupport(models.Model):
    """Support a member received: what, when, how many roubles. Written by a decision to
    grant; the outcomes reports and the member's page read it."""

    member = models.ForeignKey(Member, on_delete=models.PROTECT, related_name="granted_support")
    measure = models.ForeignKey(
        Measure, null=True, blank=True, on_delete=models.PROTECT, related_name="granted"
    )
    application = models.OneToOneField(
        Application,
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="granted_record",
    )
    title = models.CharField(_("what was granted"), max_length=300)
    granted_on = models.DateField(_("granted on"))
    amount_rub = models.DecimalField(
        _("roubles"),
        max_digits=14,
        decimal_places=2,
        null=True,
        blank=True,
        validators=[MinValueValidator(0)],
    )
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["-granted_on", "-id"]
        verbose_name = _("granted support")
        verbose_name_plural = _("granted support")
        indexes = [models.Index(fields=["member", "granted_on"], name="granted_member_idx")]

    def __str__(self) -> str:
        return f"{self.member}: {self.title}"
