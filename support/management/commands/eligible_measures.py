import json
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.utils.translation import gettext as _

from members.models import Member
from support.models import Measure
from support.queries import catalogue_fits


class Command(BaseCommand):
    help = (
        "Print every measure of the catalogue with whether a member qualifies and why. "
        "A member's id is the agency's id when it was imported, otherwise the primary key."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--member", metavar="ID", required=True, help="the member's id")
        parser.add_argument("--format", choices=["json", "table"], default="table")

    def handle(self, *args: Any, **options: Any) -> None:
        member = member_by_public_id(options["member"])
        measures = list(Measure.objects.select_related("provider_member").order_by("external_id"))
        fits = catalogue_fits(member, measures)
        if options["format"] == "json":
            rows = [
                {
                    "measure": fit.measure.external_id,
                    "eligible": fit.eligible,
                    "open": fit.is_open,
                    "reasons": fit.lines,
                }
                for fit in fits
            ]
            self.stdout.write(json.dumps(rows, ensure_ascii=False))
            return
        table = [[_("id"), _("eligible"), _("open"), _("reasons")]]
        for fit in fits:
            table.append([
                fit.measure.external_id,
                _("yes") if fit.eligible else _("no"),
                _("yes") if fit.is_open else _("no"),
                "; ".join(fit.lines),
            ])  # fmt: skip
        widths = [max(len(row[column]) for row in table) for column in range(3)]
        for row in table:
            cells = [cell.ljust(width) for cell, width in zip(row, widths, strict=False)]
            self.stdout.write("  ".join([*cells, row[3]]))


def member_by_public_id(value: str) -> Member:
    """Return the member with this external id, or without one and with this primary key, as
    `manage.py match` reads it; raise CommandError if there is none or several."""
    members = list(Member.objects.select_related("town").filter(external_id=value)[:2])
    if not members and value.isdigit():
        members = list(Member.objects.select_related("town").filter(pk=int(value), external_id=""))
    if len(members) > 1:
        raise CommandError(_("Several members have the id “%s”.") % value)
    if not members:
        message = _(
            "No member with the id “%s” (the agency's id of an imported member, or the number "
            "of a member without one)."
        )
        raise CommandError(message % value)
    return members[0]
