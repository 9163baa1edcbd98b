"""Product cards: their makers' shares and photos."""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal

from django.core.files.uploadedfile import UploadedFile
from django.db import transaction
from django.utils.translation import gettext as _

from members.models import Member, User
from projects.models import Product, ProductMaker, ProductPhoto, Project
from projects.photos import PhotoError, checked_image, thumbnail_name, thumbnail_of
from projects.services.guards import ProjectError, is_confirmed, require_member

HUNDRED = Decimal("100")
MAX_PHOTOS = 8


@dataclass
class MakerShare:
    member: Member | None
    share: Decimal


@dataclass
class ProductData:
    title: str
    price: Decimal
    unit: str
    makers: list[MakerShare]
    description: str = ""
    is_listed: bool = False
    project: Project | None = None


class ProductError(ProjectError):
    """A product that breaks a rule: its makers' shares, its price, its photos."""


def _validate_product(data: ProductData) -> None:
    if not data.title.strip():
        raise ProductError("title_required", _("Give the product a title."), "title")
    if data.price is None or data.price < 0:
        raise ProductError("negative_price", _("The price cannot be negative."), "price")
    if not data.makers:
        raise ProductError("makers_required", _("Name at least one maker."), "makers")
    seen: set[int] = set()
    for maker in data.makers:
        if maker.member is None or not maker.member.is_active:
            raise ProductError("not_a_member", _("Makers are cluster members."), "makers")
        if maker.member.pk in seen:
            raise ProductError("maker_twice", _("Each maker is named once."), "makers")
        seen.add(maker.member.pk)
        if not (0 < maker.share <= HUNDRED):
            raise ProductError(
                "invalid_share", _("Each share is more than 0% and at most 100%."), "makers"
            )
    if sum((m.share for m in data.makers), Decimal(0)) != HUNDRED:
        raise ProductError("shares_not_100", _("The makers' shares must add up to 100%."), "makers")


def _require_product_editor(product: Product, user: User) -> Member:
    member = require_member(user)
    if product.owner_member_id == member.pk:
        return member
    if product.project is not None and is_confirmed(product.project, member):
        return member
    raise ProjectError(
        "not_on_team",
        _("Only the product's owner or project team can change it."),
        kind="forbidden",
    )


def _save_makers(product: Product, makers: list[MakerShare]) -> None:
    product.makers.all().delete()
    ProductMaker.objects.bulk_create(
        ProductMaker(product=product, member=m.member, share=m.share) for m in makers
    )


@transaction.atomic
def check_create_product(user: User, data: ProductData, *, external_id: str = "") -> Product:
    """Return a product of the person's own, or of a project whose team they are on."""
    member = require_member(user)
    if data.project is not None and not is_confirmed(data.project, member):
        raise ProjectError(
            "not_on_team", _("Only the project's team can add its products."), kind="forbidden"
        )
    _validate_product(data)
    product = Product.objects.create(
        title=data.title.strip(),
        description=data.description.strip(),
        price=data.price,
        unit=data.unit,
        project=data.project,
        owner_member=None if data.project is not None else member,
        is_listed=data.is_listed,
        external_id=external_id,
    )
    _save_makers(product, data.makers)
    return product


@transaction.atomic
def check_update_product(product: Product, user: User, data: ProductData) -> Product:
    _require_product_editor(product, user)
    _validate_product(data)
    product.title = data.title.strip()
    product.description = data.description.strip()
    product.price = data.price
    product.unit = data.unit
    product.is_listed = data.is_listed
    product.save(update_fields=["title", "description", "price", "unit", "is_listed"])
    _save_makers(product, data.makers)
    return product


@transaction.atomic
def check_add_photo(product: Product, user: User, upload: UploadedFile[bytes]) -> ProductPhoto:
    """Return the stored photo with its thumbnail; a broken or huge file stores nothing."""
    _require_product_editor(product, user)
    if product.photos.count() >= MAX_PHOTOS:
        raise ProductError(
            "too_many_photos", _("A product has at most 8 photos."), "image", kind="conflict"
        )
    try:
        extension = checked_image(upload)
        thumbnail = thumbnail_of(upload)
    except PhotoError as error:
        raise ProductError(error.code, error.message, "image") from error
    photo = ProductPhoto(product=product)
    photo.image.save(f"product-{product.pk}.{extension}", upload, save=False)
    photo.thumbnail.save(thumbnail_name(photo.image.name or ""), thumbnail, save=False)
    photo.save()
    return photo


def check_remove_photo(photo: ProductPhoto, user: User) -> None:
    _require_product_editor(photo.product, user)
    names = [photo.image.name, photo.thumbnail.name]
    storage = photo.image.storage
    photo.delete()

    def delete_files() -> None:
        for name in names:
            if name:
                storage.delete(name)

    transaction.on_commit(delete_files)
