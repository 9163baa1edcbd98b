"""Pages: help requests and the curators' queue.

The member's pages (`help_*.html`) and the curators' (`queue*.html`) are separate templates:
the internal notes are read only by the curators' views, so no member's page can show them.
"""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import FileResponse, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import URLPattern, path, reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from django.views.decorators.http import require_POST

from core.errors import DomainError, add_to_form
from core.http import AuthenticatedRequest
from core.models import Town
from core.pagination import offset_page, page_number
from core.roles import curator_required
from members.http import member_or_404
from members.queries import member_of
from plans import help_queries as queries
from plans.help_forms import (
    AnswerForm,
    AskHelpForm,
    AssignForm,
    MessageForm,
    NoteForm,
    QueueFilterForm,
    StatusForm,
)
from plans.models import HelpRequest, HelpRequestFile, HelpStatus
from plans.overview_chart import goals_by_kind_svg
from plans.services.help import (
    TRANSITIONS,
    check_add_help_note,
    check_answer_help_request,
    check_ask_help,
    check_assign_help_requests,
    check_change_help_status,
    check_take_help_request,
    check_write_help_message,
)

INVALID = 422
PAGE_SIZE = 25
QUEUE_PAGE_SIZE = 50


# --- The member ------------------------------------------------------------------------------


@login_required
def ask_help(request: AuthenticatedRequest, goal_id: int) -> HttpResponse:
    goal = queries.access_goal_for_asking(request.user, goal_id)
    steps = goal.steps.all()
    if request.method == "POST":
        form = AskHelpForm(steps, request.POST, request.FILES)
        if form.is_valid():
            try:
                created = check_ask_help(
                    request.user, goal, form.to_data(), form.cleaned_data["attachments"]
                )
            except DomainError as error:
                add_to_form(form, error)
            else:
                messages.success(
                    request, _("Your request has been sent to the cluster's curators.")
                )
                return redirect("plans:help_request", created.pk)
        status = INVALID
    else:
        initial = {}
        step = request.GET.get("step", "")
        if step.isdigit() and steps.filter(pk=int(step)).exists():
            initial["step"] = int(step)
        form = AskHelpForm(steps, initial=initial)
        status = 200
    context = {"goal": goal, "form": form, "plan_closed": goal.plan.is_closed}
    return render(request, "plans/help_ask.html", context, status=status)


@login_required
def my_help_requests(request: AuthenticatedRequest) -> HttpResponse:
    member = member_or_404(request)
    rows, number, has_next = offset_page(
        queries.my_help_requests(member), page_number(request.GET.get("page")), PAGE_SIZE
    )
    context = {"rows": rows, "number": number, "has_next": has_next}
    return render(request, "plans/help_list.html", context)


def _member_page(
    request: AuthenticatedRequest,
    help_request: HelpRequest,
    form: MessageForm | None = None,
    status: int = 200,
) -> HttpResponse:
    context = {
        "help_request": help_request,
        "thread": queries.thread(help_request),
        "files": queries.request_files(help_request),
        "form": form or MessageForm(),
    }
    return render(request, "plans/help_request.html", context, status=status)


@login_required
def help_request(request: AuthenticatedRequest, request_id: int) -> HttpResponse:
    return _member_page(request, queries.access_help_request_for_member(request.user, request_id))


@require_POST
@login_required
def help_message(request: AuthenticatedRequest, request_id: int) -> HttpResponse:
    """The thread's message, from the member's page or the curators' page."""
    member = member_of(request.user)
    help_request = queries.access_help_request(request.user, request_id)
    as_member = member is not None and help_request.member_id == member.pk
    form = MessageForm(request.POST, request.FILES)
    if form.is_valid():
        try:
            check_write_help_message(
                request.user,
                help_request,
                form.cleaned_data["text"],
                form.cleaned_data["attachments"],
            )
        except DomainError as error:
            add_to_form(form, error)
        else:
            messages.success(request, _("Your message has been sent."))
            name = "plans:help_request" if as_member else "plans:queue_request"
            return redirect(reverse(name, args=[help_request.pk]) + "#thread")
    if as_member:
        return _member_page(request, help_request, form, INVALID)
    return _curator_page(request, help_request, message_form=form, status=INVALID)


