from typing import Any

from django.core.management.base import BaseCommand

from core.jobs import JOB_KEEP, do_purge_expired_jobs


class Command(BaseCommand):
    help = (
        f"Delete background jobs (exports, reports) kept longer than {JOB_KEEP.days} days, "
        "with their files. Run it daily from cron; starting a job also clears expired ones."
    )

    def handle(self, *args: Any, **options: Any) -> None:
        purged = do_purge_expired_jobs()
        self.stdout.write(f"Background jobs deleted: {purged}")
