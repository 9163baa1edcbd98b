from __future__ import annotations

from typing import Any

from django.conf import settings
from django.contrib.auth.models import AbstractUser, BaseUserManager
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from core.models import Industry, Town


class Role(models.TextChoices):
    RESIDENT = "resident", _("resident")
    PRODUCER = "producer", _("producer")
    CURATOR = "curator", _("curator")
    PARTNER = "partner", _("partner")
    CLIENT = "client", _("client")
    ADMIN = "admin", _("administrator")


class UserManager(BaseUserManager["User"]):
    use_in_migrations = True

    def create_user(self, email: str, password: str | None = None, **fields: Any) -> User:
        if not email:
            raise ValueError("An email address is required.")
        user = self.model(email=self.normalize_email(email).lower(), **fields)
        user.set_password(password)
        user.save(using=self._db)
        return user

    def create_superuser(self, email: str, password: str | None = None, **fields: Any) -> User:
        fields.update(is_staff=True, is_superuser=True)
        return self.create_user(email, password, **fields)


class User(AbstractUser):
    """A person who signs in. Roles are flags: one person often holds several."""

    username = None  # type: ignore[assignment]
    email = models.EmailField(_("email address"), unique=True)
    is_resident = models.BooleanField(_("resident"), default=False)
    is_producer = models.BooleanField(_("producer"), default=False)
    is_curator = models.BooleanField(_("curator"), default=False)
    is_partner = models.BooleanField(_("partner"), default=False)
    is_client = models.BooleanField(_("client"), default=False)

    USERNAME_FIELD = "email"
    REQUIRED_FIELDS = []

    objects = UserManager()  # type: ignore[assignment, misc]

    class Meta:
        verbose_name = _("user")
        verbose_name_plural = _("users")

    def __str__(self) -> str:
        return self.get_full_name() or self.email

    @property
    def display_name(self) -> str:
        """Return the person's name as shown to others: their profile's name, else their full
        name. Never the e-mail address: that is a contact, shared only by the person's choice.

        Load `member` with the user (`select_related("…__member")`) where many are listed.
        """
        try:
            return self.member.display_name
        except Member.DoesNotExist:
            return self.get_full_name() or gettext("A platform user")

    @property
    def acting_person(self) -> str:
        """Return who acts, as `Member.acting_person` says it («Наталья Орлова, Театральная
        студия «Отражение»»), for someone listed by their account: a person acting for an
        organisation is named, not only the organisation. Load `member` with the user."""
        try:
            return self.member.acting_person
        except Member.DoesNotExist:
            return self.display_name

    @property
    def is_admin(self) -> bool:
        return self.is_superuser

    @property
    def roles(self) -> list[str]:
        flags = {
            Role.RESIDENT: self.is_resident,
            Role.PRODUCER: self.is_producer,
            Role.CURATOR: self.is_curator,
            Role.PARTNER: self.is_partner,
            Role.CLIENT: self.is_client,
            Role.ADMIN: self.is_superuser,
        }
        return [role.value for role, held in flags.items() if held]

    @property
    def role_badges(self) -> list[tuple[str, str]]:
        """Return (code, translated name) for each role held, for badges on the pages."""
        return [(role, str(Role(role).label)) for role in self.roles]

    @property
    def person_name(self) -> str:
        """Return the person's own name ("" if unknown): never the e-mail, never the name of
        the organisation they act for."""
        return self.get_full_name()

    def has_role(self, role: str) -> bool:
        return role in self.roles

    @property
    def is_member(self) -> bool:
        """Return whether the person belongs to the cluster as a resident or producer."""
        return self.is_resident or self.is_producer


class Kind(models.TextChoices):
    PERSON = "person", _("person")
    ORGANISATION = "organisation", _("organisation")


class LegalForm(models.TextChoices):
    IP = "ip", _("sole proprietor (ИП)")
    SELF_EMPLOYED = "self_employed", _("self-employed")
    OOO = "ooo", _("limited company (ООО)")
    ANO = "ano", _("autonomous non-profit (АНО)")
    NKO = "nko", _("other non-profit (НКО)")
    MUNICIPAL = "municipal", _("municipal body")
    PAO = "pao", _("joint-stock company (АО/ПАО)")
    NONE = "none", _("not registered yet")


