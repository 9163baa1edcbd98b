"""Reads and access checks for projects, teams, interests and products.

Who sees a project: its team (the owner and everyone invited or confirmed) and curators always;
members and partners once it has reached the pitch. Missing and hidden both answer 404.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, field
from datetime import datetime, timedelta
from typing import TypeVar

from django.db.models import Count, Prefetch, Q, QuerySet
from django.http import Http404
from django.shortcuts import get_object_or_404
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext as _

from core.roles import is_curator
from events.models import Event
from events.queries import visible_events
from members.models import Member
from members.queries import AnyUser, member_of
from projects import stages
from projects.models import (
    ACTIVE_MEMBERSHIP,
    Interest,
    InterestMessage,
    MembershipStatus,
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
)
from projects.stages import ORDER

# The parts of a project opened by their own id: each has a `project`.
Child = TypeVar("Child", ProjectStep, ProjectNeed, TeamMembership)

STAGE_ORDER = [*ORDER, Stage.CLOSED]
# A pitch is often written down after the weekend it was made at, so recent events stay offered.
# A pitch is often recorded long after the event (the March weekend's pitches in the autumn):
# a year back keeps every such event in reach and the list short enough for a phone.
PITCH_EVENT_PAST = timedelta(days=365)


def sees_published_projects(user: AnyUser) -> bool:
    """Return whether pitched projects are open to this person: members and partners."""
    return bool(user.is_authenticated and (member_of(user) is not None or user.is_partner))


def visible_projects(user: AnyUser) -> QuerySet[Project]:
    if is_curator(user):
        return Project.objects.all()
    if not user.is_authenticated:
        return Project.objects.none()
    member = member_of(user)
    own = (
        TeamMembership.objects.filter(member=member, status__in=ACTIVE_MEMBERSHIP).values(
            "project_id"
        )
        if member is not None
        else TeamMembership.objects.none().values("project_id")
    )
    condition = Q(pk__in=own)
    if sees_published_projects(user):
        condition |= Q(published_at__isnull=False)
    return Project.objects.filter(condition)


def project_list(user: AnyUser, stage: str = "", query: str = "") -> QuerySet[Project]:
    projects = visible_projects(user).select_related("owner__town").prefetch_related("industries")
    if stage:
        projects = projects.filter(stage=stage)
    if query:
        projects = projects.filter(Q(title__icontains=query) | Q(summary__icontains=query))
    return projects.annotate(
        team_size=Count("memberships", filter=Q(memberships__status=MembershipStatus.CONFIRMED))
    ).order_by("-updated_at", "-id")


def find_project_for_user(user: AnyUser, project_id: int) -> Project | None:
    """Return the project if this person may see it; None for a number nobody has and for a
    hidden project alike. For a number named in an API request's body (answered with 422)."""
    return visible_projects(user).filter(pk=project_id).first()


def access_project_for_user(user: AnyUser, project_id: int) -> Project:
    project = (
        visible_projects(user)
        .select_related("owner__town", "owner__user", "partner_map")
        .prefetch_related("industries", "towns")
        .filter(pk=project_id)
        .first()
    )
    if project is None:
        raise Http404
    return project


def access_project_for_team(user: AnyUser, project_id: int) -> Project:
    """Return the project for changing its description: its confirmed team alone; whoever
    else sees it is told "not found", as for a missing project."""
    project = access_project_for_user(user, project_id)
    if not is_on_team(user, project):
        raise Http404
    return project


# A step, need or membership shows on its project's pages: whoever sees the project opens
# it (what they may change is the service's rule); anyone else is told "not found".


def _child_for_user(user: AnyUser, model: type[Child], child_id: int) -> Child:
    child = get_object_or_404(model.objects.select_related("project"), pk=child_id)
    access_project_for_user(user, child.project_id)
    return child


def access_step_for_user(user: AnyUser, step_id: int) -> ProjectStep:
    return _child_for_user(user, ProjectStep, step_id)


def access_need_for_user(user: AnyUser, need_id: int) -> ProjectNeed:
    return _child_for_user(user, ProjectNeed, need_id)


