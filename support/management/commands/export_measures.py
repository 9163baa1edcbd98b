import json
from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandParser

from support.catalogue_file import catalogue_json


class Command(BaseCommand):
    help = "Write the whole catalogue of support measures as JSON, in the import's format."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--out", type=Path, help="the file to write (default: standard output)")

    def handle(self, *args: Any, **options: Any) -> None:
        text = json.dumps(catalogue_json(), ensure_ascii=False, indent=2)
        if options["out"] is None:
            self.stdout.write(text)
        else:
            options["out"].write_text(text + "\n", encoding="utf-8")
