"""Order pages: the board, "orders for me", my orders, one order with its proposals, work,
messages and reviews. Thin: parse, call a service or query, render."""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import FileResponse, Http404, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from core.errors import add_to_form
from core.http import AuthenticatedRequest
from core.pagination import page_number
from core.roles import curator_required, is_curator
from members.http import member_or_404
from members.queries import member_of
from orders import states
from orders.forms import (
    ActionForm,
    BoardFilterForm,
    DeliveryForm,
    ForwardForm,
    MessageForm,
    NoteForm,
    OrderForm,
    ProposalForm,
    ReviewForm,
    ShareFormSet,
    share_rows,
)
from orders.models import Order, ProposalStatus
from orders.queries import (
    BoardFilters,
    access_attachment_for_user,
    access_order_for_client,
    access_order_for_user,
    access_proposal_for_author,
    actors_of,
    board_orders,
    board_page,
    brief_files,
    can_place_orders,
    can_see_board,
    can_see_work,
    can_talk,
    deliveries_for,
    further_candidates,
    my_placed_orders,
    my_proposals,
    my_work,
    orders_in_moderation,
    performer_ratings,
    proposal_of,
    proposals_for,
    route_for,
    routes_for_curator,
    routes_for_member,
    teammates_of,
)
from orders.services import (
    OrderError,
    check_accept_proposal,
    check_create_order,
    check_deliver,
    check_forward_order,
    check_leave_review,
    check_post_message,
    check_publish_order,
    check_submit_proposal,
    check_take_action,
    check_update_order,
    check_update_proposal,
    check_withdraw_proposal,
)

# --- Lists -------------------------------------------------------------------------------


@login_required
def board(request: AuthenticatedRequest) -> HttpResponse:
    """Open orders, newest first, with filters; curators may look at any state."""
    member = member_of(request.user)
    if not can_see_board(request.user, member):
        raise Http404
    form = BoardFilterForm(request.GET or None)
    filters = BoardFilters()
    if form.is_bound and form.is_valid():
        c = form.cleaned_data
        filters = BoardFilters(
            town=c["town"],
            industry=c["industry"],
            budget_from=c["budget_from"],
            query=c["q"],
            status=c["status"] if is_curator(request.user) else "",
            for_me=c["for_me"],
        )
    orders = board_orders(request.user, filters, member)
    if form.is_bound and not form.is_valid():
        orders = orders.none()
    page = board_page(orders, page_number(request.GET.get("page")))
    query = request.GET.copy()
    query.pop("page", None)
    context = {"form": form, "page": page, "query_string": query.urlencode(), "member": member}
    template = "orders/partials/board_results.html" if request.htmx else "orders/board.html"
    return render(request, template, context)


@login_required
def for_me(request: AuthenticatedRequest) -> HttpResponse:
    member = member_or_404(request)
    context = {
        "routes": routes_for_member(member)[:50],
        "proposals": my_proposals(member)[:50],
        "work": my_work(member),
    }
    return render(request, "orders/for_me.html", context)


@login_required
def mine(request: AuthenticatedRequest) -> HttpResponse:
    if not can_place_orders(request.user):
        raise Http404
    orders = my_placed_orders(request.user)[:100]
    return render(request, "orders/mine.html", {"orders": orders})


@curator_required
def moderation(request: AuthenticatedRequest) -> HttpResponse:
    return render(request, "orders/moderation.html", {"orders": orders_in_moderation()})


# --- Placing an order --------------------------------------------------------------------


@login_required
def create(request: AuthenticatedRequest) -> HttpResponse:
    if not can_place_orders(request.user):
        raise Http404
    form = OrderForm(request.POST or None, request.FILES or None)
    if request.method == "POST" and form.is_valid():
        try:
            order = check_create_order(
                request.user, form.order_data(), form.cleaned_data["attachments"]
            )
            if "publish" in request.POST:
                check_publish_order(order, request.user)
        except OrderError as error:
            add_to_form(form, error)
        else:
            messages.success(request, _("Your order is saved."))
            return redirect("orders:detail", order.pk)
    return render(request, "orders/order_form.html", {"form": form, "order": None})


@login_required
def edit(request: AuthenticatedRequest, order_id: int) -> HttpResponse:
    order = access_order_for_client(request.user, order_id)
    if order.status != states.DRAFT:
        return redirect("orders:detail", order.pk)
    initial = {
        "title": order.title,
        "brief": order.brief,
        "town": order.town,
        "budget_min": order.budget_min,
        "budget_max": order.budget_max,
        "deadline": order.deadline,
        "industries": list(order.industries.all()),
    }
    form = OrderForm(request.POST or None, request.FILES or None, initial=initial)
    if request.method == "POST" and form.is_valid():
        try:
            check_update_order(
                order, request.user, form.order_data(), form.cleaned_data["attachments"]
            )
        except OrderError as error:
            add_to_form(form, error)
        else:
            messages.success(request, _("Your order is saved."))
            return redirect("orders:detail", order.pk)
    return render(request, "orders/order_form.html", {"form": form, "order": order})


