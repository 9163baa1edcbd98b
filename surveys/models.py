"""Surveys: the agency's needs assessment of residents and producers, and any later survey.

A survey is built from sections and questions; it is sent to the people its targeting picks
(an `Invitation` each) and answered once per person. Answers are stored one row per atomic
value, so results are counted by the database in one grouped query per breakdown: a single
choice or yes/no is one row, a multiple choice one row per chosen option, a scale or number
one row with its number, a text one row with its text.

Anonymous surveys keep no link from a response to a person: a response holds only the town,
industries and roles its breakdowns need, and the invitation only whether it was answered.
"""

from __future__ import annotations

import secrets
from datetime import date

from django.conf import settings
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from core.models import Industry, Town
from members.models import Member

SHORT_TEXT_MAX = 300
LONG_TEXT_MAX = 3000
# A breakdown cell with fewer answers than this is hidden, so nobody can be recognised.
SMALL_CELL = 3


class QuestionKind(models.TextChoices):
    SINGLE = "single", _("single choice")
    MULTIPLE = "multiple", _("multiple choice")
    SCALE = "scale", _("scale")
    NUMBER = "number", _("number")
    SHORT_TEXT = "short_text", _("short text")
    LONG_TEXT = "long_text", _("long text")
    YES_NO = "yes_no", _("yes or no")


# Kinds whose answers are values from a list (stored in `Answer.value`).
CHOICE_KINDS = frozenset({QuestionKind.SINGLE, QuestionKind.MULTIPLE, QuestionKind.YES_NO})
# Kinds whose answers are numbers (stored in `Answer.number`).
NUMBER_KINDS = frozenset({QuestionKind.SCALE, QuestionKind.NUMBER})
TEXT_KINDS = frozenset({QuestionKind.SHORT_TEXT, QuestionKind.LONG_TEXT})
# The value stored for "other: …" in a choice question; its text is in `Answer.text`.
OTHER_VALUE = "other"
YES, NO = "yes", "no"


class QuestionSpec(models.Model):
    """What a question asks and how it is answered; shared by the bank and the surveys.

    `choices` is a list of {"value": slug, "label": text, "need": resource item type or ""}:
    the value is what answers store and results count (so a label may be reworded without
    changing results), `need` marks an option that names a need of the member's business
    (premises, equipment…), which a member may turn into an item of their resource map.
    """

    kind = models.CharField(_("kind"), max_length=20, choices=QuestionKind.choices)
    text = models.CharField(_("question"), max_length=500)
    help_text = models.CharField(_("help text"), max_length=500, blank=True)
    choices = models.JSONField(_("options"), default=list, blank=True)
    allows_other = models.BooleanField(_("with “other: …”"), default=False)
    # Scales run 1–5 or 0–10; numbers may be bounded.
    scale_min = models.SmallIntegerField(_("lowest"), null=True, blank=True)
    scale_max = models.SmallIntegerField(_("highest"), null=True, blank=True)

    class Meta:
        abstract = True

    def __str__(self) -> str:
        return self.text

    @property
    def choice_labels(self) -> dict[str, str]:
        return {choice["value"]: choice["label"] for choice in self.choices}


class BankQuestion(QuestionSpec):
    """A question kept for reuse: the same question asked in two years compares by its bank
    entry, whatever the surveys that asked it."""

    code = models.SlugField(_("code"), max_length=80, unique=True)
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["text", "id"]
        verbose_name = _("bank question")
        verbose_name_plural = _("question bank")


class SurveyStatus(models.TextChoices):
    DRAFT = "draft", _("draft")
    PUBLISHED = "published", _("published")
    ARCHIVED = "archived", _("archived")


class SurveyQuerySet(models.QuerySet["Survey"]):
    def open_on(self, day: date) -> SurveyQuerySet:
        """Surveys one may answer on `day`: published and within their dates."""
        return self.filter(status=SurveyStatus.PUBLISHED, opens_on__lte=day, closes_on__gte=day)


