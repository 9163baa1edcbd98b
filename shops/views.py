"""Point-of-sale pages: the list of shops, a shop with its products, stock and sales, the
shop's month per maker, and each maker's monthly statement (page and XLSX)."""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from core.errors import add_to_form
from core.http import AuthenticatedRequest
from core.roles import is_curator
from members.http import member_or_404
from members.models import Member
from members.queries import access_member_for_user, member_of
from shops.forms import (
    OfferForm,
    PartnerPointForm,
    PointForm,
    RefundForm,
    StockForm,
    parse_month,
)
from shops.models import PointOfSale, StockKind
from shops.queries import (
    access_offer_for_party,
    access_offer_for_runner,
    access_point_for_runner,
    access_point_for_user,
    access_sale_for_runner,
    my_consignments,
    offers_at,
    point_list,
    products_made_by,
    recent_movements,
    refundable_quantity,
    runs_point,
)
from shops.services import (
    ShopError,
    can_register_point,
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
from shops.statements import (
    latest_month_of_maker,
    latest_month_of_point,
    maker_statement,
    point_month,
    statement_xlsx,
)

XLSX_TYPE = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


@login_required
def points(request: AuthenticatedRequest) -> HttpResponse:
    member = member_of(request.user)
    if member is None and not is_curator(request.user):
        raise Http404
    context = {
        "points": point_list(request.user, member),
        "consignments": my_consignments(member) if member else [],
        # A statement is a member's own; a curator without a directory entry has none.
        "has_statement": member is not None,
        "can_register": is_curator(request.user)
        or bool(member and can_register_point(request.user, member)),
    }
    return render(request, "shops/points.html", context)


@login_required
def point_create(request: AuthenticatedRequest) -> HttpResponse:
    user = request.user
    member = member_of(user)
    curator = is_curator(user)
    if not curator and not (member and can_register_point(user, member)):
        raise Http404
    form_class = PartnerPointForm if curator else PointForm
    form = form_class(request.POST or None)
    if request.method == "POST" and form.is_valid():
        partner = form.cleaned_data.get("partner") or member
        if partner is None:
            raise Http404
        try:
            point = check_register_point(user, partner, form.point_data())
        except ShopError as error:
            add_to_form(form, error)
        else:
            messages.success(request, _("The point of sale is registered."))
            return redirect("shops:point", point.pk)
    return render(request, "shops/point_form.html", {"form": form, "point": None})


@login_required
def point_edit(request: AuthenticatedRequest, point_id: int) -> HttpResponse:
    point = access_point_for_runner(request.user, point_id)
    initial = {
        "name": point.name,
        "town": point.town,
        "address": point.address,
        "commission_percent": point.commission_percent,
        "terms": point.terms,
        "is_active": point.is_active,
    }
    form = PointForm(request.POST or None, initial=initial)
    if request.method == "POST" and form.is_valid():
        try:
            check_update_point(point, request.user, form.point_data())
        except ShopError as error:
            add_to_form(form, error)
        else:
            messages.success(request, _("Saved."))
            return redirect("shops:point", point.pk)
    return render(request, "shops/point_form.html", {"form": form, "point": point})


def _point_page(
    request: HttpRequest,
    point: PointOfSale,
    status: int = 200,
    *,
    bound: tuple[str, int, Any] | None = None,
    **extra: Any,
) -> HttpResponse:
    """Render the shop; `bound` is ("stock", offer id, form): a form with errors."""
    member = member_of(request.user)
    runner = runs_point(request.user, point)
    products = products_made_by(member) if member else None
    offers = list(offers_at(point, request.user))
    movements = list(recent_movements(point)) if runner else []
    # Each row has its own form, with ids of its own so labels point at the right inputs.
    for offer in offers:
        offer.stock_form = StockForm(auto_id=f"stock{offer.pk}_%s")  # type: ignore[attr-defined]
    if bound is not None:
        kind, row_id, form = bound
        for row in offers:
            if row.pk == row_id:
                setattr(row, f"{kind}_form", form)
                setattr(row, "form_open", True)  # noqa: B010 (an attribute for the template)
    context: dict[str, Any] = {
        "point": point,
        "runs_point": runner,
        "offers": offers,
        "movements": movements,
        "offer_form": OfferForm(products) if products is not None else None,
    }
    context.update(extra)
    return render(request, "shops/point_detail.html", context, status=status)


@login_required
def point(request: AuthenticatedRequest, point_id: int) -> HttpResponse:
    return _point_page(request, access_point_for_user(request.user, point_id))


@login_required
@require_POST
def offer_product(request: AuthenticatedRequest, point_id: int) -> HttpResponse:
    point = access_point_for_user(request.user, point_id)
    member = member_or_404(request)
    form = OfferForm(products_made_by(member), request.POST)
    if not form.is_valid():
        return _point_page(request, point, status=422, offer_form=form)
    c = form.cleaned_data
    try:
        check_offer_product(point, c["product"], member, c["unit_price"], c["note"])
    except ShopError as error:
        return _point_page(request, point, status=409, error=error, offer_form=form)
    messages.success(request, _("The product is offered to the shop."))
    return redirect("shops:point", point.pk)


@login_required
@require_POST
def answer_offer(request: AuthenticatedRequest, offer_id: int) -> HttpResponse:
    offer = access_offer_for_runner(request.user, offer_id)
    try:
        check_answer_offer(offer, request.user, request.POST.get("answer") == "accept")
    except ShopError as error:
        return _point_page(request, offer.point, status=409, error=error)
    return redirect("shops:point", offer.point_id)


@login_required
@require_POST
def end_offer(request: AuthenticatedRequest, offer_id: int) -> HttpResponse:
    offer = access_offer_for_party(request.user, offer_id)
    try:
        check_end_consignment(offer, request.user)
    except ShopError as error:
        return _point_page(request, offer.point, status=409, error=error)
    return redirect("shops:point", offer.point_id)


@login_required
@require_POST
def stock(request: AuthenticatedRequest, offer_id: int) -> HttpResponse:
    """Record items received, sold or returned to the maker for one product of the shop."""
    offer = access_offer_for_runner(request.user, offer_id)
    form = StockForm(request.POST)
    if not form.is_valid():
        return _point_page(request, offer.point, status=422, bound=("stock", offer.pk, form))
    c = form.cleaned_data
    user = request.user
    try:
        if c["kind"] == StockKind.SOLD:
            check_record_sale(offer, user, c["quantity"], c["date"], c["unit_price"], c["note"])
        elif c["kind"] == StockKind.RECEIVED:
            check_receive_stock(offer, user, c["quantity"], c["date"], c["note"])
        else:
            check_return_to_maker(offer, user, c["quantity"], c["date"], c["note"])
    except ShopError as error:
        return _point_page(
            request, offer.point, status=409, error=error, bound=("stock", offer.pk, form)
        )
    messages.success(request, _("Recorded."))
    return redirect("shops:point", offer.point_id)


@login_required
def refund(request: AuthenticatedRequest, sale_id: int) -> HttpResponse:
    """A page of its own for one sale's refund: the shop page lists many sales, each with one
    link here rather than a form of its own."""
    sale = access_sale_for_runner(request.user, sale_id)
    refundable = refundable_quantity(sale)
    form = RefundForm(request.POST or None, initial={"quantity": refundable})
    context: dict[str, Any] = {"sale": sale, "refundable": refundable, "form": form}
    if request.method != "POST":
        return render(request, "shops/refund.html", context)
    if not form.is_valid():
        return render(request, "shops/refund.html", context, status=422)
    c = form.cleaned_data
    try:
        check_record_refund(sale, request.user, c["quantity"], c["date"], c["note"])
    except ShopError as error:
        add_to_form(form, error)
        return render(request, "shops/refund.html", {**context, "error": error}, status=409)
    messages.success(request, _("Recorded."))
    return redirect("shops:point", sale.offer.point_id)


@login_required
def point_month_view(request: AuthenticatedRequest, point_id: int) -> HttpResponse:
    point = access_point_for_runner(request.user, point_id)
    # Without a month, the latest with sales: a shop opens its page to settle up.
    raw = request.GET.get("month")
    year, month = parse_month(raw, None if raw else latest_month_of_point(point))
    summary = point_month(point, year, month)
    return render(request, "shops/point_month.html", {"summary": summary, "point": point})


def _statement_member(request: HttpRequest) -> Member:
    """Return whose statement to show: one's own; a curator may name any member."""
    wanted = request.GET.get("member", "")
    if wanted and is_curator(request.user):
        if not wanted.isdigit():
            raise Http404
        return access_member_for_user(request.user, int(wanted))
    return member_or_404(request)


@login_required
def statement(request: AuthenticatedRequest) -> HttpResponse:
    member = _statement_member(request)
    raw = request.GET.get("month")
    year, month = parse_month(raw, None if raw else latest_month_of_maker(member))
    context = {
        "statement": maker_statement(member, year, month),
        "member_param": request.GET.get("member", ""),
    }
    return render(request, "shops/statement.html", context)


@login_required
def statement_download(request: AuthenticatedRequest) -> HttpResponse:
    member = _statement_member(request)
    year, month = parse_month(request.GET.get("month"))
    body = statement_xlsx(maker_statement(member, year, month))
    response = HttpResponse(body, content_type=XLSX_TYPE)
    response["Content-Disposition"] = (
        f'attachment; filename="statement-{member.pk}-{year}-{month:02d}.xlsx"'
    )
    return response
