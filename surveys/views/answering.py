"""Pages of the person answering: my surveys, and a survey answered section by section.

A survey opens only through the person's invitation; anyone else, and anything missing, gets
the same "not for you" page with 404. Each section is a step: «Далее» saves it (keeping what
was typed when something is wrong) and moves on; a question shown by an earlier answer of
the same section appears at once, through an htmx refresh of the section's questions
(`answer_questions`), or on the next save without JavaScript.
"""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.urls import URLPattern, path, reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from core.http import AuthenticatedRequest
from members.queries import member_of
from surveys import logic
from surveys.forms_answering import given_answers, section_fields, shown_ids
from surveys.models import Invitation, ResponseStatus, Section
from surveys.queries_answering import (
    Questionnaire,
    access_invitation_for_user,
    my_surveys,
    questionnaire,
    response_of,
    stored_answers,
    survey_state,
)
from surveys.services import AnswerError, check_save_answers, check_submit_response
from surveys.services.answering import required_message

NEXT, BACK, SEND = "next", "back", "send"


def _invitation(request: AuthenticatedRequest, survey_id: int) -> Invitation | HttpResponse:
    try:
        return access_invitation_for_user(request.user, survey_id)
    except Http404:
        return render(request, "surveys/answer_not_found.html", status=404)


def _steps(form: Questionnaire, visible: frozenset[int]) -> list[Section]:
    """Return the sections with a question shown: the steps of the survey."""
    with_questions = {q.section_id for q in form.questions if q.pk in visible}
    return [section for section in form.sections if section.pk in with_questions]


def _section_number(form: Questionnaire, section: Section) -> int:
    return form.sections.index(section) + 1


def _pick_step(form: Questionnaire, steps: list[Section], asked: str | None) -> Section | None:
    """Return the step the address asks for (`?section=N`, N counting every section), the
    next one shown when that one has nothing to ask, or the first."""
    if not steps:
        return None
    try:
        number = int(asked or 1)
    except ValueError:
        number = 1
    for section in steps:
        if _section_number(form, section) >= number:
            return section
    return steps[-1]


def _offers_needs(
    request: AuthenticatedRequest, invitation: Invitation, form: Questionnaire
) -> bool:
    if invitation.survey.is_anonymous or member_of(request.user) is None:
        return False
    return any(choice.need for spec in form.specs for choice in spec.choices)


def _step_url(survey_id: int, form: Questionnaire, section: Section) -> str:
    url = reverse("surveys:answer", args=[survey_id])
    return f"{url}?section={_section_number(form, section)}"


@login_required
def answer(request: AuthenticatedRequest, survey_id: int) -> HttpResponse:
    found = _invitation(request, survey_id)
    if isinstance(found, HttpResponse):
        return found
    invitation, survey = found, found.survey
    state = survey_state(survey, timezone.localdate())
    response = response_of(invitation)
    context: dict[str, Any] = {
        "survey": survey,
        "invitation": invitation,
        "response": response,
        "state": state,
    }
    if state != "open" or (survey.is_anonymous and invitation.answered):
        # Sending to a survey that no longer takes answers: the page says why.
        status = 409 if request.method == "POST" else 200
        return render(request, "surveys/answer.html", context, status=status)
    form = questionnaire(survey)
    if request.method == "POST":
        return _save(request, invitation, form, context)
    stored = stored_answers(response)
    sent = response is not None and response.status == ResponseStatus.SUBMITTED
    if sent and "section" not in request.GET:
        context["summary"] = True
        return render(request, "surveys/answer.html", context)
    visible = logic.visible_questions(form.specs, stored)
    step = _pick_step(form, _steps(form, visible), request.GET.get("section"))
    return _render_step(request, invitation, form, context, step, visible, stored)


def _render_step(
    request: AuthenticatedRequest,
    invitation: Invitation,
    form: Questionnaire,
    context: dict[str, Any],
    step: Section | None,
    visible: frozenset[int],
    stored: dict[int, logic.Answer],
    *,
    posted: dict[int, object] | None = None,
    errors: dict[int, str] | None = None,
    status: int = 200,
) -> HttpResponse:
    steps = _steps(form, visible)
    if step is not None and step not in steps:  # its questions are hidden now
        later = [s for s in steps if _section_number(form, s) > _section_number(form, step)]
        step = later[0] if later else (steps[-1] if steps else None)
    index = steps.index(step) if step is not None else 0
    response = context["response"]
    context.update(
        {
            "form": form,
            "steps": steps,
            "step": step,
            "step_number": index + 1,
            "step_count": len(steps),
            "percent": round(100 * (index + 1) / len(steps)) if steps else 100,
            "section_number": _section_number(form, step) if step is not None else 1,
            "is_first": index == 0,
            "is_last": index == len(steps) - 1 or not steps,
            "fields": section_fields(
                form.of_section(step) if step is not None else [],
                visible,
                stored,
                posted=posted,
                errors=errors,
                controlling=form.controlling(),
            ),
            "offers_needs": _offers_needs(request, invitation, form),
            "needs_consent": (
                request.POST.get("needs_consent") == "on"
                if request.method == "POST"
                else bool(response and response.needs_consent)
            ),
            "sent": response is not None and response.status == ResponseStatus.SUBMITTED,
        }
    )
    return render(request, "surveys/answer.html", context, status=status)