def access_membership_for_user(user: AnyUser, membership_id: int) -> TeamMembership:
    return _child_for_user(user, TeamMembership, membership_id)


def team_of(project: Project) -> list[TeamMembership]:
    """Return the live memberships (invited and confirmed), owner first."""
    memberships = list(
        project.memberships.active().select_related("member__town", "member__user", "role", "need")
    )
    return sorted(memberships, key=lambda m: (m.member_id != project.owner_id, m.created_at, m.pk))


def is_owner(user: AnyUser, project: Project) -> bool:
    member = member_of(user)
    return member is not None and member.pk == project.owner_id


def is_on_team(user: AnyUser, project: Project) -> bool:
    """Return whether the person is a confirmed member of the project's team."""
    member = member_of(user)
    return member is not None and project.memberships.confirmed().filter(member=member).exists()


def access_membership_for_invitee(user: AnyUser, membership_id: int) -> TeamMembership:
    member = member_of(user)
    membership = (
        TeamMembership.objects.select_related("project__owner__user", "member__user", "role")
        .filter(pk=membership_id, member=member)
        .first()
        if member is not None
        else None
    )
    if membership is None:
        raise Http404
    return membership


def my_invitations(user: AnyUser) -> QuerySet[TeamMembership]:
    member = member_of(user)
    return TeamMembership.objects.filter(
        member=member, status=MembershipStatus.INVITED
    ).select_related("project__owner__user", "role")


@dataclass
class RoleSlot:
    role: TeamRole
    membership: TeamMembership | None

    @property
    def is_open(self) -> bool:
        return self.membership is None


def role_slots(project: Project, team: list[TeamMembership]) -> list[RoleSlot]:
    """Return every role with the live membership that fills it, or none if it is open."""
    by_role = {m.role_id: m for m in team if m.role_id is not None}
    return [RoleSlot(role, by_role.get(role.pk)) for role in project.roles.all()]


def open_needs(project: Project) -> list[ProjectNeed]:
    return [need for need in project.needs.all() if need.covered_by_id is None]


def pitch_events(user: AnyUser, now: datetime | None = None) -> QuerySet[Event]:
    """Return the events a pitch may be tied to: those the person sees that are coming, under
    way, or ended within `PITCH_EVENT_PAST`, the latest first."""
    since = (now or timezone.now()) - PITCH_EVENT_PAST
    return visible_events(user).filter(ends_at__gte=since).order_by("-starts_at", "-id")


def transitions_of(project: Project) -> QuerySet[StageTransition]:
    return project.transitions.select_related("actor__member")


# --- What a stage move needs ------------------------------------------------------------


def stage_facts(project: Project, comment: str = "") -> stages.Facts:
    """Return what the stage rules look at, naming the open roles, the people who have not
    answered, the needs nobody covers and the steps not done."""
    live = list(project.memberships.active().select_related("member", "role"))
    confirmed = [m for m in live if m.status == MembershipStatus.CONFIRMED]
    invited = [m for m in live if m.status == MembershipStatus.INVITED]
    # A role offered in an unanswered invitation shows once, as the invitation.
    held = {m.role_id for m in live if m.role_id is not None}
    steps = list(project.steps.all())
    pitches = list(project.pitches.select_related("event"))
    today = timezone.localdate()
    return stages.Facts(
        has_summary=bool(project.summary.strip()),
        industries=project.industries.count(),
        confirmed_members=len(confirmed),
        has_start_date=project.starts_on is not None,
        steps=len(steps),
        has_end_date=project.ends_on is not None,
        comment=comment,
        # A pitch planned for a coming event counts once its day has come.
        pitches=sum(1 for p in pitches if p.held_on <= today),
        upcoming_pitches=tuple(
            f"{date_format(p.held_on, 'j E')} · {p.event.title}"
            if p.event
            else date_format(p.held_on, "j E")
            for p in pitches
            if p.held_on > today
        ),
        open_roles=tuple(str(r) for r in project.roles.all() if r.pk not in held),
        pending_invitations=tuple(
            f"{m.member.display_name} ({m.role})" if m.role else m.member.display_name
            for m in invited
        ),
        uncovered_needs=tuple(n.text for n in project.needs.filter(covered_by__isnull=True)),
        unfinished_steps=tuple(s.title for s in steps if s.done_at is None),
    )