class Survey(models.Model):
    """A questionnaire sent to the people its targeting picks.

    Targeting: people with any of `target_roles` (role codes, as `User.roles` gives them),
    and, where set, in one of `target_towns` and working in one of `target_industries`; plus
    everyone in `target_members`, picked by hand. Invitations are made from it on publishing.
    """

    title = models.CharField(_("title"), max_length=200)
    description = models.TextField(_("introduction"), max_length=3000, blank=True)
    status = models.CharField(
        _("status"), max_length=20, choices=SurveyStatus.choices, default=SurveyStatus.DRAFT
    )
    is_anonymous = models.BooleanField(
        _("anonymous"),
        default=False,
        help_text=_("Answers are kept without any link to who gave them."),
    )
    opens_on = models.DateField(_("opens on"))
    closes_on = models.DateField(_("closes on"))
    target_roles = models.JSONField(_("roles"), default=list, blank=True)
    target_towns = models.ManyToManyField(
        Town, blank=True, related_name="+", verbose_name=_("towns")
    )
    target_industries = models.ManyToManyField(
        Industry, blank=True, related_name="+", verbose_name=_("creative industries")
    )
    target_members = models.ManyToManyField(
        Member, blank=True, related_name="+", verbose_name=_("picked members")
    )
    # The earlier run of the same questionnaire, when this one was copied from it.
    copied_from = models.ForeignKey(
        "self", null=True, blank=True, on_delete=models.SET_NULL, related_name="copies"
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(default=timezone.now)
    published_at = models.DateTimeField(null=True, blank=True)
    reminded_at = models.DateTimeField(null=True, blank=True)

    objects = SurveyQuerySet.as_manager()

    class Meta:
        ordering = ["-opens_on", "-id"]
        verbose_name = _("survey")
        verbose_name_plural = _("surveys")
        constraints = [
            models.CheckConstraint(
                condition=Q(closes_on__gte=models.F("opens_on")), name="survey_closes_after_opens"
            )
        ]

    def __str__(self) -> str:
        return self.title

    def is_open_on(self, day: date) -> bool:
        return self.status == SurveyStatus.PUBLISHED and self.opens_on <= day <= self.closes_on

    def state_on(self, day: date) -> str:
        """Return "draft", "scheduled" (published, not open yet), "open" or "closed" on `day`:
        the one rule the curators' pages and the people answering both read."""
        if self.status == SurveyStatus.DRAFT:
            return "draft"
        if self.status == SurveyStatus.ARCHIVED or self.closes_on < day:
            return "closed"
        return "scheduled" if self.opens_on > day else "open"


class Section(models.Model):
    survey = models.ForeignKey(Survey, on_delete=models.CASCADE, related_name="sections")
    title = models.CharField(_("title"), max_length=200)
    description = models.CharField(_("description"), max_length=1000, blank=True)
    position = models.PositiveSmallIntegerField(default=0)

    class Meta:
        ordering = ["survey", "position", "id"]
        verbose_name = _("section")
        verbose_name_plural = _("sections")

    def __str__(self) -> str:
        return self.title


class Question(QuestionSpec):
    """A question of one survey, in one of its sections.

    Skip logic: shown only when the answer to `show_if` (an earlier question of the same
    survey with options) includes `show_if_value`.
    """

    survey = models.ForeignKey(Survey, on_delete=models.CASCADE, related_name="questions")
    section = models.ForeignKey(Section, on_delete=models.CASCADE, related_name="questions")
    position = models.PositiveSmallIntegerField(default=0)
    bank_question = models.ForeignKey(
        BankQuestion,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="uses",
        verbose_name=_("from the question bank"),
    )
    required = models.BooleanField(_("required"), default=False)
    show_if = models.ForeignKey(
        "self",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="dependants",
        verbose_name=_("show only if the answer to"),
    )
    show_if_value = models.CharField(_("includes"), max_length=80, blank=True)

    class Meta:
        ordering = ["survey", "section__position", "section", "position", "id"]
        verbose_name = _("question")
        verbose_name_plural = _("questions")


def new_invitation_token() -> str:
    return secrets.token_urlsafe(24)


class Invitation(models.Model):
    """One targeted person of a survey. For an anonymous survey it records only whether the
    person answered (no time, no link to the response), so nobody can pair the two."""

    survey = models.ForeignKey(Survey, on_delete=models.CASCADE, related_name="invitations")
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="survey_invitations"
    )
    token = models.CharField(max_length=64, unique=True, default=new_invitation_token)
    answered = models.BooleanField(default=False)
    reminded_at = models.DateTimeField(null=True, blank=True)
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        verbose_name = _("invitation")
        verbose_name_plural = _("invitations")
        constraints = [
            models.UniqueConstraint(fields=["survey", "user"], name="one_invitation_per_person")
        ]
        indexes = [models.Index(fields=["survey", "answered"], name="invitation_answered_idx")]

    def __str__(self) -> str:
        return f"{self.survey_id}:{self.user_id}"


