"""Page-level role checks. Object-level checks live in each app's `queries.access_*`."""

from __future__ import annotations

from collections.abc import Callable
from functools import wraps
from typing import Any

from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpRequest, HttpResponse

View = Callable[..., HttpResponse]


def is_curator(user: Any) -> bool:
    """Return whether the person acts as a curator: an active account with the curator flag,
    or a superuser (`createsuperuser` sets no flag). The only definition: never read the
    flag alone."""
    return bool(user.is_authenticated and user.is_active and (user.is_curator or user.is_superuser))


def curator_required(view: View) -> View:
    """Let curators in; send anonymous people to log in; show everyone else "not found"."""

    @login_required
    @wraps(view)
    def wrapper(request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        if not is_curator(request.user):
            raise Http404
        return view(request, *args, **kwargs)

    return wrapper


def member_required(view: View) -> View:
    """Let residents, producers and partners with a directory entry in."""

    @login_required
    @wraps(view)
    def wrapper(request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        if not hasattr(request.user, "member"):
            raise Http404
        return view(request, *args, **kwargs)

    return wrapper
