from __future__ import annotations

from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _

from core.errors import add_to_form
from core.http import AuthenticatedRequest, Request
from core.markdown import render_markdown
from core.roles import is_curator
from members.http import member_or_404
from support.access import may_decide
from support.application_queries import my_application
from support.forms import CatalogueFilterForm, MeasureForm
from support.models import Measure
from support.queries import (
    CatalogueFilters,
    access_measure_for_provider,
    access_measure_for_user,
    can_edit_measure,
    cards_for_member,
    catalogue,
    fit_for_user,
    may_provide_measures,
)
from support.queries_reviews import may_review_measure
from support.services import MeasureError, check_save_measure

PAGE_SIZE = getattr(settings, "SUPPORT_PAGE_SIZE", 20)


def catalogue_view(request: Request) -> HttpResponse:
    form = CatalogueFilterForm(request.GET or None)
    filters = CatalogueFilters()
    if form.is_bound and form.is_valid():
        c = form.cleaned_data
        filters = CatalogueFilters(
            kind=c["kind"],
            provider=c["provider"],
            town=c["town"],
            industry=c["industry"],
            open_now=c["open_now"],
        )
    measures = catalogue(request.user, filters)
    if form.is_bound and not form.is_valid():
        measures = measures.none()
    page = Paginator(measures, PAGE_SIZE).get_page(request.GET.get("page"))
    query_string = request.GET.copy()
    query_string.pop("page", None)
    context = {
        "form": form,
        "page": page,
        "query_string": query_string.urlencode(),
        "today": timezone.localdate(),
        "may_create": may_provide_measures(request.user),
    }
    template = (
        "support/partials/catalogue_results.html" if request.htmx else "support/catalogue.html"
    )
    return render(request, template, context)


def measure_detail(request: Request, measure_id: int) -> HttpResponse:
    measure = access_measure_for_user(request.user, measure_id)
    context = {
        "measure": measure,
        "description": render_markdown(measure.description),
        "fit": fit_for_user(request.user, measure),
        "is_open": measure.is_open_on(timezone.localdate()),
        "can_edit": can_edit_measure(request.user, measure),
        "application": my_application(request.user, measure),
        "may_decide": may_decide(request.user, measure),
        "reviews_it": may_review_measure(request.user, measure),
    }
    return render(request, "support/measure_detail.html", context)


@login_required
def for_me(request: AuthenticatedRequest) -> HttpResponse:
    member = member_or_404(request)
    return render(request, "support/for_me.html", {"for_me": cards_for_member(member)})


def _edit(request: AuthenticatedRequest, measure: Measure | None) -> HttpResponse:
    form = MeasureForm(
        request.POST or None, instance=measure, may_choose_provider=is_curator(request.user)
    )
    if request.method == "POST" and form.is_valid():
        try:
            saved = check_save_measure(request.user, form.to_data(), measure)
        except MeasureError as error:
            add_to_form(form, error)
        else:
            messages.success(request, _("The measure has been saved."))
            return redirect("support:detail", saved.pk)
    if request.method == "POST" and measure is not None:
        measure.refresh_from_db()  # validation wrote the posted values onto the instance
    return render(request, "support/measure_form.html", {"form": form, "measure": measure})


@login_required
def measure_create(request: AuthenticatedRequest) -> HttpResponse:
    if not may_provide_measures(request.user):
        raise Http404
    return _edit(request, None)


@login_required
def measure_edit(request: AuthenticatedRequest, measure_id: int) -> HttpResponse:
    return _edit(request, access_measure_for_provider(request.user, measure_id))
