"""Reads and access checks for members and applications.

Access functions answer "missing" and "forbidden" alike (404), so outsiders learn nothing.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass

from django.contrib.auth.models import AnonymousUser
from django.db.models import Exists, OuterRef, Q, QuerySet
from django.http import Http404

from core.models import Industry, Town
from core.roles import is_curator
from members.models import Application, ApplicationStatus, Kind, Member, User
from members.search import filter_by_text

AnyUser = User | AnonymousUser


@dataclass(frozen=True)
class DirectoryFilters:
    town: Town | None = None
    industry: Industry | None = None
    role: str = ""
    legal_form: str = ""
    query: str = ""


def member_of(user: AnyUser) -> Member | None:
    """Return the person's directory entry while they are in the cluster; None for anonymous
    people, accounts without an entry, and members who left (`is_active` off): a member who
    left keeps their history but no longer acts as a member anywhere.

    Reads the account's cached `member`, so asking again in one request costs no query."""
    if not user.is_authenticated:
        return None
    member: Member | None = getattr(user, "member", None)
    return member if member is not None and member.is_active else None


def visible_members(user: AnyUser) -> QuerySet[Member]:
    """Return the members this person may find anywhere: in the directory, partner, team and
    order suggestions, order routing, meeting suggestions and invitations.

    The one rule of who sees whom (docs/adr/0008-who-sees-a-member.md): a profile is shown to
    everyone only with its person's consent to a public profile; curators see every active
    member. Every list of members goes through here, so a hidden member turns up nowhere.
    """
    if is_curator(user):
        return Member.objects.filter(is_active=True)
    return Member.objects.listed()


def directory_members(user: AnyUser, filters: DirectoryFilters) -> QuerySet[Member]:
    members = visible_members(user)
    if filters.town is not None:
        members = members.filter(town=filters.town)
    if filters.industry is not None:
        members = members.filter(industries=filters.industry)
    if filters.role:
        members = members.filter(**{f"is_{filters.role}": True})
    if filters.legal_form:
        members = members.filter(legal_form=filters.legal_form)
    members = filter_by_text(members, filters.query)
    return (
        members.select_related("town").prefetch_related("industries").order_by("display_name", "id")
    )


def find_member_for_user(user: AnyUser, member_id: int) -> Member | None:
    """Return a member's profile for this person: one they may see, or their own; None for
    a number nobody has and for one they may not see alike.

    Curators also open the profiles of members who left (to answer for their history).
    For a number named in an API request's body, which answers 422 when nothing is found.
    """
    members: QuerySet[Member]
    if is_curator(user):
        members = Member.objects.all()
    elif user.is_authenticated:
        members = visible_members(user) | Member.objects.filter(user_id=user.pk)
    else:
        members = visible_members(user)
    return (
        members.select_related("town", "user")
        .prefetch_related("industries")
        .filter(pk=member_id)
        .first()
    )


def access_member_for_user(user: AnyUser, member_id: int) -> Member:
    """Return `find_member_for_user`'s member; raise Http404 if there is none."""
    member = find_member_for_user(user, member_id)
    if member is None:
        raise Http404
    return member


def members_by_id(member_ids: Iterable[int]) -> dict[int, Member]:
    """Return the members with these numbers, whoever may see them: for lists whose rule
    decides who may be named (`orders.services.check_teammates`) and answers a number nobody
    has as it answers one that is not allowed."""
    return Member.objects.in_bulk(list(member_ids))


def can_see_inn(user: AnyUser, member: Member) -> bool:
    """Return whether this person may read the member's ИНН.

    An organisation's ИНН is public registry data; a person's (self-employed, ИП) is personal
    data, shown only to its owner and to the curators.
    """
    if not member.inn_is_personal:
        return True
    return is_curator(user) or (user.is_authenticated and member.user_id == user.pk)


def open_application_for(user: User) -> Application | None:
    return (
        Application.objects.filter(
            applicant=user,
            status__in=[ApplicationStatus.SUBMITTED, ApplicationStatus.NEEDS_INFO],
        )
        .prefetch_related("industries")
        .first()
    )


def latest_application_for(user: User) -> Application | None:
    return Application.objects.filter(applicant=user).select_related("town").first()


def may_apply_to_join(user: User, member: Member | None) -> bool:
    """Return whether the dashboard should invite this person to apply: curators, clients,
    partners and administrators came for something else and have their own next steps."""
    has_other_role = is_curator(user) or user.is_client or user.is_partner
    return not has_other_role and member is None


def greeting_name(user: User, member: Member | None, application: Application | None) -> str:
    """Return the name to greet this person by: their name on the account, their own
    directory entry or their application; "" if none is known (never the e-mail)."""
    if user.person_name:
        return user.person_name
    if member is not None and member.kind == Kind.PERSON:
        return member.display_name
    return application.full_name if application is not None else ""


def application_queue(status: str = "") -> QuerySet[Application]:
    applications = (
        Application.objects.select_related("town", "applicant")
        .prefetch_related("industries")
        .annotate(inn_duplicate=_same_inn_as_member() | _same_inn_as_application())
    )
    if status:
        return applications.filter(status=status)
    return applications.filter(
        Q(status=ApplicationStatus.SUBMITTED) | Q(status=ApplicationStatus.NEEDS_INFO)
    )


def access_application_for_curator(user: AnyUser, application_id: int) -> Application:
    if not is_curator(user):
        raise Http404
    application = (
        Application.objects.select_related("town", "applicant")
        .prefetch_related("industries", "events__actor")
        .filter(pk=application_id)
        .first()
    )
    if application is None:
        raise Http404
    return application


OPEN_APPLICATIONS = [ApplicationStatus.SUBMITTED, ApplicationStatus.NEEDS_INFO]


def _same_inn_as_member() -> Exists:
    """Whether an active member other than the applicant has the application's ИНН."""
    members = Member.objects.filter(inn=OuterRef("inn"), is_active=True).exclude(inn="")
    return Exists(members.exclude(user_id=OuterRef("applicant_id")))


def _same_inn_as_application() -> Exists:
    """Whether another person's open application names the same ИНН."""
    others = Application.objects.filter(inn=OuterRef("inn"), status__in=OPEN_APPLICATIONS)
    return Exists(others.exclude(inn="").exclude(applicant_id=OuterRef("applicant_id")))


@dataclass(frozen=True)
class InnDuplicates:
    members: list[Member]
    applications: list[Application]

    def __bool__(self) -> bool:
        return bool(self.members or self.applications)


def inn_duplicates(application: Application) -> InnDuplicates:
    """Return who else names the application's ИНН, for the curator to compare: active members
    and other people's open applications (2 queries)."""
    if not application.inn:
        return InnDuplicates([], [])
    members = Member.objects.filter(inn=application.inn, is_active=True).exclude(
        user_id=application.applicant_id
    )
    applications = Application.objects.filter(
        inn=application.inn, status__in=OPEN_APPLICATIONS
    ).exclude(applicant_id=application.applicant_id)
    return InnDuplicates(list(members.order_by("display_name", "id")), list(applications))
