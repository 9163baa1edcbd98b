"""Files that are never served at a public URL: the results of background jobs (exports,
reports). They live outside `MEDIA_ROOT` (which the embedded default serves at `/media/`) and
leave only through an access-checked download view.

The folder is `settings.PRIVATE_MEDIA_ROOT` when set, else `private-media` beside
`MEDIA_ROOT`; it follows `MEDIA_ROOT` when a test moves it.
"""

from __future__ import annotations

from pathlib import Path

from django.conf import settings
from django.core.files.storage import FileSystemStorage
from django.utils.deconstruct import deconstructible
from django.utils.functional import cached_property


def private_media_root() -> Path:
    configured = getattr(settings, "PRIVATE_MEDIA_ROOT", None)
    if configured:
        return Path(configured)
    return Path(settings.MEDIA_ROOT).parent / "private-media"


@deconstructible(path="core.private_files.PrivateStorage")
class PrivateStorage(FileSystemStorage):
    """A file system storage with no URL: `url()` raises, so no template can link a file."""

    @cached_property
    def base_location(self) -> str:
        return str(private_media_root())

    @cached_property
    def base_url(self) -> None:  # type: ignore[override]
        return None


private_storage = PrivateStorage()
