"""What every write checks first: who the person is to the project, and the refusals."""

from __future__ import annotations

from collections.abc import Iterable

from django.urls import reverse
from django.utils.translation import gettext as _

from core.errors import DomainError
from core.services import do_notify
from members.models import Member, User
from members.queries import member_of
from projects import stages
from projects.models import Project


class ProjectError(DomainError):
    """An action the project's state, the person's place in it or the input does not allow."""


def require_member(user: User) -> Member:
    member = member_of(user)
    if member is None:
        raise ProjectError("not_a_member", _("Only cluster members can do this."), kind="forbidden")
    return member


def is_confirmed(project: Project, member: Member) -> bool:
    return project.memberships.confirmed().filter(member=member).exists()


def require_team(project: Project, user: User) -> Member:
    member = require_member(user)
    if not is_confirmed(project, member):
        raise ProjectError(
            "not_on_team", _("Only the project's team can change it."), kind="forbidden"
        )
    return member


def require_owner(project: Project, user: User) -> Member:
    member = require_member(user)
    if member.pk != project.owner_id:
        raise ProjectError(
            "not_owner", _("Only the project's owner can do this."), kind="forbidden"
        )
    return member


def require_open(project: Project) -> None:
    if project.stage in stages.FINAL:
        raise ProjectError(
            "project_finished", _("The project is completed or closed."), kind="conflict"
        )


def project_url(project: Project) -> str:
    return reverse("projects:detail", args=[project.pk])


def notify_all(users: Iterable[User], text: str, url: str, subject: str) -> None:
    for user in {u.pk: u for u in users}.values():
        do_notify(user, text, url, email_subject=subject)


def team_users(project: Project, *, besides: User | None = None) -> list[User]:
    users = [
        m.member.user
        for m in project.memberships.confirmed().select_related("member__user")
        if m.member.user.is_active
    ]
    return [u for u in users if besides is None or u.pk != besides.pk]
