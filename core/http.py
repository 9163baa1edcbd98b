"""Request types for views: what middleware has added to the request by the time a view runs."""

from __future__ import annotations

from typing import TYPE_CHECKING

from django.contrib.auth.models import AnonymousUser
from django.http import HttpRequest
from django_htmx.middleware import HtmxDetails

if TYPE_CHECKING:
    from members.models import User


class Request(HttpRequest):
    """Any page request: the person may be anonymous."""

    user: User | AnonymousUser
    htmx: HtmxDetails


class AuthenticatedRequest(HttpRequest):
    """A request to a view behind `login_required` (or a stricter role check)."""

    user: User
    htmx: HtmxDetails
