from __future__ import annotations

import hashlib
import secrets
import uuid
from pathlib import PurePath

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import get_language
from django.utils.translation import gettext_lazy as _

from core.private_files import private_storage


class Town(models.Model):
    slug = models.SlugField(unique=True)
    name_ru = models.CharField(_("name (Russian)"), max_length=100)
    name_en = models.CharField(_("name (English)"), max_length=100)
    latitude = models.DecimalField(_("latitude"), max_digits=7, decimal_places=4)
    longitude = models.DecimalField(_("longitude"), max_digits=7, decimal_places=4)
    # Whether the town is on the official list of single-industry towns is a fact curators
    # confirm; the shipped value is a starting point, never hard-coded logic.
    is_monotown = models.BooleanField(_("single-industry town"), default=False)
    note = models.CharField(_("note"), max_length=300, blank=True)

    class Meta:
        ordering = ["name_ru"]
        verbose_name = _("town")
        verbose_name_plural = _("towns")

    def __str__(self) -> str:
        return self.name

    @property
    def name(self) -> str:
        return self.name_en if get_language() == "en" else self.name_ru


class IndustryGroup(models.Model):
    slug = models.SlugField(unique=True)
    name_ru = models.CharField(_("name (Russian)"), max_length=200)
    name_en = models.CharField(_("name (English)"), max_length=200)
    position = models.PositiveSmallIntegerField(default=0)

    class Meta:
        ordering = ["position", "name_ru"]
        verbose_name = _("industry group")
        verbose_name_plural = _("industry groups")

    def __str__(self) -> str:
        return self.name

    @property
    def name(self) -> str:
        return self.name_en if get_language() == "en" else self.name_ru


class Industry(models.Model):
    group = models.ForeignKey(IndustryGroup, on_delete=models.PROTECT, related_name="industries")
    slug = models.SlugField(unique=True)
    name_ru = models.CharField(_("name (Russian)"), max_length=200)
    name_en = models.CharField(_("name (English)"), max_length=200)
    position = models.PositiveSmallIntegerField(default=0)

    class Meta:
        ordering = ["group__position", "position", "name_ru"]
        verbose_name = _("creative industry")
        verbose_name_plural = _("creative industries")

    def __str__(self) -> str:
        return self.name

    @property
    def name(self) -> str:
        return self.name_en if get_language() == "en" else self.name_ru


class ClusterSettings(models.Model):
    """The one row that lets an agency run its own cluster on the same software."""

    name_ru = models.CharField(_("cluster name (Russian)"), max_length=200)
    name_en = models.CharField(_("cluster name (English)"), max_length=200)
    region_ru = models.CharField(_("region (Russian)"), max_length=200)
    region_en = models.CharField(_("region (English)"), max_length=200)
    agency_ru = models.CharField(_("agency (Russian)"), max_length=300, blank=True)
    agency_en = models.CharField(_("agency (English)"), max_length=300, blank=True)
    logo = models.ImageField(_("logo"), upload_to="cluster/", blank=True)
    contact_email = models.EmailField(_("contact email"), blank=True)

    class Meta:
        verbose_name = _("cluster settings")
        verbose_name_plural = _("cluster settings")

    def __str__(self) -> str:
        return self.name

    @property
    def name(self) -> str:
        return self.name_en if get_language() == "en" else self.name_ru

    @property
    def region(self) -> str:
        return self.region_en if get_language() == "en" else self.region_ru

    @property
    def agency(self) -> str:
        return self.agency_en if get_language() == "en" else self.agency_ru


class Page(models.Model):
    """A public text page curators edit, such as "How the cluster works" (Markdown)."""

    slug = models.SlugField(unique=True)
    title_ru = models.CharField(_("title (Russian)"), max_length=200)
    title_en = models.CharField(_("title (English)"), max_length=200)
    body_ru = models.TextField(_("text (Russian, Markdown)"))
    body_en = models.TextField(_("text (English, Markdown)"), blank=True)
    updated_at = models.DateTimeField(auto_now=True)
    updated_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )

    class Meta:
        verbose_name = _("page")
        verbose_name_plural = _("pages")

    def __str__(self) -> str:
        return self.title

    @property
    def title(self) -> str:
        return self.title_en if get_language() == "en" and self.title_en else self.title_ru

    @property
    def body(self) -> str:
        return self.body_en if get_language() == "en" and self.body_en else self.body_ru


