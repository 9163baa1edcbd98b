from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from core.models import Industry, Town
from members.models import Member

ITEM_TEXT_MAX = 1000


class Direction(models.TextChoices):
    OFFER = "offer", _("I have (offer)")
    NEED = "need", _("I look for (need)")


class ItemType(models.TextChoices):
    # Keep in step with matching.engine.ITEM_TYPES (a test checks).
    SKILL = "skill", _("skill or service")
    EQUIPMENT = "equipment", _("equipment")
    PREMISES = "premises", _("premises")
    SALES_CHANNEL = "sales_channel", _("sales channel")
    AUDIENCE = "audience", _("audience")
    KNOWLEDGE = "knowledge", _("knowledge")
    CONTACTS = "contacts", _("contacts")
    FINANCE = "finance", _("finance")
    MATERIALS = "materials", _("materials")
    OTHER = "other", _("other")


class Visibility(models.TextChoices):
    PUBLIC = "public", _("everyone")
    MEMBERS = "members", _("cluster members")
    CURATORS = "curators", _("curators only")


class ResourceItemQuerySet(models.QuerySet["ResourceItem"]):
    def matchable(self) -> ResourceItemQuerySet:
        """Items the matching engine may show to other members (curators-only stay out)."""
        return self.filter(
            visibility__in=[Visibility.PUBLIC, Visibility.MEMBERS], member__is_active=True
        )


class ResourceItem(models.Model):
    """One line of a member's resource map: something they have or look for."""

    member = models.ForeignKey(Member, on_delete=models.CASCADE, related_name="resource_items")
    direction = models.CharField(_("direction"), max_length=10, choices=Direction.choices)
    type = models.CharField(_("type"), max_length=20, choices=ItemType.choices)
    text = models.CharField(_("description"), max_length=ITEM_TEXT_MAX)
    industries = models.ManyToManyField(
        Industry, blank=True, related_name="+", verbose_name=_("creative industries")
    )
    town = models.ForeignKey(
        Town,
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
        verbose_name=_("town"),
        help_text=_("Leave empty for your own town."),
    )
    quantity = models.CharField(_("amount or period"), max_length=100, blank=True)
    visibility = models.CharField(
        _("who sees it"), max_length=10, choices=Visibility.choices, default=Visibility.MEMBERS
    )
    created_at = models.DateTimeField(default=timezone.now)
    updated_at = models.DateTimeField(auto_now=True)

    objects = ResourceItemQuerySet.as_manager()

    class Meta:
        ordering = ["direction", "created_at", "id"]
        indexes = [models.Index(fields=["member", "direction"], name="resource_member_dir_idx")]
        verbose_name = _("resource map item")
        verbose_name_plural = _("resource map items")

    def __str__(self) -> str:
        return f"{self.get_direction_display()}: {self.text[:60]}"


class ResourceChange(models.Model):
    """An append-only log of members whose map changed, so every web process can bring its
    matching index up to date incrementally instead of rebuilding it."""

    member_id = models.BigIntegerField()
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        verbose_name = _("resource map change")
        verbose_name_plural = _("resource map changes")

    def __str__(self) -> str:
        return f"member {self.member_id} @ {self.created_at:%Y-%m-%d %H:%M}"


class PartnerMap(models.Model):
    """The combined resource map of several members working together."""

    title = models.CharField(_("title"), max_length=200)
    owner = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="partner_maps"
    )
    members = models.ManyToManyField(Member, related_name="partner_maps", verbose_name=_("members"))
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["-created_at"]
        verbose_name = _("partner resource map")
        verbose_name_plural = _("partner resource maps")

    def __str__(self) -> str:
        return self.title
