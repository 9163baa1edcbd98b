from typing import Any

from django.core.management.base import BaseCommand, CommandParser

from demo.region import DEMO_PASSWORD, demo_logins


class Command(BaseCommand):
    help = "Print the site's address and one demo login per role."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--address", default="http://127.0.0.1:8000/")

    def handle(self, *args: Any, **options: Any) -> None:
        self.stdout.write("")
        self.stdout.write(self.style.SUCCESS(f"The cluster is at {options['address']}"))
        self.stdout.write(f"Demo logins (password for all: {DEMO_PASSWORD}):")
        for role, name, email in demo_logins():
            self.stdout.write(f"  {role:<9} {email:<40} {name}")
        self.stdout.write("")
