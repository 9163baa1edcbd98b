"""Where the files attached to plans and help requests are kept: outside MEDIA_ROOT, so the
public `/media/` route never serves them; only the access-checked download views read them."""

from __future__ import annotations

from pathlib import Path

from django.conf import settings
from django.core.files.storage import FileSystemStorage
from django.utils.functional import cached_property


class PrivateStorage(FileSystemStorage):
    """A file system storage beside MEDIA_ROOT (`<MEDIA_ROOT>-private` unless
    PRIVATE_MEDIA_ROOT is set), with no URL of its own."""

    @cached_property
    def base_location(self) -> str:
        configured = getattr(settings, "PRIVATE_MEDIA_ROOT", None)
        if configured:
            return str(configured)
        media = Path(settings.MEDIA_ROOT)
        return str(media.with_name(f"{media.name}-private"))

    @cached_property
    def base_url(self) -> str:
        return ""

    def url(self, name: str | None) -> str:
        raise ValueError("Private files have no URL: serve them through a checked view.")


_storage = PrivateStorage()


def private_storage() -> PrivateStorage:
    """Return the storage (a callable, so migrations do not record a path)."""
    return _storage
