"""The JSON API: one NinjaAPI under /api/v1/, each app adding its router.

Errors always come back as {"code": "...", "message": "..."}, with field details where the
input was wrong, so scripts can branch on `code` and people can read `message`.
"""

from __future__ import annotations

from typing import Any

from django.http import Http404, HttpRequest, HttpResponse
from django.utils.translation import gettext as _
from ninja import NinjaAPI
from ninja.errors import AuthenticationError, HttpError, ValidationError

from core.api import reference_router as core_router
from core.errors import DomainError
from events.api import router as events_router
from matching.api import router as matching_router
from meetings.api import router as meetings_router
from members.api import router as members_router
from orders.api import router as orders_router
from plans.api_help import router as plans_help_router
from plans.api_plans import router as plans_plans_router
from projects.api import router as projects_router
from resources.api import router as resources_router
from shops.api import router as shops_router
from support.api import router as support_router
from support.api_applications import router as support_applications_router
from support.api_reviews import router as support_reviews_router
from surveys.api_answers import router as surveys_answers_router
from surveys.api_builder import router as surveys_builder_router
from surveys.api_results import router as surveys_results_router

api = NinjaAPI(
    title="Creative Cluster API",
    version="1.0.0",
    description=(
        "Everything the pages can do, as JSON. Authenticate with a personal token "
        "(`Authorization: Bearer <key>`, created on the profile page) or the browser session."
    ),
    urls_namespace="api",
)


def _error(
    request: HttpRequest, status: int, code: str, message: str, **extra: Any
) -> HttpResponse:
    return api.create_response(request, {"code": code, "message": message, **extra}, status=status)


@api.exception_handler(DomainError)
def on_domain_error(request: HttpRequest, exc: DomainError) -> HttpResponse:
    """Answer a refusal with its kind's status: services decide it where they raise."""
    details = exc.details()
    extra = {"details": details} if details is not None else {}
    return _error(request, exc.status, exc.code, exc.message, **extra)


@api.exception_handler(ValidationError)
def on_validation_error(request: HttpRequest, exc: ValidationError) -> HttpResponse:
    return _error(
        request, 422, "invalid_input", _("Some fields are missing or wrong."), details=exc.errors
    )


@api.exception_handler(AuthenticationError)
def on_authentication_error(request: HttpRequest, exc: AuthenticationError) -> HttpResponse:
    return _error(request, 401, "not_authenticated", _("Log in or send a valid API token."))


@api.exception_handler(Http404)
def on_not_found(request: HttpRequest, exc: Http404) -> HttpResponse:
    return _error(request, 404, "not_found", _("Not found."))


@api.exception_handler(HttpError)
def on_http_error(request: HttpRequest, exc: HttpError) -> HttpResponse:
    code = {403: "forbidden", 405: "method_not_allowed", 429: "throttled"}.get(
        exc.status_code, "error"
    )
    return _error(request, exc.status_code, code, str(exc))


api.add_router("/", core_router)
api.add_router("/", members_router)
api.add_router("/", events_router)
api.add_router("/", meetings_router)
api.add_router("/", resources_router)
api.add_router("/", matching_router)
api.add_router("/", projects_router)
api.add_router("/", orders_router)
api.add_router("/", shops_router)
api.add_router("/", support_router)
api.add_router("/", support_applications_router)
api.add_router("/", support_reviews_router)
api.add_router("/", surveys_builder_router)
api.add_router("/", surveys_answers_router)
api.add_router("/", surveys_results_router)
api.add_router("/", plans_plans_router)
api.add_router("/", plans_help_router)
