"""Rows of the permission matrix and the query-count table for the survey pages of this part
(exports), with the objects their URLs need: `core/tests/` reads them, so each part adds its own
rows without touching the shared tables.

The background job pages of `core` are here too: exports are their first users. The job is the
resident's finished one with a file; only the person who started a job sees it.
"""

from __future__ import annotations

from typing import Any

from django.utils import timezone

from members.models import User

LOGIN = 302
NOT_FOUND = 404
CURATORS_ONLY = ("GET", [LOGIN] + [NOT_FOUND] * 5 + [200, 200])
OWNER_ONLY = ("GET", [LOGIN, NOT_FOUND, NOT_FOUND, NOT_FOUND, 200, NOT_FOUND, NOT_FOUND, NOT_FOUND])

# URL name -> (method, status per role in core.tests.test_permissions_matrix.ROLES order).
ROWS: dict[str, tuple[str, list[int]]] = {
    "core:job": OWNER_ONLY,
    "core:job_progress": OWNER_ONLY,
    "core:job_download": OWNER_ONLY,
    "surveys:exports": CURATORS_ONLY,
    # Sent empty: curators are asked for the format (302), nobody else learns the survey.
    "surveys:export_start": ("POST", [LOGIN] + [NOT_FOUND] * 5 + [302, 302]),
}
# URL name -> core.tests.test_query_counts.Count or Counted, for list pages.
PAGE_COUNTS: dict[str, Any] = {}
# OpenAPI path -> Count or Counted, for list endpoints.
ENDPOINT_COUNTS: dict[str, Any] = {}


def url_args(cast: dict[str, User]) -> dict[str, list[Any]]:
    """Return the URL arguments of this part's rows, made for the shared cast."""
    job = _finished_job(cast["resident"])
    survey = _survey_with_an_answer(cast)
    return {
        "surveys:exports": [survey.pk],
        "surveys:export_start": [survey.pk],
        "core:job": [job.pk],
        "core:job_progress": [job.pk],
        "core:job_download": [job.pk],
    }


def _finished_job(user: User) -> Any:
    from django.core.files.base import ContentFile

    from core.jobs import JOB_KEEP
    from core.models import BackgroundJob, JobStatus

    now = timezone.now()
    job = BackgroundJob(
        user=user,
        kind="surveys.export_csv",
        title="Выгрузка ответов",
        status=JobStatus.DONE,
        done=1,
        total=1,
        result_name="answers.csv",
        result_type="text/csv; charset=utf-8",
        started_at=now,
        finished_at=now,
        expires_at=now + JOB_KEEP,
    )
    job.result.save("answers.csv", ContentFile(b"\xef\xbb\xbf1;2\r\n"), save=False)
    job.save()
    return job


def _survey_with_an_answer(cast: dict[str, User]) -> Any:
    from surveys.tests.results_factories import make_survey, needs_question, respond

    survey = make_survey(anonymous=True)
    question = needs_question(survey)
    respond(survey, {question: ["premises"]}, town=cast["resident"].member.town)
    return survey
