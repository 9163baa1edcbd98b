from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from core.errors import add_to_form
from core.http import AuthenticatedRequest
from events.forms import CapacityForm, CheckInForm, FeedbackForm, RegistrationForm, WalkInForm
from events.qr import qr_svg
from events.queries import (
    access_event_for_organiser,
    access_event_for_user,
    access_registration_for_user,
    can_manage_event,
    event_figures,
    event_ics,
    event_list,
    feedback_for_event,
    my_registrations,
    registration_of,
    registrations_for_organiser,
    waiting_position,
    with_programme,
)
from events.services import (
    EventError,
    check_cancel_registration,
    check_check_in,
    check_register,
    check_submit_feedback,
    do_ask_for_feedback,
    do_register_walk_in,
    do_set_capacity,
)

ICS_TYPE = "text/calendar; charset=utf-8"


def event_list_view(request: HttpRequest) -> HttpResponse:
    context = {
        "upcoming": event_list(request.user),
        "past": event_list(request.user, past=True)[:20],
    }
    return render(request, "events/event_list.html", context)


def _register_box(request: HttpRequest, event_id: int, **extra: object) -> dict[str, object]:
    event = access_event_for_user(request.user, event_id)
    registration = registration_of(request.user, event)
    if registration is not None and registration.status == "cancelled":
        registration = None
    context: dict[str, object] = {
        "event": event,
        "registration": registration,
        "position": waiting_position(registration) if registration else None,
        "form": RegistrationForm(event),
        "can_manage": can_manage_event(request.user, event),
    }
    context.update(extra)
    return context


def event_detail(request: HttpRequest, event_id: int) -> HttpResponse:
    context = _register_box(request, event_id)
    event = with_programme(context["event"])  # type: ignore[arg-type]
    context["has_meetings"] = hasattr(event, "meeting_plan")
    return render(request, "events/event_detail.html", context)


@login_required
@require_POST
def register(request: AuthenticatedRequest, event_id: int) -> HttpResponse:
    event = access_event_for_user(request.user, event_id)
    form = RegistrationForm(event, request.POST)
    error = None
    # The register box, read from the registration itself, is the one place that states where
    # the person stands: a flash message about it would outlive a promotion or a cancellation.
    if form.is_valid():
        try:
            check_register(event, request.user, form.answers())
        except EventError as exc:
            error = exc
    if request.htmx:
        context = _register_box(request, event_id, error=error)
        if error is None:
            context["form"] = form if not form.is_valid() else context["form"]
        return render(request, "events/partials/register_box.html", context)
    if error is not None:
        messages.error(request, error.message)
    return redirect("events:detail", event_id)


@login_required
@require_POST
def cancel(request: AuthenticatedRequest, event_id: int) -> HttpResponse:
    registration = access_registration_for_user(request.user, event_id)
    error = None
    try:
        check_cancel_registration(registration)
    except EventError as exc:
        error = exc
    if request.htmx:
        context = _register_box(request, event_id, error=error)
        return render(request, "events/partials/register_box.html", context)
    if error is not None:
        messages.error(request, error.message)
    return redirect("events:detail", event_id)


@login_required
def ticket(request: AuthenticatedRequest, event_id: int) -> HttpResponse:
    registration = access_registration_for_user(request.user, event_id)
    context = {
        "registration": registration,
        "event": registration.event,
        "position": waiting_position(registration),
        "qr": qr_svg(registration.code) if registration.is_confirmed else "",
    }
    return render(request, "events/ticket.html", context)


def event_calendar(request: HttpRequest, event_id: int) -> HttpResponse:
    event = access_event_for_user(request.user, event_id)
    url = request.build_absolute_uri(reverse("events:detail", args=[event.pk]))
    response = HttpResponse(event_ics(event, url), content_type=ICS_TYPE)
    response["Content-Disposition"] = f'attachment; filename="event-{event.pk}.ics"'
    return response


@login_required
def my_events(request: AuthenticatedRequest) -> HttpResponse:
    registrations = my_registrations(request.user)
    return render(request, "events/my_events.html", {"registrations": registrations})


@login_required
def manage(request: AuthenticatedRequest, event_id: int) -> HttpResponse:
    event = access_event_for_organiser(request.user, event_id)
    capacity_form = CapacityForm(
        request.POST if request.POST.get("action") == "capacity" else None,
        initial={"capacity": event.capacity},
    )
    if request.method == "POST":
        action = request.POST.get("action")
        if action == "capacity" and capacity_form.is_valid():
            promoted = do_set_capacity(event, capacity_form.cleaned_data["capacity"])
            messages.success(
                request,
                _("Places saved; promoted from the waiting list: %(n)s.") % {"n": len(promoted)},
            )
            return redirect("events:manage", event.pk)
        if action == "ask_feedback":
            count = do_ask_for_feedback(event)
            messages.success(request, _("Feedback requested from %(n)s attendees.") % {"n": count})
            return redirect("events:manage", event.pk)
    context = {
        "event": event,
        "figures": event_figures(event),
        "registrations": registrations_for_organiser(event),
        "feedback": feedback_for_event(event),
        "capacity_form": capacity_form,
    }
    return render(request, "events/manage.html", context)


@login_required
def check_in(request: AuthenticatedRequest, event_id: int) -> HttpResponse:
    """The door page: type a code, see at once whether the person is in."""
    event = access_event_for_organiser(request.user, event_id)
    form = CheckInForm(request.POST if request.POST.get("action") != "walk_in" else None)
    walk_in_form = WalkInForm(request.POST if request.POST.get("action") == "walk_in" else None)
    result: dict[str, object] = {}
    if request.method == "POST":
        try:
            if request.POST.get("action") == "walk_in":
                if walk_in_form.is_valid():
                    registration = do_register_walk_in(
                        event,
                        walk_in_form.cleaned_data["name"],
                        request.user,
                    )
                    result = {"registration": registration, "outcome": "walk_in"}
                    walk_in_form = WalkInForm()
            elif form.is_valid():
                done = check_check_in(event, form.cleaned_data["code"], request.user)
                outcome = "already" if done.already else "checked_in"
                result = {"registration": done.registration, "outcome": outcome}
            else:
                result = {"outcome": "error", "error_code": "code_required"}
        except EventError as error:
            result = {"outcome": "error", "error_code": error.code, "message": error.message}
        form = CheckInForm()
    figures = event_figures(event)
    context = {
        "event": event,
        "form": form,
        "walk_in_form": walk_in_form,
        "figures": figures,
        **result,
    }
    template = "events/partials/checkin_result.html" if request.htmx else "events/checkin.html"
    return render(request, template, context)


@login_required
def feedback(request: AuthenticatedRequest, event_id: int) -> HttpResponse:
    registration = access_registration_for_user(request.user, event_id)
    form = FeedbackForm(request.POST or None)
    already = hasattr(registration, "feedback")
    if request.method == "POST" and form.is_valid():
        c = form.cleaned_data
        try:
            check_submit_feedback(registration, c["rating"], c["usefulness"], c["text"])
        except EventError as error:
            add_to_form(form, error)
        else:
            messages.success(request, _("Thank you for your feedback!"))
            return redirect("events:detail", event_id)
    context = {
        "event": registration.event,
        "registration": registration,
        "form": form,
        "already": already,
    }
    return render(request, "events/feedback.html", context)
