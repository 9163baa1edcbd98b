"""Writes of the applicant: saving a draft application, sending it, withdrawing it.

Only drafts are edited. A withdrawn application may be taken back: saving it again while the
measure is open makes it a draft once more (its dates start again), so a member who changed
their mind needs no curator and the one-application-per-measure rule still holds.

Locks are taken in one order everywhere here: the measure's row, then the application's.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from datetime import date
from decimal import Decimal, InvalidOperation

from django.core.files.storage import Storage
from django.core.files.uploadedfile import UploadedFile
from django.db import IntegrityError, transaction
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import override

from core.errors import DomainError
from core.services import do_notify
from core.uploads import CheckedFile, UploadError, check_upload
from members.models import Member, User
from members.queries import member_of
from support.models import (
    TAKES_A_PLACE,
    Application,
    ApplicationFile,
    ApplicationStatus,
    FieldKind,
    FormField,
    Measure,
    MeasureStatus,
    Unit,
)
from support.queries import MeasureFit, fit_for_user

# The longest answers a question takes, in characters.
MAX_LENGTH = {FieldKind.TEXT: 300, FieldKind.LONG_TEXT: 5000, FieldKind.CHOICE: 300}
MAX_NUMBER = Decimal("1e12")


class ApplicationError(DomainError):
    pass


def field_name(form_field: FormField | int) -> str:
    """Return the name a question has in forms and in errors' `field`: `field_<pk>`."""
    pk = form_field if isinstance(form_field, int) else form_field.pk
    return f"field_{pk}"


def parse_number(raw: str) -> Decimal | None:
    """Return the number people typed («1 500,50», «1500.5»), or None if it is not one."""
    text = raw.replace("\u00a0", "").replace(" ", "").replace(",", ".")
    try:
        number = Decimal(text)
    except InvalidOperation:
        return None
    return number if number.is_finite() and abs(number) < MAX_NUMBER else None


def clean_answer(form_field: FormField, raw: object) -> str:
    """Return the answer as stored (stripped text, a number as digits); raise
    ApplicationError if it does not fit the question."""
    text = "" if raw is None else str(raw).strip()
    name = field_name(form_field)
    if form_field.kind == FieldKind.FILE:
        raise ApplicationError(
            "file_expected",
            _("«%(question)s» takes a file, not text.") % {"question": form_field.label},
            name,
        )
    if not text:
        return ""
    if form_field.kind == FieldKind.NUMBER:
        number = parse_number(text)
        if number is None:
            raise ApplicationError(
                "not_a_number",
                _("«%(question)s»: enter a number, e.g. 1500.") % {"question": form_field.label},
                name,
            )
        return str(int(number)) if number == number.to_integral() else f"{number.normalize():f}"
    limit = MAX_LENGTH[FieldKind(form_field.kind)]
    if len(text) > limit:
        raise ApplicationError(
            "answer_too_long",
            _("«%(question)s»: at most %(limit)d characters (now %(now)d).")
            % {"question": form_field.label, "limit": limit, "now": len(text)},
            name,
        )
    if form_field.kind == FieldKind.CHOICE and text not in form_field.option_list:
        raise ApplicationError(
            "unknown_option",
            _("«%(question)s»: choose one of the options offered.")
            % {"question": form_field.label},
            name,
        )
    return text


def check_file(form_field: FormField, upload: UploadedFile[bytes]) -> CheckedFile:
    try:
        return check_upload(upload)
    except UploadError as error:
        message = f"«{form_field.label}»: {error.message}"
        raise ApplicationError(error.code, message, field_name(form_field)) from error


# --- Who may apply, and when ----------------------------------------------------------------


def check_member(actor: User) -> Member:
    member = member_of(actor)
    if member is None:
        raise ApplicationError(
            "not_a_member",
            _("Support measures are for members of the cluster."),
            None,
            kind="forbidden",
        )
    return member


