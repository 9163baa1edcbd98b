"""Orders and points of sale as JSON: the same forms, services and access checks as the pages."""

from __future__ import annotations

from typing import Any

from django.http import Http404
from django.utils.translation import gettext as _
from ninja import Field as SchemaField
from ninja import File, Form, Query, Router, Schema, Status
from ninja.files import UploadedFile

from core.api import AUTH, ApiError, ErrorOut, check_page_found, form_error_details
from core.http import ApiRequest
from core.pagination import MAX_PAGE
from core.roles import is_curator
from members.http import api_member
from members.models import Member
from members.queries import (
    access_member_for_user,
    find_member_for_user,
    member_of,
    members_by_id,
)
from orders.consignment import (
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
from orders.forms import BoardFilterForm, OrderForm, PointForm, parse_month
from orders.models import Order, Proposal, StockKind
from orders.queries import (
    BoardFilters,
    access_offer_for_party,
    access_offer_for_runner,
    access_order_for_user,
    access_point_for_runner,
    access_point_for_user,
    access_proposal_for_author,
    access_sale_for_runner,
    board_orders,
    board_page,
    can_place_orders,
    can_see_board,
    can_see_work,
    my_placed_orders,
    point_list,
    products_made_by,
    proposals_for,
    reviews_of,
    routes_for_member,
)
from orders.schemas import (
    ActionIn,
    AttachmentOut,
    DeliveryOut,
    ForwardIn,
    MovementOut,
    OfferAnswerIn,
    OfferIn,
    OfferOut,
    OrderDetailOut,
    OrderIn,
    OrderMessageIn,
    OrderMessageOut,
    OrderOut,
    OrderPageOut,
    PointDetailOut,
    PointIn,
    PointMonthOut,
    PointOut,
    ProposalIn,
    ProposalOut,
    RefundIn,
    ReviewIn,
    ReviewOut,
    ReviewsOut,
    RoutedOrderOut,
    RouteOut,
    StatementOut,
    StockIn,
)
from orders.services import (
    ProposalData,
    ShareData,
    check_accept_proposal,
    check_add_files,
    check_create_order,
    check_deliver,
    check_forward_order,
    check_leave_review,
    check_post_message,
    check_proposal_data,
    check_publish_order,
    check_submit_proposal,
    check_take_action,
    check_update_order,
    check_update_proposal,
    check_withdraw_proposal,
    not_a_teammate,
)
from orders.statements import Totals, maker_statement, point_month
from projects.queries import find_project_for_user

router = Router(tags=["orders"], auth=AUTH)


def _form_errors(form: Any) -> ApiError:
    details = form_error_details(form)
    codes = [e.code for errors in form.errors.as_data().values() for e in errors if e.code]
    code = next((c for c in codes if c not in {"required", "invalid", "invalid_choice"}), "")
    return ApiError(code or "invalid_input", _("Some fields are missing or wrong."), 422, details)


def _detail(order: Order) -> Order:
    return Order.objects.select_related("town").prefetch_related("industries").get(pk=order.pk)


# --- Orders ------------------------------------------------------------------------------


class BoardParams(Schema):
    q: str = SchemaField("", description="Words in the title or brief.")
    town: str = SchemaField("", description="Town slug.")
    industry: str = SchemaField("", description="Industry slug.")
    budget_from: str = SchemaField("", description="Only orders paying at least this, ₽.")
    status: str = SchemaField("", description="Curators: orders in this state (default: open).")
    for_me: bool = SchemaField(False, description="Only orders the platform sent to me.")
    page: int = SchemaField(1, ge=1, le=MAX_PAGE, description="Page number, from 1.")


@router.get(
    "/orders",
    response={200: OrderPageOut, 404: ErrorOut, 422: ErrorOut},
    summary="The orders board: open orders, newest first",
)
def list_orders(request: ApiRequest, params: Query[BoardParams]) -> Any:
    user = request.auth
    member = member_of(user)
    if not can_see_board(user, member):
        raise Http404
    form = BoardFilterForm(params.dict(exclude={"page"}))
    if not form.is_valid():
        raise _form_errors(form)
    c = form.cleaned_data
    filters = BoardFilters(
        town=c["town"],
        industry=c["industry"],
        budget_from=c["budget_from"],
        query=c["q"],
        status=c["status"],
        for_me=c["for_me"],
    )
    page = board_page(board_orders(user, filters, member), params.page)
    check_page_found(params.page, page.number)
    return {"page": page.number, "has_next": page.has_next, "results": page.orders}


def _order_form(payload: OrderIn) -> OrderForm:
    data = payload.dict(exclude={"publish"})
    form = OrderForm({**data, "industries": data["industries"]})
    if not form.is_valid():
        raise _form_errors(form)
    return form


@router.post(
    "/orders",
    response={201: OrderDetailOut, 403: ErrorOut, 422: ErrorOut},
    summary="Place an order (a draft, or published at once)",
)
def create_order(request: ApiRequest, payload: OrderIn) -> Any:
    user = request.auth
    if not can_place_orders(user):
        raise ApiError("not_allowed", _("Only clients, partners and members place orders."), 403)
    form = _order_form(payload)
    order = check_create_order(user, form.order_data())
    if payload.publish:
        order = check_publish_order(order, user)
    return Status(201, _detail(order))


@router.get("/me/orders", response=list[OrderOut], summary="Orders I placed, newest first")
def list_my_orders(request: ApiRequest) -> Any:
    return list(my_placed_orders(request.auth)[:100])


@router.get(
    "/me/routed-orders",
    response={200: list[RoutedOrderOut], 403: ErrorOut},
    summary="Orders the platform or a curator sent me, with the reasons",
)
def list_routed_orders(request: ApiRequest) -> Any:
    member = api_member(request)
    return list(routes_for_member(member).prefetch_related("order__industries")[:100])


@router.get(
    "/orders/{order_id}", response={200: OrderDetailOut, 404: ErrorOut}, summary="One order"
)
def get_order(request: ApiRequest, order_id: int) -> Any:
    return _detail(access_order_for_user(request.auth, order_id))


@router.put(
    "/orders/{order_id}",
    response={200: OrderDetailOut, 403: ErrorOut, 404: ErrorOut, 409: ErrorOut, 422: ErrorOut},
    summary="Change a draft order",
)
def update_order(request: ApiRequest, order_id: int, payload: OrderIn) -> Any:
    order = access_order_for_user(request.auth, order_id)
    form = _order_form(payload)
    check_update_order(order, request.auth, form.order_data())
    return _detail(order)


@router.post(
    "/orders/{order_id}/files",
    response={201: list[AttachmentOut], 403: ErrorOut, 404: ErrorOut, 409: ErrorOut, 422: ErrorOut},
    summary="Attach files to a draft's brief (multipart `files`)",
)
def add_files(request: ApiRequest, order_id: int, files: File[list[UploadedFile]]) -> Any:
    order = access_order_for_user(request.auth, order_id)
    return Status(201, check_add_files(order, request.auth, files))


@router.post(
    "/orders/{order_id}/actions",
    response={200: OrderDetailOut, 403: ErrorOut, 404: ErrorOut, 409: ErrorOut, 422: ErrorOut},
    summary="Move the order on: publish, approve, start, accept the work, dispute, …",
)
def take_action(request: ApiRequest, order_id: int, payload: ActionIn) -> Any:
    order = access_order_for_user(request.auth, order_id)
    check_take_action(order, request.auth, payload.action, payload.note, payload.outcome)
    return _detail(order)


@router.post(
    "/orders/{order_id}/routes",
    response={201: RouteOut, 403: ErrorOut, 404: ErrorOut, 409: ErrorOut, 422: ErrorOut},
    summary="Curators: tell a member about an open order by hand",
)
def forward_order(request: ApiRequest, order_id: int, payload: ForwardIn) -> Any:
    user = request.auth
    order = access_order_for_user(user, order_id)
    member = find_member_for_user(user, payload.member_id)
    if member is None:
        raise ApiError("unknown_member", _("No member has this number."), 422)
    return Status(201, check_forward_order(order, member, user, payload.note))


# --- Proposals ---------------------------------------------------------------------------


def _proposal_data(author: Member, payload: ProposalIn) -> ProposalData:
    ids = [share.member_id for share in payload.shares]
    members = members_by_id(ids)
    if len(members) != len(set(ids)):
        # An unknown number is refused as an outsider is, so the answers do not tell which
        # numbers belong to members.
        raise not_a_teammate()
    project = None
    if payload.project_id is not None:
        project = find_project_for_user(author.user, payload.project_id)
        if project is None:
            raise ApiError("unknown_project", _("No project has this number."), 422)
    data = ProposalData(
        price=payload.price,
        days=payload.days,
        message=payload.message,
        shares=[ShareData(members[s.member_id], s.share, s.role) for s in payload.shares],
        team_name=payload.team_name,
        project=project,
    )
    check_proposal_data(author, data)
    return data


def _proposal(proposal: Proposal) -> Proposal:
    return (
        Proposal.objects.select_related("author")
        .prefetch_related("shares__member")
        .get(pk=proposal.pk)
    )


@router.get(
    "/orders/{order_id}/proposals",
    response={200: list[ProposalOut], 404: ErrorOut},
    summary="Proposals side by side (all for the client; one's own for a member)",
)
def list_proposals(request: ApiRequest, order_id: int) -> Any:
    order = access_order_for_user(request.auth, order_id)
    return proposals_for(order, request.auth)


@router.post(
    "/orders/{order_id}/proposals",
    response={201: ProposalOut, 403: ErrorOut, 404: ErrorOut, 409: ErrorOut, 422: ErrorOut},
    summary="Answer an open order with a price and time, alone or as a team",
)
def submit_proposal(request: ApiRequest, order_id: int, payload: ProposalIn) -> Any:
    member = api_member(request)
    order = access_order_for_user(request.auth, order_id)
    data = _proposal_data(member, payload)
    return Status(201, _proposal(check_submit_proposal(order, member, data)))


@router.put(
    "/proposals/{proposal_id}",
    response={200: ProposalOut, 403: ErrorOut, 404: ErrorOut, 409: ErrorOut, 422: ErrorOut},
    summary="Change my proposal while the client has not chosen",
)
def update_proposal(request: ApiRequest, proposal_id: int, payload: ProposalIn) -> Any:
    proposal = access_proposal_for_author(request.auth, proposal_id)
    data = _proposal_data(proposal.author, payload)
    return _proposal(check_update_proposal(proposal, proposal.author, data))


@router.delete(
    "/proposals/{proposal_id}",
    response={200: ProposalOut, 404: ErrorOut, 409: ErrorOut},
    summary="Withdraw my proposal",
)
def withdraw_proposal(request: ApiRequest, proposal_id: int) -> Any:
    proposal = access_proposal_for_author(request.auth, proposal_id)
    return _proposal(check_withdraw_proposal(proposal, proposal.author))


@router.post(
    "/orders/{order_id}/proposals/{proposal_id}/accept",
    response={200: ProposalOut, 403: ErrorOut, 404: ErrorOut, 409: ErrorOut, 422: ErrorOut},
    summary="Choose a proposal: its author becomes the performer (exactly one wins)",
)
def accept_proposal(request: ApiRequest, order_id: int, proposal_id: int) -> Any:
    order = access_order_for_user(request.auth, order_id)
    return _proposal(check_accept_proposal(order, proposal_id, request.auth))


# --- The work ----------------------------------------------------------------------------


def _work_order(request: ApiRequest, order_id: int) -> Order:
    order = access_order_for_user(request.auth, order_id)
    if not can_see_work(request.auth, order):
        raise Http404
    return order


@router.post(
    "/orders/{order_id}/deliveries",
    response={201: DeliveryOut, 403: ErrorOut, 404: ErrorOut, 409: ErrorOut, 422: ErrorOut},
    summary="Hand over the work with a note and files (multipart `note`, `files`)",
)
def deliver(
    request: ApiRequest,
    order_id: int,
    note: Form[str],
    files: File[list[UploadedFile]] = None,  # type: ignore[assignment]
) -> Any:
    order = _work_order(request, order_id)
    return Status(201, check_deliver(order, request.auth, note, files or []))


@router.get(
    "/orders/{order_id}/deliveries",
    response={200: list[DeliveryOut], 404: ErrorOut},
    summary="Deliveries of the work",
)
def list_deliveries(request: ApiRequest, order_id: int) -> Any:
    return list(_work_order(request, order_id).deliveries.prefetch_related("files"))


@router.get(
    "/orders/{order_id}/messages",
    response={200: list[OrderMessageOut], 404: ErrorOut},
    summary="Messages between client and performer",
)
def list_messages(request: ApiRequest, order_id: int) -> Any:
    return list(_work_order(request, order_id).messages.all())


@router.post(
    "/orders/{order_id}/messages",
    response={201: OrderMessageOut, 404: ErrorOut, 409: ErrorOut, 422: ErrorOut},
    summary="Write to the other side of the work",
)
def post_message(request: ApiRequest, order_id: int, payload: OrderMessageIn) -> Any:
    order = _work_order(request, order_id)
    return Status(201, check_post_message(order, request.auth, payload.text))


@router.post(
    "/orders/{order_id}/reviews",
    response={201: ReviewOut, 403: ErrorOut, 404: ErrorOut, 409: ErrorOut, 422: ErrorOut},
    summary="Review the other side once the work is accepted",
)
def leave_review(request: ApiRequest, order_id: int, payload: ReviewIn) -> Any:
    order = access_order_for_user(request.auth, order_id)
    return Status(201, check_leave_review(order, request.auth, payload.rating, payload.text))


@router.get(
    "/members/{member_id}/reviews",
    response={200: ReviewsOut, 404: ErrorOut},
    summary="Reviews a member received for orders",
)
def member_reviews(request: ApiRequest, member_id: int) -> Any:
    member = access_member_for_user(request.auth, member_id)
    found = reviews_of(member.user_id, limit=50)
    return {"average": found.average, "count": found.count, "reviews": found.reviews}


# --- Points of sale ----------------------------------------------------------------------


@router.get("/points", response={200: list[PointOut], 404: ErrorOut}, summary="Points of sale")
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
)
def register_point(request: ApiRequest, payload: PointIn) -> Any:
    user = request.auth
    form = PointForm(payload.dict(exclude={"partner_id"}))
    if not form.is_valid():
        raise _form_errors(form)
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
)
def update_point(request: ApiRequest, point_id: int, payload: PointIn) -> Any:
    point = access_point_for_runner(request.auth, point_id)
    form = PointForm(payload.dict(exclude={"partner_id"}))
    if not form.is_valid():
        raise _form_errors(form)
    return check_update_point(point, request.auth, form.point_data())


