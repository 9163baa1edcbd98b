"""Who may see and do what with applications for support. Missing and forbidden both answer
404, as for measures: nobody learns that someone else applied.

- The applicant (the member who applied) sees their application in every status.
- Curators see every application that was sent (not drafts: a draft is the applicant's own),
  assign reviewers and decide.
- The measure's partner provider sees the sent applications to their measure.
- An assigned reviewer sees the sent applications of the measure, but not the scores of
  others where they declared a conflict of interest, and never scores their own application.
"""

from __future__ import annotations

from django.contrib.auth.models import AnonymousUser
from django.http import Http404

from core.roles import is_curator
from members.models import Member, User
from members.queries import member_of
from support.models import Application, ApplicationStatus, Measure, Reviewer

AnyUser = User | AnonymousUser
UNSENT = [ApplicationStatus.DRAFT, ApplicationStatus.WITHDRAWN]


def may_decide(user: AnyUser, measure: Measure) -> bool:
    """Return whether the person assigns reviewers and decides on the measure: curators."""
    return is_curator(user)


def is_reviewer(user: AnyUser, measure: Measure) -> bool:
    """Return whether a curator assigned the person to score the measure (1 query)."""
    return user.is_authenticated and Reviewer.objects.filter(measure=measure, user=user).exists()


def is_provider(user: AnyUser, measure: Measure) -> bool:
    member = member_of(user)
    return member is not None and member.is_partner and measure.provider_member_id == member.pk


def is_applicant(user: AnyUser, application: Application) -> bool:
    member: Member | None = member_of(user)
    return member is not None and application.member_id == member.pk


def can_see_application(user: AnyUser, application: Application) -> bool:
    if is_applicant(user, application):
        return True
    if application.status in UNSENT:
        return False
    measure = application.measure
    return is_curator(user) or is_provider(user, measure) or is_reviewer(user, measure)


def access_application(user: AnyUser, application_id: int) -> Application:
    """Return the application with its measure and member, if the person may see it."""
    application = (
        Application.objects.select_related("measure", "measure__provider_member", "member__town")
        .filter(pk=application_id)
        .first()
    )
    if application is None or not can_see_application(user, application):
        raise Http404
    return application
