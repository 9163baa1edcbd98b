"""Every write to projects, teams, pitches, interests and products goes through here.

`check_*` functions validate what people send and raise `ProjectError` with a stable code;
nothing is written when they raise. A project's stage changes only in `check_move_project`,
under the project's row lock, after the entry rules in `projects.stages` pass; each change is
recorded. Edits carry the `version` they started from, so a second editor working from an old
copy gets a conflict instead of silently overwriting the first.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import date
from decimal import Decimal
from typing import Any

from django.core.files.uploadedfile import UploadedFile
from django.db import transaction
from django.db.models import F
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import override

from core.errors import DomainError, Kind
from core.models import Industry, Town
from core.roles import is_curator
from core.services import do_notify
from events.models import Event
from members.models import Member, User
from members.queries import member_of, visible_members
from projects import stages
from projects.models import (
    INTEREST_FINAL,
    Interest,
    InterestKind,
    InterestMessage,
    InterestStatus,
    MembershipStatus,
    Pitch,
    Product,
    ProductMaker,
    ProductPhoto,
    Project,
    ProjectNeed,
    ProjectStep,
    Stage,
    StageTransition,
    TeamMembership,
    TeamRole,
    TeamRoleKind,
)
from projects.photos import PhotoError, checked_image, thumbnail_name, thumbnail_of
from projects.queries import missing_in_words, pitch_events, stage_facts
from resources.models import ItemType, PartnerMap
from resources.services import do_create_partner_map

HUNDRED = Decimal("100")
MAX_PHOTOS = 8


class ProjectError(DomainError):
    """An action the project's state, the person's place in it or the input does not allow."""


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


def _member(user: User) -> Member:
    member = member_of(user)
    if member is None:
        raise ProjectError("not_a_member", _("Only cluster members can do this."), kind="forbidden")
    return member


def _confirmed(project: Project, member: Member) -> bool:
    return project.memberships.confirmed().filter(member=member).exists()


def _require_team(project: Project, user: User) -> Member:
    member = _member(user)
    if not _confirmed(project, member):
        raise ProjectError(
            "not_on_team", _("Only the project's team can change it."), kind="forbidden"
        )
    return member


def _require_owner(project: Project, user: User) -> Member:
    member = _member(user)
    if member.pk != project.owner_id:
        raise ProjectError(
            "not_owner", _("Only the project's owner can do this."), kind="forbidden"
        )
    return member


def _require_open(project: Project) -> None:
    if project.stage in stages.FINAL:
        raise ProjectError(
            "project_finished", _("The project is completed or closed."), kind="conflict"
        )


def _project_url(project: Project) -> str:
    return reverse("projects:detail", args=[project.pk])


def _notify_all(users: Iterable[User], text: str, url: str, subject: str) -> None:
    for user in {u.pk: u for u in users}.values():
        do_notify(user, text, url, email_subject=subject)


def _team_users(project: Project, *, besides: User | None = None) -> list[User]:
    users = [
        m.member.user
        for m in project.memberships.confirmed().select_related("member__user")
        if m.member.user.is_active
    ]
    return [u for u in users if besides is None or u.pk != besides.pk]


# --- Projects ---------------------------------------------------------------------------


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
    owner = _member(user)
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
    _require_team(project, user)
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
        _require_owner(project, user)
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
    _notify_all(
        [u for u in [*_team_users(locked), *interested] if u.pk != user.pk],
        text,
        _project_url(locked),
        subject,
    )
    return locked


# --- Plan steps and needs ---------------------------------------------------------------


def check_add_step(
    project: Project, user: User, title: str, due_on: date | None = None
) -> ProjectStep:
    _require_team(project, user)
    _require_open(project)
    if not title.strip():
        raise ProjectError("title_required", _("Describe the step."), "title")
    return ProjectStep.objects.create(project=project, title=title.strip()[:300], due_on=due_on)


def check_toggle_step(step: ProjectStep, user: User) -> ProjectStep:
    _require_team(step.project, user)
    step.done_at = None if step.done_at else timezone.now()
    step.save(update_fields=["done_at"])
    return step


@transaction.atomic
def check_remove_step(step: ProjectStep, user: User) -> None:
    _require_team(step.project, user)
    locked = Project.objects.select_for_update().get(pk=step.project_id)
    if stages.needs_start_date(locked.stage) and locked.steps.count() <= 1:
        raise ProjectError(
            "needs_plan_step", _("A launched project keeps at least one step."), kind="conflict"
        )
    step.delete()


def check_add_need(project: Project, user: User, type_: str, text: str) -> ProjectNeed:
    _require_team(project, user)
    _require_open(project)
    if type_ not in ItemType.values:
        raise ProjectError("invalid_type", _("Choose what kind of resource it is."), "type")
    if not text.strip():
        raise ProjectError("text_required", _("Describe what the project needs."), "text")
    return ProjectNeed.objects.create(project=project, type=type_, text=text.strip()[:1000])


def check_remove_need(need: ProjectNeed, user: User) -> None:
    _require_team(need.project, user)
    need.delete()


# --- Team -------------------------------------------------------------------------------


def check_add_role(project: Project, user: User, kind: str, description: str = "") -> TeamRole:
    _require_owner(project, user)
    _require_open(project)
    if kind not in TeamRoleKind.values:
        raise ProjectError("invalid_role", _("Choose a role."), "kind")
    return TeamRole.objects.create(project=project, kind=kind, description=description.strip())


def check_remove_role(role: TeamRole, user: User) -> None:
    _require_owner(role.project, user)
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
    _require_owner(project, user)
    _require_open(project)
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
    member = _member(user)
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
        if project.partner_map_id is not None:
            project.partner_map.members.add(member)  # type: ignore[union-attr]
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
    do_notify(project.owner.user, text, _project_url(project), email_subject=subject)
    return locked


@transaction.atomic
def check_remove_from_team(membership: TeamMembership, user: User) -> TeamMembership:
    """Withdraw an invitation or take a member off the team (the owner stays)."""
    project = membership.project
    _require_owner(project, user)
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
    if project.partner_map_id is not None:
        project.partner_map.members.remove(locked.member_id)  # type: ignore[union-attr]
    ProjectNeed.objects.filter(project=project, covered_by_id=locked.member_id).update(
        covered_by=None
    )
    return locked


# --- Pitches and interest ---------------------------------------------------------------


def _require_published(project: Project) -> None:
    if project.published_at is None:
        raise ProjectError(
            "not_pitched", _("The project has not been pitched yet."), kind="conflict"
        )
    _require_open(project)


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
        _require_team(project, user)
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
    _notify_all(_team_users(project), text, _project_url(project), subject)
    return interest


@transaction.atomic
def check_follow_up_interest(
    interest: Interest, user: User, text: str = "", status: str = ""
) -> InterestMessage:
    """Return the follow-up: an answer, a reply, or a status change until agreed or dropped."""
    project = interest.project
    is_author = interest.author_id == user.pk
    member = getattr(user, "member", None)
    on_team = member is not None and _confirmed(project, member)
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
    recipients = [locked.author] if on_team and not is_author else _team_users(project)
    with override("ru"):
        note = _("New reply about «%(project)s».") % {"project": project.title}
        subject = _("Partner interest in your project")
    _notify_all([u for u in recipients if u.pk != user.pk], note, _project_url(project), subject)
    return message


# --- Products ---------------------------------------------------------------------------


@dataclass
class MakerShare:
    member: Member | None
    share: Decimal


@dataclass
class ProductData:
    title: str
    price: Decimal
    unit: str
    makers: list[MakerShare]
    description: str = ""
    is_listed: bool = False
    project: Project | None = None


class ProductError(ProjectError):
    """A product that breaks a rule: its makers' shares, its price, its photos."""


