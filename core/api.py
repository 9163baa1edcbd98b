"""What every app's API shares: authentication, handlers' own errors, reference endpoints."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from django.contrib.auth.models import AnonymousUser
from django.http import HttpRequest
from django.utils.translation import gettext as _
from ninja import Field, Router, Schema
from ninja.errors import AuthenticationError
from ninja.security import APIKeyCookie, HttpBearer
from ninja.utils import check_csrf

from core.errors import STATUS, DomainError
from core.models import Industry, Town
from core.queries import user_for_api_key

if TYPE_CHECKING:
    from members.models import User


class ApiError(DomainError):
    """A refusal by an API handler itself rather than a service (a token's caller who is no
    member, a page past the end), with its status and `details` as given."""

    def __init__(self, code: str, message: str, status: int, details: Any = None) -> None:
        kind = next(kind for kind, answer in STATUS.items() if answer == status)
        super().__init__(code, message, None, kind=kind)
        self._details = details

    def details(self) -> Any:
        return self._details


class TokenAuth(HttpBearer):
    """`Authorization: Bearer <key>` with a personal token created on the profile page."""

    def authenticate(self, request: HttpRequest, token: str) -> User | None:
        user = user_for_api_key(token)
        if user is not None:
            request.user = user
        return user


class SessionAuth(APIKeyCookie):
    """The browser session; unsafe methods also need the CSRF token, as on the pages."""

    param_name = "sessionid"

    def _get_key(self, request: HttpRequest) -> str | None:
        # ninja's own check answers an English "CSRF check Failed" without a code.
        exempt = getattr(request, "_ninja_csrf_exempt", False)
        if self.csrf and not exempt and check_csrf(request) is not None:
            raise ApiError(
                "csrf_failed", _("The page is out of date. Reload the page and try again."), 403
            )
        return request.COOKIES.get(self.param_name)

    def authenticate(self, request: HttpRequest, key: str | None) -> User | None:
        user = request.user
        return user if user.is_authenticated else None


token_auth = TokenAuth()
session_auth = SessionAuth()
AUTH = [token_auth, session_auth]


def check_page_found(asked: int, shown: int) -> None:
    """Raise a 404 `page_not_found` if a list showed another page than the one asked for:
    pages fall back to the last page, a script is told its page does not exist."""
    if asked != shown:
        raise ApiError("page_not_found", _("There is no such page; the list has fewer pages."), 404)


def form_error_details(form: Any) -> dict[str, list[str]]:
    """Return a form's errors as the `details` of an API error: field -> messages."""
    return {field: [str(m) for m in messages] for field, messages in form.errors.items()}


def form_error(form: Any) -> ApiError:
    """Return the API error for an invalid form, coded by its first rule-specific error (a
    form's own code such as `budget_range`), else `invalid_input`."""
    codes = [e.code for errors in form.errors.as_data().values() for e in errors if e.code]
    code = next((c for c in codes if c not in {"required", "invalid", "invalid_choice"}), "")
    return ApiError(
        code or "invalid_input",
        _("Some fields are missing or wrong."),
        422,
        form_error_details(form),
    )


def current_user(request: HttpRequest) -> User | AnonymousUser:
    """Return the caller on endpoints open to everyone, where a token or session is optional."""
    header = request.headers.get("Authorization", "")
    if header.lower().startswith("bearer "):
        user = user_for_api_key(header.split(" ", 1)[1].strip())
        if user is None:
            raise AuthenticationError()
        return user
    return request.user


class ErrorOut(Schema):
    code: str = Field(description="Stable machine-readable error code, e.g. `not_found`.")
    message: str = Field(description="Human-readable explanation in the caller's language.")


class TownOut(Schema):
    slug: str = Field(description="Stable identifier used in filters, e.g. `kirovsk`.")
    name_ru: str = Field(description="Name in Russian.")
    name_en: str = Field(description="Name in English.")
    latitude: float = Field(description="Latitude in degrees.")
    longitude: float = Field(description="Longitude in degrees.")
    is_monotown: bool = Field(description="On the official list of single-industry towns.")


class IndustryOut(Schema):
    slug: str = Field(description="Stable identifier used in filters, e.g. `design`.")
    name_ru: str = Field(description="Name in Russian.")
    name_en: str = Field(description="Name in English.")
    group: str = Field(description="Slug of the industry group it belongs to.")

    @staticmethod
    def resolve_group(obj: Industry) -> str:
        return obj.group.slug


reference_router = Router(tags=["reference"])


@reference_router.get("/towns", response=list[TownOut], summary="Towns of the region")
def list_towns(request: HttpRequest) -> Any:
    return Town.objects.all()


@reference_router.get(
    "/industries", response=list[IndustryOut], summary="Creative industries taxonomy"
)
def list_industries(request: HttpRequest) -> Any:
    return Industry.objects.select_related("group")
