from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class EventsConfig(AppConfig):
    name = "events"
    verbose_name = _("Events")

    def ready(self) -> None:
        # Services queue the registration email by name; importing the tasks registers it in
        # the web processes too, where Celery does not look for tasks by itself.
        from events import tasks  # noqa: F401
