"""Roles, invitations and the team of a project."""

from __future__ import annotations

from django.db import transaction
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import override

from core.services import do_notify
from members.models import Member, User
from members.queries import visible_members
from projects.models import (
    MembershipStatus,
    Project,
    ProjectNeed,
    TeamMembership,
    TeamRole,
    TeamRoleKind,
)
from projects.services.guards import (
    ProjectError,
    project_url,
    require_member,
    require_open,
    require_owner,
)


def check_add_role(project: Project, user: User, kind: str, description: str = "") -> TeamRole:
    require_owner(project, user)
    require_open(project)
    if kind not in TeamRoleKind.values:
        raise ProjectError("invalid_role", _("Choose a role."), "kind")
    return TeamRole.objects.create(project=project, kind=kind, description=description.strip())


def check_remove_role(role: TeamRole, user: User) -> None:
    require_owner(role.project, user)
    if role.memberships.active().exists():
        raise ProjectError(
            "role_taken", _("Someone holds or is invited to this role."), kind="conflict"
        )
    role.delete()


@transaction.atomic
def check_invite(
    project: Project,
    user: User,
    invitee: Member | None,
    *,
    role: TeamRole | None = None,
    need: ProjectNeed | None = None,
    message: str = "",
) -> TeamMembership:
    """Return the invitation; the invitee is told in the site and by email."""
    require_owner(project, user)
    require_open(project)
    # A member the owner may not see is refused exactly like a number nobody has, so probing
    # numbers tells nothing about hidden profiles (and they get no invitation).
    if (
        invitee is None
        or not (invitee.is_resident or invitee.is_producer)
        or not visible_members(user).filter(pk=invitee.pk).exists()
    ):
        raise ProjectError("not_a_member", _("Only cluster members can join a team."), "member")
    if role is not None and role.project_id != project.pk:
        raise ProjectError("invalid_role", _("Choose a role of this project."), "role")
    if need is not None and need.project_id != project.pk:
        raise ProjectError("invalid_need", _("Choose a need of this project."), "need")
    # Lock the project so two invitations to the same person or role queue.
    Project.objects.select_for_update().filter(pk=project.pk).first()
    if project.memberships.active().filter(member=invitee).exists():
        raise ProjectError(
            "already_invited",
            _("This member is already on the team or invited."),
            "member",
            kind="conflict",
        )
    if role is not None and role.memberships.active().exists():
        raise ProjectError(
            "role_taken", _("Someone holds or is invited to this role."), "role", kind="conflict"
        )
    membership = TeamMembership.objects.create(
        project=project,
        member=invitee,
        role=role,
        need=need,
        status=MembershipStatus.INVITED,
        message=message.strip()[:2000],
        invited_by=user,
    )
    with override("ru"):
        text = _("%(owner)s invites you to the team of «%(project)s»%(role)s.") % {
            "owner": project.owner.acting_person,
            "project": project.title,
            "role": f" ({role})" if role else "",
        }
        subject = _("Invitation to a project team")
    do_notify(invitee.user, text, reverse("projects:invitations"), email_subject=subject)
    return membership


@transaction.atomic
def check_answer_invitation(membership: TeamMembership, user: User, accept: bool) -> TeamMembership:
    member = require_member(user)
    locked = TeamMembership.objects.select_for_update().get(pk=membership.pk)
    if locked.member_id != member.pk:
        raise ProjectError("not_invited", _("This invitation is not yours."), kind="forbidden")
    if locked.status != MembershipStatus.INVITED:
        raise ProjectError(
            "already_answered", _("This invitation has already been answered."), kind="conflict"
        )
    project = locked.project
    locked.status = MembershipStatus.CONFIRMED if accept else MembershipStatus.DECLINED
    locked.responded_at = timezone.now()
    locked.save(update_fields=["status", "responded_at"])
    if accept:
        if (partner_map := project.partner_map) is not None:
            partner_map.members.add(member)
        if locked.need_id is not None:
            ProjectNeed.objects.filter(pk=locked.need_id).update(covered_by=member)
    with override("ru"):
        template = (
            _("%(member)s joined the team of «%(project)s».")
            if accept
            else _("%(member)s declined the invitation to «%(project)s».")
        )
        text = template % {"member": member.acting_person, "project": project.title}
        subject = _("Answer to your invitation")
    do_notify(project.owner.user, text, project_url(project), email_subject=subject)
    return locked


@transaction.atomic
def check_remove_from_team(membership: TeamMembership, user: User) -> TeamMembership:
    """Withdraw an invitation or take a member off the team (the owner stays)."""
    project = membership.project
    require_owner(project, user)
    if membership.member_id == project.owner_id:
        raise ProjectError(
            "owner_stays", _("The owner cannot leave their own project."), kind="conflict"
        )
    locked = TeamMembership.objects.select_for_update().get(pk=membership.pk)
    if locked.status not in (MembershipStatus.INVITED, MembershipStatus.CONFIRMED):
        raise ProjectError(
            "already_answered", _("This person is not on the team."), kind="conflict"
        )
    locked.status = MembershipStatus.LEFT
    locked.responded_at = timezone.now()
    locked.save(update_fields=["status", "responded_at"])
    if (partner_map := project.partner_map) is not None:
        partner_map.members.remove(locked.member_id)
    ProjectNeed.objects.filter(project=project, covered_by_id=locked.member_id).update(
        covered_by=None
    )
    return locked
