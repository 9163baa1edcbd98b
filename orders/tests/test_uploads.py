"""Files on orders: accepted types only, within the size limit, and really what they say."""

from __future__ import annotations

import io
from typing import Any

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from PIL import Image

from core.uploads import UploadError, check_upload
from members.models import User
from orders.models import Attachment
from orders.services import OrderError, check_create_order
from orders.tests.factories import order_data


def png(name: str = "sketch.png") -> SimpleUploadedFile:
    buffer = io.BytesIO()
    Image.new("RGB", (8, 8), "white").save(buffer, "PNG")
    return SimpleUploadedFile(name, buffer.getvalue(), content_type="image/png")


@pytest.mark.parametrize(
    ("upload", "code"),
    [
        (SimpleUploadedFile("virus.exe", b"MZ\x90\x00"), "file_extension"),
        (SimpleUploadedFile("brief.pdf", b"MZ\x90\x00 not a pdf"), "file_type_mismatch"),
        (SimpleUploadedFile("photo.jpg", b"GIF89a not a jpeg"), "file_not_image"),
        (SimpleUploadedFile("empty.txt", b""), "file_empty"),
        (SimpleUploadedFile("spec.docx", b"%PDF-1.4"), "file_type_mismatch"),
    ],
)
def test_wrong_files_are_refused_with_a_code(upload: Any, code: str) -> None:
    with pytest.raises(UploadError) as error:
        check_upload(upload)
    assert error.value.code == code


def test_a_png_named_jpg_is_refused() -> None:
    with pytest.raises(UploadError) as error:
        check_upload(png("photo.jpg"))
    assert error.value.code == "file_type_mismatch"


def test_size_is_limited(settings: Any) -> None:
    settings.UPLOAD_MAX_BYTES = 1024
    with pytest.raises(UploadError) as error:
        check_upload(SimpleUploadedFile("long.txt", b"a" * 2048))
    assert error.value.code == "file_too_large"


def test_good_files_are_stored_under_media_root_with_random_names(
    client_user: User, settings: Any, tmp_path: Any
) -> None:
    settings.MEDIA_ROOT = tmp_path
    pdf = SimpleUploadedFile("ТЗ фестиваль.pdf", b"%PDF-1.7\n%...", content_type="text/plain")
    order = check_create_order(client_user, order_data(), [png(), pdf])
    stored = list(Attachment.objects.filter(order=order).order_by("id"))
    assert [(a.name, a.content_type) for a in stored] == [
        ("sketch.png", "image/png"),
        ("ТЗ фестиваль.pdf", "application/pdf"),
    ]
    for attachment in stored:
        path = tmp_path / attachment.file.name
        assert path.exists()
        assert path.parent.name == str(order.pk)
        assert attachment.name not in str(attachment.file.name)


def test_a_bad_file_stops_the_whole_order(client_user: User) -> None:
    with pytest.raises(OrderError) as error:
        check_create_order(client_user, order_data(), [SimpleUploadedFile("x.exe", b"MZ")])
    assert (error.value.code, error.value.field) == ("file_extension", "attachments")
    assert not Attachment.objects.exists()
