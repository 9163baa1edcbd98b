from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.db.models import Count, Q
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.views.decorators.http import require_POST

from core.http import AuthenticatedRequest
from core.roles import curator_required, member_required
from matching.models import Introduction, IntroductionStatus
from matching.queries import (
    access_introduction_for_user,
    introductions_for,
    network_introductions,
    partner_map_coverage,
    suggestions_for,
)
from matching.services import (
    IntroductionError,
    do_answer_introduction,
    do_hide_suggestion,
    do_request_introduction,
)
from members.models import Member
from members.queries import access_member_for_user
from resources.forms import PartnerMapForm
from resources.queries import access_partner_map_for_user, partner_maps_for
from resources.services import do_create_partner_map


@member_required
def suggestions(request: AuthenticatedRequest) -> HttpResponse:
    member = request.user.member
    context = {
        "member": member,
        "suggestions": suggestions_for(member, 10),
        "has_map": member.resource_items.exists(),
    }
    return render(request, "matching/suggestions.html", context)


def _partner_for(request: HttpRequest, member_id: int) -> Member:
    partner = access_member_for_user(request.user, member_id)
    if not partner.is_active:
        raise Http404
    return partner


@member_required
@require_POST
def request_introduction(request: AuthenticatedRequest, member_id: int) -> HttpResponse:
    member = request.user.member
    partner = _partner_for(request, member_id)
    reasons = [s.reasons for s in suggestions_for(member, 30) if s.partner.pk == partner.pk]
    try:
        introduction = do_request_introduction(
            member, partner, request.POST.get("message", ""), reasons[0] if reasons else []
        )
    except IntroductionError as error:
        messages.error(request, str(error))
        return redirect("matching:suggestions")
    if request.htmx:
        return render(
            request,
            "matching/partials/introduction_state.html",
            {"introduction": introduction, "partner": partner},
        )
    return redirect("matching:introductions")


@member_required
@require_POST
def hide_suggestion(request: AuthenticatedRequest, member_id: int) -> HttpResponse:
    do_hide_suggestion(request.user.member, _partner_for(request, member_id))
    if request.htmx:
        return HttpResponse("")
    return redirect("matching:suggestions")


@member_required
def introductions(request: AuthenticatedRequest) -> HttpResponse:
    member = request.user.member
    items = list(introductions_for(member)[:200])
    context = {
        "member": member,
        "incoming": [i for i in items if i.recipient_id == member.pk],
        "outgoing": [i for i in items if i.requester_id == member.pk],
    }
    return render(request, "matching/introductions.html", context)


@member_required
@require_POST
def answer_introduction(request: AuthenticatedRequest, introduction_id: int) -> HttpResponse:
    introduction = access_introduction_for_user(request.user, introduction_id)
    try:
        do_answer_introduction(
            introduction,
            request.user.member,
            request.POST.get("answer") == "accept",
        )
    except IntroductionError as error:
        messages.error(request, str(error))
    return redirect("matching:introductions")


@curator_required
def network(request: AuthenticatedRequest) -> HttpResponse:
    totals = Introduction.objects.aggregate(
        requested=Count("pk"),
        accepted=Count("pk", filter=Q(status=IntroductionStatus.ACCEPTED)),
        declined=Count("pk", filter=Q(status=IntroductionStatus.DECLINED)),
        brokered=Count("pk", filter=Q(brokered_by__isnull=False)),
    )
    page = Paginator(network_introductions(), 50).get_page(request.GET.get("page"))
    return render(request, "matching/network.html", {"totals": totals, "page": page})


@curator_required
def member_suggestions(request: AuthenticatedRequest, member_id: int) -> HttpResponse:
    member = access_member_for_user(request.user, member_id)
    if request.method == "POST":
        partner_id = request.POST.get("partner", "")
        if not partner_id.isdigit():
            raise Http404
        partner = access_member_for_user(request.user, int(partner_id))
        try:
            do_request_introduction(
                member,
                partner,
                request.POST.get("message", ""),
                brokered_by=request.user,
            )
        except IntroductionError as error:
            messages.error(request, str(error))
        return redirect("matching:member_suggestions", member.pk)
    found = suggestions_for(member, 20, include_hidden=True, viewer=request.user)
    context = {"member": member, "suggestions": found}
    return render(request, "matching/member_suggestions.html", context)


@member_required
def partner_maps(request: AuthenticatedRequest) -> HttpResponse:
    member = request.user.member
    partners = [s.partner.pk for s in suggestions_for(member, 30)]
    candidates = Member.objects.filter(pk__in=[member.pk, *partners]).select_related("town")
    form = PartnerMapForm(
        request.POST or None, members=candidates, initial={"members": [member.pk]}
    )
    if request.method == "POST" and form.is_valid():
        partner_map = do_create_partner_map(
            request.user,
            form.cleaned_data["title"],
            list(form.cleaned_data["members"]),
        )
        return redirect("matching:partner_map", partner_map.pk)
    maps = partner_maps_for(request.user).prefetch_related("members")
    return render(request, "matching/partner_maps.html", {"maps": maps, "form": form})


@login_required
def partner_map(request: AuthenticatedRequest, map_id: int) -> HttpResponse:
    partner_map = access_partner_map_for_user(request.user, map_id)
    coverage = partner_map_coverage(partner_map)
    context = {
        "partner_map": partner_map,
        "covered": [c for c in coverage if c.covered_by],
        "open_needs": [c for c in coverage if not c.covered_by],
    }
    return render(request, "matching/partner_map.html", context)