def check_open(measure: Measure, today: date) -> None:
    """Raise ApplicationError (conflict) unless the measure takes applications today (places
    aside: they are counted under a lock when an application is sent)."""
    if measure.status != MeasureStatus.OPEN:
        raise ApplicationError(
            "measure_not_open",
            _("This measure is not accepting applications."),
            None,
            kind="conflict",
        )
    if measure.opens is not None and today < measure.opens:
        raise ApplicationError(
            "not_open_yet",
            _("Applications open on %(day)s.") % {"day": measure.opens.strftime("%d.%m.%Y")},
            None,
            kind="conflict",
        )
    if measure.deadline is not None and measure.deadline < today:
        raise ApplicationError(
            "deadline_passed",
            _("The deadline has passed: applications were accepted until %(day)s.")
            % {"day": measure.deadline.strftime("%d.%m.%Y")},
            None,
            kind="conflict",
        )


def check_places(measure: Measure) -> None:
    """Raise ApplicationError (conflict) if every place is taken (1 query when limited)."""
    if measure.places is None:
        return
    taken = Application.objects.filter(measure=measure, status__in=TAKES_A_PLACE).count()
    if taken >= measure.places:
        raise ApplicationError(
            "no_places_left",
            _("All places of this measure are taken."),
            None,
            kind="conflict",
        )


def check_eligible(member: Member, measure: Measure, fit: MeasureFit | None) -> None:
    if measure.provider_member_id == member.pk:
        raise ApplicationError(
            "own_measure",
            _("You provide this measure, so you cannot apply to it."),
            None,
            kind="forbidden",
        )
    if fit is None or not fit.eligible:
        lines = "; ".join(fit.lines) if fit is not None else ""
        raise ApplicationError(
            "not_eligible",
            _("You do not meet the measure's conditions: %(reasons)s.") % {"reasons": lines},
            None,
            kind="forbidden",
        )


def check_may_apply(actor: User, measure: Measure, fit: MeasureFit | None = None) -> Member:
    """Return the actor's member entry; raise ApplicationError if they may not apply to the
    measure today: not a member, its own provider, not eligible (with the reasons), or the
    measure is not open. `fit` saves reading the member's eligibility again."""
    member = check_member(actor)
    check_eligible(member, measure, fit or fit_for_user(actor, measure))
    check_open(measure, timezone.localdate())
    return member


# --- Drafts ----------------------------------------------------------------------------------


@dataclass(frozen=True)
class _Checked:
    answers: dict[str, str]
    files: dict[int, tuple[FormField, CheckedFile]]


def _check_input(
    measure: Measure,
    answers: Mapping[str, str],
    files: Mapping[int, UploadedFile[bytes]],
    requested_amount: Decimal | None,
) -> _Checked:
    questions = {form_field.pk: form_field for form_field in measure.form_fields.all()}

    def question(key: object) -> FormField:
        try:
            found = questions.get(int(str(key)))
        except ValueError:
            found = None
        if found is None:
            raise ApplicationError(
                "unknown_field",
                _("The form of this measure has no question %(key)s.") % {"key": key},
                str(key),
            )
        return found

    cleaned: dict[str, str] = {}
    for key, raw in answers.items():
        form_field = question(key)
        cleaned[str(form_field.pk)] = clean_answer(form_field, raw)
    checked: dict[int, tuple[FormField, CheckedFile]] = {}
    for pk, upload in files.items():
        form_field = question(pk)
        if form_field.kind != FieldKind.FILE:
            raise ApplicationError(
                "not_a_file_field",
                _("«%(question)s» takes an answer, not a file.") % {"question": form_field.label},
                field_name(form_field),
            )
        checked[form_field.pk] = (form_field, check_file(form_field, upload))
    check_amount(measure, requested_amount)
    return _Checked(cleaned, checked)