@router.get(
    "/points/{point_id}", response={200: PointDetailOut, 404: ErrorOut}, summary="A point of sale"
)
def get_point(request: ApiRequest, point_id: int) -> Any:
    return access_point_for_user(request.auth, point_id)


@router.post(
    "/points/{point_id}/offers",
    response={201: OfferOut, 403: ErrorOut, 404: ErrorOut, 409: ErrorOut, 422: ErrorOut},
    summary="Offer a product you make to a point of sale",
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
)
def answer_offer(request: ApiRequest, offer_id: int, payload: OfferAnswerIn) -> Any:
    offer = access_offer_for_runner(request.auth, offer_id)
    return check_answer_offer(offer, request.auth, payload.accept)


@router.post(
    "/offers/{offer_id}/end",
    response={200: OfferOut, 404: ErrorOut, 409: ErrorOut},
    summary="End a consignment (the shop or the maker); items in stock must be returned first",
)
def end_offer(request: ApiRequest, offer_id: int) -> Any:
    offer = access_offer_for_party(request.auth, offer_id)
    return check_end_consignment(offer, request.auth)


@router.post(
    "/offers/{offer_id}/stock",
    response={201: MovementOut, 404: ErrorOut, 409: ErrorOut, 422: ErrorOut},
    summary="The shop records items received, sold or returned to the maker",
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
