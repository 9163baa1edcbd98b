from __future__ import annotations

from typing import TYPE_CHECKING

from django.db import transaction
from django.utils import timezone

from core.models import ApiToken, Notification
from core.tasks import send_email

if TYPE_CHECKING:
    from members.models import User


def do_notify(user: User, text: str, url: str = "", *, email_subject: str = "") -> Notification:
    """Tell a person something in the site, and by email when a subject is given.

    The email leaves only after the surrounding transaction commits, so nobody is told about
    a change that was rolled back.
    """
    notification = Notification.objects.create(user=user, text=text[:500], url=url)
    if email_subject:
        body = f"{text}\n\n{url}" if url else text
        transaction.on_commit(lambda: send_email.delay(user.email, email_subject, body))
    return notification


def do_mark_notifications_read(user: User) -> int:
    return Notification.objects.filter(user=user).unread().update(read_at=timezone.now())


def do_create_api_token(user: User, name: str) -> tuple[ApiToken, str]:
    """Return the new token and its key; the key is not stored and cannot be shown again."""
    key = ApiToken.new_key()
    token = ApiToken.objects.create(
        user=user,
        name=name.strip()[:100] or "API",
        prefix=key[: ApiToken.PREFIX_LENGTH],
        key_hash=ApiToken.hash_key(key),
    )
    return token, key


def do_revoke_api_token(token: ApiToken) -> None:
    if token.revoked_at is None:
        token.revoked_at = timezone.now()
        token.save(update_fields=["revoked_at"])