@login_required
def help_file(request: AuthenticatedRequest, request_id: int, file_id: int) -> FileResponse:
    help_request = queries.access_help_request(request.user, request_id)
    found = get_object_or_404(HelpRequestFile, pk=file_id, request=help_request)
    response = FileResponse(found.file.open("rb"), as_attachment=True, filename=found.name)
    response["Content-Type"] = found.content_type
    response["X-Content-Type-Options"] = "nosniff"
    return response


# --- The curators' queue ---------------------------------------------------------------------


def _queue_page(
    request: AuthenticatedRequest, assign_form: AssignForm | None = None, status: int = 200
) -> HttpResponse:
    filters_form = QueueFilterForm(list(Town.objects.order_by("name_ru")), request.GET)
    filters = filters_form.to_filters()
    today = timezone.localdate()
    rows, number, has_next = offset_page(
        queries.queue(request.user, filters, today),
        page_number(request.GET.get("page")),
        QUEUE_PAGE_SIZE,
    )
    curators = list(queries.curators())
    query = request.GET.copy()
    query.pop("page", None)
    context = {
        "rows": rows,
        "number": number,
        "has_next": has_next,
        "filters_form": filters_form,
        "filters": filters,
        "query": query.urlencode(),
        "assign_form": assign_form or AssignForm(queries.curators()),
        "curators": curators,
        "today": today,
        "now": timezone.now(),
    }
    return render(request, "plans/queue.html", context, status=status)


@curator_required
def queue(request: AuthenticatedRequest) -> HttpResponse:
    return _queue_page(request)


@require_POST
@curator_required
def queue_assign(request: AuthenticatedRequest) -> HttpResponse:
    form = AssignForm(queries.curators(), request.POST)
    if form.is_valid():
        try:
            done = check_assign_help_requests(
                request.user, form.cleaned_data["requests"], form.cleaned_data["assignee"]
            )
        except DomainError as error:
            add_to_form(form, error)
        else:
            text = ngettext(
                "%(count)d request assigned.", "%(count)d requests assigned.", done.assigned
            ) % {"count": done.assigned}
            if done.skipped:
                text += " " + ngettext(
                    "%(count)d skipped: another curator has it or it is closed.",
                    "%(count)d skipped: another curator has them or they are closed.",
                    done.skipped,
                ) % {"count": done.skipped}
            messages.success(request, text)
            back = request.POST.get("back", "")
            return redirect(reverse("plans:queue") + (f"?{back}" if back else ""))
    return _queue_page(request, assign_form=form, status=INVALID)


def _curator_page(
    request: AuthenticatedRequest,
    help_request: HelpRequest,
    *,
    message_form: MessageForm | None = None,
    note_form: NoteForm | None = None,
    status_form: StatusForm | None = None,
    answer_form: AnswerForm | None = None,
    status: int = 200,
) -> HttpResponse:
    introductions = queries.member_introductions(help_request.member)
    initial: dict[str, Any] = {
        "answer": help_request.answer,
        "introduction": help_request.introduction_id,
        "support_measure": help_request.support_measure_id,
        "event": help_request.event_id,
    }
    allowed = TRANSITIONS[help_request.status]
    context = {
        "help_request": help_request,
        "thread": queries.thread(help_request),
        "files": queries.request_files(help_request),
        "notes": queries.notes(help_request),
        "message_form": message_form or MessageForm(),
        "note_form": note_form or NoteForm(),
        "status_form": status_form or StatusForm(allowed=allowed),
        "answer_form": answer_form
        or AnswerForm(help_request.member, introductions, initial=initial),
        "allowed": allowed,
        "may_take": help_request.is_open and help_request.assignee_id is None,
        "taken_by_other": help_request.assignee_id not in (None, request.user.pk),
        "HelpStatus": HelpStatus,
    }
    return render(request, "plans/queue_request.html", context, status=status)


@curator_required
def queue_request(request: AuthenticatedRequest, request_id: int) -> HttpResponse:
    return _curator_page(request, queries.access_help_request_for_curator(request.user, request_id))


def _back(help_request: HelpRequest) -> HttpResponse:
    return redirect("plans:queue_request", help_request.pk)


