"""Starting, editing and moving a project between stages."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date
from decimal import Decimal
from typing import Any

from django.db import transaction
from django.db.models import F
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import override

from core.errors import Kind
from core.models import Industry, Town
from core.roles import is_curator
from members.models import User
from projects import stages
from projects.models import (
    MembershipStatus,
    Project,
    Stage,
    StageTransition,
    TeamMembership,
    TeamRole,
    TeamRoleKind,
)
from projects.queries import missing_in_words, stage_facts
from projects.services.guards import (
    ProjectError,
    notify_all,
    project_url,
    require_member,
    require_owner,
    require_team,
    team_users,
)
from resources.models import PartnerMap
from resources.services import do_create_partner_map


class ConflictError(ProjectError):
    """Someone saved the project after this edit started; `current` is their version."""

    kind: Kind = "conflict"

    def __init__(self, current: Project) -> None:
        super().__init__(
            "conflict",
            _(
                "Someone on the team changed the project while you were editing it. "
                "Their version is shown; your text is kept in the form: check it and save again."
            ),
        )
        self.current = current

    def details(self) -> Any:
        return {"current_version": self.current.version}


def _rule_messages() -> dict[str, tuple[str, str, Kind]]:
    return {
        "illegal_transition": (
            "stage",
            _("The project cannot move to that stage from here."),
            "conflict",
        ),
        "needs_reason": ("comment", _("Say why the project closes."), "invalid"),
    }


def _rule_error(code: str) -> ProjectError:
    field_name, message, kind = _rule_messages()[code]
    return ProjectError(code, message, field_name, kind=kind)


@dataclass
class ProjectData:
    title: str
    summary: str
    industries: list[Industry] = field(default_factory=list)
    towns: list[Town] = field(default_factory=list)
    budget: Decimal | None = None
    starts_on: date | None = None
    ends_on: date | None = None


def _validate(data: ProjectData) -> None:
    if not data.title.strip():
        raise ProjectError("title_required", _("Give the project a title."), "title")
    if data.budget is not None and data.budget < 0:
        raise ProjectError("negative_budget", _("The budget cannot be negative."), "budget")
    if data.starts_on and data.ends_on and data.ends_on < data.starts_on:
        raise ProjectError("ends_before_start", _("The end date is before the start."), "ends_on")


@transaction.atomic
def check_create_project(user: User, data: ProjectData, *, external_id: str = "") -> Project:
    """Return a new idea owned by the person, with its team (the owner) and its partner map."""
    owner = require_member(user)
    if not (owner.is_resident or owner.is_producer):
        raise ProjectError(
            "not_a_member", _("Residents and producers start projects."), kind="forbidden"
        )
    _validate(data)
    project = Project.objects.create(
        title=data.title.strip(),
        summary=data.summary.strip(),
        owner=owner,
        budget=data.budget,
        starts_on=data.starts_on,
        ends_on=data.ends_on,
        external_id=external_id,
        partner_map=do_create_partner_map(user, data.title, [owner]),
    )
    project.industries.set(data.industries)
    project.towns.set(data.towns or [owner.town])
    role = TeamRole.objects.create(project=project, kind=TeamRoleKind.PRODUCER)
    TeamMembership.objects.create(
        project=project,
        member=owner,
        role=role,
        status=MembershipStatus.CONFIRMED,
        invited_by=user,
        responded_at=timezone.now(),
    )
    StageTransition.objects.create(project=project, actor=user, to_stage=Stage.IDEA)
    return project


@transaction.atomic
def check_update_project(
    project: Project, user: User, data: ProjectData, expected_version: int
) -> Project:
    """Return the saved project; raise ConflictError if it changed since `expected_version`."""
    require_team(project, user)
    _validate(data)
    locked = Project.objects.select_for_update().get(pk=project.pk)
    if locked.version != expected_version:
        raise ConflictError(locked)
    if stages.needs_start_date(locked.stage) and data.starts_on is None:
        raise ProjectError(
            "needs_start_date",
            _("A launched project keeps its start date."),
            "starts_on",
            kind="conflict",
        )
    locked.title = data.title.strip()
    locked.summary = data.summary.strip()
    locked.budget = data.budget
    locked.starts_on = data.starts_on
    locked.ends_on = data.ends_on
    locked.version = F("version") + 1
    locked.updated_at = timezone.now()
    locked.save(
        update_fields=[
            "title",
            "summary",
            "budget",
            "starts_on",
            "ends_on",
            "version",
            "updated_at",
        ]
    )
    locked.industries.set(data.industries)
    locked.towns.set(data.towns)
    PartnerMap.objects.filter(project=locked).update(title=locked.title)
    locked.refresh_from_db()
    return locked


class StageRequirementsError(ProjectError):
    """A move the stage's rules do not allow yet; `missing` lists what stops it."""

    kind: Kind = "conflict"

    def __init__(self, target: str, problems: list[stages.Missing]) -> None:
        lines = [missing_in_words(m) for m in problems]
        super().__init__(
            "stage_requirements_unmet",
            _("The project cannot move to the stage “%(stage)s” yet. Not met: %(missing)s.")
            % {
                "stage": Stage(target).label,
                "missing": "; ".join(line[:1].lower() + line[1:] for line in lines),
            },
        )
        self.target, self.missing, self.lines = target, problems, lines

    def details(self) -> Any:
        return {
            "stage": self.target,
            "missing": [
                {"code": m.code, "message": line, "items": list(m.items)}
                for m, line in zip(self.missing, self.lines, strict=True)
            ],
        }