# --- One order ---------------------------------------------------------------------------


def _detail(
    request: AuthenticatedRequest, order: Order, status: int = 200, **extra: Any
) -> HttpResponse:
    user = request.user
    actors = actors_of(order, user)
    member = member_of(user)
    work = can_see_work(user, order)
    proposals = proposals_for(order, user)
    own = next((p for p in proposals if member and p.author_id == member.pk), None)
    context: dict[str, Any] = {
        "order": order,
        "actors": actors,
        "actions": states.actions_from(order.status, frozenset(actors)),
        "is_client": "client" in actors,
        "is_curator": "curator" in actors,
        "member": member,
        "files": brief_files(order),
        "route": route_for(order, user),
        "proposals": proposals,
        "own_proposal": own,
        "can_propose": bool(
            member and order.is_open and order.client_id != user.pk and own is None
        ),
        "can_see_work": work,
        "can_talk": can_talk(order, user),
        "deliveries": deliveries_for(order) if work else [],
        "order_messages": order.messages.select_related("author__member") if work else [],
        "reviews": order.reviews.select_related("author"),
        "events": order.events.select_related("actor__member") if work else [],
        "message_form": MessageForm(),
        "delivery_form": DeliveryForm(),
        "review_form": ReviewForm(),
        "note_form": NoteForm(),
        "forward_form": ForwardForm(),
        "reviewed": {review.author_id for review in order.reviews.all()},
    }
    if "curator" in actors:
        context["routes"] = routes_for_curator(order)
        if order.is_open:
            told = {route.member_id for route in context["routes"]}
            context["more_candidates"] = further_candidates(order, request.user, told)
    context.update(extra)
    return render(request, "orders/order_detail.html", context, status=status)


@login_required
def detail(request: AuthenticatedRequest, order_id: int) -> HttpResponse:
    return _detail(request, access_order_for_user(request.user, order_id))


@login_required
@require_POST
def act(request: AuthenticatedRequest, order_id: int) -> HttpResponse:
    order = access_order_for_user(request.user, order_id)
    form = ActionForm(request.POST)
    if not form.is_valid():
        error = OrderError("unknown_action", _("Unknown action."))
        return _detail(request, order, status=422, error=error)
    c = form.cleaned_data
    try:
        check_take_action(order, request.user, c["action"], c["note"], c["outcome"])
    except OrderError as error:
        return _detail(request, order, status=409, error=error)
    messages.success(request, _("Done."))
    return redirect("orders:detail", order.pk)


@login_required
def compare(request: AuthenticatedRequest, order_id: int) -> HttpResponse:
    """The client's side-by-side view of the proposals."""
    order = access_order_for_user(request.user, order_id)
    if order.client_id != request.user.pk and not is_curator(request.user):
        raise Http404
    proposals = proposals_for(order, request.user)
    ratings = performer_ratings([p.author.user_id for p in proposals])
    context = {
        "order": order,
        "proposals": proposals,
        "ratings": ratings,
        "can_accept": order.client_id == request.user.pk and order.status == states.PROPOSALS,
    }
    return render(request, "orders/compare.html", context)


@login_required
@require_POST
def accept_proposal(request: AuthenticatedRequest, order_id: int, proposal_id: int) -> HttpResponse:
    order = access_order_for_user(request.user, order_id)
    try:
        check_accept_proposal(order, proposal_id, request.user)
    except OrderError as error:
        return _detail(request, order, status=409, error=error)
    messages.success(request, _("The performer is chosen; the others have been told."))
    return redirect("orders:detail", order.pk)