def check_amount(measure: Measure, requested_amount: Decimal | None) -> None:
    if requested_amount is None:
        return
    if not requested_amount.is_finite() or requested_amount < 0:
        raise ApplicationError(
            "negative_amount", _("The amount cannot be negative."), "requested_amount"
        )
    if requested_amount >= MAX_NUMBER:
        raise ApplicationError(
            "amount_too_large", _("The amount is too large."), "requested_amount"
        )
    roubles = measure.unit == Unit.ROUBLES and measure.amount is not None
    if roubles and measure.amount is not None and requested_amount > measure.amount:
        raise ApplicationError(
            "amount_above_measure",
            _("You can ask for at most %(amount)s.") % {"amount": measure.volume},
            "requested_amount",
        )


def _store_files(
    application: Application, files: Mapping[int, tuple[FormField, CheckedFile]]
) -> None:
    """Save the new files; a file replacing another deletes the old one once all is
    committed (a rollback keeps it)."""
    old = {stored.field_id: stored for stored in application.files.filter(field_id__in=files)}
    for pk, (form_field, checked) in files.items():
        stored = old.get(pk)
        if stored is not None and stored.file.name:
            _delete_on_commit(stored.file.storage, stored.file.name)
        if stored is None:
            stored = ApplicationFile(application=application, field=form_field)
        stored.name, stored.size = checked.name, checked.size
        stored.content_type, stored.uploaded_at = checked.content_type, timezone.now()
        stored.file.save(checked.name, checked.upload, save=False)
        stored.save()


def _delete_on_commit(storage: Storage, name: str) -> None:
    transaction.on_commit(lambda: storage.delete(name))


def _application_of(member: Member, measure: Measure) -> Application | None:
    return Application.objects.select_for_update().filter(measure=measure, member=member).first()


@transaction.atomic
def check_save_draft(
    actor: User,
    measure: Measure,
    answers: Mapping[str, str],
    files: Mapping[int, UploadedFile[bytes]],
    requested_amount: Decimal | None = None,
) -> Application:
    """Return the member's draft application to the measure, created or updated.

    `answers` and `files` are keyed by the questions' (`FormField`) pks; answers are merged
    into the draft's (an empty answer removes one), a file replaces the field's old one.
    `requested_amount` is the amount asked for (None: none).

    Raise ApplicationError, changing nothing, if the actor may not apply (see
    `check_may_apply`), the application was already sent, or an answer or file is wrong.
    """
    member = check_may_apply(actor, measure)
    application = _application_of(member, measure)
    if application is not None and application.status not in (
        ApplicationStatus.DRAFT,
        ApplicationStatus.WITHDRAWN,
    ):
        raise ApplicationError(
            "already_sent",
            _("Your application has been sent; it can no longer be changed."),
            None,
            kind="conflict",
        )
    checked = _check_input(measure, answers, files, requested_amount)
    now = timezone.now()
    if application is None:
        application = Application(measure=measure, member=member, created_at=now)
    elif application.status == ApplicationStatus.WITHDRAWN:
        application.status = ApplicationStatus.DRAFT
        application.submitted_at = application.withdrawn_at = None
    merged = {**application.answers, **checked.answers}
    application.answers = {key: value for key, value in merged.items() if value != ""}
    application.requested_amount = requested_amount
    application.updated_at = now
    try:
        with transaction.atomic():
            application.save()
    except IntegrityError as error:  # the same member's other tab created it meanwhile
        raise ApplicationError(
            "already_applied",
            _("You have already applied to this measure."),
            None,
            kind="conflict",
        ) from error
    _store_files(application, checked.files)
    return application


# --- Sending and withdrawing -----------------------------------------------------------------


def application_url(application: Application) -> str:
    return reverse("support:application", args=[application.pk])