def rule_words(code: str) -> tuple[str, str]:
    """Return a rule in words and the heading of the things that break it."""
    words = {
        stages.ILLEGAL: (_("The project cannot move to that stage from here."), ""),
        "needs_summary": (_("A description of the idea"), ""),
        "needs_industry": (_("At least one creative industry"), ""),
        "needs_pitch": (
            _("At least one pitch to partners recorded"),
            _("pitches that have not taken place yet"),
        ),
        "needs_team": (_("At least two confirmed team members"), ""),
        "needs_roles_filled": (
            _("Every role taken by a confirmed member"),
            _("nobody holds yet"),
        ),
        "needs_invitations_answered": (
            _("Every invitation answered or withdrawn"),
            _("still unanswered"),
        ),
        "needs_covered": (
            _("Every need covered by the team or taken off the list"),
            _("not covered"),
        ),
        "needs_start_date": (_("A start date"), ""),
        "needs_plan_step": (_("At least one step in the plan"), ""),
        "needs_steps_done": (_("Every step of the plan done"), _("not done yet")),
        "needs_end_date": (_("An end date"), ""),
        "needs_reason": (_("A reason for closing"), ""),
    }
    return words[code]


def missing_in_words(problem: stages.Missing) -> str:
    """Return one missing thing as a line: the rule, then the concrete things that break it."""
    text, heading = rule_words(problem.code)
    if not problem.items:
        return text
    return f"{text} — {heading}: {', '.join(problem.items)}"


@dataclass
class Requirement:
    code: str
    text: str
    met: bool
    heading: str = ""
    items: tuple[str, ...] = ()


@dataclass
class NextMove:
    stage: str
    requirements: list[Requirement]

    @property
    def blocked(self) -> bool:
        return any(not r.met for r in self.requirements)

    @property
    def waivable(self) -> bool:
        return all(r.met or r.code in stages.WAIVABLE for r in self.requirements)

    @property
    def unwaivable(self) -> list[Requirement]:
        """Return the unmet rules no curator may waive: what the team writes on the card."""
        return [r for r in self.requirements if not r.met and r.code not in stages.WAIVABLE]


def next_moves(project: Project) -> list[NextMove]:
    """Return each stage the project may move to next (closing aside), with every rule of the
    move: met or not, and what breaks it."""
    facts = stage_facts(project)
    moves = []
    for target in stages.next_stages(project.stage):
        if target == Stage.CLOSED:
            continue
        problems = {m.code: m for m in stages.missing(project.stage, target, facts)}
        requirements = []
        for code in stages.REQUIREMENTS[target]:
            text, heading = rule_words(code)
            problem = problems.get(code)
            items = problem.items if problem else ()
            requirements.append(Requirement(code, text, problem is None, heading, items))
        moves.append(NextMove(target, requirements))
    return moves


def interests_of(project: Project, viewer: AnyUser) -> QuerySet[Interest]:
    """Return the interest in the project the viewer may read: all of it for the team and
    curators, a partner's own otherwise (partners do not see each other's offers)."""
    interests = project.interests.select_related("author__member", "pitch__event")
    if not (is_curator(viewer) or is_on_team(viewer, project)):
        interests = interests.filter(author_id=viewer.pk)
    return interests.prefetch_related(
        Prefetch("messages", queryset=InterestMessage.objects.select_related("author__member"))
    )


def access_interest_for_user(user: AnyUser, interest_id: int) -> Interest:
    interest = Interest.objects.select_related("project", "author").filter(pk=interest_id).first()
    if interest is None:
        raise Http404
    # The interest shows on the project page; whoever sees the project sees it.
    access_project_for_user(user, interest.project_id)
    return interest


@dataclass
class Portfolio:
    member: Member
    by_stage: dict[str, list[Project]] = field(default_factory=dict)
    teams: list[TeamMembership] = field(default_factory=list)
    products: list[Product] = field(default_factory=list)


