"""Pages: curators build and send surveys (list, new, outline, settings, targeting, sections,
questions, the bank, preview, publishing and reminders)."""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.contrib import messages
from django.core.paginator import Paginator
from django.http import HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import URLPattern, path, reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from django.views.decorators.http import require_POST

from core.errors import DomainError, add_to_form
from core.http import AuthenticatedRequest
from core.roles import curator_required
from members.models import Member
from surveys.forms_builder import (
    BankSearchForm,
    MemberSearchForm,
    NewSurveyForm,
    QuestionForm,
    SectionForm,
    SurveyForm,
    TargetingForm,
    option_formset,
    options_of,
    question_initial,
    targeting_initial,
)
from surveys.models import BankQuestion, Question, Section, Survey
from surveys.queries_builder import (
    STATES,
    access_question_for_curator,
    access_section_for_curator,
    access_survey_for_curator,
    bank_search,
    earlier_choice_questions,
    member_search,
    outline,
    rate,
    sending_outcome,
    survey_list,
    survey_rows,
    survey_state,
)
from surveys.services import (
    SurveyData,
    SurveyError,
    check_add_from_bank,
    check_add_question,
    check_add_section,
    check_copy_ready_survey,
    check_copy_survey,
    check_create_survey,
    check_delete_question,
    check_delete_section,
    check_edit_question,
    check_edit_section,
    check_edit_survey,
    check_move_question,
    check_move_section,
    check_publish_survey,
    check_remind_survey,
    check_save_to_bank,
    check_set_targeting,
    has_responses,
    targeted_users,
    targeting_of,
)
from surveys.tasks import send_survey_reminders

PAGE_SIZE = getattr(settings, "SURVEYS_PAGE_SIZE", 20)
INVALID = 422
# Service fields that the question form shows under another name.
QUESTION_FIELDS = {"scale_max": "highest", "show_if": "condition", "show_if_value": "condition"}


def _outline_url(survey: Survey, anchor: str = "") -> str:
    return reverse("surveys:builder_survey", args=[survey.pk]) + anchor


@curator_required
def survey_list_view(request: AuthenticatedRequest) -> HttpResponse:
    state = request.GET.get("state", "")
    state = state if state in STATES else ""
    page = Paginator(survey_list(state), PAGE_SIZE).get_page(request.GET.get("page"))
    context = {"page": page, "rows": survey_rows(page), "state": state, "states": STATES}
    return render(request, "surveys/builder_list.html", context)


@curator_required
def survey_new(request: AuthenticatedRequest) -> HttpResponse:
    form = NewSurveyForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        c = form.cleaned_data
        try:
            if c["start"] == "ready":
                survey = check_copy_ready_survey(request.user, c["opens_on"], c["closes_on"])
            elif c["start"] == "copy":
                survey = check_copy_survey(request.user, c["source"], c["opens_on"], c["closes_on"])
            else:
                data = SurveyData(c["title"], c["opens_on"], c["closes_on"])
                survey = check_create_survey(request.user, data)
        except DomainError as error:
            add_to_form(form, error)
        else:
            messages.success(request, _("The survey has been created as a draft."))
            return redirect(_outline_url(survey))
    status = INVALID if request.method == "POST" else 200
    return render(request, "surveys/builder_new.html", {"form": form}, status=status)


@curator_required
def survey_outline(request: AuthenticatedRequest, survey_id: int) -> HttpResponse:
    survey = access_survey_for_curator(request.user, survey_id)
    today = timezone.localdate()
    outcome = sending_outcome(survey)
    context = {
        "survey": survey,
        "outline": outline(survey),
        "state": survey_state(survey, today),
        "is_open": survey.is_open_on(today),
        "outcome": outcome,
        "rate": rate(outcome.answered, outcome.invited),
        "targeted": targeted_users(targeting_of(survey)).count(),
    }
    return render(request, "surveys/builder_survey.html", context)


@curator_required
def survey_edit(request: AuthenticatedRequest, survey_id: int) -> HttpResponse:
    survey = access_survey_for_curator(request.user, survey_id)
    form = SurveyForm(request.POST or None, instance=survey)
    if request.method == "POST" and form.is_valid():
        try:
            check_edit_survey(request.user, survey, form.to_data())
        except DomainError as error:
            add_to_form(form, error)
        else:
            messages.success(request, _("The survey has been saved."))
            return redirect(_outline_url(survey))
    if request.method == "POST":
        survey.refresh_from_db()  # validation wrote the posted values onto the instance
    status = INVALID if request.method == "POST" else 200
    context = {"form": form, "survey": survey}
    return render(request, "surveys/builder_edit.html", context, status=status)


