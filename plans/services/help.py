"""Writes: help requests and the curators' queue.

A member asks for help on a goal of their own open plan (or one of its steps); the request is
a task in the curators' queue. Curators take it (it becomes theirs), answer the member, link
what solved it (an introduction, a support measure, an event), keep internal notes, and move it
through the statuses of `TRANSITIONS`. Both sides write in the thread.

Who is told: the member of every change of status, of the answer and of each curator's
message. Curators of a member's new request or message: the assignee when there is one,
otherwise every active curator (an agency has a handful; `MAX_CURATORS_TOLD` bounds it).

Regions: the data model has no regions (one agency, its towns), so any curator may act on any
request; there is no "another region's member" to refuse.

Locks: one request's row (`select_for_update`) before it changes; bulk assignment locks the
chosen rows in primary-key order.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date, timedelta

from django.core.files.uploadedfile import UploadedFile
from django.db import transaction
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import override

from core.errors import DomainError
from core.roles import is_curator
from core.services import do_notify
from core.uploads import CheckedFile, UploadError, check_uploads
from events.models import Event
from matching.models import Introduction, IntroductionStatus
from matching.services import do_request_introduction
from members.models import Member, User
from members.queries import member_of
from plans.models import (
    CLOSED_HELP_STATUSES,
    Goal,
    HelpRequest,
    HelpRequestFile,
    HelpRequestMessage,
    HelpRequestNote,
    HelpStatus,
    Step,
)
from support.models import Measure

# Status -> the statuses a curator may move it to. Done and declined are final; the member's
# reply moves "waiting for the member" back to "in progress" by itself.
TRANSITIONS: dict[str, frozenset[str]] = {
    HelpStatus.NEW: frozenset({HelpStatus.IN_PROGRESS, HelpStatus.DECLINED}),
    HelpStatus.IN_PROGRESS: frozenset(
        {HelpStatus.WAITING_FOR_MEMBER, HelpStatus.DONE, HelpStatus.DECLINED}
    ),
    HelpStatus.WAITING_FOR_MEMBER: frozenset(
        {HelpStatus.IN_PROGRESS, HelpStatus.DONE, HelpStatus.DECLINED}
    ),
    HelpStatus.DONE: frozenset(),
    HelpStatus.DECLINED: frozenset(),
}
# A request without the member's date is due for the curators this many days after it came.
DEFAULT_DAYS = 7
MAX_CURATORS_TOLD = 20
MAX_TEXT = 3000
MAX_ANSWER = 5000


class HelpError(DomainError):
    pass


def _not_found() -> HelpError:
    return HelpError("not_found", _("Not found."), None, kind="not_found")


def help_request_url(request: HelpRequest) -> str:
    """Return the member's page of the request."""
    return reverse("plans:help_request", args=[request.pk])


def queue_request_url(request: HelpRequest) -> str:
    """Return the curators' page of the request."""
    return reverse("plans:queue_request", args=[request.pk])


def status_label(status: str) -> str:
    return str(HelpStatus(status).label)


def curator_name(user: User | None) -> str:
    """Return how a curator is named to others: their name, or their address."""
    if user is None:
        return ""
    return user.get_full_name() or user.email


# --- Checks shared by several writes -----------------------------------------------------


def check_member(actor: User) -> Member:
    member = member_of(actor)
    if member is None:
        raise HelpError(
            "not_a_member",
            _("Only cluster members can ask for help."),
            None,
            kind="forbidden",
        )
    return member


def check_curator(actor: User) -> None:
    if not is_curator(actor):
        raise HelpError(
            "not_a_curator",
            _("Only the cluster's curators work on the help queue."),
            None,
            kind="forbidden",
        )


def _clean_text(raw: str, field: str, limit: int, *, required: bool = True) -> str:
    text = (raw or "").strip()
    if required and not text:
        raise HelpError("text_required", _("This field is required."), field)
    if len(text) > limit:
        raise HelpError(
            "text_too_long",
            _("At most %(limit)d characters (now %(now)d).") % {"limit": limit, "now": len(text)},
            field,
        )
    return text


def _check_files(uploads: Sequence[UploadedFile[bytes]]) -> list[CheckedFile]:
    try:
        return check_uploads(list(uploads))
    except UploadError as error:
        raise HelpError(error.code, error.message, "attachments") from error


def _store_files(
    request: HelpRequest,
    files: Sequence[CheckedFile],
    actor: User,
    message: HelpRequestMessage | None = None,
) -> None:
    for checked in files:
        stored = HelpRequestFile(
            request=request,
            message=message,
            name=checked.name,
            size=checked.size,
            content_type=checked.content_type,
            uploaded_by=actor,
        )
        stored.file.save(checked.name, checked.upload, save=False)
        stored.save()


