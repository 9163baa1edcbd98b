"""Celery tasks of surveys: invitations on publishing, reminders (eager in the embedded
default; with workers, `celery -A config beat` runs the daily reminder)."""

from __future__ import annotations

from celery import shared_task

from surveys.services.sending import do_send_invitations, do_send_reminders, surveys_closing_soon


@shared_task
def send_survey_invitations(survey_id: int) -> int:
    return do_send_invitations(survey_id)


@shared_task
def send_survey_reminders(survey_id: int) -> int:
    return do_send_reminders(survey_id)


@shared_task
def remind_closing_surveys() -> int:
    """Remind those who have not answered the surveys closing within three days."""
    return sum(do_send_reminders(pk) for pk in surveys_closing_soon().values_list("pk", flat=True))