@require_POST
@curator_required
def help_take(request: AuthenticatedRequest, request_id: int) -> HttpResponse:
    help_request = queries.access_help_request_for_curator(request.user, request_id)
    try:
        check_take_help_request(request.user, help_request)
    except DomainError as error:
        messages.error(request, error.message)
    else:
        messages.success(request, _("The request is yours now."))
    return _back(help_request)


@require_POST
@curator_required
def help_status(request: AuthenticatedRequest, request_id: int) -> HttpResponse:
    help_request = queries.access_help_request_for_curator(request.user, request_id)
    form = StatusForm(request.POST)
    if form.is_valid():
        try:
            check_change_help_status(
                request.user,
                help_request,
                form.cleaned_data["status"],
                form.cleaned_data["reason"],
            )
        except DomainError as error:
            add_to_form(form, error)
        else:
            messages.success(request, _("The status has been changed and the member told."))
            return _back(help_request)
    return _curator_page(request, help_request, status_form=form, status=INVALID)


@require_POST
@curator_required
def help_answer(request: AuthenticatedRequest, request_id: int) -> HttpResponse:
    help_request = queries.access_help_request_for_curator(request.user, request_id)
    introductions = queries.member_introductions(help_request.member)
    form = AnswerForm(help_request.member, introductions, request.POST)
    if form.is_valid():
        try:
            check_answer_help_request(request.user, help_request, form.to_data())
        except DomainError as error:
            add_to_form(form, error)
        else:
            messages.success(request, _("The answer has been saved and the member told."))
            return _back(help_request)
    return _curator_page(request, help_request, answer_form=form, status=INVALID)


@require_POST
@curator_required
def help_note(request: AuthenticatedRequest, request_id: int) -> HttpResponse:
    help_request = queries.access_help_request_for_curator(request.user, request_id)
    form = NoteForm(request.POST)
    if form.is_valid():
        try:
            check_add_help_note(request.user, help_request, form.cleaned_data["text"])
        except DomainError as error:
            add_to_form(form, error)
        else:
            messages.success(request, _("The note has been saved."))
            return redirect(reverse("plans:queue_request", args=[help_request.pk]) + "#notes")
    return _curator_page(request, help_request, note_form=form, status=INVALID)


@curator_required
def queue_sla(request: AuthenticatedRequest) -> HttpResponse:
    view = queries.sla_view(timezone.now())
    return render(request, "plans/queue_sla.html", {"sla": view, "days": queries.SLA_DAYS})


@curator_required
def overview(request: AuthenticatedRequest) -> HttpResponse:
    today = timezone.localdate()
    raw = request.GET.get("year", "")
    year = int(raw) if raw.isdigit() and 2020 <= int(raw) <= 2100 else today.year
    figures = queries.overview(year, today)
    rows, number, has_next = offset_page(
        queries.plan_rows(year, today), page_number(request.GET.get("page")), QUEUE_PAGE_SIZE
    )
    context = {
        "overview": figures,
        "chart": goals_by_kind_svg(figures.kinds, _("Goals by kind and town")),
        "rows": rows,
        "number": number,
        "has_next": has_next,
        "years": queries.plan_years(),
        "year": year,
        "query": f"year={year}",
    }
    return render(request, "plans/overview.html", context)


urlpatterns: list[URLPattern] = [
    path("plans/goals/<int:goal_id>/help/", ask_help, name="ask_help"),
    path("plans/help/", my_help_requests, name="my_help_requests"),
    path("plans/help/<int:request_id>/", help_request, name="help_request"),
    path("plans/help/<int:request_id>/messages/", help_message, name="help_message"),
    path("plans/help/<int:request_id>/files/<int:file_id>/", help_file, name="help_file"),
    path("curator/help/", queue, name="queue"),
    path("curator/help/assign/", queue_assign, name="queue_assign"),
    path("curator/help/sla/", queue_sla, name="queue_sla"),
    path("curator/help/<int:request_id>/", queue_request, name="queue_request"),
    path("curator/help/<int:request_id>/take/", help_take, name="help_take"),
    path("curator/help/<int:request_id>/status/", help_status, name="help_status"),
    path("curator/help/<int:request_id>/answer/", help_answer, name="help_answer"),
    path("curator/help/<int:request_id>/notes/", help_note, name="help_note"),
    path("curator/plans/", overview, name="overview"),
]