@curator_required
def survey_targeting(request: AuthenticatedRequest, survey_id: int) -> HttpResponse:
    survey = access_survey_for_curator(request.user, survey_id)
    if request.method == "POST":
        form = TargetingForm(request.POST)
    else:
        form = TargetingForm(initial=targeting_initial(survey))
    if request.method == "POST" and form.is_valid():
        try:
            survey = check_set_targeting(request.user, survey, form.to_targeting())
        except DomainError as error:
            add_to_form(form, error)
        else:
            count = targeted_users(targeting_of(survey)).count()
            text = ngettext(
                "The targeting has been saved: %(count)d person.",
                "The targeting has been saved: %(count)d people.",
                count,
            )
            messages.success(request, text % {"count": count})
            return redirect(_outline_url(survey))
    picked: list[Member] = []
    if form.is_bound and form.is_valid():
        picked = list(form.cleaned_data["members"])
    elif not form.is_bound:
        picked = list(form.initial["members"])
    else:
        ids = [i for i in request.POST.getlist("members") if i.isdigit()]
        picked = list(Member.objects.filter(pk__in=ids, is_active=True))
    context = {"form": form, "survey": survey, "picked": picked, "search": MemberSearchForm()}
    status = INVALID if request.method == "POST" else 200
    return render(request, "surveys/builder_targeting.html", context, status=status)


@curator_required
def builder_member_results(request: AuthenticatedRequest, survey_id: int) -> HttpResponse:
    """The htmx fragment of the member picker: members matching the words, to tick."""
    survey = access_survey_for_curator(request.user, survey_id)
    form = MemberSearchForm(request.GET)
    text = form.cleaned_data["q"] if form.is_valid() else ""
    context = {"survey": survey, "found": member_search(text), "q": text}
    return render(request, "surveys/partials/builder_member_results.html", context)


def _section_page(
    request: AuthenticatedRequest, survey: Survey, section: Section | None
) -> HttpResponse:
    initial = {"title": section.title, "description": section.description} if section else None
    form = SectionForm(request.POST or None, initial=initial)
    if request.method == "POST" and form.is_valid():
        try:
            if section is None:
                section = check_add_section(request.user, survey, form.to_data())
            else:
                check_edit_section(request.user, section, form.to_data())
        except DomainError as error:
            add_to_form(form, error)
        else:
            messages.success(request, _("The section has been saved."))
            return redirect(_outline_url(survey, f"#section-{section.pk}"))
    status = INVALID if request.method == "POST" else 200
    context = {"form": form, "survey": survey, "section": section}
    return render(request, "surveys/builder_section.html", context, status=status)


@curator_required
def section_new(request: AuthenticatedRequest, survey_id: int) -> HttpResponse:
    return _section_page(request, access_survey_for_curator(request.user, survey_id), None)


@curator_required
def section_edit(request: AuthenticatedRequest, survey_id: int, section_id: int) -> HttpResponse:
    section = access_section_for_curator(request.user, survey_id, section_id)
    return _section_page(request, section.survey, section)


def _refused(request: AuthenticatedRequest, error: DomainError) -> None:
    messages.error(request, error.message)


@require_POST
@curator_required
def section_delete(request: AuthenticatedRequest, survey_id: int, section_id: int) -> HttpResponse:
    section = access_section_for_curator(request.user, survey_id, section_id)
    try:
        check_delete_section(request.user, section)
    except DomainError as error:
        _refused(request, error)
    else:
        messages.success(request, _("The section has been deleted."))
    return redirect(_outline_url(section.survey))


def _step(request: AuthenticatedRequest) -> int:
    return -1 if request.POST.get("direction") == "up" else 1


@require_POST
@curator_required
def section_move(request: AuthenticatedRequest, survey_id: int, section_id: int) -> HttpResponse:
    section = access_section_for_curator(request.user, survey_id, section_id)
    try:
        check_move_section(request.user, section, _step(request))
    except DomainError as error:
        _refused(request, error)
    return redirect(_outline_url(section.survey, f"#section-{section.pk}"))