def portfolio_of(member: Member, viewer: AnyUser) -> Portfolio:
    """Return the member's projects by stage, the teams they are in, and their products,
    limited to what the viewer may see."""
    visible = visible_projects(viewer)
    owned = visible.filter(owner=member).order_by("-updated_at", "-id")
    by_stage: dict[str, list[Project]] = defaultdict(list)
    for project in owned:
        by_stage[project.stage].append(project)
    teams = list(
        TeamMembership.objects.filter(
            member=member, status=MembershipStatus.CONFIRMED, project__in=visible
        )
        .exclude(project__owner=member)
        .select_related("project", "role")
    )
    products = list(products_of_member(member, viewer))
    ordered = {stage: by_stage[stage] for stage in STAGE_ORDER if by_stage.get(stage)}
    return Portfolio(member, ordered, teams, products)


# --- Products ---------------------------------------------------------------------------


def visible_products(user: AnyUser) -> QuerySet[Product]:
    """Listed products are public; unlisted ones only for those who may edit them."""
    if is_curator(user):
        return Product.objects.all()
    condition = Q(is_listed=True)
    member = member_of(user)
    if member is not None:
        teams = TeamMembership.objects.filter(
            member=member, status=MembershipStatus.CONFIRMED
        ).values("project_id")
        condition |= Q(owner_member=member) | Q(project__in=teams) | Q(makers__member=member)
    return Product.objects.filter(condition).distinct()


def product_list(user: AnyUser) -> QuerySet[Product]:
    return (
        visible_products(user)
        .select_related("owner_member", "project")
        .prefetch_related(
            Prefetch("makers", queryset=ProductMaker.objects.select_related("member")), "photos"
        )
        .order_by("title", "id")
    )


def products_of_member(member: Member, viewer: AnyUser) -> QuerySet[Product]:
    return product_list(viewer).filter(Q(owner_member=member) | Q(makers__member=member))


def access_product_for_user(user: AnyUser, product_id: int) -> Product:
    product = product_list(user).filter(pk=product_id).first()
    if product is None:
        raise Http404
    return product


def access_product_for_editor(user: AnyUser, product_id: int) -> Product:
    """Return the product for changing it (`can_edit_product`); whoever else sees it is told
    "not found", as for a missing product."""
    product = access_product_for_user(user, product_id)
    if not can_edit_product(user, product):
        raise Http404
    return product


def access_photo_for_user(user: AnyUser, photo_id: int) -> ProductPhoto:
    """Return a photo of a product this person may see (who may remove it is the service's
    rule)."""
    photo = ProductPhoto.objects.select_related("product").filter(pk=photo_id).first()
    if photo is None:
        raise Http404
    access_product_for_user(user, photo.product_id)
    return photo


def maker_candidates(member: Member, project: Project | None = None) -> QuerySet[Member]:
    """Return who may be named as a product's maker: the member and everyone active on their
    confirmed teams (on `project`'s team only, when the product belongs to one)."""
    teams = TeamMembership.objects.filter(member=member, status=MembershipStatus.CONFIRMED).values(
        "project_id"
    )
    if project is not None:
        teams = teams.filter(project=project)
    ids = TeamMembership.objects.filter(
        project__in=teams, status=MembershipStatus.CONFIRMED
    ).values("member_id")
    return Member.objects.filter(Q(pk__in=ids) | Q(pk=member.pk), is_active=True).order_by(
        "display_name"
    )


def product_projects(member: Member) -> QuerySet[Project]:
    """Return the projects the member may put a product under: their confirmed teams', the
    closed ones aside."""
    return Project.objects.filter(
        memberships__member=member, memberships__status=MembershipStatus.CONFIRMED
    ).exclude(stage=Stage.CLOSED)


def can_edit_product(user: AnyUser, product: Product) -> bool:
    member = member_of(user)
    if member is None:
        return False
    if product.owner_member_id == member.pk:
        return True
    return product.project_id is not None and (
        TeamMembership.objects.confirmed()
        .filter(project_id=product.project_id, member=member)
        .exists()
    )