@login_required
def propose(request: AuthenticatedRequest, order_id: int) -> HttpResponse:
    """Write or edit the member's proposal, alone or for their producer team."""
    member = member_or_404(request)
    order = access_order_for_user(request.user, order_id)
    own = proposal_of(order, member)
    # A submitted proposal is edited in place; any other (or none) means writing a new one.
    editable = own if own is not None and own.status == ProposalStatus.SUBMITTED else None
    initial: dict[str, Any] = {}
    share_initial: list[dict[str, Any]] = []
    if editable is not None:
        initial = {
            "price": editable.price,
            "days": editable.days,
            "message": editable.message,
            "team_name": editable.team_name,
            "project": editable.project,
        }
        share_initial = [
            {"member": s.member, "share": s.share, "role": s.role} for s in editable.shares.all()
        ]
    form = ProposalForm(member, request.POST or None, initial=initial)
    teammates = teammates_of(member)
    formset = ShareFormSet(
        request.POST or None,
        initial=share_initial,
        prefix="shares",
        form_kwargs={"author": member, "teammates": teammates},
    )
    error = None
    if request.method == "POST":
        shares = share_rows(formset)
        if form.check(shares):
            try:
                if editable is not None:
                    check_update_proposal(editable, member, form.proposal_data())
                else:
                    check_submit_proposal(order, member, form.proposal_data())
            except OrderError as failure:
                error = failure
            else:
                messages.success(request, _("Your proposal is sent to the client."))
                return redirect("orders:detail", order.pk)
    context = {
        "order": order,
        "form": form,
        "formset": formset,
        "has_team": teammates.exists(),
        "editing": editable is not None,
        "error": error,
    }
    return render(request, "orders/proposal_form.html", context, status=409 if error else 200)


@login_required
@require_POST
def withdraw_proposal(request: AuthenticatedRequest, proposal_id: int) -> HttpResponse:
    proposal = access_proposal_for_author(request.user, proposal_id)
    try:
        check_withdraw_proposal(proposal, proposal.author)
    except OrderError as error:
        return _detail(request, proposal.order, status=409, error=error)
    messages.success(request, _("Your proposal is withdrawn."))
    return redirect("orders:detail", proposal.order_id)


@login_required
def order_messages(request: AuthenticatedRequest, order_id: int) -> HttpResponse:
    """The conversation between client and performer: the list (htmx) and new messages."""
    order = access_order_for_user(request.user, order_id)
    if not can_see_work(request.user, order):
        raise Http404
    form = MessageForm(request.POST or None)
    error = None
    if request.method == "POST" and form.is_valid():
        try:
            check_post_message(order, request.user, form.cleaned_data["text"])
        except OrderError as failure:
            error = failure
        else:
            form = MessageForm()
            if not request.htmx:
                return redirect(reverse("orders:detail", args=[order.pk]) + "#messages")
    context = {
        "order": order,
        "order_messages": order.messages.select_related("author__member"),
        "message_form": form,
        "can_talk": can_talk(order, request.user),
        "error": error,
    }
    return render(request, "orders/partials/messages.html", context)


@login_required
@require_POST
def deliver(request: AuthenticatedRequest, order_id: int) -> HttpResponse:
    order = access_order_for_user(request.user, order_id)
    form = DeliveryForm(request.POST, request.FILES)
    if not form.is_valid():
        return _detail(request, order, status=422, delivery_form=form)
    try:
        check_deliver(
            order, request.user, form.cleaned_data["note"], form.cleaned_data["attachments"]
        )
    except OrderError as error:
        return _detail(request, order, status=409, error=error, delivery_form=form)
    messages.success(request, _("The work is delivered; the client has been told."))
    return redirect("orders:detail", order.pk)


@login_required
@require_POST
def review(request: AuthenticatedRequest, order_id: int) -> HttpResponse:
    order = access_order_for_user(request.user, order_id)
    form = ReviewForm(request.POST)
    if not form.is_valid():
        return _detail(request, order, status=422, review_form=form)
    try:
        check_leave_review(
            order, request.user, form.cleaned_data["rating"], form.cleaned_data["text"]
        )
    except OrderError as error:
        return _detail(request, order, status=409, error=error, review_form=form)
    messages.success(request, _("Thank you for your review!"))
    return redirect("orders:detail", order.pk)


@curator_required
@require_POST
def forward(request: AuthenticatedRequest, order_id: int) -> HttpResponse:
    order = access_order_for_user(request.user, order_id)
    form = ForwardForm(request.POST)
    if not form.is_valid():
        return _detail(request, order, status=422, forward_form=form)
    try:
        check_forward_order(
            order, form.cleaned_data["member"], request.user, form.cleaned_data["note"]
        )
    except OrderError as error:
        return _detail(request, order, status=409, error=error, forward_form=form)
    messages.success(request, _("The member has been told about the order."))
    return redirect("orders:detail", order.pk)


@login_required
def attachment(request: AuthenticatedRequest, attachment_id: int) -> FileResponse:
    found = access_attachment_for_user(request.user, attachment_id)
    response = FileResponse(found.file.open("rb"), as_attachment=True, filename=found.name)
    response["Content-Type"] = found.content_type
    response["X-Content-Type-Options"] = "nosniff"
    return response