def _lock(request: HelpRequest) -> HelpRequest:
    return (
        HelpRequest.objects.select_for_update(of=("self",))
        .select_related("assignee", "member__user")
        .get(pk=request.pk)
    )


def _check_open(request: HelpRequest) -> None:
    if request.status in CLOSED_HELP_STATUSES:
        raise HelpError(
            "request_closed",
            _("This request is closed (%(status)s): it can no longer be changed.")
            % {"status": status_label(request.status)},
            None,
            kind="conflict",
        )


def _mark_answered(request: HelpRequest, fields: list[str]) -> None:
    if request.first_answered_at is None:
        request.first_answered_at = timezone.now()
        fields.append("first_answered_at")


# --- Notifications -------------------------------------------------------------------------


def _tell_member(request: HelpRequest, text: str) -> None:
    member = request.member
    if not member.is_active:
        return
    with override("ru"):
        subject = _("Your help request: %(what)s") % {"what": request.what[:60]}
    do_notify(member.user, text, help_request_url(request), email_subject=subject)


def curators_to_tell(request: HelpRequest) -> list[User]:
    """Return who hears of the member's new request or message: the assignee, or every
    active curator while nobody has it (at most MAX_CURATORS_TOLD)."""
    if request.assignee is not None:
        return [request.assignee] if request.assignee.is_active else []
    return list(
        User.objects.filter(is_curator=True, is_active=True).order_by("pk")[:MAX_CURATORS_TOLD]
    )


def _tell_curators(request: HelpRequest, text: str) -> None:
    url = queue_request_url(request)
    for user in curators_to_tell(request):
        do_notify(user, text, url)


# --- The member ------------------------------------------------------------------------------


@dataclass(frozen=True)
class AskData:
    what: str
    needed_by: date | None = None
    step_id: int | None = None


def _check_goal(member: Member, goal: Goal, step_id: int | None) -> Step | None:
    if goal.plan.member_id != member.pk:
        # Someone else's goal: as if it did not exist.
        raise _not_found()
    if goal.plan.is_closed:
        raise HelpError(
            "plan_closed",
            _("The plan for %(year)s is closed: help is asked on an open plan.")
            % {"year": goal.plan.year},
            None,
            kind="conflict",
        )
    if step_id is None:
        return None
    step = Step.objects.filter(pk=step_id, goal=goal).first()
    if step is None:
        raise HelpError("unknown_step", _("This goal has no such step."), "step")
    return step


@transaction.atomic
def check_ask_help(
    actor: User,
    goal: Goal,
    data: AskData,
    uploads: Sequence[UploadedFile[bytes]] = (),
) -> HelpRequest:
    """Return the member's new help request on their goal (or one of its steps).

    Raise HelpError, changing nothing, if the actor is no member, the goal is not theirs
    (not_found), its plan is closed, the step is not the goal's, the text is empty or too
    long, the date has passed, or a file is refused.
    """
    member = check_member(actor)
    step = _check_goal(member, goal, data.step_id)
    what = _clean_text(data.what, "what", MAX_TEXT)
    today = timezone.localdate()
    if data.needed_by is not None and data.needed_by < today:
        raise HelpError(
            "needed_by_past",
            _("The date has passed: choose today or a later day."),
            "needed_by",
        )
    files = _check_files(uploads)
    now = timezone.now()
    request = HelpRequest.objects.create(
        member=member,
        goal=goal,
        step=step,
        what=what,
        needed_by=data.needed_by,
        due=data.needed_by or today + timedelta(days=DEFAULT_DAYS),
        created_at=now,
        updated_at=now,
    )
    _store_files(request, files, actor)
    with override("ru"):
        text = _("%(member)s asks for help: %(what)s") % {
            "member": member.display_name,
            "what": what[:200],
        }
    _tell_curators(request, text)
    return request


# --- The thread --------------------------------------------------------------------------


@transaction.atomic
def check_write_help_message(
    actor: User,
    request: HelpRequest,
    text: str,
    uploads: Sequence[UploadedFile[bytes]] = (),
) -> HelpRequestMessage:
    """Return the new message in the request's thread, by its member or a curator.

    The member's reply to a request waiting for them puts it back in progress. Raise
    HelpError, changing nothing, if the actor is neither, the request is closed, the text is
    empty or too long, or a file is refused.
    """
    by_curator = is_curator(actor)
    member = member_of(actor)
    by_member = member is not None and member.pk == request.member_id
    if not (by_curator or by_member):
        raise _not_found()
    request = _lock(request)
    _check_open(request)
    body = _clean_text(text, "text", MAX_TEXT)
    files = _check_files(uploads)
    now = timezone.now()
    # A curator who is also the member writes as the member on their own request.
    as_curator = by_curator and not by_member
    message = HelpRequestMessage.objects.create(
        request=request, author=actor, by_curator=as_curator, text=body, created_at=now
    )
    _store_files(request, files, actor, message)
    fields = ["updated_at"]
    request.updated_at = now
    if as_curator:
        _mark_answered(request, fields)
    elif request.status == HelpStatus.WAITING_FOR_MEMBER:
        request.status = HelpStatus.IN_PROGRESS
        fields.append("status")
    request.save(update_fields=fields)
    with override("ru"):
        if as_curator:
            _tell_member(
                request,
                _("The cluster wrote on your help request: %(text)s") % {"text": body[:200]},
            )
        else:
            _tell_curators(
                request,
                _("%(member)s wrote on their help request: %(text)s")
                % {"member": request.member.display_name, "text": body[:200]},
            )
    return message


