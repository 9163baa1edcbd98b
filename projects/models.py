"""Projects from idea to launch, their producer teams, pitches to partners, and products.

Money is `Decimal` roubles. Every stage change is a row in `StageTransition`; the rules for
which changes are allowed live in `projects.stages` and are enforced in `projects.services`.
"""

from __future__ import annotations

from decimal import Decimal

from django.conf import settings
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from core.models import Industry, Town
from members.models import Member
from resources.models import ItemType, PartnerMap

ZERO = Decimal("0")


class Stage(models.TextChoices):
    IDEA = "idea", _("idea")
    PITCH = "pitch", _("pitch")
    TEAM = "team", _("team")
    LAUNCHED = "launched", _("launched")
    COMPLETED = "completed", _("completed")
    CLOSED = "closed", _("closed")


class ProjectQuerySet(models.QuerySet["Project"]):
    def published(self) -> ProjectQuerySet:
        """Projects shown beyond their team: they reached the pitch at some point."""
        return self.filter(published_at__isnull=False)

    def active(self) -> ProjectQuerySet:
        return self.exclude(stage__in=[Stage.COMPLETED, Stage.CLOSED])


class Project(models.Model):
    title = models.CharField(_("title"), max_length=200)
    summary = models.TextField(_("summary"), max_length=5000, blank=True)
    industries = models.ManyToManyField(
        Industry, related_name="projects", blank=True, verbose_name=_("creative industries")
    )
    towns = models.ManyToManyField(
        Town, related_name="projects", blank=True, verbose_name=_("towns")
    )
    owner = models.ForeignKey(
        Member, on_delete=models.PROTECT, related_name="owned_projects", verbose_name=_("owner")
    )
    # What the project needs from partners: the combined resource map of its team.
    partner_map = models.OneToOneField(
        PartnerMap, null=True, blank=True, on_delete=models.SET_NULL, related_name="project"
    )
    budget = models.DecimalField(
        _("budget, roubles"),
        max_digits=14,
        decimal_places=2,
        null=True,
        blank=True,
        validators=[MinValueValidator(ZERO)],
    )
    starts_on = models.DateField(_("start date"), null=True, blank=True)
    ends_on = models.DateField(_("end date"), null=True, blank=True)
    stage = models.CharField(_("stage"), max_length=20, choices=Stage.choices, default=Stage.IDEA)
    closed_reason = models.TextField(_("reason for closing"), blank=True)
    # Set when the project first reaches the pitch; from then on members and partners see it.
    published_at = models.DateTimeField(null=True, blank=True)
    # Optimistic locking: an edit names the version it started from; a stale one is refused.
    version = models.PositiveIntegerField(default=1)
    external_id = models.CharField(max_length=100, blank=True, db_index=True)
    created_at = models.DateTimeField(default=timezone.now)
    updated_at = models.DateTimeField(default=timezone.now)

    objects = ProjectQuerySet.as_manager()

    class Meta:
        ordering = ["-updated_at", "-id"]
        verbose_name = _("project")
        verbose_name_plural = _("projects")
        constraints = [
            models.CheckConstraint(
                condition=Q(budget__isnull=True) | Q(budget__gte=0), name="project_budget_gte_0"
            ),
            models.CheckConstraint(
                condition=Q(ends_on__isnull=True)
                | Q(starts_on__isnull=True)
                | Q(ends_on__gte=models.F("starts_on")),
                name="project_ends_after_start",
            ),
        ]
        indexes = [models.Index(fields=["stage", "updated_at"], name="project_stage_idx")]

    def __str__(self) -> str:
        return self.title

    @property
    def is_published(self) -> bool:
        return self.published_at is not None


class StageTransition(models.Model):
    """One line of a project's history: who moved it from which stage to which, and why."""

    project = models.ForeignKey(Project, on_delete=models.CASCADE, related_name="transitions")
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    from_stage = models.CharField(max_length=20, choices=Stage.choices, blank=True)
    to_stage = models.CharField(max_length=20, choices=Stage.choices)
    comment = models.TextField(blank=True)
    # A curator moved the project although rules were not met; `comment` is their reason and
    # `waived` what was missing then: [{"code": "needs_covered", "items": ["…"]}, …].
    override = models.BooleanField(default=False)
    waived = models.JSONField(default=list, blank=True)
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        verbose_name = _("stage change")
        verbose_name_plural = _("stage changes")
        ordering = ["created_at", "id"]

    def __str__(self) -> str:
        return f"{self.from_stage or '∅'} → {self.to_stage}"


class ProjectStep(models.Model):
    """A step of the project's plan; launching needs at least one."""

    project = models.ForeignKey(Project, on_delete=models.CASCADE, related_name="steps")
    title = models.CharField(_("step"), max_length=300)
    due_on = models.DateField(_("due"), null=True, blank=True)
    done_at = models.DateTimeField(null=True, blank=True)
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["due_on", "id"]
        verbose_name = _("plan step")
        verbose_name_plural = _("plan steps")

    def __str__(self) -> str:
        return self.title