# Legal forms of organisations: their ИНН has 10 digits and is public registry data.
ORGANISATION_FORMS = frozenset(
    {LegalForm.OOO, LegalForm.ANO, LegalForm.NKO, LegalForm.MUNICIPAL, LegalForm.PAO}
)


class MemberQuerySet(models.QuerySet["Member"]):
    def listed(self) -> MemberQuerySet:
        """Members anyone may see in the public directory."""
        return self.filter(is_active=True, public_profile=True)


class Member(models.Model):
    """A directory entry: a person or an organisation in the cluster, owned by one account."""

    user = models.OneToOneField(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="member"
    )
    kind = models.CharField(_("kind"), max_length=20, choices=Kind.choices, default=Kind.PERSON)
    display_name = models.CharField(_("name"), max_length=200)
    organisation = models.CharField(_("organisation"), max_length=300, blank=True)
    legal_form = models.CharField(
        _("legal form"), max_length=20, choices=LegalForm.choices, default=LegalForm.NONE
    )
    inn = models.CharField(_("INN"), max_length=12, blank=True)
    town = models.ForeignKey(
        Town, on_delete=models.PROTECT, related_name="members", verbose_name=_("town")
    )
    industries = models.ManyToManyField(
        Industry, related_name="members", blank=True, verbose_name=_("creative industries")
    )
    about = models.TextField(_("what we do"), max_length=3000)
    wants = models.TextField(_("what we want from the cluster"), max_length=3000, blank=True)
    link_vk = models.URLField(_("VK"), blank=True)
    link_telegram = models.URLField(_("Telegram"), blank=True)
    link_site = models.URLField(_("website"), blank=True)
    avatar = models.ImageField(_("photo or logo"), upload_to="avatars/", blank=True)
    public_profile = models.BooleanField(_("public profile"), default=False)
    jobs = models.PositiveIntegerField(_("number of jobs"), default=1)
    # When the business was registered (ИП, company, self-employment): support measures check
    # the age of the business against it.
    registered_on = models.DateField(_("business registration date"), null=True, blank=True)
    # Roles copied from the account so the directory filters without a join.
    is_resident = models.BooleanField(default=False)
    is_producer = models.BooleanField(default=False)
    is_partner = models.BooleanField(default=False)
    is_active = models.BooleanField(default=True)
    external_id = models.CharField(max_length=100, blank=True)
    # Lemmas of the name and texts, space-padded, for word-form-aware search.
    search_text = models.TextField(blank=True, editable=False)
    joined_at = models.DateTimeField(default=timezone.now)

    objects = MemberQuerySet.as_manager()

    class Meta:
        ordering = ["display_name", "id"]
        verbose_name = _("member")
        verbose_name_plural = _("members")
        # The directory lists in name order; partial indexes on the listed rows let the
        # database read a page in order instead of sorting 100,000 rows for every request.
        indexes = [
            models.Index(
                fields=["display_name", "id"],
                condition=models.Q(is_active=True, public_profile=True),
                name="member_listed_name_idx",
            ),
            models.Index(
                fields=["town", "display_name", "id"],
                condition=models.Q(is_active=True, public_profile=True),
                name="member_listed_town_idx",
            ),
            models.Index(fields=["legal_form", "display_name"], name="member_legal_form_idx"),
            models.Index(fields=["external_id"], name="member_external_id_idx"),
            # An applicant's ИНН is checked against every member (check_inn_free, the queue).
            models.Index(fields=["inn"], name="member_inn_idx"),
        ]

    def __str__(self) -> str:
        return self.display_name

    @property
    def inn_is_personal(self) -> bool:
        """Return whether the ИНН is a person's: anything but an organisation's 10 digits."""
        return not (len(self.inn) == 10 and self.legal_form in ORGANISATION_FORMS)

    @property
    def acting_person(self) -> str:
        """Return who acts for this entry: «Анастасия Лебедева, Мастерская подарков» for an
        organisation whose account holder's name is known, the entry's name otherwise.
        Needs `user` loaded (select_related) in lists."""
        person = self.user.person_name
        if self.kind == Kind.ORGANISATION and person and person != self.display_name:
            return f"{person}, {self.display_name}"
        return self.display_name

    @property
    def roles(self) -> list[str]:
        return [
            role
            for role, held in (
                (Role.RESIDENT, self.is_resident),
                (Role.PRODUCER, self.is_producer),
                (Role.PARTNER, self.is_partner),
            )
            if held
        ]


