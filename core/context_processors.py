from typing import Any

from django.http import HttpRequest

from core.queries import cluster_settings
from core.roles import is_curator


def cluster(request: HttpRequest) -> dict[str, Any]:
    unread = 0
    user = getattr(request, "user", None)
    if user is not None and user.is_authenticated:
        unread = user.notifications.filter(read_at__isnull=True).count()
    return {
        "cluster": cluster_settings(),
        "unread_notifications": unread,
        # Templates ask this, not the flag: a superuser is a curator too (`is_curator`).
        "user_is_curator": user is not None and is_curator(user),
    }
