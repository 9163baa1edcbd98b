"""The caller's own directory entry, for views and API handlers that act as that member.

`members.queries.member_of` decides who is a member; these turn "not a member" into the
answer of a page (404, as for anything one may not open) or of the API (403 `not_a_member`,
as documented in docs/openapi.json).
"""

from __future__ import annotations

from django.http import Http404, HttpRequest
from django.utils.translation import gettext as _

from core.api import ApiError
from members.models import Member
from members.queries import member_of


def member_or_404(request: HttpRequest) -> Member:
    """Return the caller's directory entry; raise Http404 if they are not a member."""
    member = member_of(request.user)
    if member is None:
        raise Http404
    return member


def api_member(request: HttpRequest, because: str | None = None) -> Member:
    """Return the caller's directory entry; raise ApiError `not_a_member` (403) if they are
    not a member, with `because` as the message where an endpoint says why in its own words.
    The API's authentication (core/api.py) puts the caller on `request.user` as well as
    `request.auth`."""
    member = member_of(request.user)
    if member is None:
        raise ApiError("not_a_member", because or _("Only cluster members can do this."), 403)
    return member
