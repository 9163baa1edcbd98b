"""Support measures: grants, consultations, premises and the rest, with eligibility as data."""

from __future__ import annotations

from datetime import date

from django.conf import settings
from django.core.validators import MinValueValidator
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext

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
    places left (as `Measure.is_open_on` says for one)."""
    return (
        (Q(opens__isnull=True) | Q(opens__lte=day))
        & (Q(deadline__isnull=True) | Q(deadline__gte=day))
        & (Q(places__isnull=True) | Q(places__gt=0))
        & Q(status=MeasureStatus.OPEN)
    )


class MeasureQuerySet(models.QuerySet["Measure"]):
    def public(self) -> MeasureQuerySet:
        return self.filter(status__in=PUBLIC_STATUSES)

    def open_on(self, day: date) -> MeasureQuerySet:
        return self.filter(open_on(day))


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
        # No applications yet: every place is left. Applications will subtract theirs here.
        return self.places

    def is_open_on(self, day: date) -> bool:
        return (
            self.status == MeasureStatus.OPEN
            and (self.opens is None or self.opens <= day)
            and (self.deadline is None or day <= self.deadline)
            and (self.places_left is None or self.places_left > 0)
        )