def _question_page(
    request: AuthenticatedRequest, section: Section, question: Question | None
) -> HttpResponse:
    survey = section.survey
    earlier = earlier_choice_questions(survey, question, section)
    initial = question_initial(question) if question is not None else None
    form = QuestionForm(request.POST or None, initial=initial, earlier=earlier)
    formset = option_formset(request.POST or None, question)
    if request.method == "POST" and form.is_valid() and formset.is_valid():
        data = form.to_data(options_of(formset))
        try:
            if question is None:
                question = check_add_question(request.user, section, data)
            else:
                question = check_edit_question(request.user, question, data)
        except DomainError as error:
            if error.field in QUESTION_FIELDS:
                error = SurveyError(
                    error.code, error.message, QUESTION_FIELDS[error.field], kind=error.kind
                )
            add_to_form(form, error)
        else:
            messages.success(request, _("The question has been saved."))
            return redirect(_outline_url(survey, f"#question-{question.pk}"))
    context: dict[str, Any] = {
        "form": form,
        "formset": formset,
        "survey": survey,
        "section": section,
        "question": question,
        "locked": has_responses(survey),
    }
    status = INVALID if request.method == "POST" else 200
    return render(request, "surveys/builder_question.html", context, status=status)


@curator_required
def question_new(request: AuthenticatedRequest, survey_id: int, section_id: int) -> HttpResponse:
    section = access_section_for_curator(request.user, survey_id, section_id)
    return _question_page(request, section, None)


@curator_required
def question_edit(request: AuthenticatedRequest, survey_id: int, question_id: int) -> HttpResponse:
    question = access_question_for_curator(request.user, survey_id, question_id)
    question.section.survey = question.survey
    return _question_page(request, question.section, question)


@require_POST
@curator_required
def question_delete(
    request: AuthenticatedRequest, survey_id: int, question_id: int
) -> HttpResponse:
    question = access_question_for_curator(request.user, survey_id, question_id)
    try:
        check_delete_question(request.user, question)
    except DomainError as error:
        _refused(request, error)
    else:
        messages.success(request, _("The question has been deleted."))
    return redirect(_outline_url(question.survey, f"#section-{question.section_id}"))


@require_POST
@curator_required
def question_move(request: AuthenticatedRequest, survey_id: int, question_id: int) -> HttpResponse:
    question = access_question_for_curator(request.user, survey_id, question_id)
    try:
        check_move_question(request.user, question, _step(request))
    except DomainError as error:
        _refused(request, error)
    return redirect(_outline_url(question.survey, f"#question-{question.pk}"))


@require_POST
@curator_required
def question_to_bank(
    request: AuthenticatedRequest, survey_id: int, question_id: int
) -> HttpResponse:
    question = access_question_for_curator(request.user, survey_id, question_id)
    try:
        check_save_to_bank(request.user, question)
    except DomainError as error:
        _refused(request, error)
    else:
        messages.success(request, _("The question is in the bank now."))
    return redirect(_outline_url(question.survey, f"#question-{question.pk}"))


@curator_required
def survey_bank(request: AuthenticatedRequest, survey_id: int) -> HttpResponse:
    """Find a question in the bank (GET, htmx-friendly) and add it to a section (POST)."""
    survey = access_survey_for_curator(request.user, survey_id)
    sections = list(survey.sections.order_by("position", "id"))
    if request.method == "POST":
        bank = get_object_or_404(BankQuestion, pk=_number(request.POST.get("bank_question")))
        section = next((s for s in sections if s.pk == _number(request.POST.get("section"))), None)
        if section is None:
            section = sections[-1]
        section.survey = survey
        try:
            question = check_add_from_bank(request.user, section, bank)
        except DomainError as error:
            _refused(request, error)
            return redirect(reverse("surveys:builder_bank", args=[survey.pk]))
        messages.success(request, _("The question has been added from the bank."))
        return redirect(_outline_url(survey, f"#question-{question.pk}"))
    form = BankSearchForm(request.GET)
    text = form.cleaned_data["q"] if form.is_valid() else ""
    context = {
        "survey": survey,
        "form": form,
        "found": bank_search(text),
        "sections": sections,
        "chosen_section": _number(request.GET.get("section")),
    }
    if request.htmx:
        return render(request, "surveys/partials/builder_bank_results.html", context)
    return render(request, "surveys/builder_bank.html", context)


