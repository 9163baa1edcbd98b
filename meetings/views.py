from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from core.http import AuthenticatedRequest
from events.queries import access_event_for_organiser
from meetings.forms import AnswerForm, AvailabilityForm, MeetingRequestForm, SetupForm
from meetings.models import MeetingPlan
from meetings.queries import (
    access_meetings_for_organiser,
    access_meetings_for_user,
    access_participant_for_user,
    access_request_for_participant,
    agenda,
    agenda_ics,
    event_participants,
    participant_of,
    requests_of,
    slots_of,
    suggestion_pool,
    tables_schedule,
    timetable,
)
from meetings.services import (
    MeetingError,
    check_answer_request,
    check_opt_in,
    check_request_meeting,
    check_set_availability,
    check_set_up_meetings,
    do_build_timetable,
    do_publish_timetable,
)
from meetings.suggestions import suggest


def event_meetings(request: HttpRequest, event_id: int) -> HttpResponse:
    """A participant's meetings page: free slots, suggestions, requests both ways."""
    event, plan = access_meetings_for_user(request.user, event_id)
    participant = participant_of(request.user, event)
    context: dict[str, object] = {
        "event": event,
        "plan": plan,
        "participant": participant,
        "is_over": event.has_ended(),
    }
    if participant is not None:
        participants = list(event_participants(event))
        slots = list(slots_of(event))
        requests = list(requests_of(participant))
        asked = {r.requester_id for r in requests} | {r.recipient_id for r in requests}
        context.update(
            slots=slots,
            availability_form=AvailabilityForm(
                slots, initial={"slots": [s.pk for s in participant.available.all()]}
            ),
            others=[p for p in participants if p.pk != participant.pk],
            asked=asked,
            suggestions=[
                s
                for s in suggest(participant, suggestion_pool(participant, participants))
                if s.participant.pk not in asked
            ],
            received=[r for r in requests if r.recipient_id == participant.pk],
            sent=[r for r in requests if r.requester_id == participant.pk],
            request_form=MeetingRequestForm(),
        )
    return render(request, "meetings/event_meetings.html", context)


def _meetings_error(request: HttpRequest, error: MeetingError) -> None:
    messages.error(request, error.message)


@login_required
@require_POST
def opt_in(request: AuthenticatedRequest, event_id: int) -> HttpResponse:
    event, _plan = access_meetings_for_user(request.user, event_id)
    try:
        check_opt_in(event, request.user)
    except MeetingError as error:
        _meetings_error(request, error)
    return redirect("meetings:event", event_id)


@login_required
@require_POST
def availability(request: AuthenticatedRequest, event_id: int) -> HttpResponse:
    participant = access_participant_for_user(request.user, event_id)
    form = AvailabilityForm(list(slots_of(participant.event)), request.POST)
    if form.is_valid():
        try:
            check_set_availability(participant, form.cleaned_data["slots"])
        except MeetingError as error:
            _meetings_error(request, error)
        else:
            messages.success(request, _("Your free slots are saved."))
    return redirect("meetings:event", event_id)


@login_required
@require_POST
def request_meeting(request: AuthenticatedRequest, event_id: int) -> HttpResponse:
    participant = access_participant_for_user(request.user, event_id)
    form = MeetingRequestForm(request.POST)
    if not form.is_valid():
        messages.error(request, _("Choose whom to meet and the priority."))
        return redirect("meetings:event", event_id)
    c = form.cleaned_data
    try:
        check_request_meeting(participant, c["recipient"], c["note"], c["priority"])
    except MeetingError as error:
        _meetings_error(request, error)
    else:
        messages.success(request, _("Request sent."))
    return redirect("meetings:event", event_id)


@login_required
@require_POST
def answer(request: AuthenticatedRequest, event_id: int) -> HttpResponse:
    participant = access_participant_for_user(request.user, event_id)
    form = AnswerForm(request.POST)
    if form.is_valid():
        meeting_request = access_request_for_participant(participant, form.cleaned_data["request"])
        try:
            check_answer_request(meeting_request, participant, form.cleaned_data["accept"])
        except MeetingError as error:
            _meetings_error(request, error)
    return redirect("meetings:event", event_id)


@login_required
def setup(request: AuthenticatedRequest, event_id: int) -> HttpResponse:
    event = access_event_for_organiser(request.user, event_id)
    plan = MeetingPlan.objects.filter(event=event).first()
    local_start = timezone.localtime(event.starts_at)
    initial = {
        "tables": plan.tables if plan else 10,
        "date": local_start.date(),
        "first_slot": local_start.time(),
        "slot_count": 8,
    }
    form = SetupForm(request.POST or None, initial=initial)
    if request.method == "POST" and form.is_valid():
        try:
            check_set_up_meetings(event, form.cleaned_data["tables"], form.slots())
        except MeetingError as error:
            form.add_error(None if error.field == "__all__" else "first_slot", error.message)
        else:
            messages.success(request, _("Meetings set up."))
            return redirect("meetings:timetable", event.pk)
    slots = list(slots_of(event))
    return render(
        request, "meetings/setup.html", {"event": event, "form": form, "plan": plan, "slots": slots}
    )


@login_required
def timetable_view(request: AuthenticatedRequest, event_id: int) -> HttpResponse:
    event, plan = access_meetings_for_organiser(request.user, event_id)
    if request.method == "POST":
        if request.POST.get("action") == "publish":
            count = do_publish_timetable(event)
            messages.success(request, _("Published; %(n)s participants told.") % {"n": count})
        else:
            result = do_build_timetable(event)
            messages.success(
                request,
                _("Timetable built: %(m)s meetings of %(r)s accepted requests.")
                % {"m": result.meetings, "r": result.requests},
            )
        return redirect("meetings:timetable", event.pk)
    context = {
        "event": event,
        "plan": plan,
        "meetings": list(timetable(event)),
        "participants": event_participants(event).count(),
    }
    return render(request, "meetings/timetable.html", context)


def _agenda_context(request: HttpRequest, event_id: int) -> dict[str, object]:
    participant = access_participant_for_user(request.user, event_id)
    return {"event": participant.event, "participant": participant, "items": agenda(participant)}


@login_required
def agenda_view(request: AuthenticatedRequest, event_id: int) -> HttpResponse:
    return render(request, "meetings/agenda.html", _agenda_context(request, event_id))


@login_required
def agenda_print(request: AuthenticatedRequest, event_id: int) -> HttpResponse:
    return render(request, "meetings/agenda_print.html", _agenda_context(request, event_id))


@login_required
def agenda_calendar(request: AuthenticatedRequest, event_id: int) -> HttpResponse:
    participant = access_participant_for_user(request.user, event_id)
    response = HttpResponse(
        agenda_ics(participant.event, participant), content_type="text/calendar; charset=utf-8"
    )
    response["Content-Disposition"] = f'attachment; filename="meetings-{event_id}.ics"'
    return response


@login_required
def tables_print(request: AuthenticatedRequest, event_id: int) -> HttpResponse:
    event, plan = access_meetings_for_organiser(request.user, event_id)
    context = {
        "event": event,
        "slots": list(slots_of(event)),
        "tables": tables_schedule(event, plan),
    }
    return render(request, "meetings/tables_print.html", context)
