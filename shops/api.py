"""Points of sale as JSON: the same forms, services and access checks as the pages."""

from __future__ import annotations

from typing import Any

from django.http import Http404
from django.utils.translation import gettext as _
from ninja import Router, Status

from core.api import AUTH, ApiError, ErrorOut, form_error
from core.http import ApiRequest
from core.roles import is_curator
from members.http import api_member
from members.queries import find_member_for_user, member_of
from shops.forms import PointForm, parse_month
from shops.models import StockKind
from shops.queries import (
    access_offer_for_party,
    access_offer_for_runner,
    access_point_for_runner,
    access_point_for_user,
    access_sale_for_runner,
    point_list,
    products_made_by,
)
from shops.schemas import (
    MovementOut,
    OfferAnswerIn,
    OfferIn,
    OfferOut,
    PointDetailOut,
    PointIn,
    PointMonthOut,
    PointOut,
    RefundIn,
    StatementOut,
    StockIn,
)
from shops.services import (
    ShopError,
    check_answer_offer,
    check_end_consignment,
    check_offer_product,
    check_receive_stock,
    check_record_refund,
    check_record_sale,
    check_register_point,
    check_return_to_maker,
    check_update_point,
)
from shops.statements import Totals, maker_statement, point_month

# Tagged as before the shops had their own app, so the published schema keeps its groups.
# Operation ids keep the names they had while points of sale lived in orders, so that clients
# generated from the schema keep their function names.
router = Router(tags=["orders"], auth=AUTH)


@router.get(
    "/points",
    response={200: list[PointOut], 404: ErrorOut},
    summary="Points of sale",
    operation_id="orders_api_list_points",
)
def list_points(request: ApiRequest) -> Any:
    user = request.auth
    member = member_of(user)
    if member is None and not is_curator(user):
        raise Http404
    return list(point_list(user, member))


@router.post(
    "/points",
    response={201: PointOut, 403: ErrorOut, 422: ErrorOut},
    summary="Register a point of sale (partners; curators for any member)",
    operation_id="orders_api_register_point",
)
def register_point(request: ApiRequest, payload: PointIn) -> Any:
    user = request.auth
    form = PointForm(payload.dict(exclude={"partner_id"}))
    if not form.is_valid():
        raise form_error(form)
    partner = member_of(user)
    if payload.partner_id is not None:
        partner = find_member_for_user(user, payload.partner_id)
    if partner is None:
        raise ApiError("not_allowed", _("Only partners and curators register points of sale."), 403)
    return Status(201, check_register_point(user, partner, form.point_data()))


@router.put(
    "/points/{point_id}",
    response={200: PointOut, 404: ErrorOut, 422: ErrorOut},
    summary="Change a point of sale (its runner or a curator); a new commission applies from now",
    operation_id="orders_api_update_point",
)
def update_point(request: ApiRequest, point_id: int, payload: PointIn) -> Any:
    point = access_point_for_runner(request.auth, point_id)
    form = PointForm(payload.dict(exclude={"partner_id"}))
    if not form.is_valid():
        raise form_error(form)
    return check_update_point(point, request.auth, form.point_data())


@router.get(
    "/points/{point_id}",
    response={200: PointDetailOut, 404: ErrorOut},
    summary="A point of sale",
    operation_id="orders_api_get_point",
)
def get_point(request: ApiRequest, point_id: int) -> Any:
    return access_point_for_user(request.auth, point_id)


@router.post(
    "/points/{point_id}/offers",
    response={201: OfferOut, 403: ErrorOut, 404: ErrorOut, 409: ErrorOut, 422: ErrorOut},
    summary="Offer a product you make to a point of sale",
    operation_id="orders_api_offer_product",
)
def offer_product(request: ApiRequest, point_id: int, payload: OfferIn) -> Any:
    member = api_member(request)
    point = access_point_for_user(request.auth, point_id)
    product = products_made_by(member).filter(pk=payload.product_id).first()
    if product is None:
        raise ApiError("not_your_product", _("You can offer only products you make."), 403)
    return Status(
        201, check_offer_product(point, product, member, payload.unit_price, payload.note)
    )


