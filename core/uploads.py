"""Checks on files people attach (to orders, deliveries, support applications): the extension
must be one we accept, the size within the limit, and images and PDFs must really be what their
name says (a renamed executable is refused). Raises `UploadError` with a stable code.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import PurePath

from django.conf import settings
from django.core.files.uploadedfile import UploadedFile
from django.utils.translation import gettext as _
from PIL import Image, UnidentifiedImageError

from core.errors import DomainError

MAX_FILES = 10
IMAGE_FORMATS = {".jpg": "JPEG", ".jpeg": "JPEG", ".png": "PNG", ".webp": "WEBP"}
# Office files are ZIP containers; their contents are not opened here.
ZIP_EXTENSIONS = {".docx", ".xlsx", ".pptx", ".odt", ".ods", ".zip"}
CONTENT_TYPES = {
    ".jpg": "image/jpeg",
    ".jpeg": "image/jpeg",
    ".png": "image/png",
    ".webp": "image/webp",
    ".pdf": "application/pdf",
    ".docx": "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
    ".xlsx": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
    ".pptx": "application/vnd.openxmlformats-officedocument.presentationml.presentation",
    ".odt": "application/vnd.oasis.opendocument.text",
    ".ods": "application/vnd.oasis.opendocument.spreadsheet",
    ".zip": "application/zip",
    ".txt": "text/plain; charset=utf-8",
}
ALLOWED_EXTENSIONS = tuple(CONTENT_TYPES)


def max_file_bytes() -> int:
    return int(getattr(settings, "UPLOAD_MAX_BYTES", 10 * 1024 * 1024))


class UploadError(DomainError):
    """A file refused for its name, size or contents (always wrong input)."""


@dataclass(frozen=True)
class CheckedFile:
    upload: UploadedFile[bytes]
    name: str
    size: int
    content_type: str


def _head(upload: UploadedFile[bytes], count: int) -> bytes:
    upload.seek(0)
    head: bytes = upload.read(count)
    upload.seek(0)
    return head


def _check_image(upload: UploadedFile[bytes], extension: str) -> None:
    try:
        upload.seek(0)
        with Image.open(upload) as image:
            detected = image.format
            image.verify()
    except (UnidentifiedImageError, OSError, SyntaxError, ValueError) as error:
        raise UploadError("file_not_image", _("This file is not a readable image.")) from error
    finally:
        upload.seek(0)
    if detected != IMAGE_FORMATS[extension]:
        raise UploadError(
            "file_type_mismatch", _("The file's content does not match its extension.")
        )


def check_upload(upload: UploadedFile[bytes]) -> CheckedFile:
    """Return the file with its safe name, size and content type.

    Raise UploadError if the extension is not accepted, the file is empty or too large, or its
    content does not match the extension.
    """
    original = PurePath(upload.name or "file").name[-200:]
    extension = PurePath(original).suffix.lower()
    if extension not in CONTENT_TYPES:
        raise UploadError(
            "file_extension",
            _("Files of this type are not accepted. Accepted: %(types)s.")
            % {"types": ", ".join(ALLOWED_EXTENSIONS)},
        )
    size = upload.size or 0
    if size == 0:
        raise UploadError("file_empty", _("The file is empty."))
    if size > max_file_bytes():
        raise UploadError(
            "file_too_large",
            _("The file is larger than %(mb)s MB.") % {"mb": max_file_bytes() // (1024 * 1024)},
        )
    if extension in IMAGE_FORMATS:
        _check_image(upload, extension)
    elif extension == ".pdf":
        if not _head(upload, 5) == b"%PDF-":
            raise UploadError(
                "file_type_mismatch", _("The file's content does not match its extension.")
            )
    elif extension in ZIP_EXTENSIONS:
        if not _head(upload, 4) == b"PK\x03\x04":
            raise UploadError(
                "file_type_mismatch", _("The file's content does not match its extension.")
            )
    elif extension == ".txt":
        try:
            _head(upload, 64 * 1024).decode("utf-8")
        except UnicodeDecodeError as error:
            # A cut in the middle of a character at the end of the sample is fine.
            if error.start < 64 * 1024 - 4:
                raise UploadError(
                    "file_type_mismatch", _("The file's content does not match its extension.")
                ) from error
    return CheckedFile(upload, original, size, CONTENT_TYPES[extension])


def check_uploads(uploads: list[UploadedFile[bytes]]) -> list[CheckedFile]:
    if len(uploads) > MAX_FILES:
        raise UploadError(
            "too_many_files", _("Attach at most %(n)s files at once.") % {"n": MAX_FILES}
        )
    return [check_upload(upload) for upload in uploads]
