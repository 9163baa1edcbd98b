"""Request types for views: what middleware has added to the request by the time a view runs."""

from django.contrib.auth.models import AnonymousUser
from django.http import HttpRequest
from django_htmx.middleware import HtmxDetails

from members.models import User


class Request(HttpRequest):
    """Any page request: the person may be anonymous."""

    user: User | AnonymousUser
    htmx: HtmxDetails


class AuthenticatedRequest(HttpRequest):
    """A request to a view behind `login_required` (or a stricter role check)."""

    user: User
    htmx: HtmxDetails
