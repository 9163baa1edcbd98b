import json
import sys
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.utils.translation import gettext as _

from meetings.solver import (
    InvalidInstance,
    parse_instance,
    parse_meetings,
    schedule_to_json,
    solve,
    upper_bound,
)


class Command(BaseCommand):
    help = (
        "Build the one-to-one meeting timetable of an instance file and print it as JSON, "
        "with a proven upper bound on the best possible total weight."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("instance", help="instance JSON file, or - for standard input")
        parser.add_argument(
            "--time-limit", type=float, default=10.0, help="seconds the search may take"
        )
        parser.add_argument("--seed", type=int, default=0, help="seed of the random search")
        parser.add_argument(
            "--keep",
            metavar="SCHEDULE",
            help="a schedule printed earlier; its meetings stay where they still fit",
        )

    def handle(self, *args: Any, **options: Any) -> None:
        if not options["time_limit"] > 0:
            raise CommandError(_("--time-limit must be a positive number of seconds"), returncode=2)
        try:
            instance = parse_instance(_read_json(options["instance"]))
            pinned = None
            if options["keep"]:
                previous = _read_json(options["keep"])
                if not isinstance(previous, dict):
                    raise InvalidInstance(_("the kept schedule must be a JSON object"))
                pinned = parse_meetings(previous.get("meetings"), "kept meetings")
        except InvalidInstance as error:
            # The solver's messages are marked for translation in its own module.
            message = _(error.message) % error.params if error.params else _(error.message)
            raise CommandError(message, returncode=2) from error
        schedule = solve(
            instance, time_limit=options["time_limit"], pinned=pinned, seed=options["seed"]
        )
        data = schedule_to_json(schedule, upper_bound(instance))
        self.stdout.write(json.dumps(data, ensure_ascii=False))


def _read_json(path: str) -> Any:
    """Return the JSON in the file at `path` (- is standard input).

    Raise InvalidInstance if the file cannot be read or is not JSON.
    """
    try:
        if path == "-":
            return json.load(sys.stdin)
        with open(path, encoding="utf-8") as file:
            return json.load(file)
    except FileNotFoundError as error:
        raise InvalidInstance(_("cannot read %(path)s: no such file"), path=path) from error
    except OSError as error:
        raise InvalidInstance(
            _("cannot read %(path)s: %(reason)s"), path=path, reason=error.strerror
        ) from error
    except json.JSONDecodeError as error:
        raise InvalidInstance(
            _("%(path)s is not valid JSON (line %(line)d, column %(column)d)"),
            path=path,
            line=error.lineno,
            column=error.colno,
        ) from error
    except UnicodeDecodeError as error:
        raise InvalidInstance(_("%(path)s is not in UTF-8 encoding"), path=path) from error
