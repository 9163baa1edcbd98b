from __future__ import annotations

from typing import Any

from django.utils.translation import gettext as _
from ninja import Router, Status

from core.api import AUTH, ApiError, ErrorOut, form_error_details
from core.http import ApiRequest
from core.models import Industry, Town
from members.http import api_member
from resources.forms import ResourceItemForm
from resources.models import ResourceItem
from resources.queries import access_item_for_owner, items_of
from resources.schemas import ResourceItemIn, ResourceItemOut
from resources.services import do_add_item, do_delete_item, do_update_item

router = Router(tags=["resource maps"], auth=AUTH)


def _validated_form(
    payload: ResourceItemIn, instance: ResourceItem | None = None
) -> ResourceItemForm:
    data: dict[str, Any] = payload.dict()
    # The form holds the rules for pages and API alike; it takes primary keys, the API slugs.
    # Unknown slugs join the form's own errors, so the caller learns every mistake at once.
    unknown: dict[str, list[str]] = {}
    if data["town"]:
        town = Town.objects.filter(slug=data["town"]).first()
        if town is None:
            unknown["town"] = [_("Unknown town.")]
        data["town"] = town.pk if town else None
    slugs = data.pop("industries")
    industries = dict(Industry.objects.filter(slug__in=slugs).values_list("slug", "pk"))
    if len(industries) != len(set(slugs)):
        unknown["industries"] = [_("Unknown industry.")]
    data["industries"] = list(industries.values())
    form = ResourceItemForm(data, instance=instance)
    if not form.is_valid() or unknown:
        details = {**form_error_details(form), **unknown}
        raise ApiError("invalid_input", _("Some fields are missing or wrong."), 422, details)
    return form


@router.get("/me/resources", response=list[ResourceItemOut], summary="My resource map")
def list_my_items(request: ApiRequest) -> Any:
    return items_of(api_member(request, _("Only cluster members keep a resource map.")))


@router.post(
    "/me/resources",
    response={201: ResourceItemOut, 403: ErrorOut, 422: ErrorOut},
    summary="Add a line to my resource map",
)
def add_item(request: ApiRequest, payload: ResourceItemIn) -> Any:
    member = api_member(request, _("Only cluster members keep a resource map."))
    return Status(201, do_add_item(member, _validated_form(payload).to_data()))


@router.put(
    "/me/resources/{item_id}",
    response={200: ResourceItemOut, 404: ErrorOut, 422: ErrorOut},
    summary="Change a line of my resource map",
)
def update_item(request: ApiRequest, item_id: int, payload: ResourceItemIn) -> Any:
    item = access_item_for_owner(request.auth, item_id)
    return do_update_item(item, _validated_form(payload, item).to_data())


@router.delete(
    "/me/resources/{item_id}",
    response={204: None, 404: ErrorOut},
    summary="Remove a line from my resource map",
)
def delete_item(request: ApiRequest, item_id: int) -> Any:
    do_delete_item(access_item_for_owner(request.auth, item_id))
    return Status(204, None)