def _posted_section(request: AuthenticatedRequest, form: Questionnaire) -> Section | None:
    try:
        number = int(request.POST.get("section") or request.GET.get("section") or 1)
    except ValueError:
        number = 1
    if not form.sections:
        return None
    return form.sections[min(max(number, 1), len(form.sections)) - 1]


def _save(
    request: AuthenticatedRequest,
    invitation: Invitation,
    form: Questionnaire,
    context: dict[str, Any],
) -> HttpResponse:
    survey = invitation.survey
    action = request.POST.get("action", NEXT)
    section = _posted_section(request, form)
    in_section = [q.pk for q in form.of_section(section)] if section is not None else []
    shown = [qid for qid in shown_ids(request.POST) if qid in in_section]
    given = given_answers(form.specs, shown, request.POST)
    require = in_section if action in (NEXT, SEND) else []
    try:
        saved = check_save_answers(request.user, survey, given, require=require)
    except AnswerError as error:
        if error.kind != "invalid":
            messages.error(request, error.message)
            return redirect("surveys:answer", survey.pk)
        stored = stored_answers(context["response"])
        visible = logic.apply_answers(form.specs, stored, given).visible | set(error.problems)
        context["error"] = error.message
        return _render_step(
            request, invitation, form, context, section, frozenset(visible), stored,
            posted=given, errors=error.problems, status=422,
        )  # fmt: skip
    context["response"] = saved.response
    visible = saved.outcome.visible
    steps = _steps(form, visible)
    if action == BACK:
        earlier = [
            s
            for s in steps
            if section is not None and _section_number(form, s) < _section_number(form, section)
        ]
        target = earlier[-1] if earlier else (steps[0] if steps else None)
        if target is None:
            return redirect("surveys:answer", survey.pk)
        return redirect(_step_url(survey.pk, form, target))
    conditional = {spec.id for spec in form.specs if spec.show_if is not None}
    appeared = [q for q in in_section if q in visible and q in conditional and q not in shown]
    if saved.missing or appeared:
        if appeared and not saved.missing:
            context["note"] = _("Your answer opened more questions in this section.")
        else:
            context["error"] = _("Answer the required questions marked below.")
        errors = {qid: required_message() for qid in saved.missing if qid in shown}
        return _render_step(
            request, invitation, form, context, section, visible, saved.outcome.answers,
            errors=errors, status=422 if errors else 200,
        )  # fmt: skip
    if action == SEND:
        return _send(request, invitation, form)
    later = [
        s
        for s in steps
        if section is not None and _section_number(form, s) > _section_number(form, section)
    ]
    if not later:
        messages.success(request, _("Your answers are saved."))
        return redirect(
            _step_url(survey.pk, form, section)
            if section
            else reverse("surveys:answer", args=[survey.pk])
        )
    return redirect(_step_url(survey.pk, form, later[0]))


def _send(
    request: AuthenticatedRequest, invitation: Invitation, form: Questionnaire
) -> HttpResponse:
    survey = invitation.survey
    consent = request.POST.get("needs_consent") == "on"
    try:
        check_submit_response(request.user, survey, needs_consent=consent)
    except AnswerError as error:
        messages.error(request, error.message)
        by_id = {q.pk: q for q in form.questions}
        first = next((by_id[qid] for qid in error.problems if qid in by_id), None)
        if first is None:
            return redirect("surveys:answer", survey.pk)
        section = next(s for s in form.sections if s.pk == first.section_id)
        return redirect(_step_url(survey.pk, form, section))
    if survey.is_anonymous:
        messages.success(request, _("Thank you! Your answers have been sent anonymously."))
    else:
        messages.success(request, _("Thank you! Your answers have been sent."))
    return redirect("surveys:answer", survey.pk)


@login_required
@require_POST
def answer_questions(request: AuthenticatedRequest, survey_id: int) -> HttpResponse:
    """Return the section's questions as the answers typed so far would show them, saving
    nothing: the skip logic, live."""
    found = _invitation(request, survey_id)
    if isinstance(found, HttpResponse):
        return found
    form = questionnaire(found.survey)
    section = _posted_section(request, form)
    in_section = [q.pk for q in form.of_section(section)] if section is not None else []
    shown = [qid for qid in shown_ids(request.POST) if qid in in_section]
    given = given_answers(form.specs, shown, request.POST)
    stored = stored_answers(response_of(found))
    visible = logic.apply_answers(form.specs, stored, given).visible
    fields = section_fields(
        form.of_section(section) if section is not None else [],
        visible,
        stored,
        posted=given,
        controlling=form.controlling(),
    )
    context = {"survey": found.survey, "fields": fields}
    return render(request, "surveys/partials/answer_questions.html", context)


@login_required
def mine(request: AuthenticatedRequest) -> HttpResponse:
    rows = my_surveys(request.user, timezone.localdate())
    groups = [
        ("open", _("To answer"), [r for r in rows if r.state in ("new", "started")]),
        ("sent", _("Answers sent"), [r for r in rows if r.state == "sent"]),
        ("upcoming", _("Opening soon"), [r for r in rows if r.state == "upcoming"]),
        ("closed", _("Closed surveys"), [r for r in rows if r.state == "closed"]),
    ]
    context = {"groups": [g for g in groups if g[2]], "count": len(rows)}
    return render(request, "surveys/my_surveys.html", context)


urlpatterns: list[URLPattern] = [
    path("surveys/mine/", mine, name="mine"),
    path("surveys/<int:survey_id>/", answer, name="answer"),
    path("surveys/<int:survey_id>/questions/", answer_questions, name="answer_questions"),
]
