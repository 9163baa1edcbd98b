"""Celery application.

In the embedded default (no CELERY_BROKER_URL) tasks run eagerly in the web process;
at scale a Redis broker and worker processes take them over, with no code change.
"""

import os

from celery import Celery

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings")

app = Celery("cluster")
app.config_from_object("django.conf:settings", namespace="CELERY")
app.autodiscover_tasks()