def _validate_product(data: ProductData) -> None:
    if not data.title.strip():
        raise ProductError("title_required", _("Give the product a title."), "title")
    if data.price is None or data.price < 0:
        raise ProductError("negative_price", _("The price cannot be negative."), "price")
    if not data.makers:
        raise ProductError("makers_required", _("Name at least one maker."), "makers")
    seen: set[int] = set()
    for maker in data.makers:
        if maker.member is None or not maker.member.is_active:
            raise ProductError("not_a_member", _("Makers are cluster members."), "makers")
        if maker.member.pk in seen:
            raise ProductError("maker_twice", _("Each maker is named once."), "makers")
        seen.add(maker.member.pk)
        if not (0 < maker.share <= HUNDRED):
            raise ProductError(
                "invalid_share", _("Each share is more than 0% and at most 100%."), "makers"
            )
    if sum((m.share for m in data.makers), Decimal(0)) != HUNDRED:
        raise ProductError("shares_not_100", _("The makers' shares must add up to 100%."), "makers")


def _require_product_editor(product: Product, user: User) -> Member:
    member = _member(user)
    if product.owner_member_id == member.pk:
        return member
    if product.project_id is not None and _confirmed(product.project, member):  # type: ignore[arg-type]
        return member
    raise ProjectError(
        "not_on_team",
        _("Only the product's owner or project team can change it."),
        kind="forbidden",
    )