class ResponseStatus(models.TextChoices):
    DRAFT = "draft", _("being filled in")
    SUBMITTED = "submitted", _("sent")


class Response(models.Model):
    """One person's answers to a survey.

    Named: `user` is set, saved as one goes and editable until the survey closes. Anonymous:
    while being filled in, the draft is tied to its `invitation` (the person's own work in
    progress); on sending the tie is cut, the invitation marked answered, and the response can
    no longer be found from the person. The breakdown fields are copied when the response is
    started and refreshed on sending: where the person was then, not where they are now.
    """

    survey = models.ForeignKey(Survey, on_delete=models.CASCADE, related_name="responses")
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="survey_responses",
    )
    invitation = models.OneToOneField(
        Invitation, null=True, blank=True, on_delete=models.SET_NULL, related_name="draft"
    )
    status = models.CharField(
        max_length=20, choices=ResponseStatus.choices, default=ResponseStatus.DRAFT
    )
    # Breakdowns: town, industries and roles of the person when they answered.
    town = models.ForeignKey(
        Town, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    industries = models.ManyToManyField(Industry, blank=True, related_name="+")
    is_resident = models.BooleanField(default=False)
    is_producer = models.BooleanField(default=False)
    is_partner = models.BooleanField(default=False)
    is_client = models.BooleanField(default=False)
    # Named surveys: the person agreed that the needs they named become resource map items.
    needs_consent = models.BooleanField(
        _("add the needs I named to my resource map"), default=False
    )
    # Named surveys only; anonymous responses keep no time, which could pair them with a person.
    started_at = models.DateTimeField(null=True, blank=True)
    submitted_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        verbose_name = _("response")
        verbose_name_plural = _("responses")
        constraints = [
            models.UniqueConstraint(
                fields=["survey", "user"],
                condition=Q(user__isnull=False),
                name="one_response_per_person",
            ),
            models.CheckConstraint(
                condition=Q(user__isnull=True) | Q(invitation__isnull=True),
                name="response_named_or_anonymous",
            ),
        ]
        indexes = [models.Index(fields=["survey", "status", "town"], name="response_town_idx")]

    def __str__(self) -> str:
        return f"{self.survey_id}:{self.pk}"


class Answer(models.Model):
    """One atomic value of a response to a question: one chosen option, one number or one text
    (see the module's docstring). An "other: …" option is `value="other"` with its `text`."""

    response = models.ForeignKey(Response, on_delete=models.CASCADE, related_name="answers")
    question = models.ForeignKey(Question, on_delete=models.CASCADE, related_name="answers")
    value = models.CharField(max_length=80, blank=True)
    number = models.FloatField(
        null=True,
        blank=True,
        validators=[MinValueValidator(-1e12), MaxValueValidator(1e12)],
    )
    text = models.TextField(max_length=LONG_TEXT_MAX, blank=True)

    class Meta:
        verbose_name = _("answer")
        verbose_name_plural = _("answers")
        constraints = [
            models.UniqueConstraint(
                fields=["response", "question", "value"], name="one_answer_per_value"
            )
        ]
        indexes = [models.Index(fields=["question", "value"], name="answer_question_value_idx")]

    def __str__(self) -> str:
        return self.value or self.text[:40] or str(self.number)


class TurnedNeed(models.Model):
    """A need named in a response that became an item of the member's resource map, with the
    member's consent: kept so the same need is not added twice and the item says its source."""

    response = models.ForeignKey(Response, on_delete=models.CASCADE, related_name="turned_needs")
    question = models.ForeignKey(Question, on_delete=models.CASCADE, related_name="+")
    value = models.CharField(max_length=80)
    item = models.ForeignKey(
        "resources.ResourceItem", null=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["response", "question", "value"], name="one_item_per_named_need"
            )
        ]

    def __str__(self) -> str:
        return self.value
