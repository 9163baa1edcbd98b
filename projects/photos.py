"""Product photos: check that an upload is a real image of a sensible size, and make its
thumbnail (stored beside the original, `<name>_thumb.jpg`)."""

from __future__ import annotations

import io
from pathlib import PurePosixPath

from django.conf import settings
from django.core.files.base import ContentFile
from django.core.files.uploadedfile import UploadedFile
from django.utils.translation import gettext as _
from PIL import Image, UnidentifiedImageError

from core.errors import DomainError

ALLOWED_FORMATS = {"JPEG": "jpg", "PNG": "png", "WEBP": "webp"}
THUMBNAIL_SIZE = (480, 480)
MAX_PIXELS = 40_000_000  # a 40-megapixel photo; more is a decompression bomb, not a product


class PhotoError(DomainError):
    """An image refused for its size, format or broken contents (always wrong input)."""


def max_bytes() -> int:
    return int(getattr(settings, "PRODUCT_PHOTO_MAX_BYTES", 5 * 1024 * 1024))


def checked_image(upload: UploadedFile[bytes]) -> str:
    """Return the file extension for a valid upload; raise PhotoError for anything else."""
    if upload.size is not None and upload.size > max_bytes():
        raise PhotoError(
            "photo_too_large",
            _("The photo is too large: at most %(mb)s MB.") % {"mb": max_bytes() // (1024 * 1024)},
        )
    try:
        upload.seek(0)
        with Image.open(upload) as image:
            image_format = image.format or ""
            width, height = image.size
            image.verify()
    except (UnidentifiedImageError, OSError, SyntaxError, ValueError, Image.DecompressionBombError):
        raise PhotoError(
            "photo_broken", _("This file is not a photo we can read (JPEG, PNG or WebP).")
        ) from None
    finally:
        upload.seek(0)
    if image_format not in ALLOWED_FORMATS:
        raise PhotoError("photo_format", _("Upload a JPEG, PNG or WebP photo."))
    if width * height > MAX_PIXELS:
        raise PhotoError("photo_too_large", _("The photo has too many pixels."))
    return ALLOWED_FORMATS[image_format]


def thumbnail_of(upload: UploadedFile[bytes]) -> ContentFile[bytes]:
    """Return a JPEG thumbnail that fits THUMBNAIL_SIZE, keeping the proportions."""
    upload.seek(0)
    with Image.open(upload) as original:
        original.thumbnail(THUMBNAIL_SIZE)
        image: Image.Image = original
        if image.mode not in ("RGB", "L"):
            # JPEG has no transparency: lay transparent parts on white, as on the page.
            rgba = image.convert("RGBA")
            image = Image.new("RGB", image.size, (255, 255, 255))
            image.paste(rgba, mask=rgba.split()[3])
        buffer = io.BytesIO()
        image.save(buffer, "JPEG", quality=85, optimize=True)
    upload.seek(0)
    return ContentFile(buffer.getvalue())


def thumbnail_name(image_name: str) -> str:
    """Return the thumbnail's file name beside the stored original."""
    return PurePosixPath(image_name).stem + "_thumb.jpg"