class NotificationQuerySet(models.QuerySet["Notification"]):
    def unread(self) -> NotificationQuerySet:
        return self.filter(read_at__isnull=True)


class Notification(models.Model):
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="notifications"
    )
    text = models.CharField(max_length=500)
    url = models.CharField(max_length=300, blank=True)
    created_at = models.DateTimeField(default=timezone.now)
    read_at = models.DateTimeField(null=True, blank=True)

    objects = NotificationQuerySet.as_manager()

    class Meta:
        verbose_name = _("notification")
        verbose_name_plural = _("notifications")
        ordering = ["-created_at"]
        indexes = [models.Index(fields=["user", "read_at"])]

    def __str__(self) -> str:
        return self.text


class ApiToken(models.Model):
    """A personal API token. Only a hash is stored; the key is shown once, at creation."""

    PREFIX_LENGTH = 8

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="api_tokens"
    )
    name = models.CharField(_("name"), max_length=100)
    prefix = models.CharField(max_length=PREFIX_LENGTH, db_index=True)
    key_hash = models.CharField(max_length=64, unique=True)
    created_at = models.DateTimeField(default=timezone.now)
    last_used_at = models.DateTimeField(null=True, blank=True)
    revoked_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        verbose_name = _("API token")
        verbose_name_plural = _("API tokens")
        ordering = ["-created_at"]

    def __str__(self) -> str:
        return f"{self.name} ({self.prefix}…)"

    @staticmethod
    def hash_key(key: str) -> str:
        return hashlib.sha256(key.encode()).hexdigest()

    @staticmethod
    def new_key() -> str:
        return "cc_" + secrets.token_urlsafe(32)

    @property
    def is_active(self) -> bool:
        return self.revoked_at is None


class JobStatus(models.TextChoices):
    QUEUED = "queued", _("waiting to start")
    RUNNING = "running", _("in progress")
    DONE = "done", _("ready")
    FAILED = "failed", _("failed")


def job_result_path(instance: BackgroundJob, filename: str) -> str:
    # A random name in the private storage: the file leaves only through the download view.
    suffix = PurePath(filename).suffix.lower()
    return f"jobs/{instance.user_id}/{uuid.uuid4().hex}{suffix}"


class BackgroundJob(models.Model):
    """Work that takes longer than a page should wait (an export, a report, an import), done
    by a Celery task (`core.jobs`) while its page shows the progress; its file, if any, is
    downloaded by the person who started it until `expires_at`."""

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="background_jobs"
    )
    kind = models.CharField(max_length=60)  # what the task does, for scripts and the admin
    title = models.CharField(_("title"), max_length=200)
    status = models.CharField(
        _("status"), max_length=20, choices=JobStatus.choices, default=JobStatus.QUEUED
    )
    done = models.PositiveIntegerField(default=0)
    total = models.PositiveIntegerField(default=0)  # 0 while the task does not know yet
    result = models.FileField(
        upload_to=job_result_path, storage=private_storage, max_length=200, blank=True
    )
    result_name = models.CharField(max_length=200, blank=True)  # the name the download gets
    result_type = models.CharField(max_length=100, blank=True)
    # Said to the person when the job failed: plain words, never a traceback.
    error = models.CharField(max_length=500, blank=True)
    # Where the job's page leads back to (the page that started it).
    back_url = models.CharField(max_length=300, blank=True)
    created_at = models.DateTimeField(default=timezone.now)
    started_at = models.DateTimeField(null=True, blank=True)
    finished_at = models.DateTimeField(null=True, blank=True)
    expires_at = models.DateTimeField()

    class Meta:
        verbose_name = _("background job")
        verbose_name_plural = _("background jobs")
        ordering = ["-created_at", "-id"]
        indexes = [
            models.Index(fields=["user", "-created_at"], name="job_user_created_idx"),
            models.Index(fields=["expires_at"], name="job_expires_idx"),
        ]

    def __str__(self) -> str:
        return self.title

    @property
    def is_finished(self) -> bool:
        return self.status in (JobStatus.DONE, JobStatus.FAILED)

    @property
    def percent(self) -> int | None:
        """Return how far the job is, 0–100, or None while its size is not known."""
        if self.status == JobStatus.DONE:
            return 100
        if not self.total:
            return None
        return min(100, self.done * 100 // self.total)
