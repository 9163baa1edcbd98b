"""Product cards: makers' shares, prices, and checked photos with thumbnails."""

from __future__ import annotations

from decimal import Decimal
from pathlib import Path
from typing import Any

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from PIL import Image

from members.models import User
from projects.models import Product, ProductPhoto
from projects.services import (
    MakerShare,
    ProductData,
    ProjectError,
    check_add_photo,
    check_create_product,
    check_remove_photo,
    check_update_product,
)
from projects.tests.factories import add_confirmed, idea, new_member, png_bytes


@pytest.fixture(autouse=True)
def _media(settings: Any, tmp_path: Path) -> None:
    settings.MEDIA_ROOT = tmp_path


def mug(*makers: MakerShare, **fields: Any) -> ProductData:
    return ProductData(
        title=fields.pop("title", "Кружка «Хибины»"),
        price=fields.pop("price", Decimal("1200")),
        unit="piece",
        makers=list(makers),
        **fields,
    )


def test_a_joint_product_keeps_its_makers_shares(producer: User, resident: User) -> None:
    project = idea(producer)
    add_confirmed(project, producer, resident.member)
    product = check_create_product(
        resident,
        mug(
            MakerShare(resident.member, Decimal("60")),
            MakerShare(producer.member, Decimal("40")),
            project=project,
        ),
    )
    assert product.project == project
    assert product.owner_member is None
    assert {(m.member_id, m.share) for m in product.makers.all()} == {
        (resident.member.pk, Decimal("60.00")),
        (producer.member.pk, Decimal("40.00")),
    }
    own = check_create_product(resident, mug(MakerShare(resident.member, Decimal("100"))))
    assert own.owner_member == resident.member
    assert own.project is None


@pytest.mark.parametrize(
    ("shares", "code"),
    [
        ([Decimal("60"), Decimal("30")], "shares_not_100"),
        ([Decimal("100"), Decimal("0")], "invalid_share"),
        ([], "makers_required"),
    ],
)
def test_shares_must_add_up_to_100(resident: User, shares: list, code: str) -> None:
    makers = [MakerShare(new_member(), share) for share in shares]
    with pytest.raises(ProjectError) as raised:
        check_create_product(resident, mug(*makers))
    assert raised.value.code == code
    assert not Product.objects.exists()


def test_a_maker_named_twice_or_a_negative_price_is_refused(resident: User) -> None:
    me = resident.member
    with pytest.raises(ProjectError) as raised:
        check_create_product(
            resident, mug(MakerShare(me, Decimal("50")), MakerShare(me, Decimal("50")))
        )
    assert raised.value.code == "maker_twice"
    with pytest.raises(ProjectError) as raised:
        check_create_product(resident, mug(MakerShare(me, Decimal("100")), price=Decimal("-10")))
    assert raised.value.code == "negative_price"
    assert not Product.objects.exists()


def test_only_the_owner_or_the_project_team_edits_a_product(
    resident: User, producer: User, partner: User
) -> None:
    product = check_create_product(resident, mug(MakerShare(resident.member, Decimal("100"))))
    with pytest.raises(ProjectError) as raised:
        check_update_product(
            product, producer, mug(MakerShare(producer.member, Decimal("100")), title="Моё")
        )
    assert raised.value.code == "not_on_team"
    product.refresh_from_db()
    assert product.title == "Кружка «Хибины»"
    project = idea(producer)
    with pytest.raises(ProjectError) as raised:
        check_create_product(
            resident, mug(MakerShare(resident.member, Decimal("100")), project=project)
        )
    assert raised.value.code == "not_on_team"


def test_a_photo_gets_a_thumbnail_beside_it(resident: User, settings: Any) -> None:
    product = check_create_product(resident, mug(MakerShare(resident.member, Decimal("100"))))
    upload = SimpleUploadedFile("mug.png", png_bytes((1600, 1200)), content_type="image/png")
    photo = check_add_photo(product, resident, upload)

    original = Path(photo.image.path)
    thumbnail = Path(photo.thumbnail.path)
    assert original.parent == thumbnail.parent
    assert thumbnail.name == original.stem + "_thumb.jpg"
    with Image.open(thumbnail) as image:
        assert image.format == "JPEG"
        assert max(image.size) == 480
        assert image.size == (480, 360)

    check_remove_photo(photo, resident)
    assert not ProductPhoto.objects.exists()


@pytest.mark.parametrize(
    ("name", "content", "code"),
    [
        ("broken.png", b"\x89PNG\r\n\x1a\n not really a picture", "photo_broken"),
        ("notes.txt", b"just text", "photo_broken"),
        ("anim.gif", None, "photo_format"),
    ],
)
def test_broken_or_unsupported_images_store_nothing(
    resident: User, settings: Any, name: str, content: bytes | None, code: str
) -> None:
    if content is None:
        import io

        buffer = io.BytesIO()
        Image.new("RGB", (10, 10)).save(buffer, "GIF")
        content = buffer.getvalue()
    product = check_create_product(resident, mug(MakerShare(resident.member, Decimal("100"))))
    with pytest.raises(ProjectError) as raised:
        check_add_photo(product, resident, SimpleUploadedFile(name, content))
    assert raised.value.code == code
    assert not ProductPhoto.objects.exists()
    assert not any(Path(settings.MEDIA_ROOT).rglob("*.*"))


def test_an_image_over_the_size_limit_is_refused(resident: User, settings: Any) -> None:
    settings.PRODUCT_PHOTO_MAX_BYTES = 1000
    product = check_create_product(resident, mug(MakerShare(resident.member, Decimal("100"))))
    with pytest.raises(ProjectError) as raised:
        check_add_photo(product, resident, SimpleUploadedFile("big.png", png_bytes((400, 400))))
    assert raised.value.code == "photo_too_large"
    assert not ProductPhoto.objects.exists()
