from typing import Any

from django.core.management.base import BaseCommand, CommandParser

from demo.events import load_events
from demo.orders import load_orders
from demo.plans import load_plans
from demo.plans_help import load_plans_help
from demo.projects import load_projects
from demo.region import load_region
from demo.support import load_support
from demo.support_applications import load_support_applications
from demo.surveys import load_surveys
from members.models import Member


class Command(BaseCommand):
    help = "Load the demo region (the Monchegorsk creative cluster story). Safe to run again."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument(
            "--if-empty", action="store_true", help="Do nothing if the database has members."
        )

    def handle(self, *args: Any, **options: Any) -> None:
        if options["if_empty"] and Member.objects.exists():
            self.stdout.write("The database already has members; the demo region was not loaded.")
            return
        counts = load_region()
        self.stdout.write(
            self.style.SUCCESS(
                f"Demo region loaded: {counts['people']} people, {counts['members']} members."
            )
        )
        events = load_events()
        self.stdout.write(
            self.style.SUCCESS(
                f"Demo events loaded: {events['events']} events, "
                f"{events['registrations']} registrations, "
                f"{events['april_meetings']} one-to-one meetings in April."
            )
        )
        projects = load_projects()
        self.stdout.write(
            self.style.SUCCESS(
                f"Demo projects loaded: {projects['projects']} projects, "
                f"{projects['products']} products, {projects['interests']} partner interests."
            )
        )
        orders = load_orders()
        self.stdout.write(
            self.style.SUCCESS(
                f"Demo orders loaded: {orders['orders']} orders, {orders['points']} point of "
                f"sale with {orders['sales']} sales."
            )
        )
        support = load_support()
        self.stdout.write(
            self.style.SUCCESS(f"Demo support measures loaded: {support['measures']} measures.")
        )
        applications = load_support_applications()
        self.stdout.write(
            self.style.SUCCESS(
                f"Demo applications for support loaded: {applications['applications']} "
                f"applications, {applications['scores']} scores, {applications['granted']} "
                "grants."
            )
        )
        surveys = load_surveys()
        self.stdout.write(
            self.style.SUCCESS(
                f"Demo needs assessment loaded: {surveys['surveys']} runs, "
                f"{surveys['responses']} responses this year, {surveys['last_year']} last year."
            )
        )
        plans = load_plans()
        self.stdout.write(
            self.style.SUCCESS(
                f"Demo plans loaded: {plans['goals']} goals, {plans['steps']} steps, "
                f"{plans['updates']} progress updates."
            )
        )
        plans_help = load_plans_help()
        self.stdout.write(
            self.style.SUCCESS(
                f"Demo help requests loaded: {plans_help['requests']} requests, "
                f"{plans_help['messages']} messages, {plans_help['notes']} notes."
            )
        )