class TeamRoleKind(models.TextChoices):
    PRODUCER = "producer", _("producer")
    MASTER = "master", _("master")
    DESIGNER = "designer", _("designer")
    MARKETER = "marketer", _("marketer")
    PHOTOGRAPHER = "photographer", _("photographer")
    MANAGER = "manager", _("manager")
    OTHER = "other", _("other")


class TeamRole(models.Model):
    """A place in the producer team, filled or open; its text is what the matching engine
    searches offers for."""

    project = models.ForeignKey(Project, on_delete=models.CASCADE, related_name="roles")
    kind = models.CharField(_("role"), max_length=20, choices=TeamRoleKind.choices)
    description = models.CharField(_("what the role does"), max_length=500, blank=True)
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["id"]
        verbose_name = _("team role")
        verbose_name_plural = _("team roles")

    def __str__(self) -> str:
        return self.description or self.get_kind_display()

    @property
    def search_text(self) -> str:
        return f"{self.get_kind_display()} {self.description}".strip()


class MembershipStatus(models.TextChoices):
    INVITED = "invited", _("invited")
    CONFIRMED = "confirmed", _("confirmed")
    DECLINED = "declined", _("declined")
    LEFT = "left", _("left")


ACTIVE_MEMBERSHIP = [MembershipStatus.INVITED, MembershipStatus.CONFIRMED]


class TeamMembershipQuerySet(models.QuerySet["TeamMembership"]):
    def confirmed(self) -> TeamMembershipQuerySet:
        return self.filter(status=MembershipStatus.CONFIRMED)

    def active(self) -> TeamMembershipQuerySet:
        return self.filter(status__in=ACTIVE_MEMBERSHIP)


