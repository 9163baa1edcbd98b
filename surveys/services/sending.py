"""Writes for sending surveys: targeting, publishing, invitations and reminders.

Targeting picks active accounts: anyone with one of the survey's roles (residents, producers
and partners only with an active directory entry; clients may have none) who, where towns or
industries are set, is in one of the towns and works in one of the industries; plus every
member picked by hand, whatever their role, town or industry. A client without a directory
entry has no town, so a survey limited to towns does not reach them.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import timedelta

from celery import signature
from django.db import transaction
from django.db.models import Q, QuerySet
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import ngettext, override

from core.models import Industry, Town
from core.roles import is_curator
from core.services import do_notify
from members.models import Member, Role, User
from surveys.models import Invitation, Question, Survey, SurveyStatus
from surveys.services.building import SurveyError

TARGET_ROLES = (Role.RESIDENT, Role.PRODUCER, Role.PARTNER, Role.CLIENT)
MEMBER_ROLES: dict[str, str] = {
    Role.RESIDENT: "is_resident",
    Role.PRODUCER: "is_producer",
    Role.PARTNER: "is_partner",
}
BATCH = 500
INVITATIONS_TASK = "surveys.tasks.send_survey_invitations"
# Nobody is reminded twice within this time.
REMIND_EVERY = timedelta(days=3)
# The daily reminder goes to surveys closing within this many days.
CLOSING_SOON_DAYS = 3


def answer_url(survey: Survey) -> str:
    """Return the path of the survey's answer page, where invitations and reminders lead."""
    return reverse("surveys:answer", args=[survey.pk])


@dataclass
class Targeting:
    roles: list[str] = field(default_factory=list)
    towns: list[Town] = field(default_factory=list)
    industries: list[Industry] = field(default_factory=list)
    members: list[Member] = field(default_factory=list)


def targeting_of(survey: Survey) -> Targeting:
    return Targeting(
        list(survey.target_roles),
        list(survey.target_towns.all()),
        list(survey.target_industries.all()),
        list(survey.target_members.all()),
    )


def targeted_users(targeting: Targeting) -> QuerySet[User]:
    """Return the active accounts the targeting picks (see the module's docstring)."""
    by_role = Q(pk__in=[])
    for role in targeting.roles:
        if role == Role.CLIENT:
            by_role |= Q(is_client=True)
        elif role in MEMBER_ROLES:
            by_role |= Q(**{MEMBER_ROLES[role]: True, "member__is_active": True})
    chosen = User.objects.filter(by_role)
    if targeting.towns:
        chosen = chosen.filter(member__town__in=targeting.towns)
    if targeting.industries:
        chosen = chosen.filter(
            member__in=Member.objects.filter(industries__in=targeting.industries)
        )
    picked = Member.objects.filter(pk__in=[m.pk for m in targeting.members], is_active=True)
    return User.objects.filter(is_active=True).filter(
        Q(pk__in=chosen.values("pk")) | Q(pk__in=picked.values("user_id"))
    )


def _check_targeting(targeting: Targeting) -> None:
    unknown = set(targeting.roles) - set(TARGET_ROLES)
    if unknown:
        raise SurveyError("unknown_role", _("Unknown role."), "roles")


@transaction.atomic
def check_set_targeting(actor: User, survey: Survey, targeting: Targeting) -> Survey:
    """Set who the survey is for. A published survey's targeting may only widen: everyone
    already invited stays picked; the newly picked are invited on commit."""
    if not is_curator(actor):
        raise SurveyError("not_allowed", _("Only curators build surveys."), None, kind="forbidden")
    survey = Survey.objects.select_for_update().get(pk=survey.pk)
    _check_targeting(targeting)
    if survey.status != SurveyStatus.DRAFT:
        invited = Invitation.objects.filter(survey=survey).values("user_id")
        dropped = invited.exclude(user_id__in=targeted_users(targeting).values("pk"))
        left_out = dropped.count()
        if left_out:
            message = ngettext(
                "The survey has been sent: its targeting can be widened, not narrowed; "
                "%(count)d invited person would be left out.",
                "The survey has been sent: its targeting can be widened, not narrowed; "
                "%(count)d invited people would be left out.",
                left_out,
            )
            raise SurveyError("narrowed", message % {"count": left_out}, kind="conflict")
    survey.target_roles = sorted(set(targeting.roles))
    survey.save(update_fields=["target_roles"])
    survey.target_towns.set(targeting.towns)
    survey.target_industries.set(targeting.industries)
    survey.target_members.set(targeting.members)
    if survey.status == SurveyStatus.PUBLISHED:
        _send_on_commit(survey)
    return survey