@router.post(
    "/offers/{offer_id}/answer",
    response={200: OfferOut, 404: ErrorOut, 409: ErrorOut},
    summary="The shop accepts or declines a product offered",
    operation_id="orders_api_answer_offer",
)
def answer_offer(request: ApiRequest, offer_id: int, payload: OfferAnswerIn) -> Any:
    offer = access_offer_for_runner(request.auth, offer_id)
    return check_answer_offer(offer, request.auth, payload.accept)


@router.post(
    "/offers/{offer_id}/end",
    response={200: OfferOut, 404: ErrorOut, 409: ErrorOut},
    summary="End a consignment (the shop or the maker); items in stock must be returned first",
    operation_id="orders_api_end_offer",
)
def end_offer(request: ApiRequest, offer_id: int) -> Any:
    offer = access_offer_for_party(request.auth, offer_id)
    return check_end_consignment(offer, request.auth)


@router.post(
    "/offers/{offer_id}/stock",
    response={201: MovementOut, 404: ErrorOut, 409: ErrorOut, 422: ErrorOut},
    summary="The shop records items received, sold or returned to the maker",
    operation_id="orders_api_record_stock",
)
def record_stock(request: ApiRequest, offer_id: int, payload: StockIn) -> Any:
    offer = access_offer_for_runner(request.auth, offer_id)
    user = request.auth
    if payload.kind == StockKind.SOLD:
        movement = check_record_sale(
            offer, user, payload.quantity, payload.date, payload.unit_price, payload.note
        )
    elif payload.kind == StockKind.RECEIVED:
        movement = check_receive_stock(offer, user, payload.quantity, payload.date, payload.note)
    elif payload.kind == StockKind.RETURNED:
        movement = check_return_to_maker(offer, user, payload.quantity, payload.date, payload.note)
    else:
        raise ShopError("unknown_kind", _("Unknown operation."), "kind")
    return Status(201, movement)


@router.post(
    "/sales/{sale_id}/refunds",
    response={201: MovementOut, 404: ErrorOut, 409: ErrorOut, 422: ErrorOut},
    summary="A customer brought items of a sale back",
    operation_id="orders_api_record_refund",
)
def record_refund(request: ApiRequest, sale_id: int, payload: RefundIn) -> Any:
    sale = access_sale_for_runner(request.auth, sale_id)
    return Status(
        201,
        check_record_refund(sale, request.auth, payload.quantity, payload.date, payload.note),
    )


def _totals(totals: Totals) -> dict[str, Any]:
    return {"sold": totals.sold, "commission": totals.commission, "payout": totals.payout}


@router.get(
    "/points/{point_id}/months/{month}",
    response={200: PointMonthOut, 404: ErrorOut},
    summary="The shop's month: what is due to each maker (month as YYYY-MM)",
    operation_id="orders_api_get_point_month",
)
def get_point_month(request: ApiRequest, point_id: int, month: str) -> Any:
    point = access_point_for_runner(request.auth, point_id)
    year, number = parse_month(month)
    summary = point_month(point, year, number)
    return {
        "point_id": point.pk,
        "month": f"{year}-{number:02d}",
        "makers": [
            {"member_id": m.member_id, "name": m.name, "totals": _totals(m.totals)}
            for m in summary.makers
        ],
        "totals": _totals(summary.totals),
    }


@router.get(
    "/me/statements/{month}",
    response={200: StatementOut, 403: ErrorOut},
    summary="My statement for a month (YYYY-MM): sold, commission, payout",
    operation_id="orders_api_get_statement",
)
def get_statement(request: ApiRequest, month: str) -> Any:
    member = api_member(request)
    year, number = parse_month(month)
    statement = maker_statement(member, year, number)
    return {
        "member_id": member.pk,
        "month": f"{year}-{number:02d}",
        "lines": [line.__dict__ for line in statement.lines],
        "totals": _totals(statement.totals),
    }
