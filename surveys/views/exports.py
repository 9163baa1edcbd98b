"""Pages: exports. A curator's page per survey with the buttons that start an XLSX or CSV
export in the background (`core.jobs`) and lead to the job's page, and the recent exports."""

from __future__ import annotations

from django.contrib import messages
from django.http import HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import URLPattern, path, reverse
from django.utils.translation import get_language
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from core.http import AuthenticatedRequest
from core.jobs import start_job
from core.models import BackgroundJob
from core.roles import curator_required
from surveys.models import Response, ResponseStatus, Survey
from surveys.tasks_exports import FORMATS, export_survey

RECENT = 5


@curator_required
def exports(request: AuthenticatedRequest, survey_id: int) -> HttpResponse:
    survey = get_object_or_404(Survey, pk=survey_id)
    sent = Response.objects.filter(survey_id=survey.pk, status=ResponseStatus.SUBMITTED).count()
    recent = BackgroundJob.objects.filter(
        user=request.user,
        kind__startswith="surveys.export",
        back_url=reverse("surveys:exports", args=[survey.pk]),
    )[:RECENT]
    context = {"survey": survey, "sent": sent, "recent": list(recent)}
    return render(request, "surveys/exports.html", context)


@curator_required
@require_POST
def export_start(request: AuthenticatedRequest, survey_id: int) -> HttpResponse:
    survey = get_object_or_404(Survey, pk=survey_id)
    file_format = request.POST.get("format", "")
    if file_format not in FORMATS:
        messages.error(request, _("Choose the file format: XLSX or CSV."))
        return redirect("surveys:exports", survey.pk)
    job = start_job(
        request.user,
        f"surveys.export_{file_format}",
        _("Answers to «%(title)s», %(format)s")
        % {"title": survey.title, "format": file_format.upper()},
        export_survey,
        back_url=reverse("surveys:exports", args=[survey.pk]),
        survey_id=survey.pk,
        file_format=file_format,
        language=get_language() or "ru",
    )
    return redirect("core:job", job.pk)


urlpatterns: list[URLPattern] = [
    path("surveys/manage/<int:survey_id>/exports/", exports, name="exports"),
    path("surveys/manage/<int:survey_id>/exports/start/", export_start, name="export_start"),
]
