"""Background jobs with progress: anything that can take over a second (exports, reports,
imports) runs as a Celery task while its page (`core.views_jobs`) shows how far it is.

A page starts one with `start_job(user, kind, title, task, **kwargs)` and redirects to the
job's page; the task is dispatched when the transaction commits (in the embedded default it
then runs eagerly, inside the same request, so the page opens on a finished job). The task
takes the job's id first and reports through `job_progress`:

    @shared_task
    def export_things(job_id: int, survey_id: int) -> None:
        with job_progress(job_id) as progress:
            progress.total = len(rows)
            for row in rows:
                ...
                progress.advance()
            progress.save_result("things.xlsx", data, XLSX)

A failure inside the block is recorded on the job (`JobFailure` carries words for the person;
anything else is logged with its traceback and the person reads a plain apology) and not raised
again, so an eager task never breaks the page that started it. Finished jobs and their files
are kept for `JOB_KEEP` and then purged (`purge_jobs`, or on the next start).
"""

from __future__ import annotations

import logging
import time
from collections.abc import Iterator
from contextlib import contextmanager
from datetime import timedelta
from typing import IO, TYPE_CHECKING, Any, Protocol

from django.core.files import File
from django.core.files.base import ContentFile
from django.db import transaction
from django.http import Http404
from django.utils import timezone
from django.utils.translation import gettext as _

from core.models import BackgroundJob, JobStatus

if TYPE_CHECKING:
    from members.models import User

logger = logging.getLogger(__name__)

# How long a job and its file are kept after it finished (or after it was started).
JOB_KEEP = timedelta(days=7)
# Progress is written at most this often, so a fast loop does not write a row per step.
WRITE_EVERY = 0.5  # seconds


class Dispatchable(Protocol):
    """A Celery task (or anything with its `delay`)."""

    def delay(self, *args: Any, **kwargs: Any) -> Any: ...


class JobFailure(Exception):
    """Raise inside `job_progress` to fail the job with a message the person can act on."""

    def __init__(self, message: str) -> None:
        super().__init__(message)
        self.message = message


def start_job(
    user: User,
    kind: str,
    title: str,
    task: Dispatchable,
    *,
    back_url: str = "",
    **kwargs: Any,
) -> BackgroundJob:
    """Record a job for the person and dispatch `task(job.pk, **kwargs)` on commit."""
    now = timezone.now()
    job = BackgroundJob.objects.create(
        user=user,
        kind=kind,
        title=title[:200],
        back_url=back_url[:300],
        created_at=now,
        expires_at=now + JOB_KEEP,
    )
    job_id = job.pk
    # The embedded default has no beat to run `purge_jobs`: each start clears what expired.
    transaction.on_commit(do_purge_expired_jobs)
    transaction.on_commit(lambda: task.delay(job_id, **kwargs))
    return job


class Progress:
    """What a task tells its job: how many steps there are and how many are done."""

    def __init__(self, job_id: int, *, detached: bool = False) -> None:
        self.job_id = job_id
        self.detached = detached  # writes nothing: the job is gone or finished
        self._total = 0
        self.done = 0
        self._written_at = 0.0
        self.result: tuple[str, File[bytes], str] | None = None

    @property
    def total(self) -> int:
        return self._total

    @total.setter
    def total(self, value: int) -> None:
        self._total = max(0, int(value))
        self._write(force=True)

    def advance(self, steps: int = 1) -> None:
        self.done += steps
        self._write()

    def save_result(self, name: str, content: bytes | IO[bytes], content_type: str) -> None:
        """Keep the file the job made; it is stored when the task's block ends well."""
        file: File[bytes] = (
            ContentFile(content, name=name) if isinstance(content, bytes) else File(content, name)
        )
        self.result = (name, file, content_type)

    def _write(self, *, force: bool = False) -> None:
        now = time.monotonic()
        if self.detached or (not force and now - self._written_at < WRITE_EVERY):
            return
        self._written_at = now
        done = min(self.done, self._total) if self._total else self.done
        BackgroundJob.objects.filter(pk=self.job_id).update(done=done, total=self._total)


@contextmanager
def job_progress(job_id: int) -> Iterator[Progress]:
    """Mark the job running, give the task its `Progress`, and record how it ended."""
    now = timezone.now()
    # A running job is taken again: with late acknowledgement a task is delivered twice only
    # when the worker running it died.
    started = BackgroundJob.objects.filter(
        pk=job_id, status__in=[JobStatus.QUEUED, JobStatus.RUNNING]
    ).update(status=JobStatus.RUNNING, started_at=now)
    if not started:
        # Purged, or finished already: the task's work is thrown away, nothing is written.
        logger.warning("Background job %s is not waiting to run; its result is dropped.", job_id)
        yield Progress(job_id, detached=True)
        return
    progress = Progress(job_id)
    try:
        yield progress
    except JobFailure as failure:
        _fail(job_id, failure.message)
    except Exception:
        logger.exception("Background job %s failed.", job_id)
        _fail(job_id, _("Something went wrong and the job was not finished. Please try again."))
    else:
        _finish(progress)


def _finish(progress: Progress) -> None:
    job = BackgroundJob.objects.get(pk=progress.job_id)
    job.status = JobStatus.DONE
    job.total = max(progress.total, progress.done)
    job.done = job.total
    job.finished_at = timezone.now()
    job.expires_at = job.finished_at + JOB_KEEP
    fields = ["status", "done", "total", "finished_at", "expires_at"]
    if progress.result is not None:
        name, file, content_type = progress.result
        job.result.save(name, file, save=False)
        job.result_name, job.result_type = name[:200], content_type[:100]
        fields += ["result", "result_name", "result_type"]
    job.save(update_fields=fields)


def _fail(job_id: int, message: str) -> None:
    now = timezone.now()
    BackgroundJob.objects.filter(pk=job_id).update(
        status=JobStatus.FAILED, error=message[:500], finished_at=now, expires_at=now + JOB_KEEP
    )


def access_job_for_user(user: User, job_id: int) -> BackgroundJob:
    """Return the person's own job; anyone else's answers as a missing one (404)."""
    job = BackgroundJob.objects.filter(pk=job_id, user=user).first()
    if job is None:
        raise Http404
    return job


def do_purge_expired_jobs() -> int:
    """Delete the jobs past their keeping time and their files; return how many."""
    expired = list(BackgroundJob.objects.filter(expires_at__lt=timezone.now()))
    for job in expired:
        if job.result:
            job.result.delete(save=False)
    BackgroundJob.objects.filter(pk__in=[job.pk for job in expired]).delete()
    return len(expired)