class JobsRecord(models.Model):
    """The number of jobs a member reported, and when: jobs are a key outcome over time."""

    member = models.ForeignKey(Member, on_delete=models.CASCADE, related_name="jobs_history")
    jobs = models.PositiveIntegerField()
    recorded_at = models.DateTimeField(default=timezone.now)
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )

    class Meta:
        verbose_name = _("jobs record")
        verbose_name_plural = _("jobs records")
        ordering = ["-recorded_at"]

    def __str__(self) -> str:
        return f"{self.jobs} @ {self.recorded_at:%Y-%m-%d}"


class ApplicationStatus(models.TextChoices):
    SUBMITTED = "submitted", _("submitted")
    NEEDS_INFO = "needs_info", _("more information requested")
    ACCEPTED = "accepted", _("accepted")
    DECLINED = "declined", _("declined")


class Application(models.Model):
    """A request to join the cluster as a resident or a producer."""

    applicant = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="applications"
    )
    role = models.CharField(
        _("I want to join as"),
        max_length=20,
        default=Role.RESIDENT,
        choices=[
            (Role.RESIDENT.value, Role.RESIDENT.label),
            (Role.PRODUCER.value, Role.PRODUCER.label),
        ],
    )
    kind = models.CharField(
        _("I apply as"), max_length=20, choices=Kind.choices, default=Kind.PERSON
    )
    full_name = models.CharField(_("your full name"), max_length=200)
    organisation = models.CharField(_("organisation or brand"), max_length=300, blank=True)
    legal_form = models.CharField(_("legal form"), max_length=20, choices=LegalForm.choices)
    inn = models.CharField(_("INN"), max_length=12, blank=True)
    town = models.ForeignKey(
        Town, on_delete=models.PROTECT, related_name="+", verbose_name=_("town")
    )
    industries = models.ManyToManyField(
        Industry, related_name="+", verbose_name=_("creative industries")
    )
    about = models.TextField(_("what you do"), max_length=3000)
    wants = models.TextField(_("what you want from the cluster"), max_length=3000)
    jobs = models.PositiveIntegerField(_("number of jobs, you included"), default=1)
    link_vk = models.URLField(_("VK"), blank=True)
    link_telegram = models.URLField(_("Telegram"), blank=True)
    link_site = models.URLField(_("website"), blank=True)
    consent_personal_data = models.BooleanField(default=False)
    consent_public_profile = models.BooleanField(default=False)
    consent_text_version = models.CharField(max_length=20)
    consent_given_at = models.DateTimeField()
    consent_ip = models.GenericIPAddressField(null=True, blank=True)
    status = models.CharField(
        max_length=20, choices=ApplicationStatus.choices, default=ApplicationStatus.SUBMITTED
    )
    curator_message = models.TextField(blank=True)
    submitted_at = models.DateTimeField(default=timezone.now)
    decided_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        verbose_name = _("application to join")
        verbose_name_plural = _("applications to join")
        ordering = ["-submitted_at"]
        indexes = [
            models.Index(fields=["status", "submitted_at"]),
            models.Index(fields=["inn", "status"], name="application_inn_idx"),
        ]

    def __str__(self) -> str:
        return f"{self.full_name} ({self.get_status_display()})"

    @property
    def is_open(self) -> bool:
        return self.status in (ApplicationStatus.SUBMITTED, ApplicationStatus.NEEDS_INFO)


class ApplicationEvent(models.Model):
    """One line of an application's history: who did what, when, and why."""

    class Action(models.TextChoices):
        SUBMITTED = "submitted", _("submitted")
        RESUBMITTED = "resubmitted", _("resubmitted")
        ASKED_INFO = "asked_info", _("asked for more information")
        ACCEPTED = "accepted", _("accepted")
        DECLINED = "declined", _("declined")

    application = models.ForeignKey(Application, on_delete=models.CASCADE, related_name="events")
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    action = models.CharField(max_length=20, choices=Action.choices)
    message = models.TextField(blank=True)
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        verbose_name = _("application history entry")
        verbose_name_plural = _("application history entries")
        ordering = ["created_at", "id"]

    def __str__(self) -> str:
        return f"{self.action} @ {self.created_at:%Y-%m-%d %H:%M}"
