"""Reads of applications for their pages and the API: answers beside their questions, and
what happened when."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from django.contrib.auth.models import AnonymousUser
from django.utils.translation import gettext as _

from members.models import Member, User
from members.queries import member_of
from support.models import (
    Application,
    ApplicationFile,
    ApplicationQuerySet,
    ApplicationStatus,
    FieldKind,
    FormField,
    Measure,
)

AnyUser = User | AnonymousUser


@dataclass(frozen=True)
class Answer:
    question: FormField
    text: str
    file: ApplicationFile | None

    @property
    def is_file(self) -> bool:
        return self.question.kind == FieldKind.FILE


def application_answers(application: Application, files: list[ApplicationFile]) -> list[Answer]:
    """Return every question of the measure's form with the application's answer (1 query:
    the questions; `files` are the application's)."""
    by_field = {stored.field_id: stored for stored in files}
    answers = application.answers
    return [
        Answer(question, str(answers.get(str(question.pk), "")), by_field.get(question.pk))
        for question in application.measure.form_fields.all()
    ]


@dataclass(frozen=True)
class Step:
    code: str  # created, submitted, withdrawn, decided
    label: str
    at: datetime


def application_timeline(application: Application) -> list[Step]:
    """Return what happened to the application, in order (no query)."""
    steps = [Step("created", _("Draft started"), application.created_at)]
    if application.submitted_at is not None:
        steps.append(Step("submitted", _("Application sent"), application.submitted_at))
    if application.withdrawn_at is not None:
        steps.append(Step("withdrawn", _("Application withdrawn"), application.withdrawn_at))
    if application.decided_at is not None and application.is_decided:
        label = _("Decision: %(status)s") % {"status": status_label(application.status)}
        steps.append(Step("decided", label, application.decided_at))
    return sorted(steps, key=lambda step: step.at)


def my_application(user: AnyUser, measure: Measure) -> Application | None:
    """Return the person's application to the measure, if they are a member who has one."""
    member = member_of(user)
    if member is None:
        return None
    return Application.objects.filter(measure=measure, member=member).first()


def applications_of(member: Member) -> ApplicationQuerySet:
    """Return the member's applications with their measures, the newest first."""
    return (
        Application.objects.filter(member=member)
        .select_related("measure")
        .order_by("-created_at", "-id")
    )


# Bootstrap colours of the status badges.
STATUS_COLOURS = {
    ApplicationStatus.DRAFT: "text-bg-light border",
    ApplicationStatus.SUBMITTED: "text-bg-primary",
    ApplicationStatus.UNDER_REVIEW: "text-bg-info",
    ApplicationStatus.GRANTED: "text-bg-success",
    ApplicationStatus.PARTIALLY_GRANTED: "text-bg-success",
    ApplicationStatus.DECLINED: "text-bg-danger",
    ApplicationStatus.WAITING_LIST: "text-bg-warning",
    ApplicationStatus.WITHDRAWN: "text-bg-secondary",
}


def status_label(status: str) -> str:
    """Return the application's status in words: «на рассмотрении», «отозвана»."""
    return str(ApplicationStatus(status).label)
