from typing import Any

from django.apps import apps
from django.core.management.base import BaseCommand
from django.db import transaction

from core.reference import load_all


class Command(BaseCommand):
    help = "Load or refresh the shipped towns, creative industries and public pages."

    def handle(self, *args: Any, **options: Any) -> None:
        with transaction.atomic():
            load_all(apps.get_model)
        self.stdout.write(self.style.SUCCESS("Reference data loaded."))