# --- Curators ------------------------------------------------------------------------------


def _taken_by_other(request: HelpRequest, actor: User) -> HelpError:
    # Read afresh: a row locked after waiting for another transaction is re-read, but
    # PostgreSQL may leave the joined assignee as it was before (empty).
    assignee = User.objects.filter(pk=request.assignee_id or 0).first()
    return HelpError(
        "already_taken",
        _("The request has already been taken by %(name)s.") % {"name": curator_name(assignee)},
        None,
        kind="conflict",
    )


@transaction.atomic
def check_take_help_request(actor: User, request: HelpRequest) -> HelpRequest:
    """Make the request the actor's and put it in progress.

    Two curators taking it at once: the row is locked, the first wins, the second is told
    who has it. Raise HelpError, changing nothing, if the actor is no curator, the request is
    closed, or another curator has it.
    """
    check_curator(actor)
    request = _lock(request)
    _check_open(request)
    if request.assignee_id is not None and request.assignee_id != actor.pk:
        raise _taken_by_other(request, actor)
    fields = ["assignee", "updated_at"]
    request.assignee = actor
    request.updated_at = timezone.now()
    changed = request.status == HelpStatus.NEW
    if changed:
        request.status = HelpStatus.IN_PROGRESS
        fields.append("status")
        _mark_answered(request, fields)
    request.save(update_fields=fields)
    if changed:
        with override("ru"):
            _tell_member(
                request,
                _("%(name)s of the cluster has taken your help request.")
                % {"name": curator_name(actor)},
            )
    return request


@dataclass(frozen=True)
class Assigned:
    assigned: int
    skipped: int  # taken by another curator, or closed


@transaction.atomic
def check_assign_help_requests(actor: User, request_ids: Sequence[int], assignee: User) -> Assigned:
    """Assign the chosen open requests to `assignee` in one transaction, skipping those
    another curator already has and closed ones. Their status does not change: the assignee
    takes each up.

    Raise HelpError, changing nothing, if the actor or the assignee is no curator, or
    nothing was chosen.
    """
    check_curator(actor)
    if not is_curator(assignee):
        raise HelpError("assignee_not_curator", _("Choose one of the curators."), "assignee")
    ids = sorted(set(request_ids))
    if not ids:
        raise HelpError("nothing_chosen", _("Choose at least one request."), "requests")
    # Locked in primary-key order, so two bulk assignments cannot deadlock.
    rows = list(HelpRequest.objects.select_for_update().filter(pk__in=ids).order_by("pk"))
    free = [
        row
        for row in rows
        if row.status not in CLOSED_HELP_STATUSES and row.assignee_id in (None, assignee.pk)
    ]
    changing = [row.pk for row in free if row.assignee_id != assignee.pk]
    HelpRequest.objects.filter(pk__in=changing).update(assignee=assignee, updated_at=timezone.now())
    if changing and assignee.pk != actor.pk and assignee.is_active:
        with override("ru"):
            text = _("%(name)s assigned you %(count)d help requests.") % {
                "name": curator_name(actor),
                "count": len(changing),
            }
        do_notify(assignee, text, reverse("plans:queue") + "?mine=1")
    return Assigned(assigned=len(free), skipped=len(ids) - len(free))


