"""Every write to members, applications and profiles goes through here."""

from __future__ import annotations

import logging
from dataclasses import dataclass, field
from typing import Any

from django.db import transaction
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import override

from core.errors import DomainError
from core.models import Industry, Town
from core.queries import cluster_settings
from core.services import do_notify
from core.textnorm import search_text
from members.models import (
    Application,
    ApplicationEvent,
    ApplicationStatus,
    JobsRecord,
    Kind,
    Member,
    Role,
    User,
)

log = logging.getLogger(__name__)


class ApplicationError(DomainError):
    """A decision that the application's current state does not allow."""

    def __init__(self, message: str) -> None:
        super().__init__("application_conflict", message, None, kind="conflict")


class InnTakenError(ApplicationError):
    """The application names the ИНН of another active member."""


def check_inn_free(applicant: User, inn: str) -> None:
    """Raise InnTakenError if another active member holds this ИНН.

    One business joins once; a second account with the same ИНН is either a mistake or
    someone posing as that member, and only curators can tell which. The message does not
    say who holds it.
    """
    taken = Member.objects.filter(inn=inn, is_active=True).exclude(user=applicant)
    if not inn or not taken.exists():
        return
    contact = cluster_settings().contact_email
    if contact:
        message = _(
            "A member of the cluster already has this INN. If it is yours, write to the "
            "curators at %(email)s: they will sort it out."
        ) % {"email": contact}
    else:
        message = _(
            "A member of the cluster already has this INN. If it is yours, write to the "
            "curators: they will sort it out."
        )
    raise InnTakenError(message)


@dataclass
class ApplicationData:
    role: str
    kind: str
    full_name: str
    legal_form: str
    town: Town
    about: str
    wants: str
    industries: list[Industry] = field(default_factory=list)
    organisation: str = ""
    inn: str = ""
    jobs: int = 1
    link_vk: str = ""
    link_telegram: str = ""
    link_site: str = ""
    consent_public_profile: bool = False


def member_search_text(member: Member, industries: list[Industry] | None = None) -> str:
    """Return the padded lemma string the directory searches in."""
    names = [i.name_ru + " " + i.name_en for i in (industries or [])]
    source = " ".join(
        [member.display_name, member.organisation, member.about, member.wants, *names]
    )
    return f" {search_text(source)} "


def _apply_fields(application: Application, data: ApplicationData) -> None:
    for name in (
        "role",
        "kind",
        "full_name",
        "legal_form",
        "town",
        "about",
        "wants",
        "organisation",
        "inn",
        "jobs",
        "link_vk",
        "link_telegram",
        "link_site",
        "consent_public_profile",
    ):
        setattr(application, name, getattr(data, name))


def _notify_curators(text: str, url: str) -> None:
    for curator in User.objects.filter(is_curator=True, is_active=True):
        do_notify(curator, text, url)


@transaction.atomic
def do_submit_application(
    applicant: User, data: ApplicationData, *, consent_version: str, ip: str | None
) -> Application:
    """Return a new application; the caller has validated the data and the consent boxes."""
    if applicant.is_member:
        raise ApplicationError(_("You are already a member of the cluster."))
    check_inn_free(applicant, data.inn)
    if Application.objects.filter(
        applicant=applicant, status__in=[ApplicationStatus.SUBMITTED, ApplicationStatus.NEEDS_INFO]
    ).exists():
        raise ApplicationError(_("You already have an application under review."))
    application = Application(
        applicant=applicant,
        consent_personal_data=True,
        consent_text_version=consent_version,
        consent_given_at=timezone.now(),
        consent_ip=ip,
    )
    _apply_fields(application, data)
    application.save()
    application.industries.set(data.industries)
    ApplicationEvent.objects.create(
        application=application, actor=applicant, action=ApplicationEvent.Action.SUBMITTED
    )
    _notify_curators(
        _("New application to join: %(name)s") % {"name": data.full_name},
        reverse("members:application_review", args=[application.pk]),
    )
    return application


@transaction.atomic
def do_resubmit_application(
    application: Application, data: ApplicationData, *, consent_version: str, ip: str | None
) -> Application:
    application = Application.objects.select_for_update().get(pk=application.pk)
    if application.status != ApplicationStatus.NEEDS_INFO:
        raise ApplicationError(_("This application cannot be edited now."))
    check_inn_free(application.applicant, data.inn)
    _apply_fields(application, data)
    application.status = ApplicationStatus.SUBMITTED
    application.consent_text_version = consent_version
    application.consent_given_at = timezone.now()
    application.consent_ip = ip
    application.save()
    application.industries.set(data.industries)
    ApplicationEvent.objects.create(
        application=application,
        actor=application.applicant,
        action=ApplicationEvent.Action.RESUBMITTED,
    )
    _notify_curators(
        _("Application updated: %(name)s") % {"name": data.full_name},
        reverse("members:application_review", args=[application.pk]),
    )
    return application


