import json
from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.utils.translation import gettext as _

from support.catalogue_file import CatalogueRejected, do_import_catalogue, read_catalogue


class Command(BaseCommand):
    help = (
        "Import support measures from a JSON file (README, “Import support measures”). "
        "Nothing is written unless every measure is right; the same id again updates it."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("file", type=Path, help='the catalogue, {"measures": [...]}')

    def handle(self, *args: Any, **options: Any) -> None:
        path: Path = options["file"]
        try:
            document = json.loads(path.read_text(encoding="utf-8-sig"))
        except OSError as error:
            reason = _("Cannot read %(file)s: %(error)s")
            raise CommandError(reason % {"file": path, "error": error.strerror}) from error
        except (UnicodeDecodeError, json.JSONDecodeError) as error:
            reason = _("%(file)s is not JSON in UTF-8: %(error)s")
            raise CommandError(reason % {"file": path.name, "error": error}) from error
        try:
            result = do_import_catalogue(read_catalogue(document))
        except CatalogueRejected as rejected:
            lines = [str(problem) for problem in rejected.problems]
            header = _("Nothing imported: %(count)d problems in %(file)s.")
            header %= {"count": len(lines), "file": path.name}
            raise CommandError("\n".join([header, *lines])) from None
        message = _("Imported %(total)d measures: %(created)d new, %(updated)d updated.")
        total = result.created + result.updated
        self.stdout.write(
            self.style.SUCCESS(
                message % {"total": total, "created": result.created, "updated": result.updated}
            )
        )
