from typing import Any

from django.http import HttpRequest

from core.queries import cluster_settings


def cluster(request: HttpRequest) -> dict[str, Any]:
    unread = 0
    user = getattr(request, "user", None)
    if user is not None and user.is_authenticated:
        unread = user.notifications.filter(read_at__isnull=True).count()
    return {"cluster": cluster_settings(), "unread_notifications": unread}
