"""The export tasks: a survey's answers as XLSX or CSV, made in the background
(`core.jobs`) while the curator's page shows the progress."""

from __future__ import annotations

from celery import shared_task
from django.utils import translation
from django.utils.translation import gettext as _

from core.jobs import JobFailure, job_progress
from surveys.exports import (
    CSV_TYPE,
    XLSX_TYPE,
    answers_table,
    breakdown_table,
    csv_bytes,
    read_answers,
    sheet_title,
    xlsx_bytes,
)
from surveys.models import Response, ResponseStatus, Survey
from surveys.results import DIMENSIONS, breakdown

FORMATS = ("xlsx", "csv")


def export_file_name(survey: Survey, extension: str) -> str:
    return f"survey-{survey.pk}-{survey.opens_on:%Y}.{extension}"


@shared_task
def export_survey(job_id: int, survey_id: int, file_format: str, language: str = "ru") -> None:
    with job_progress(job_id) as progress, translation.override(language):
        survey = Survey.objects.filter(pk=survey_id).first()
        if survey is None:
            raise JobFailure(_("The survey has been deleted."))
        sent = Response.objects.filter(survey_id=survey.pk, status=ResponseStatus.SUBMITTED)
        breakdowns = DIMENSIONS if file_format == "xlsx" else ()
        progress.total = sent.count() + len(breakdowns)
        columns, respondents = read_answers(survey)
        table = answers_table(
            columns, respondents, named=not survey.is_anonymous, advance=progress.advance
        )
        if file_format == "csv":
            progress.save_result(export_file_name(survey, "csv"), csv_bytes(table), CSV_TYPE)
            return
        sheets = []
        for by in breakdowns:
            sheets.append((sheet_title(by), breakdown_table(breakdown(survey, by))))
            progress.advance()
        progress.save_result(export_file_name(survey, "xlsx"), xlsx_bytes(table, sheets), XLSX_TYPE)
