"""Products and shops for tests, built through services."""

from __future__ import annotations

from datetime import date
from decimal import Decimal
from typing import Any

from core.models import Town
from members.models import Member, User
from projects.models import Product, ProductMaker
from shops.models import PointOfSale
from shops.services import (
    PointData,
    check_answer_offer,
    check_offer_product,
    check_receive_stock,
    check_record_sale,
    check_register_point,
)


def make_product(title: str, price: str, makers: list[tuple[Member, str]]) -> Product:
    product = Product.objects.create(
        title=title, price=Decimal(price), owner_member=makers[0][0], is_listed=True
    )
    for member, share in makers:
        ProductMaker.objects.create(product=product, member=member, share=Decimal(share))
    return product


def make_point(runner: User, commission: str = "25.00", **fields: Any) -> PointOfSale:
    data = PointData(
        name=fields.pop("name", "Сувенирная лавка"),
        town=fields.pop("town", Town.objects.get(slug="kirovsk")),
        address=fields.pop("address", "Кировск, пр. Ленина, 10"),
        commission_percent=Decimal(commission),
        **fields,
    )
    return check_register_point(runner, runner.member, data)


def shops_matrix_args(cast: dict[str, User]) -> dict[str, list[Any]]:
    """Objects for `core/tests/test_permissions_matrix.py`: the partner's shop with the
    resident's products (one offered, one on sale with a sale, one to end)."""
    resident = cast["resident"]
    point = make_point(cast["partner"])
    mug = make_product("Кружка", "900", [(resident.member, "100")])
    plate = make_product("Тарелка", "1500", [(resident.member, "100")])
    offered = check_offer_product(point, mug, resident.member)
    on_sale = check_answer_offer(
        check_offer_product(point, plate, resident.member), cast["partner"], True
    )
    check_receive_stock(on_sale, cast["partner"], 3, date(2026, 3, 1))
    sale = check_record_sale(on_sale, cast["partner"], 1, date(2026, 3, 2))
    ended = check_answer_offer(
        check_offer_product(
            point, make_product("Ваза", "700", [(resident.member, "100")]), resident.member
        ),
        cast["partner"],
        True,
    )
    return {
        "shops:point": [point.pk],
        "shops:point_edit": [point.pk],
        "shops:offer_product": [point.pk],
        "shops:point_month": [point.pk],
        "shops:answer_offer": [offered.pk],
        "shops:stock": [on_sale.pk],
        "shops:end_offer": [ended.pk],
        "shops:refund": [sale.pk],
    }
