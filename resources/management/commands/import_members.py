import sys
from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from resources.importing import ImportRejected, import_csv, import_xlsx


class Command(BaseCommand):
    help = (
        "Import members and their resource maps from the agency's spreadsheets: members.csv "
        "(and resources.csv), or one .xlsx with the sheets members and resources. Nothing is "
        "written unless every row is right; the same ids again update the same members."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        source = parser.add_mutually_exclusive_group(required=True)
        source.add_argument("--members", type=Path, help="members CSV file (UTF-8)")
        source.add_argument("--xlsx", type=Path, help="workbook with the sheets members, resources")
        parser.add_argument(
            "--resources", type=Path, help="resources CSV file (UTF-8), with --members"
        )

    def handle(self, *args: Any, **options: Any) -> None:
        if options["xlsx"] and options["resources"]:
            raise CommandError("--resources goes with --members; a workbook has its own sheet")
        show_progress = options["verbosity"] > 0 and sys.stderr.isatty()
        try:
            if options["xlsx"]:
                result = import_xlsx(options["xlsx"], show_progress=show_progress)
            else:
                result = import_csv(
                    options["members"], options["resources"], show_progress=show_progress
                )
        except ImportRejected as rejected:
            heading = ngettext(
                "Nothing was imported: %(count)d problem found.",
                "Nothing was imported: %(count)d problems found.",
                rejected.total,
            ) % {"count": rejected.total}
            if rejected.total > len(rejected.errors):
                heading += " " + _("The first %(shown)d:") % {"shown": len(rejected.errors)}
            raise CommandError("\n".join([heading, *map(str, rejected.errors)])) from rejected
        summary = _(
            "Imported: %(created)d members created, %(updated)d updated, %(items)d resource "
            "map items."
        ) % {"created": result.created, "updated": result.updated, "items": result.items}
        self.stdout.write(summary)