class TeamMembership(models.Model):
    """An invitation to a team and its answer; a confirmed one makes the member part of it."""

    project = models.ForeignKey(Project, on_delete=models.CASCADE, related_name="memberships")
    member = models.ForeignKey(Member, on_delete=models.CASCADE, related_name="team_memberships")
    role = models.ForeignKey(
        TeamRole, null=True, blank=True, on_delete=models.SET_NULL, related_name="memberships"
    )
    # Set when the invitation answers one of the project's needs; accepting covers it.
    need = models.ForeignKey(
        "ProjectNeed", null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    status = models.CharField(max_length=20, choices=MembershipStatus.choices)
    message = models.TextField(_("message"), blank=True, max_length=2000)
    invited_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(default=timezone.now)
    responded_at = models.DateTimeField(null=True, blank=True)

    objects = TeamMembershipQuerySet.as_manager()

    class Meta:
        verbose_name = _("team member")
        verbose_name_plural = _("team members")
        ordering = ["created_at", "id"]
        constraints = [
            # One live invitation or place per person and project; declined ones stay as history.
            models.UniqueConstraint(
                fields=["project", "member"],
                condition=Q(status__in=["invited", "confirmed"]),
                name="team_one_active_membership",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.member} @ {self.project} ({self.status})"


class ProjectNeed(models.Model):
    """Something the project needs that its team does not have yet (premises, a kiln...)."""

    project = models.ForeignKey(Project, on_delete=models.CASCADE, related_name="needs")
    type = models.CharField(_("type"), max_length=20, choices=ItemType.choices)
    text = models.CharField(_("what is needed"), max_length=1000)
    covered_by = models.ForeignKey(
        Member,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        verbose_name=_("covered by"),
    )
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["id"]
        verbose_name = _("project need")
        verbose_name_plural = _("project needs")

    def __str__(self) -> str:
        return self.text


class Pitch(models.Model):
    """A presentation of a project to potential partners, at an event or on its own."""

    project = models.ForeignKey(Project, on_delete=models.CASCADE, related_name="pitches")
    event = models.ForeignKey(
        "events.Event",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="pitches",
        verbose_name=_("event"),
    )
    held_on = models.DateField(_("date"), default=timezone.localdate)
    note = models.TextField(_("what was presented"), blank=True, max_length=3000)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["-held_on", "-id"]
        verbose_name = _("pitch")
        verbose_name_plural = _("pitches")

    def __str__(self) -> str:
        return f"{self.project} @ {self.held_on}"


class InterestKind(models.TextChoices):
    FUND = "fund", _("ready to fund")
    BUY = "buy", _("ready to buy")
    SELL = "sell", _("ready to sell through our shop")
    PREMISES = "premises", _("ready to provide premises")
    MENTOR = "mentor", _("ready to mentor")
    OTHER = "other", _("other")


class InterestStatus(models.TextChoices):
    OPEN = "open", _("new")
    IN_TALKS = "in_talks", _("in talks")
    AGREED = "agreed", _("agreed")
    DROPPED = "dropped", _("dropped")


INTEREST_FINAL = [InterestStatus.AGREED, InterestStatus.DROPPED]


class Interest(models.Model):
    """A partner's or curator's interest in a project, followed up until agreed or dropped."""

    project = models.ForeignKey(Project, on_delete=models.CASCADE, related_name="interests")
    pitch = models.ForeignKey(
        Pitch, null=True, blank=True, on_delete=models.SET_NULL, related_name="interests"
    )
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="project_interests"
    )
    kind = models.CharField(_("interest"), max_length=20, choices=InterestKind.choices)
    amount = models.DecimalField(
        _("amount, roubles"),
        max_digits=14,
        decimal_places=2,
        null=True,
        blank=True,
        validators=[MinValueValidator(ZERO)],
    )
    comment = models.TextField(_("comment"), blank=True, max_length=3000)
    status = models.CharField(
        max_length=20, choices=InterestStatus.choices, default=InterestStatus.OPEN
    )
    created_at = models.DateTimeField(default=timezone.now)
    updated_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["-created_at", "-id"]
        verbose_name = _("partner interest")
        verbose_name_plural = _("partner interests")
        constraints = [
            models.CheckConstraint(
                condition=Q(amount__isnull=True) | Q(amount__gte=0), name="interest_amount_gte_0"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.get_kind_display()}: {self.project}"

    @property
    def is_final(self) -> bool:
        return self.status in INTEREST_FINAL


class InterestMessage(models.Model):
    """A follow-up on an interest: the team's answer, the partner's reply, a status change."""

    interest = models.ForeignKey(Interest, on_delete=models.CASCADE, related_name="messages")
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    text = models.TextField(_("message"), blank=True, max_length=3000)
    status = models.CharField(max_length=20, choices=InterestStatus.choices, blank=True)
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        verbose_name = _("message about partner interest")
        verbose_name_plural = _("messages about partner interest")
        ordering = ["created_at", "id"]

    def __str__(self) -> str:
        return self.text[:60]


class Unit(models.TextChoices):
    PIECE = "piece", _("piece")
    SET = "set", _("set")
    KG = "kg", _("kg")
    LITRE = "litre", _("litre")
    HOUR = "hour", _("hour")
    SERVICE = "service", _("service")


class ProductQuerySet(models.QuerySet["Product"]):
    def listed(self) -> ProductQuerySet:
        """Products shown in the catalogue and offered to points of sale."""
        return self.filter(is_listed=True)


class Product(models.Model):
    """A product card of one member or of a joint project; its makers share the proceeds.

    Other apps (orders, points of sale) refer to these field names: keep them stable.
    """

    title = models.CharField(_("title"), max_length=200)
    description = models.TextField(_("description"), blank=True, max_length=5000)
    price = models.DecimalField(
        _("price, roubles"),
        max_digits=12,
        decimal_places=2,
        validators=[MinValueValidator(ZERO)],
    )
    unit = models.CharField(_("unit"), max_length=20, choices=Unit.choices, default=Unit.PIECE)
    project = models.ForeignKey(
        Project,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="products",
        verbose_name=_("project"),
    )
    owner_member = models.ForeignKey(
        Member,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="owned_products",
        verbose_name=_("owner"),
    )
    is_listed = models.BooleanField(_("listed in the catalogue"), default=False)
    external_id = models.CharField(max_length=100, blank=True, db_index=True)
    created_at = models.DateTimeField(default=timezone.now)

    objects = ProductQuerySet.as_manager()

    class Meta:
        ordering = ["title", "id"]
        verbose_name = _("product")
        verbose_name_plural = _("products")
        constraints = [
            models.CheckConstraint(condition=Q(price__gte=0), name="product_price_gte_0"),
        ]

    def __str__(self) -> str:
        return self.title


class ProductMaker(models.Model):
    """A member who makes the product, with their share of it in percent (shares sum to 100)."""

    product = models.ForeignKey(Product, on_delete=models.CASCADE, related_name="makers")
    member = models.ForeignKey(Member, on_delete=models.CASCADE, related_name="made_products")
    share = models.DecimalField(
        _("share, %"),
        max_digits=5,
        decimal_places=2,
        validators=[MinValueValidator(Decimal("0.01")), MaxValueValidator(Decimal("100"))],
    )

    class Meta:
        verbose_name = _("product maker")
        verbose_name_plural = _("product makers")
        ordering = ["-share", "id"]
        constraints = [
            models.UniqueConstraint(fields=["product", "member"], name="product_maker_once"),
            models.CheckConstraint(
                condition=Q(share__gt=0) & Q(share__lte=100), name="product_maker_share_range"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.member} {self.share}%"


class ProductPhoto(models.Model):
    """A checked photo of a product with a thumbnail stored beside it."""

    product = models.ForeignKey(Product, on_delete=models.CASCADE, related_name="photos")
    image = models.ImageField(_("photo"), upload_to="products/%Y/%m/")
    thumbnail = models.ImageField(upload_to="products/%Y/%m/", blank=True)
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        verbose_name = _("product photo")
        verbose_name_plural = _("product photos")
        ordering = ["id"]

    def __str__(self) -> str:
        return self.image.name or ""
