from __future__ import annotations

from celery import shared_task
from django.core.mail import EmailMessage
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import override

from events.services import do_send_due_reminders


@shared_task(autoretry_for=(OSError,), retry_backoff=True, max_retries=5)
def send_registration_email(registration_id: int, reminder: bool = False) -> None:
    """Email a confirmed person their code and the event as an .ics attachment."""
    from events.models import Registration
    from events.queries import event_ics, event_location

    registration = (
        Registration.objects.select_related("event__town", "user")
        .filter(pk=registration_id, status="confirmed", user__isnull=False)
        .first()
    )
    if registration is None or registration.user is None:  # cancelled before the email left
        return
    event = registration.event
    start = timezone.localtime(event.starts_at)
    with override("ru"):
        subject = (
            _("Reminder: «%(event)s» is tomorrow")
            if reminder
            else _("You are registered: «%(event)s»")
        ) % {"event": event.title}
        body = _(
            "%(event)s\n%(start)s, %(place)s\n\nYour check-in code: %(code)s\n"
            "Show it at the entrance. Your ticket: %(url)s"
        ) % {
            "event": event.title,
            "start": start.strftime("%d.%m.%Y %H:%M"),
            "place": event_location(event),
            "code": registration.code,
            "url": reverse("events:ticket", args=[event.pk]),
        }
    message = EmailMessage(subject, body, None, [registration.user.email])
    message.attach(f"event-{event.pk}.ics", event_ics(event), "text/calendar")
    message.send()


@shared_task
def send_event_reminders() -> int:
    return do_send_due_reminders()