def check_complete(application: Application, measure: Measure) -> None:
    """Raise ApplicationError on the first required question left unanswered, or an amount
    above the measure's."""
    with_files = set(application.files.values_list("field_id", flat=True))
    for form_field in measure.form_fields.all():
        if not form_field.required:
            continue
        if form_field.kind == FieldKind.FILE:
            answered = form_field.pk in with_files
        else:
            answered = bool(str(application.answers.get(str(form_field.pk), "")).strip())
        if not answered:
            raise ApplicationError(
                "answer_required",
                _("Answer the question «%(question)s».") % {"question": form_field.label}
                if form_field.kind != FieldKind.FILE
                else _("Attach the file «%(question)s».") % {"question": form_field.label},
                field_name(form_field),
            )
    check_amount(measure, application.requested_amount)


def _lock(application: Application) -> tuple[Measure, Application]:
    measure = Measure.objects.select_for_update().get(pk=application.measure_id)
    locked = Application.objects.select_for_update().get(pk=application.pk)
    locked.measure = measure
    return measure, locked


def _check_applicant(actor: User, application: Application) -> Member:
    member = check_member(actor)
    if application.member_id != member.pk:
        raise ApplicationError("not_found", _("Not found."), None, kind="not_found")
    return member


@transaction.atomic
def check_submit_application(actor: User, application: Application) -> Application:
    """Send the applicant's draft: it takes one of the measure's places.

    Raise ApplicationError, changing nothing, unless it is the actor's draft, they still may
    apply, every required question is answered, and a place is left. The measure's row is
    locked first, so two members cannot both take its last place.
    """
    _check_applicant(actor, application)
    measure, application = _lock(application)
    if application.status == ApplicationStatus.WITHDRAWN:
        raise ApplicationError(
            "withdrawn",
            _("You withdrew this application. Save it as a draft again to send it."),
            None,
            kind="conflict",
        )
    if application.status != ApplicationStatus.DRAFT:
        raise ApplicationError(
            "already_sent", _("This application has already been sent."), None, kind="conflict"
        )
    check_may_apply(actor, measure)
    check_complete(application, measure)
    check_places(measure)
    application.status = ApplicationStatus.SUBMITTED
    application.submitted_at = application.updated_at = timezone.now()
    application.save(update_fields=["status", "submitted_at", "updated_at"])
    _tell_received(actor, application, measure)
    return application


def _tell_received(actor: User, application: Application, measure: Measure) -> None:
    url = application_url(application)
    with override("ru"):
        text = _("Your application to «%(measure)s» has been received.") % {
            "measure": measure.title
        }
        subject = _("Application received: %(measure)s") % {"measure": measure.title}
        do_notify(actor, text, url, email_subject=subject)
        provider = measure.provider_member
        if provider is not None and provider.is_active and provider.user_id != actor.pk:
            text = _("A new application to «%(measure)s» from %(member)s.") % {
                "measure": measure.title,
                "member": application.member.display_name,
            }
            do_notify(provider.user, text, url, email_subject=text)


@transaction.atomic
def check_withdraw_application(actor: User, application: Application) -> Application:
    """Withdraw the applicant's draft or sent application, freeing its place.

    Raise ApplicationError, changing nothing, unless it is the actor's and review has not
    started (`Application.may_withdraw`).
    """
    _check_applicant(actor, application)
    application = Application.objects.select_for_update().get(pk=application.pk)
    if application.status == ApplicationStatus.WITHDRAWN:
        raise ApplicationError(
            "already_withdrawn",
            _("This application has already been withdrawn."),
            None,
            kind="conflict",
        )
    if application.status == ApplicationStatus.UNDER_REVIEW:
        raise ApplicationError(
            "review_started",
            _(
                "Reviewers have started scoring this application, so it can no longer be "
                "withdrawn. If your plans have changed, write to the cluster's curators."
            ),
            None,
            kind="conflict",
        )
    if not application.may_withdraw:
        raise ApplicationError(
            "already_decided",
            _("A decision has been made on this application; it can no longer be withdrawn."),
            None,
            kind="conflict",
        )
    application.status = ApplicationStatus.WITHDRAWN
    application.withdrawn_at = application.updated_at = timezone.now()
    application.save(update_fields=["status", "withdrawn_at", "updated_at"])
    return application
