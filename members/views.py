from __future__ import annotations

from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _

from core.http import AuthenticatedRequest, Request, client_ip
from core.models import Industry, Town
from core.pagination import CappedPaginator
from core.roles import curator_required, member_required
from members.forms import ApplicationForm, DecisionForm, DirectoryFilterForm, ProfileForm
from members.models import ApplicationStatus, Member
from members.queries import (
    DirectoryFilters,
    access_application_for_curator,
    access_member_for_user,
    application_queue,
    can_see_inn,
    directory_members,
    greeting_name,
    inn_duplicates,
    latest_application_for,
    may_apply_to_join,
    open_application_for,
)
from members.services import (
    ApplicationError,
    do_accept_application,
    do_ask_for_information,
    do_decline_application,
    do_resubmit_application,
    do_submit_application,
    do_update_member_profile,
)


def home(request: Request) -> HttpResponse:
    listed = Member.objects.listed()
    context = {
        "member_count": listed.count(),
        "town_count": Town.objects.filter(members__in=listed).distinct().count(),
        "industry_count": Industry.objects.filter(members__in=listed).distinct().count(),
        "recent_members": listed.select_related("town").order_by("-joined_at")[:6],
    }
    return render(request, "members/home.html", context)


@login_required
def dashboard(request: AuthenticatedRequest) -> HttpResponse:
    user = request.user
    application = latest_application_for(user)
    member = getattr(user, "member", None)
    context = {
        "application": application,
        "member": member,
        "greeting_name": greeting_name(user, member, application),
        "may_apply": may_apply_to_join(user, member) and application is None,
        "notifications": user.notifications.all()[:5],
    }
    return render(request, "members/dashboard.html", context)


def directory(request: Request) -> HttpResponse:
    form = DirectoryFilterForm(request.GET or None)
    filters = DirectoryFilters()
    if form.is_bound and form.is_valid():
        c = form.cleaned_data
        filters = DirectoryFilters(
            town=c["town"],
            industry=c["industry"],
            role=c["role"],
            legal_form=c["legal_form"],
            query=c["q"],
        )
    if form.is_bound and not form.is_valid():
        members = directory_members(request.user, filters).none()
    else:
        members = directory_members(request.user, filters)
    paginator = (
        CappedPaginator(members, settings.DIRECTORY_PAGE_SIZE, cap=settings.SEARCH_COUNT_CAP)
        if filters.query
        else Paginator(members, settings.DIRECTORY_PAGE_SIZE)
    )
    page = paginator.get_page(request.GET.get("page"))
    query_string = request.GET.copy()
    query_string.pop("page", None)
    context = {"form": form, "page": page, "query_string": query_string.urlencode()}
    template = (
        "members/partials/directory_results.html" if request.htmx else "members/directory.html"
    )
    return render(request, template, context)


def member_detail(request: Request, member_id: int) -> HttpResponse:
    member = access_member_for_user(request.user, member_id)
    context = {"member": member, "show_inn": can_see_inn(request.user, member)}
    return render(request, "members/member_detail.html", context)


@member_required
def profile_edit(request: AuthenticatedRequest) -> HttpResponse:
    member = request.user.member
    form = ProfileForm(request.POST or None, request.FILES or None, instance=member)
    if request.method == "POST" and form.is_valid():
        changes = {name: form.cleaned_data[name] for name in form.changed_data}
        if "avatar" in changes and changes["avatar"] is False:
            changes["avatar"] = ""
        do_update_member_profile(member, changes, request.user)
        messages.success(request, _("Your profile has been saved."))
        return redirect("members:detail", member.pk)
    if request.method == "POST":
        # ModelForm validation wrote the posted values onto the instance; forget them.
        member.refresh_from_db()
    return render(request, "members/profile_edit.html", {"form": form, "member": member})


@login_required
def apply(request: AuthenticatedRequest) -> HttpResponse:
    user = request.user
    if user.is_member:
        messages.info(request, _("You are already a member of the cluster."))
        member = Member.objects.filter(user=user).first()
        return redirect("members:detail", member.pk) if member else redirect("members:dashboard")
    open_application = open_application_for(user)
    if open_application and open_application.status == ApplicationStatus.SUBMITTED:
        return redirect("members:application_status")
    form = ApplicationForm(request.POST or None, instance=open_application, applicant=user)
    if open_application is not None:
        form.fields["consent_personal_data"].initial = False
    if request.method == "POST" and form.is_valid():
        data = form.to_data()
        try:
            if open_application is None:
                do_submit_application(
                    user,
                    data,
                    consent_version=settings.CONSENT_TEXT_VERSION,
                    ip=client_ip(request),
                )
            else:
                do_resubmit_application(
                    open_application,
                    data,
                    consent_version=settings.CONSENT_TEXT_VERSION,
                    ip=client_ip(request),
                )
        except ApplicationError as error:
            messages.error(request, str(error))
        else:
            messages.success(
                request, _("Thank you! Your application has been sent to the curators.")
            )
            return redirect("members:application_status")
    context = {"form": form, "application": open_application}
    return render(request, "members/apply.html", context)


@login_required
def application_status(request: AuthenticatedRequest) -> HttpResponse:
    application = latest_application_for(request.user)
    return render(request, "members/application_status.html", {"application": application})


@curator_required
def application_queue_view(request: AuthenticatedRequest) -> HttpResponse:
    status = request.GET.get("status", "")
    if status not in ApplicationStatus.values:
        status = ""
    page = Paginator(application_queue(status), 30).get_page(request.GET.get("page"))
    return render(
        request,
        "members/application_queue.html",
        {"page": page, "status": status, "statuses": ApplicationStatus.choices},
    )


@curator_required
def application_review(request: AuthenticatedRequest, application_id: int) -> HttpResponse:
    application = access_application_for_curator(request.user, application_id)
    form = DecisionForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        decision, message = form.cleaned_data["decision"], form.cleaned_data["message"]
        curator = request.user
        try:
            if decision == "accept":
                do_accept_application(application, curator, message)
                messages.success(request, _("Accepted. The new member has been told."))
            elif decision == "ask_info":
                do_ask_for_information(application, curator, message)
                messages.success(request, _("The applicant has been asked for more information."))
            else:
                do_decline_application(application, curator, message)
                messages.success(request, _("Declined. The applicant has been told the reason."))
        except ApplicationError as error:
            messages.error(request, str(error))
        return redirect("members:application_review", application.pk)
    context = {"application": application, "form": form, "duplicates": inn_duplicates(application)}
    return render(request, "members/application_review.html", context)