@transaction.atomic
def check_move_project(
    project: Project,
    user: User,
    target: str,
    comment: str = "",
    *,
    curator_override: bool = False,
) -> Project:
    """Return the project moved to `target`, with the transition recorded and the team told.

    The owner moves the project; a curator may also close it, and may move it on although
    waivable rules are not met (`curator_override`), giving the reason in `comment`.
    Raise StageRequirementsError with everything that is missing when the rules refuse.
    """
    curator = is_curator(user)
    if curator_override:
        if not curator:
            raise ProjectError(
                "not_curator",
                _("Only curators can move a project past its rules."),
                kind="forbidden",
            )
        if not comment.strip():
            raise ProjectError(
                "needs_override_reason",
                _("Say why the project moves on although its rules are not met."),
                "comment",
            )
    elif not (target == Stage.CLOSED and curator):
        require_owner(project, user)
    locked = Project.objects.select_for_update().get(pk=project.pk)
    problems = stages.missing(locked.stage, target, stage_facts(locked, comment))
    hard = [m for m in problems if not curator_override or m.code not in stages.WAIVABLE]
    if any(m.code in (stages.ILLEGAL, "needs_reason") for m in hard):
        raise _rule_error(hard[0].code)
    if hard:
        raise StageRequirementsError(target, hard)
    previous = locked.stage
    now = timezone.now()
    locked.stage = target
    locked.updated_at = now
    locked.version = F("version") + 1
    fields = ["stage", "updated_at", "version"]
    if target == Stage.CLOSED:
        locked.closed_reason = comment.strip()
        fields.append("closed_reason")
    if target == Stage.PITCH and locked.published_at is None:
        locked.published_at = now
        fields.append("published_at")
    locked.save(update_fields=fields)
    locked.refresh_from_db()
    StageTransition.objects.create(
        project=locked,
        actor=user,
        from_stage=previous,
        to_stage=target,
        comment=comment.strip(),
        override=bool(problems),
        waived=[{"code": m.code, "items": list(m.items)} for m in problems],
    )
    with override("ru"):
        text = _("«%(project)s» moved to the stage “%(stage)s”.") % {
            "project": locked.title,
            "stage": Stage(target).label,
        }
        subject = _("Project stage changed")
    interested = [i.author for i in locked.interests.select_related("author")]
    notify_all(
        [u for u in [*team_users(locked), *interested] if u.pk != user.pk],
        text,
        project_url(locked),
        subject,
    )
    return locked
