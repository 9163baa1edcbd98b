"""Request types for views: what middleware has added to the request by the time a view runs."""

from __future__ import annotations

import ipaddress
from typing import TYPE_CHECKING

from django.conf import settings
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


class ApiRequest(HttpRequest):
    """A request to an API endpoint behind `core.api.AUTH`: the token or the session has
    named the caller, who is both `auth` (as django-ninja sets it) and `user`."""

    auth: User
    user: User


def client_ip(request: HttpRequest) -> str | None:
    """Return the address the person's request came from.

    Behind reverse proxies (`TRUSTED_PROXY_COUNT` of them, set only when the site runs behind
    them) it is the address the first trusted proxy saw, read from the right of
    X-Forwarded-For, where a client cannot forge it; otherwise the connection's own address,
    and X-Forwarded-For is ignored, since anyone may send it. Login lock-out (axes), allauth's
    rate limits and consent records all take it from here.
    """
    count = settings.TRUSTED_PROXY_COUNT
    forwarded = request.META.get("HTTP_X_FORWARDED_FOR", "")
    if count > 0 and forwarded:
        hops = [hop.strip() for hop in forwarded.split(",")]
        candidate = hops[-count] if len(hops) >= count else hops[0]
        try:
            return str(ipaddress.ip_address(candidate))
        except ValueError:
            return None
    return request.META.get("REMOTE_ADDR") or None