def _number(raw: str | None) -> int:
    return int(raw) if raw and raw.isdigit() else 0


@curator_required
def survey_preview(request: AuthenticatedRequest, survey_id: int) -> HttpResponse:
    survey = access_survey_for_curator(request.user, survey_id)
    return render(
        request, "surveys/builder_preview.html", {"survey": survey, "outline": outline(survey)}
    )


@require_POST
@curator_required
def survey_publish(request: AuthenticatedRequest, survey_id: int) -> HttpResponse:
    survey = access_survey_for_curator(request.user, survey_id)
    try:
        check_publish_survey(request.user, survey)
    except DomainError as error:
        _refused(request, error)
        return redirect(_outline_url(survey))
    # The invitations go out on commit, in a task: the sending page shows how many went.
    messages.success(request, _("The survey is published; the invitations are on their way."))
    return redirect(reverse("surveys:builder_sending", args=[survey.pk]))


@require_POST
@curator_required
def survey_remind(request: AuthenticatedRequest, survey_id: int) -> HttpResponse:
    survey = access_survey_for_curator(request.user, survey_id)
    try:
        check_remind_survey(request.user, survey)
    except DomainError as error:
        _refused(request, error)
        return redirect(_outline_url(survey))
    result = send_survey_reminders.delay(survey.pk)
    if result.ready():
        messages.success(request, _("Reminders sent: %(count)d.") % {"count": int(result.get())})
    else:
        messages.info(request, _("The reminders are being sent; refresh the page in a minute."))
    return redirect(reverse("surveys:builder_sending", args=[survey.pk]))


@curator_required
def survey_sending(request: AuthenticatedRequest, survey_id: int) -> HttpResponse:
    survey = access_survey_for_curator(request.user, survey_id)
    outcome = sending_outcome(survey)
    context = {
        "survey": survey,
        "outcome": outcome,
        "rate": rate(outcome.answered, outcome.invited),
        "targeted": targeted_users(targeting_of(survey)).count(),
        "is_open": survey.is_open_on(timezone.localdate()),
        "state": survey_state(survey),
    }
    return render(request, "surveys/builder_sending.html", context)


SURVEY = "surveys/manage/<int:survey_id>"

urlpatterns: list[URLPattern] = [
    path("surveys/manage/", survey_list_view, name="builder"),
    path("surveys/manage/new/", survey_new, name="builder_new"),
    path(f"{SURVEY}/", survey_outline, name="builder_survey"),
    path(f"{SURVEY}/edit/", survey_edit, name="builder_edit"),
    path(f"{SURVEY}/targeting/", survey_targeting, name="builder_targeting"),
    path(f"{SURVEY}/targeting/members/", builder_member_results, name="builder_member_results"),
    path(f"{SURVEY}/sections/new/", section_new, name="builder_section_new"),
    path(f"{SURVEY}/sections/<int:section_id>/", section_edit, name="builder_section"),
    path(
        f"{SURVEY}/sections/<int:section_id>/delete/",
        section_delete,
        name="builder_section_delete",
    ),
    path(f"{SURVEY}/sections/<int:section_id>/move/", section_move, name="builder_section_move"),
    path(
        f"{SURVEY}/sections/<int:section_id>/questions/new/",
        question_new,
        name="builder_question_new",
    ),
    path(f"{SURVEY}/questions/<int:question_id>/", question_edit, name="builder_question"),
    path(
        f"{SURVEY}/questions/<int:question_id>/delete/",
        question_delete,
        name="builder_question_delete",
    ),
    path(
        f"{SURVEY}/questions/<int:question_id>/move/", question_move, name="builder_question_move"
    ),
    path(
        f"{SURVEY}/questions/<int:question_id>/to-bank/",
        question_to_bank,
        name="builder_question_to_bank",
    ),
    path(f"{SURVEY}/bank/", survey_bank, name="builder_bank"),
    path(f"{SURVEY}/preview/", survey_preview, name="builder_preview"),
    path(f"{SURVEY}/publish/", survey_publish, name="builder_publish"),
    path(f"{SURVEY}/remind/", survey_remind, name="builder_remind"),
    path(f"{SURVEY}/sending/", survey_sending, name="builder_sending"),
]
