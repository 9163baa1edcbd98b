"""Reads and access checks for members and applications.

Access functions answer "missing" and "forbidden" alike (404), so outsiders learn nothing.
"""

from __future__ import annotations

from dataclasses import dataclass

from django.contrib.auth.models import AnonymousUser
from django.db.models import Q, QuerySet
from django.http import Http404

from core.models import Industry, Town
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


def can_see_hidden_members(user: AnyUser) -> bool:
    return bool(user.is_authenticated and (user.is_curator or user.is_superuser))


def visible_members(user: AnyUser) -> QuerySet[Member]:
    """Return the members this person may see: the public directory, or everyone for curators."""
    if can_see_hidden_members(user):
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


def access_member_for_user(user: AnyUser, member_id: int) -> Member:
    member = (
        Member.objects.select_related("town", "user")
        .prefetch_related("industries")
        .filter(pk=member_id)
        .first()
    )
    if member is None:
        raise Http404
    is_own = user.is_authenticated and member.user_id == user.pk
    if (
        not is_own
        and not (member.is_active and member.public_profile)
        and not can_see_hidden_members(user)
    ):
        raise Http404
    return member


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
    has_other_role = user.is_curator or user.is_client or user.is_partner or user.is_superuser
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
    applications = Application.objects.select_related("town", "applicant").prefetch_related(
        "industries"
    )
    if status:
        return applications.filter(status=status)
    return applications.filter(
        Q(status=ApplicationStatus.SUBMITTED) | Q(status=ApplicationStatus.NEEDS_INFO)
    )


def access_application_for_curator(user: AnyUser, application_id: int) -> Application:
    if not can_see_hidden_members(user):
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
