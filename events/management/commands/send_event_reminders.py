from typing import Any

from django.core.management.base import BaseCommand

from events.services import do_send_due_reminders


class Command(BaseCommand):
    help = (
        "Email a reminder to everyone with a confirmed place at an event starting within a day. "
        "Each registration gets one reminder, however often this runs."
    )

    def handle(self, *args: Any, **options: Any) -> None:
        sent = do_send_due_reminders()
        self.stdout.write(f"Reminders sent: {sent}")
