from __future__ import annotations

from typing import Any

from django.conf import settings
from django.http import HttpRequest
from django.utils.translation import gettext as _
from ninja import Field as SchemaField
from ninja import Query, Router, Schema, Status

from core.api import (
    AUTH,
    ApiError,
    ErrorOut,
    check_page_found,
    current_user,
    form_error_details,
)
from core.http import ApiRequest, client_ip
from core.models import Industry, Town
from core.pagination import MAX_PAGE, CappedPaginator
from members.forms import ApplicationForm, DirectoryFilterForm
from members.queries import (
    DirectoryFilters,
    access_member_for_user,
    can_see_inn,
    directory_members,
    latest_application_for,
    open_application_for,
)
from members.schemas import ApplicationIn, ApplicationOut, MemberDetailOut, MemberPageOut
from members.services import do_resubmit_application, do_submit_application

router = Router(tags=["members"])


class MemberFilters(Schema):
    q: str = SchemaField("", description="Search words; Russian word forms are understood.")
    town: str = SchemaField("", description="Town slug.")
    industry: str = SchemaField("", description="Industry slug.")
    role: str = SchemaField("", description="resident, producer or partner.")
    legal_form: str = SchemaField("", description="Legal form code.")
    page: int = SchemaField(1, ge=1, le=MAX_PAGE, description="Page number, from 1.")


@router.get(
    "/members",
    response={200: MemberPageOut, 404: ErrorOut, 422: ErrorOut},
    summary="List and search members",
)
def list_members(request: HttpRequest, filters: Query[MemberFilters]) -> Any:
    form = DirectoryFilterForm(filters.dict(exclude={"page"}))
    if not form.is_valid():
        raise ApiError("invalid_filter", _("Unknown filter value."), 422, form_error_details(form))
    c = form.cleaned_data
    members = directory_members(
        current_user(request),
        DirectoryFilters(
            town=c["town"],
            industry=c["industry"],
            role=c["role"],
            legal_form=c["legal_form"],
            query=c["q"],
        ),
    )
    paginator = CappedPaginator(
        members, settings.DIRECTORY_PAGE_SIZE, cap=settings.SEARCH_COUNT_CAP
    )
    page = paginator.get_page(filters.page)
    check_page_found(filters.page, page.number)
    return {
        "count": paginator.count,
        "count_capped": paginator.is_capped,
        "page": page.number,
        "pages": paginator.num_pages,
        "results": list(page.object_list),
    }


@router.get(
    "/members/{member_id}",
    response={200: MemberDetailOut, 404: ErrorOut},
    summary="One member's profile",
)
def get_member(request: HttpRequest, member_id: int) -> Any:
    user = current_user(request)
    member = access_member_for_user(user, member_id)
    profile = MemberDetailOut.from_orm(member)
    if not can_see_inn(user, member):
        profile.inn = None
    return profile


@router.get(
    "/me/application",
    response={200: ApplicationOut, 404: ErrorOut},
    auth=AUTH,
    summary="My latest application to join",
)
def get_my_application(request: ApiRequest) -> Any:
    application = latest_application_for(request.auth)
    if application is None:
        raise ApiError("not_found", _("You have not applied yet."), 404)
    return application


@router.post(
    "/me/application",
    response={201: ApplicationOut, 409: ErrorOut, 422: ErrorOut},
    auth=AUTH,
    summary="Apply to join, or resubmit after a curator asked for more",
)
def submit_my_application(request: ApiRequest, payload: ApplicationIn) -> Any:
    user = request.auth
    existing = open_application_for(user)
    data = payload.dict()
    # The form holds the rules for pages and API alike; it takes primary keys, the API slugs.
    town = Town.objects.filter(slug=data["town"]).first()
    data["town"] = town.pk if town else "-"
    industry_ids = dict(
        Industry.objects.filter(slug__in=data["industries"]).values_list("slug", "pk")
    )
    unknown = [slug for slug in data["industries"] if slug not in industry_ids]
    if unknown:
        raise ApiError(
            "invalid_input",
            _("Unknown industry: %(slugs)s") % {"slugs": ", ".join(unknown)},
            422,
            {"industries": [_("Unknown industry.")]},
        )
    data["industries"] = list(industry_ids.values())
    form = ApplicationForm(data, instance=existing, applicant=user)
    if not form.is_valid():
        if form.has_error("inn", "inn_taken"):
            raise ApiError("inn_taken", str(form.errors["inn"][0]), 422, form_error_details(form))
        raise ApiError(
            "invalid_input", _("Some fields are missing or wrong."), 422, form_error_details(form)
        )
    ip = client_ip(request)
    if existing is None:
        application = do_submit_application(
            user, form.to_data(), consent_version=settings.CONSENT_TEXT_VERSION, ip=ip
        )
    else:
        application = do_resubmit_application(
            existing, form.to_data(), consent_version=settings.CONSENT_TEXT_VERSION, ip=ip
        )
    return Status(201, application)
