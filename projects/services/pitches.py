"""Pitches of a project and partners' interest in it."""

from __future__ import annotations

from datetime import date
from decimal import Decimal

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import override

from core.roles import is_curator
from events.models import Event
from members.models import User
from projects.models import (
    INTEREST_FINAL,
    Interest,
    InterestKind,
    InterestMessage,
    InterestStatus,
    Pitch,
    Project,
)
from projects.queries import pitch_events
from projects.services.guards import (
    ProjectError,
    is_confirmed,
    notify_all,
    project_url,
    require_open,
    require_team,
    team_users,
)


def _require_published(project: Project) -> None:
    if project.published_at is None:
        raise ProjectError(
            "not_pitched", _("The project has not been pitched yet."), kind="conflict"
        )
    require_open(project)


def invalid_event_error() -> ProjectError:
    """Return the refusal of an event a pitch cannot be tied to, missing or not (same answer)."""
    return ProjectError(
        "invalid_event",
        _("Choose an event that is coming up, under way or ended within the last month."),
        "event",
    )


def check_record_pitch(
    project: Project,
    user: User,
    *,
    event: Event | None = None,
    held_on: date | None = None,
    note: str = "",
) -> Pitch:
    """Return the recorded pitch; an event must be one `pitch_events` offers the person, and
    the date one of its days (the day of it nearest today when none is given)."""
    if not is_curator(user):
        require_team(project, user)
    _require_published(project)
    if event is not None:
        if not pitch_events(user).filter(pk=event.pk).exists():
            raise invalid_event_error()
        first, last = timezone.localdate(event.starts_at), timezone.localdate(event.ends_at)
        if held_on is None:
            held_on = min(max(timezone.localdate(), first), last)
        elif not first <= held_on <= last:
            raise ProjectError(
                "date_outside_event", _("The date is not one of the event's days."), "held_on"
            )
    return Pitch.objects.create(
        project=project,
        event=event,
        held_on=held_on or timezone.localdate(),
        note=note.strip(),
        created_by=user,
    )


@transaction.atomic
def check_record_interest(
    project: Project,
    user: User,
    kind: str,
    *,
    amount: Decimal | None = None,
    comment: str = "",
    pitch: Pitch | None = None,
) -> Interest:
    """Return the partner's interest; the team is told in the site and by email."""
    if not (user.is_partner or is_curator(user)):
        raise ProjectError(
            "not_a_partner", _("Partners and curators record interest."), kind="forbidden"
        )
    _require_published(project)
    if kind not in InterestKind.values:
        raise ProjectError("invalid_kind", _("Choose what you are ready to do."), "kind")
    if amount is not None and amount < 0:
        raise ProjectError("negative_amount", _("The amount cannot be negative."), "amount")
    if pitch is not None and pitch.project_id != project.pk:
        raise ProjectError("invalid_pitch", _("Choose a pitch of this project."), "pitch")
    now = timezone.now()
    interest = Interest.objects.create(
        project=project,
        pitch=pitch,
        author=user,
        kind=kind,
        amount=amount,
        comment=comment.strip(),
        created_at=now,
        updated_at=now,
    )
    partner = getattr(user, "member", None)
    with override("ru"):
        author_name = (
            partner.acting_person
            if partner is not None
            else user.person_name or _("A partner of the cluster")
        )
        text = _("%(partner)s is interested in «%(project)s»: %(kind)s.") % {
            "partner": author_name,
            "project": project.title,
            "kind": InterestKind(kind).label,
        }
        subject = _("Partner interest in your project")
    notify_all(team_users(project), text, project_url(project), subject)
    return interest


@transaction.atomic
def check_follow_up_interest(
    interest: Interest, user: User, text: str = "", status: str = ""
) -> InterestMessage:
    """Return the follow-up: an answer, a reply, or a status change until agreed or dropped."""
    project = interest.project
    is_author = interest.author_id == user.pk
    member = getattr(user, "member", None)
    on_team = member is not None and is_confirmed(project, member)
    if not (is_author or on_team):
        raise ProjectError(
            "not_involved", _("Only the team and the partner follow this up."), kind="forbidden"
        )
    locked = Interest.objects.select_for_update().get(pk=interest.pk)
    if locked.status in INTEREST_FINAL:
        raise ProjectError(
            "interest_closed", _("This interest is already agreed or dropped."), kind="conflict"
        )
    if status and status not in InterestStatus.values:
        raise ProjectError("invalid_status", _("Choose a status."), "status")
    if not text.strip() and not status:
        raise ProjectError("text_required", _("Write a message or choose a status."), "text")
    if status == InterestStatus.OPEN:
        status = ""
    message = InterestMessage.objects.create(
        interest=locked, author=user, text=text.strip(), status=status
    )
    fields = ["updated_at"]
    locked.updated_at = timezone.now()
    if status:
        locked.status = status
        fields.append("status")
    elif locked.status == InterestStatus.OPEN:
        locked.status = InterestStatus.IN_TALKS
        fields.append("status")
    locked.save(update_fields=fields)
    recipients = [locked.author] if on_team and not is_author else team_users(project)
    with override("ru"):
        note = _("New reply about «%(project)s».") % {"project": project.title}
        subject = _("Partner interest in your project")
    notify_all([u for u in recipients if u.pk != user.pk], note, project_url(project), subject)
    return message