def _record_decision(
    application: Application,
    curator: User,
    status: str,
    action: str,
    message: str,
) -> None:
    """Save the application's new status and log who decided what, and when."""
    application.status = status
    application.curator_message = message
    fields = ["status", "curator_message"]
    if status in (ApplicationStatus.ACCEPTED, ApplicationStatus.DECLINED):
        application.decided_at = timezone.now()
        fields.append("decided_at")
    application.save(update_fields=fields)
    ApplicationEvent.objects.create(
        application=application, actor=curator, action=action, message=message
    )


def _lock_open_application(application: Application) -> Application:
    locked = Application.objects.select_for_update().get(pk=application.pk)
    if locked.status != ApplicationStatus.SUBMITTED:
        raise ApplicationError(
            _("This application has already been decided or is waiting for the applicant.")
        )
    return locked


@transaction.atomic
def do_accept_application(application: Application, curator: User, message: str = "") -> Member:
    application = _lock_open_application(application)
    applicant = application.applicant
    industries = list(application.industries.all())
    member, _created = Member.objects.get_or_create(
        user=applicant,
        defaults={"town": application.town, "display_name": application.full_name},
    )
    member.kind = application.kind
    member.display_name = (
        application.organisation
        if application.kind == Kind.ORGANISATION and application.organisation
        else application.full_name
    )
    member.organisation = application.organisation
    member.legal_form = application.legal_form
    member.inn = application.inn
    member.town = application.town
    member.about = application.about
    member.wants = application.wants
    member.link_vk = application.link_vk
    member.link_telegram = application.link_telegram
    member.link_site = application.link_site
    member.public_profile = application.consent_public_profile
    member.is_active = True
    if application.role == Role.PRODUCER:
        applicant.is_producer = member.is_producer = True
    else:
        applicant.is_resident = member.is_resident = True
    if member.jobs != application.jobs or _created:
        member.jobs = application.jobs
        JobsRecord.objects.create(member=member, jobs=application.jobs, recorded_by=curator)
    member.search_text = member_search_text(member, industries)
    member.save()
    member.industries.set(industries)
    if not applicant.person_name:
        # The person's own name, so pages can name who acts for an organisation. Split at
        # the first space only: get_full_name() joins it back exactly, whatever the order.
        first, _space, last = application.full_name.strip().partition(" ")
        applicant.first_name, applicant.last_name = first[:150], last[:150]
    applicant.save(update_fields=["is_resident", "is_producer", "first_name", "last_name"])

    _record_decision(
        application, curator, ApplicationStatus.ACCEPTED, ApplicationEvent.Action.ACCEPTED, message
    )
    with override("ru"):
        text = _("Your application has been accepted. Welcome to the cluster!")
    do_notify(applicant, text, reverse("members:detail", args=[member.pk]), email_subject=text)
    log.info("application %s accepted by curator %s", application.pk, curator.pk)
    return member


@transaction.atomic
def do_ask_for_information(application: Application, curator: User, message: str) -> Application:
    if not message.strip():
        raise ApplicationError(_("Say what information is missing."))
    application = _lock_open_application(application)
    _record_decision(
        application,
        curator,
        ApplicationStatus.NEEDS_INFO,
        ApplicationEvent.Action.ASKED_INFO,
        message,
    )
    with override("ru"):
        text = _("The curator asks for more information about your application: %(message)s") % {
            "message": message
        }
        subject = _("More information needed for your application")
    do_notify(application.applicant, text, reverse("members:apply"), email_subject=subject)
    return application


@transaction.atomic
def do_decline_application(application: Application, curator: User, reason: str) -> Application:
    if not reason.strip():
        raise ApplicationError(_("Give the reason for declining; the applicant will read it."))
    application = _lock_open_application(application)
    _record_decision(
        application, curator, ApplicationStatus.DECLINED, ApplicationEvent.Action.DECLINED, reason
    )
    with override("ru"):
        text = _("Your application has been declined. Reason: %(reason)s") % {"reason": reason}
        subject = _("Decision on your application")
    do_notify(
        application.applicant, text, reverse("members:application_status"), email_subject=subject
    )
    log.info("application %s declined by curator %s", application.pk, curator.pk)
    return application


@transaction.atomic
def do_update_member_profile(member: Member, changes: dict[str, Any], actor: User) -> Member:
    """Save profile changes; a change in the number of jobs is recorded with its date."""
    member = Member.objects.select_for_update().get(pk=member.pk)
    industries = changes.pop("industries", None)
    old_jobs = member.jobs
    update_fields = []
    for name, value in changes.items():
        setattr(member, name, value)
        update_fields.append(name)
    if industries is not None:
        member.industries.set(industries)
    member.search_text = member_search_text(member, list(member.industries.all()))
    update_fields.append("search_text")
    member.save(update_fields=update_fields)
    if "jobs" in changes and changes["jobs"] != old_jobs:
        JobsRecord.objects.create(member=member, jobs=member.jobs, recorded_by=actor)
    return member
