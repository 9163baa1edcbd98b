"""Support measures as JSON: the public catalogue and eligibility for the caller."""

from __future__ import annotations

from typing import Any

from django.http import HttpRequest
from django.utils.translation import gettext as _
from ninja import Field as SchemaField
from ninja import Query, Router, Schema

from core.api import AUTH, ApiError, ErrorOut, check_page_found, current_user, form_error_details
from core.http import ApiRequest
from core.pagination import MAX_PAGE, offset_page
from members.http import api_member
from support.forms import CatalogueFilterForm
from support.queries import (
    CatalogueFilters,
    access_measure_for_user,
    catalogue,
    fit_for_user,
    measures_for_member,
)
from support.schemas import EligibilityOut, MeasureDetailOut, MeasurePageOut

router = Router(tags=["support"])
PAGE_SIZE = 50


class CatalogueParams(Schema):
    kind: str = SchemaField("", description="Kind of support, e.g. `grant`.")
    provider: str = SchemaField(
        "", description="agency, administration, general_partner, partner or other."
    )
    town: str = SchemaField("", description="Town slug: measures open to members from there.")
    industry: str = SchemaField("", description="Industry slug: measures open to that industry.")
    open_now: bool = SchemaField(False, description="Only measures one can apply to today.")
    page: int = SchemaField(1, ge=1, le=MAX_PAGE, description="Page number, from 1.")


@router.get(
    "/support/measures",
    response={200: MeasurePageOut, 404: ErrorOut, 422: ErrorOut},
    summary="The catalogue of support measures",
)
def list_measures(request: HttpRequest, params: Query[CatalogueParams]) -> Any:
    form = CatalogueFilterForm(params.dict(exclude={"page"}))
    if not form.is_valid():
        raise ApiError("invalid_filter", _("Unknown filter value."), 422, form_error_details(form))
    c = form.cleaned_data
    filters = CatalogueFilters(
        kind=c["kind"],
        provider=c["provider"],
        town=c["town"],
        industry=c["industry"],
        open_now=c["open_now"],
    )
    rows, shown, has_next = offset_page(
        catalogue(current_user(request), filters), params.page, PAGE_SIZE
    )
    check_page_found(params.page, shown)
    return {"page": shown, "has_next": has_next, "results": rows}


@router.get(
    "/support/measures/{measure_id}",
    response={200: MeasureDetailOut, 404: ErrorOut},
    summary="One support measure",
)
def get_measure(request: HttpRequest, measure_id: int) -> Any:
    return access_measure_for_user(current_user(request), measure_id)


@router.get(
    "/support/measures/{measure_id}/eligibility",
    response={200: EligibilityOut, 403: ErrorOut, 404: ErrorOut},
    auth=AUTH,
    summary="Can I apply? Whether I meet the measure's rules, and why",
)
def get_eligibility(request: ApiRequest, measure_id: int) -> Any:
    api_member(request, _("Support measures are for members of the cluster."))
    measure = access_measure_for_user(request.auth, measure_id)
    return fit_for_user(request.auth, measure)


@router.get(
    "/support/for-me",
    response={200: list[EligibilityOut], 403: ErrorOut},
    auth=AUTH,
    summary="Measures for me: the open measures I qualify for, then the others, with reasons",
)
def list_for_me(request: ApiRequest) -> Any:
    member = api_member(request, _("Support measures are for members of the cluster."))
    for_me = measures_for_member(member)
    return [*for_me.eligible, *for_me.others]