def _save_makers(product: Product, makers: list[MakerShare]) -> None:
    product.makers.all().delete()
    ProductMaker.objects.bulk_create(
        ProductMaker(product=product, member=m.member, share=m.share) for m in makers
    )


@transaction.atomic
def check_create_product(user: User, data: ProductData, *, external_id: str = "") -> Product:
    """Return a product of the person's own, or of a project whose team they are on."""
    member = _member(user)
    if data.project is not None and not _confirmed(data.project, member):
        raise ProjectError(
            "not_on_team", _("Only the project's team can add its products."), kind="forbidden"
        )
    _validate_product(data)
    product = Product.objects.create(
        title=data.title.strip(),
        description=data.description.strip(),
        price=data.price,
        unit=data.unit,
        project=data.project,
        owner_member=None if data.project is not None else member,
        is_listed=data.is_listed,
        external_id=external_id,
    )
    _save_makers(product, data.makers)
    return product


@transaction.atomic
def check_update_product(product: Product, user: User, data: ProductData) -> Product:
    _require_product_editor(product, user)
    _validate_product(data)
    product.title = data.title.strip()
    product.description = data.description.strip()
    product.price = data.price
    product.unit = data.unit
    product.is_listed = data.is_listed
    product.save(update_fields=["title", "description", "price", "unit", "is_listed"])
    _save_makers(product, data.makers)
    return product


@transaction.atomic
def check_add_photo(product: Product, user: User, upload: UploadedFile) -> ProductPhoto:
    """Return the stored photo with its thumbnail; a broken or huge file stores nothing."""
    _require_product_editor(product, user)
    if product.photos.count() >= MAX_PHOTOS:
        raise ProductError(
            "too_many_photos", _("A product has at most 8 photos."), "image", kind="conflict"
        )
    try:
        extension = checked_image(upload)
        thumbnail = thumbnail_of(upload)
    except PhotoError as error:
        raise ProductError(error.code, error.message, "image") from error
    photo = ProductPhoto(product=product)
    photo.image.save(f"product-{product.pk}.{extension}", upload, save=False)
    photo.thumbnail.save(thumbnail_name(photo.image.name or ""), thumbnail, save=False)
    photo.save()
    return photo


def check_remove_photo(photo: ProductPhoto, user: User) -> None:
    _require_product_editor(photo.product, user)
    names = [photo.image.name, photo.thumbnail.name]
    storage = photo.image.storage
    photo.delete()

    def delete_files() -> None:
        for name in names:
            if name:
                storage.delete(name)

    transaction.on_commit(delete_files)
