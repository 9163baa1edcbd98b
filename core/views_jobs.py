"""The page of a background job (`core.jobs`): its progress, polled while it runs, and its
file. Only the person who started a job sees it; for anyone else it does not exist."""

from __future__ import annotations

from django.contrib.auth.decorators import login_required
from django.http import FileResponse, Http404, HttpResponse
from django.shortcuts import render
from django.urls import URLPattern, path

from core.http import AuthenticatedRequest
from core.jobs import access_job_for_user
from core.models import JobStatus


@login_required
def job(request: AuthenticatedRequest, job_id: int) -> HttpResponse:
    found = access_job_for_user(request.user, job_id)
    return render(request, "core/job.html", {"job": found})


@login_required
def job_progress(request: AuthenticatedRequest, job_id: int) -> HttpResponse:
    found = access_job_for_user(request.user, job_id)
    response = render(request, "core/partials/job_progress.html", {"job": found})
    response["Cache-Control"] = "no-store"
    return response


@login_required
def job_download(request: AuthenticatedRequest, job_id: int) -> FileResponse:
    found = access_job_for_user(request.user, job_id)
    if found.status != JobStatus.DONE or not found.result:
        raise Http404
    try:
        handle = found.result.open("rb")
    except FileNotFoundError:
        raise Http404 from None
    response = FileResponse(handle, as_attachment=True, filename=found.result_name)
    response["Content-Type"] = found.result_type or "application/octet-stream"
    response["X-Content-Type-Options"] = "nosniff"
    response["Cache-Control"] = "private, no-store"
    return response


urlpatterns: list[URLPattern] = [
    path("me/jobs/<int:job_id>/", job, name="job"),
    path("me/jobs/<int:job_id>/progress/", job_progress, name="job_progress"),
    path("me/jobs/<int:job_id>/download/", job_download, name="job_download"),
]
