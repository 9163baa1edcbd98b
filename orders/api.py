"""Orders as JSON: the same forms, services and access checks as the pages."""

from __future__ import annotations

from typing import Any

from django.http import Http404
from django.utils.translation import gettext as _
from ninja import Field as SchemaField
from ninja import File, Form, Query, Router, Schema, Status
from ninja.files import UploadedFile

from core.api import AUTH, ApiError, ErrorOut, check_page_found, form_error
from core.http import ApiRequest
from core.pagination import MAX_PAGE
from members.http import api_member
from members.models import Member
from members.queries import (
    access_member_for_user,
    find_member_for_user,
    member_of,
    members_by_id,
)
from orders.forms import BoardFilterForm, OrderForm
from orders.models import Order, Proposal
from orders.queries import (
    BoardFilters,
    access_order_for_user,
    access_proposal_for_author,
    board_orders,
    board_page,
    can_place_orders,
    can_see_board,
    can_see_work,
    my_placed_orders,
    proposals_for,
    reviews_of,
    routes_for_member,
)
from orders.schemas import (
    ActionIn,
    AttachmentOut,
    DeliveryOut,
    ForwardIn,
    OrderDetailOut,
    OrderIn,
    OrderMessageIn,
    OrderMessageOut,
    OrderOut,
    OrderPageOut,
    ProposalIn,
    ProposalOut,
    ReviewIn,
    ReviewOut,
    ReviewsOut,
    RoutedOrderOut,
    RouteOut,
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
from projects.queries import find_project_for_user

router = Router(tags=["orders"], auth=AUTH)


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
        raise form_error(form)
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
        raise form_error(form)
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
