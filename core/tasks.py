from celery import shared_task
from django.core.mail import send_mail


@shared_task(autoretry_for=(OSError,), retry_backoff=True, max_retries=5)
def send_email(recipient: str, subject: str, body: str) -> None:
    send_mail(subject, body, None, [recipient])


@shared_task
def purge_expired_jobs() -> int:
    from core.jobs import do_purge_expired_jobs

    return do_purge_expired_jobs()
