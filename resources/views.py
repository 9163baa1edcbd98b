from __future__ import annotations

from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.views.decorators.http import require_POST

from core.http import AuthenticatedRequest, Request
from core.roles import member_required
from members.queries import access_member_for_user
from resources.forms import ResourceItemForm
from resources.queries import access_item_for_owner, items_of, visible_items_of
from resources.services import do_add_item, do_delete_item, do_update_item


def _map_context(
    request: AuthenticatedRequest, form: ResourceItemForm | None = None
) -> dict[str, object]:
    member = request.user.member
    items = list(items_of(member))
    return {
        "member": member,
        "offers": [i for i in items if i.direction == "offer"],
        "needs": [i for i in items if i.direction == "need"],
        "form": form or ResourceItemForm(initial={"direction": "offer", "type": "skill"}),
    }


def _render_map(
    request: AuthenticatedRequest, form: ResourceItemForm | None = None
) -> HttpResponse:
    # htmx swaps only successful responses, so a form with errors also answers 200.
    template = "resources/partials/map.html" if request.htmx else "resources/my_map.html"
    return render(request, template, _map_context(request, form))


@member_required
def my_map(request: AuthenticatedRequest) -> HttpResponse:
    if request.method == "POST":
        form = ResourceItemForm(request.POST)
        if form.is_valid():
            do_add_item(request.user.member, form.to_data())
            return _render_map(request) if request.htmx else redirect("resources:my_map")
        return _render_map(request, form)
    return _render_map(request)


@member_required
def item_edit(request: AuthenticatedRequest, item_id: int) -> HttpResponse:
    item = access_item_for_owner(request.user, item_id)
    form = ResourceItemForm(request.POST or None, instance=item)
    if request.method == "POST" and form.is_valid():
        do_update_item(item, form.to_data())
        return _render_map(request) if request.htmx else redirect("resources:my_map")
    if request.method == "POST":
        item.refresh_from_db()
    return render(request, "resources/item_edit.html", {"form": form, "item": item})


@member_required
@require_POST
def item_delete(request: AuthenticatedRequest, item_id: int) -> HttpResponse:
    do_delete_item(access_item_for_owner(request.user, item_id))
    return _render_map(request) if request.htmx else redirect("resources:my_map")


def member_map(request: Request, member_id: int) -> HttpResponse:
    member = access_member_for_user(request.user, member_id)
    items = list(visible_items_of(member, request.user))
    context = {
        "member": member,
        "offers": [i for i in items if i.direction == "offer"],
        "needs": [i for i in items if i.direction == "need"],
    }
    return render(request, "resources/member_map.html", context)
