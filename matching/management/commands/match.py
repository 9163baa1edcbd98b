import itertools
import json
import os
import sys
from collections.abc import Hashable
from pathlib import Path
from typing import Any, TextIO

from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.utils.translation import gettext as _
from tqdm import tqdm

from matching.engine import Match
from matching.live_index import current_index
from matching.queries import raw_matches
from members.models import Member

PublicId = str | int


class Command(BaseCommand):
    help = (
        "Print a member's recommended partners, best first, or write everyone's as JSON lines. "
        "A member's id is the agency's id when it was imported, otherwise the primary key."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        who = parser.add_mutually_exclusive_group(required=True)
        who.add_argument("--member", metavar="ID", help="the member's id")
        who.add_argument("--all", action="store_true", help="every active member")
        parser.add_argument("--top", type=int, default=10, help="partners per member")
        parser.add_argument("--format", choices=["json", "table"], default="table")
        parser.add_argument("--out", type=Path, help="with --all: the JSON lines file to write")
        parser.add_argument(
            "--workers",
            type=int,
            default=os.cpu_count() or 1,
            help="with --all: how many processor cores to use (default: all)",
        )

    def handle(self, *args: Any, **options: Any) -> None:
        if options["top"] < 1:
            raise CommandError(_("--top must be 1 or more."), returncode=2)
        if options["workers"] < 1:
            raise CommandError(_("--workers must be 1 or more."), returncode=2)
        if options["all"]:
            self._write_all(
                options["top"], options["out"], options["workers"], options["verbosity"] > 0
            )
            return
        member = _member_by_public_id(options["member"])
        matches = raw_matches(member, options["top"])
        partners = Member.objects.select_related("town").in_bulk(
            [int(match.partner_id) for match in matches]  # type: ignore[call-overload]
        )
        if options["format"] == "json":
            ids = {pk: public_id(partner) for pk, partner in partners.items()}
            self.stdout.write(json.dumps(_matches_json(matches, ids), ensure_ascii=False))
            return
        for line in _table(matches, partners):
            self.stdout.write(line)

    def _write_all(self, top: int, out: Path | None, workers: int, verbose: bool) -> None:
        ids: dict[Hashable, PublicId] = {
            pk: external_id or pk
            for pk, external_id in Member.objects.values_list("pk", "external_id")
        }
        hidden = not (verbose and sys.stderr.isatty())
        with current_index() as index, _open_out(out) as file:
            # Everyone is ranked before the first line can be written: one bar for each stage.
            ranking = tqdm(total=len(index), desc=_("ranking"), unit=" members", disable=hidden)
            results = index.top_k_all(top, progress=ranking.update, workers=workers)
            with ranking:
                first = next(results, None)
            if first is None:
                return
            with tqdm(total=len(index), desc=_("writing"), unit=" members", disable=hidden) as bar:
                for member_id, matches in itertools.chain([first], results):
                    line = {"member": ids[member_id], "matches": _matches_json(matches, ids)}
                    file.write(json.dumps(line, ensure_ascii=False) + "\n")
                    bar.update()


def public_id(member: Member) -> PublicId:
    """Return the id an agency knows the member by: its external id, or else its primary key."""
    return member.external_id or member.pk


def _member_by_public_id(value: str) -> Member:
    """Return the member with this external id, or without one and with this primary key.

    Raise CommandError if there is none, or several members share the external id.
    """
    members = list(Member.objects.filter(external_id=value)[:2])
    if not members and value.isdigit():
        members = list(Member.objects.filter(pk=int(value), external_id=""))
    if len(members) > 1:
        raise CommandError(_("Several members have the id “%s”.") % value)
    if not members:
        message = _(
            "No member with the id “%s” (the agency's id of an imported member, or the number "
            "of a member without one)."
        )
        raise CommandError(message % value)
    return members[0]


def _matches_json(matches: list[Match], ids: dict[Any, PublicId]) -> list[dict[str, Any]]:
    return [
        {
            "partner": ids[match.partner_id],
            "score": round(match.score, 6),
            "reasons": [reason.text for reason in match.reasons],
        }
        for match in matches
    ]


def _table(matches: list[Match], partners: dict[int, Member]) -> list[str]:
    rows = [[_("id"), _("name"), _("town"), _("score"), _("first reason")]]
    for match in matches:
        partner = partners[match.partner_id]  # type: ignore[index]
        first = match.reasons[0].text if match.reasons else ""
        rows.append(
            [
                str(public_id(partner)),
                partner.display_name,
                partner.town.name,
                f"{match.score:.3f}",
                first,
            ]
        )
    if len(rows) == 1:
        return [_("No partners found: the member's resource map has nothing to match yet.")]
    widths = [max(len(row[column]) for row in rows) for column in range(4)]
    return [
        "  ".join([*(cell.ljust(width) for cell, width in zip(row, widths, strict=False)), row[4]])
        for row in rows
    ]


class _open_out:
    """Open `path` for writing, or use standard output when there is none."""

    def __init__(self, path: Path | None) -> None:
        self.path = path
        self.file: TextIO = sys.stdout

    def __enter__(self) -> TextIO:
        if self.path is not None:
            self.file = self.path.open("w", encoding="utf-8")
        return self.file

    def __exit__(self, *exc: object) -> None:
        if self.path is not None:
            self.file.close()
