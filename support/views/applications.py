"""Pages of the applicant: applying, drafts, my applications, withdrawing; and the measure's
application form and rubric, set up by those who edit the measure."""

from __future__ import annotations

from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.db import transaction
from django.http import FileResponse, Http404, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import URLPattern, path, reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from core.errors import add_to_form
from core.http import AuthenticatedRequest
from members.http import member_or_404
from support.access import access_application, is_applicant
from support.application_forms import ApplicationForm, CriterionFormSet, FormFieldFormSet
from support.application_queries import (
    application_answers,
    application_timeline,
    applications_of,
)
from support.models import Application, ApplicationFile, ApplicationStatus, FormField, Measure
from support.queries import (
    MeasureFit,
    access_measure_for_provider,
    access_measure_for_user,
    fit_for_user,
)
from support.services import (
    ApplicationError,
    check_may_apply,
    check_save_draft,
    check_submit_application,
    check_withdraw_application,
)

PAGE_SIZE = getattr(settings, "SUPPORT_PAGE_SIZE", 20)
EDITABLE = [ApplicationStatus.DRAFT, ApplicationStatus.WITHDRAWN]


def _refusal(request: AuthenticatedRequest, measure: Measure, fit: MeasureFit | None) -> str:
    """Return why the person cannot fill in an application to the measure now, or ""."""
    try:
        check_may_apply(request.user, measure, fit)
    except ApplicationError as error:
        return error.message
    return ""


@login_required
def apply(request: AuthenticatedRequest, measure_id: int) -> HttpResponse:
    member = member_or_404(request)
    measure = access_measure_for_user(request.user, measure_id)
    application = Application.objects.filter(measure=measure, member=member).first()
    if application is not None and application.status not in EDITABLE:
        messages.info(request, _("Your application has already been sent."))
        return redirect("support:application", application.pk)
    fit = fit_for_user(request.user, measure)
    refusal = _refusal(request, measure, fit)
    if not refusal and application is None and measure.places_left == 0:
        refusal = _("All places of this measure are taken.")
    questions = list(measure.form_fields.all())
    stored = {f.field_id: f for f in application.files.all()} if application else {}
    sending = request.POST.get("action") == "submit"
    form = ApplicationForm(
        measure, questions, application, stored, request.POST or None, request.FILES or None,
        sending=sending,
    )  # fmt: skip
    status = 200
    if request.method == "POST" and not refusal:
        if form.is_valid():
            saved, form = _save(request, measure, questions, form, sending)
            if saved is not None:
                return saved
        status = 422
    context = {
        "measure": measure,
        "fit": fit,
        "refusal": refusal,
        "form": form,
        "application": application,
    }
    return render(request, "support/apply.html", context, status=status)


def _save(
    request: AuthenticatedRequest,
    measure: Measure,
    questions: list[FormField],
    form: ApplicationForm,
    sending: bool,
) -> tuple[HttpResponse | None, ApplicationForm]:
    """Save the draft, and send it if asked; return the redirect, or None and the form with
    the error. A draft saved before sending failed stays saved, and the page says so."""
    amount = form.cleaned_data.get("requested_amount")
    try:
        draft = check_save_draft(
            request.user, measure, form.answers(), form.files_by_question(), amount
        )
    except ApplicationError as error:
        add_to_form(form, error)
        return None, form
    if not sending:
        messages.success(request, _("The draft has been saved."))
        return redirect("support:apply", measure.pk), form
    try:
        check_submit_application(request.user, draft)
    except ApplicationError as error:
        # The files just sent are stored now: the form names them instead of asking again.
        stored = {f.field_id: f for f in draft.files.all()}
        form = ApplicationForm(measure, questions, draft, stored, request.POST, sending=True)
        form.is_valid()
        add_to_form(form, error)
        messages.info(request, _("The draft has been saved, but the application is not sent yet."))
        return None, form
    messages.success(request, _("Your application has been sent."))
    return redirect("support:application", draft.pk), form


@login_required
def my_applications(request: AuthenticatedRequest) -> HttpResponse:
    member = member_or_404(request)
    page = Paginator(applications_of(member), PAGE_SIZE).get_page(request.GET.get("page"))
    return render(request, "support/my_applications.html", {"page": page})


@login_required
def application_detail(request: AuthenticatedRequest, application_id: int) -> HttpResponse:
    application = access_application(request.user, application_id)
    files = list(application.files.all())
    context = {
        "application": application,
        "measure": application.measure,
        "answers": application_answers(application, files),
        "timeline": application_timeline(application),
        "is_applicant": is_applicant(request.user, application),
    }
    return render(request, "support/application_detail.html", context)


@login_required
def application_file(
    request: AuthenticatedRequest, application_id: int, file_id: int
) -> FileResponse:
    application = access_application(request.user, application_id)
    found = get_object_or_404(ApplicationFile, pk=file_id, application=application)
    response = FileResponse(found.file.open("rb"), as_attachment=True, filename=found.name)
    response["Content-Type"] = found.content_type
    response["X-Content-Type-Options"] = "nosniff"
    return response


@login_required
@require_POST
def withdraw(request: AuthenticatedRequest, application_id: int) -> HttpResponse:
    application = access_application(request.user, application_id)
    if not is_applicant(request.user, application):
        raise Http404
    try:
        check_withdraw_application(request.user, application)
    except ApplicationError as error:
        messages.error(request, error.message)
    else:
        messages.success(request, _("Your application has been withdrawn."))
    url = reverse("support:application", args=[application.pk])
    if request.htmx:
        return HttpResponse(status=204, headers={"HX-Redirect": url})
    return redirect(url)


@login_required
def form_setup(request: AuthenticatedRequest, measure_id: int) -> HttpResponse:
    measure = access_measure_for_provider(request.user, measure_id)
    data = request.POST or None
    questions = FormFieldFormSet(data, instance=measure, prefix="fields")
    criteria = CriterionFormSet(data, instance=measure, prefix="criteria")
    status = 200
    if request.method == "POST":
        if questions.is_valid() and criteria.is_valid():
            with transaction.atomic():
                questions.save()
                criteria.save()
            messages.success(request, _("The application form and the criteria are saved."))
            return redirect("support:detail", measure.pk)
        status = 422
    context = {"measure": measure, "questions": questions, "criteria": criteria}
    return render(request, "support/form_setup.html", context, status=status)


urlpatterns: list[URLPattern] = [
    path("support/<int:measure_id>/apply/", apply, name="apply"),
    path("support/<int:measure_id>/form/", form_setup, name="form_setup"),
    path("support/applications/", my_applications, name="my_applications"),
    path(
        "support/applications/<int:application_id>/",
        application_detail,
        name="application",
    ),
    path(
        "support/applications/<int:application_id>/files/<int:file_id>/",
        application_file,
        name="application_file",
    ),
    path(
        "support/applications/<int:application_id>/withdraw/",
        withdraw,
        name="withdraw",
    ),
]
