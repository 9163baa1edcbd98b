from typing import Any

from django.http import HttpRequest


def login_email_from_attempt(request: HttpRequest, credentials: dict[str, Any] | None) -> str:
    """Return the lower-cased email a login attempt was made for, so lockouts follow the account.

    allauth passes the address as `email`; the admin login form passes it as `username`.
    """
    credentials = credentials or {}
    value = (
        credentials.get("email")
        or credentials.get("username")
        or request.POST.get("login")
        or request.POST.get("username")
        or ""
    )
    return str(value).strip().lower()