@transaction.atomic
def check_change_help_status(
    actor: User, request: HelpRequest, status: str, reason: str = ""
) -> HelpRequest:
    """Move the request to `status` along `TRANSITIONS`; taking it into progress from new
    makes it the actor's (see `check_take_help_request`).

    Raise HelpError, changing nothing, if the actor is no curator, the move is not allowed,
    another curator has it, declining comes without a reason, or "done" without an answer to
    the member.
    """
    check_curator(actor)
    if status not in TRANSITIONS:
        raise HelpError("unknown_status", _("Choose one of the statuses."), "status")
    if status == HelpStatus.IN_PROGRESS:
        current = HelpRequest.objects.filter(pk=request.pk).values_list("status", flat=True)
        if current.first() == HelpStatus.NEW:
            return check_take_help_request(actor, request)
    request = _lock(request)
    _check_open(request)
    if status not in TRANSITIONS[request.status]:
        raise HelpError(
            "status_not_allowed",
            _("A request that is %(now)s cannot become %(new)s.")
            % {"now": status_label(request.status), "new": status_label(status)},
            "status",
            kind="conflict",
        )
    if request.assignee_id is not None and request.assignee_id != actor.pk:
        raise _taken_by_other(request, actor)
    fields = ["status", "updated_at", "assignee"]
    if status == HelpStatus.DECLINED:
        request.decline_reason = _clean_text(reason, "reason", MAX_TEXT)
        fields.append("decline_reason")
    if status == HelpStatus.DONE and not request.answer:
        raise HelpError(
            "answer_required",
            _("Write the answer to the member before marking the request done."),
            "status",
        )
    now = timezone.now()
    request.status, request.updated_at, request.assignee = status, now, actor
    if status in CLOSED_HELP_STATUSES:
        request.done_at = now
        fields.append("done_at")
    _mark_answered(request, fields)
    request.save(update_fields=fields)
    with override("ru"):
        text = _("Your help request is now %(status)s.") % {"status": status_label(status)}
        if status == HelpStatus.DECLINED:
            text = _("Your help request was declined: %(reason)s") % {
                "reason": request.decline_reason[:200]
            }
        elif status == HelpStatus.WAITING_FOR_MEMBER:
            text = _("The cluster is waiting for your reply on your help request.")
    _tell_member(request, text)
    return request


@dataclass(frozen=True)
class AnswerData:
    answer: str
    introduction_id: int | None = None
    # Introduce the member to this member (through matching), instead of an existing one.
    partner_id: int | None = None
    support_measure_id: int | None = None
    event_id: int | None = None


def _introduction(actor: User, request: HelpRequest, data: AnswerData) -> Introduction | None:
    member = request.member
    if data.introduction_id is not None:
        found = Introduction.objects.filter(pk=data.introduction_id).first()
        if found is None or member.pk not in (found.requester_id, found.recipient_id):
            raise HelpError(
                "unknown_introduction",
                _("Choose one of the member's introductions."),
                "introduction",
            )
        return found
    if data.partner_id is None:
        return None
    partner = Member.objects.filter(pk=data.partner_id, is_active=True).first()
    if partner is None or partner.pk == member.pk:
        raise HelpError("unknown_partner", _("Choose a member of the cluster."), "partner")
    live = (
        Introduction.objects.filter(requester=member, recipient=partner)
        .exclude(status=IntroductionStatus.DECLINED)
        .first()
    )
    if live is not None:
        return live
    return do_request_introduction(
        member,
        partner,
        _("Introduced by the cluster on a help request: %(what)s") % {"what": request.what[:200]},
        brokered_by=actor,
    )


@transaction.atomic
def check_answer_help_request(actor: User, request: HelpRequest, data: AnswerData) -> HelpRequest:
    """Save the answer to the member and what solved it: an introduction (one of the
    member's, or a new one to a chosen partner, made through matching), a support measure,
    an event. Taking no one's request makes it the actor's.

    Raise HelpError, changing nothing, if the actor is no curator, another curator has it,
    it is closed, the answer is empty or too long, or a link is not one to choose.
    """
    check_curator(actor)
    request = _lock(request)
    _check_open(request)
    if request.assignee_id is not None and request.assignee_id != actor.pk:
        raise _taken_by_other(request, actor)
    answer = _clean_text(data.answer, "answer", MAX_ANSWER)
    measure = event = None
    if data.support_measure_id is not None:
        measure = Measure.objects.filter(pk=data.support_measure_id).first()
        if measure is None:
            raise HelpError("unknown_measure", _("Choose a support measure."), "support_measure")
    if data.event_id is not None:
        event = Event.objects.filter(pk=data.event_id).first()
        if event is None:
            raise HelpError("unknown_event", _("Choose an event."), "event")
    request.introduction = _introduction(actor, request, data)
    request.answer, request.support_measure, request.event = answer, measure, event
    request.assignee, request.updated_at = actor, timezone.now()
    fields = ["answer", "introduction", "support_measure", "event", "assignee", "updated_at"]
    if request.status == HelpStatus.NEW:
        request.status = HelpStatus.IN_PROGRESS
        fields.append("status")
    _mark_answered(request, fields)
    request.save(update_fields=fields)
    with override("ru"):
        _tell_member(
            request, _("The cluster answered your help request: %(text)s") % {"text": answer[:200]}
        )
    return request


@transaction.atomic
def check_add_help_note(actor: User, request: HelpRequest, text: str) -> HelpRequestNote:
    """Return the curators' new internal note on the request (never shown to the member).

    Raise HelpError, changing nothing, if the actor is no curator or the text is empty or
    too long."""
    check_curator(actor)
    body = _clean_text(text, "text", MAX_TEXT)
    return HelpRequestNote.objects.create(request=request, author=actor, text=body)