def _send_on_commit(survey: Survey) -> None:
    # By name: the task module imports this one.
    transaction.on_commit(signature(INVITATIONS_TASK, args=(survey.pk,)).delay)


@transaction.atomic
def check_publish_survey(actor: User, survey: Survey) -> Survey:
    """Publish a draft: it needs a question, targeting that picks someone and a closing day
    not past. The invitations are made on commit, in a task."""
    if not is_curator(actor):
        raise SurveyError("not_allowed", _("Only curators build surveys."), None, kind="forbidden")
    survey = Survey.objects.select_for_update().get(pk=survey.pk)
    if survey.status != SurveyStatus.DRAFT:
        raise SurveyError(
            "already_published", _("The survey has already been published."), kind="conflict"
        )
    if not Question.objects.filter(survey=survey).exists():
        raise SurveyError("no_questions", _("Add at least one question before publishing."))
    if survey.closes_on < timezone.localdate():
        raise SurveyError(
            "closes_in_the_past",
            _("The survey's closing day has passed: move it before publishing."),
            "closes_on",
        )
    if not targeted_users(targeting_of(survey)).exists():
        raise SurveyError(
            "nobody_targeted",
            _("The targeting picks nobody: choose roles, towns, industries or members."),
            "roles",
        )
    survey.status = SurveyStatus.PUBLISHED
    survey.published_at = timezone.now()
    survey.save(update_fields=["status", "published_at"])
    _send_on_commit(survey)
    return survey


def _invitation_text(survey: Survey) -> str:
    with override("ru"):
        return _("You are invited to answer the survey «%(title)s» by %(day)s.") % {
            "title": survey.title,
            "day": survey.closes_on.strftime("%d.%m.%Y"),
        }


def do_send_invitations(survey_id: int) -> int:
    """Invite everyone the published survey targets who has no invitation yet and tell them;
    return how many were invited. Running it again invites nobody twice."""
    with transaction.atomic():
        survey = (
            Survey.objects.select_for_update()
            .filter(pk=survey_id, status=SurveyStatus.PUBLISHED)
            .first()
        )
        if survey is None:
            return 0
        already = Invitation.objects.filter(survey=survey).values("user_id")
        users = list(targeted_users(targeting_of(survey)).exclude(pk__in=already).order_by("pk"))
        for start in range(0, len(users), BATCH):
            Invitation.objects.bulk_create(
                [Invitation(survey=survey, user=user) for user in users[start : start + BATCH]],
                ignore_conflicts=True,
            )
        text, url = _invitation_text(survey), answer_url(survey)
        for user in users:
            do_notify(user, text, url)
    return len(users)


def _reminder_text(survey: Survey) -> str:
    with override("ru"):
        return _("Reminder: the survey «%(title)s» is waiting for your answers until %(day)s.") % {
            "title": survey.title,
            "day": survey.closes_on.strftime("%d.%m.%Y"),
        }


def check_remind_survey(actor: User, survey: Survey) -> None:
    """Raise SurveyError unless the survey is open to answers today (a reminder of a closed
    or unopened survey would send people nowhere)."""
    if not is_curator(actor):
        raise SurveyError("not_allowed", _("Only curators build surveys."), None, kind="forbidden")
    if not survey.is_open_on(timezone.localdate()):
        raise SurveyError(
            "not_open",
            _("Only a survey open to answers today can be reminded of."),
            kind="conflict",
        )


def do_send_reminders(survey_id: int) -> int:
    """Remind the invited people who have not answered and were not reminded within three
    days; return how many were reminded."""
    now = timezone.now()
    with transaction.atomic():
        survey = Survey.objects.select_for_update().filter(pk=survey_id).first()
        if survey is None or not survey.is_open_on(timezone.localdate()):
            return 0
        due = list(
            Invitation.objects.filter(survey=survey, answered=False, user__is_active=True)
            .filter(Q(reminded_at__isnull=True) | Q(reminded_at__lt=now - REMIND_EVERY))
            .select_related("user")
            .order_by("pk")
        )
        text, url = _reminder_text(survey), answer_url(survey)
        for invitation in due:
            do_notify(invitation.user, text, url)
        Invitation.objects.filter(pk__in=[i.pk for i in due]).update(reminded_at=now)
        survey.reminded_at = now
        survey.save(update_fields=["reminded_at"])
    return len(due)


def surveys_closing_soon() -> QuerySet[Survey]:
    today = timezone.localdate()
    return Survey.objects.open_on(today).filter(
        closes_on__lte=today + timedelta(days=CLOSING_SOON_DAYS)
    )
