"""Background jobs: started on commit, progress reported sparingly, failures recorded in plain
words, the page polled while running, the file only for the person who started it, purging."""

from __future__ import annotations

import logging
from collections.abc import Callable
from datetime import timedelta
from pathlib import Path
from typing import Any

import pytest
from celery import shared_task
from django.conf import settings
from django.core.management import call_command
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from core import jobs
from core.jobs import JobFailure, job_progress, start_job
from core.models import BackgroundJob, JobStatus
from core.private_files import private_media_root, private_storage
from members.models import User

pytestmark = pytest.mark.django_db

CSV = "text/csv; charset=utf-8"


@shared_task
def count_to(job_id: int, n: int, fail: str = "") -> None:
    with job_progress(job_id) as progress:
        progress.total = n
        for _step in range(n):
            progress.advance()
        if fail == "words":
            raise JobFailure("В опросе нет ни одного ответа.")
        if fail == "bug":
            raise ValueError("a bug with internals /srv/secret")
        progress.save_result("числа.csv", ";".join(map(str, range(n))).encode(), CSV)


def _run(
    user: User, capture: Any, n: int = 3, fail: str = "", back_url: str = "/back/"
) -> BackgroundJob:
    with capture(execute=True):
        job = start_job(
            user, "test.count", "Счёт до трёх", count_to, back_url=back_url, n=n, fail=fail
        )
    job.refresh_from_db()
    return job


def test_a_job_waits_for_the_commit_then_runs_to_the_end(
    resident: User, django_capture_on_commit_callbacks: Any
) -> None:
    with django_capture_on_commit_callbacks(execute=False) as callbacks:
        job = start_job(resident, "test.count", "Счёт", count_to, n=3)
    assert BackgroundJob.objects.get(pk=job.pk).status == JobStatus.QUEUED
    for callback in callbacks:
        callback()
    job.refresh_from_db()
    assert job.status == JobStatus.DONE
    assert (job.done, job.total, job.percent) == (3, 3, 100)
    assert job.started_at is not None
    assert job.finished_at is not None
    assert job.expires_at == job.finished_at + jobs.JOB_KEEP
    assert job.result_name == "числа.csv"
    assert job.result_type == CSV
    assert job.result.read() == b"0;1;2"


def test_the_file_is_stored_outside_the_public_media_folder(
    resident: User, django_capture_on_commit_callbacks: Any
) -> None:
    job = _run(resident, django_capture_on_commit_callbacks)
    stored = Path(job.result.path).resolve()
    assert stored.is_file()
    assert stored.is_relative_to(private_media_root().resolve())
    assert not stored.is_relative_to(Path(settings.MEDIA_ROOT).resolve())
    with pytest.raises(ValueError, match="not accessible via a URL"):
        private_storage.url(job.result.name)


def test_progress_is_written_at_most_twice_a_second(
    resident: User, monkeypatch: pytest.MonkeyPatch
) -> None:
    now = [100.0]
    monkeypatch.setattr("core.jobs.time.monotonic", lambda: now[0])
    job = BackgroundJob.objects.create(
        user=resident, kind="k", title="t", expires_at=timezone.now() + jobs.JOB_KEEP
    )
    stored = BackgroundJob.objects.filter(pk=job.pk)
    with job_progress(job.pk) as progress:
        assert stored.get().status == JobStatus.RUNNING
        progress.total = 10  # written at once: the page learns the size
        assert stored.values_list("done", "total").get() == (0, 10)
        progress.advance()
        progress.advance()
        assert stored.values_list("done", flat=True).get() == 0  # too soon to write
        now[0] += 0.6
        progress.advance()
        assert stored.values_list("done", flat=True).get() == 3
        assert stored.get().percent == 30
    assert stored.values_list("status", "done").get() == (JobStatus.DONE, 10)


def test_a_failure_with_words_is_shown_as_said(
    resident: User, django_capture_on_commit_callbacks: Any
) -> None:
    job = _run(resident, django_capture_on_commit_callbacks, fail="words")
    assert job.status == JobStatus.FAILED
    assert job.error == "В опросе нет ни одного ответа."
    assert not job.result
    assert job.finished_at is not None


def test_a_bug_is_logged_and_the_person_reads_no_traceback(
    resident: User,
    django_capture_on_commit_callbacks: Any,
    caplog: pytest.LogCaptureFixture,
    login: Callable[[User | None], Client],
) -> None:
    with caplog.at_level(logging.ERROR, logger="core.jobs"):
        job = _run(resident, django_capture_on_commit_callbacks, fail="bug")
    assert job.status == JobStatus.FAILED
    assert "Traceback" in caplog.text or "ValueError" in caplog.text
    page = login(resident).get(reverse("core:job", args=[job.pk])).content.decode()
    assert "Что-то пошло не так" in page
    assert "secret" not in page
    assert "ValueError" not in page
    assert 'data-test="job-download"' not in page
    assert 'href="/back/"' in page  # try again where it was started


def test_a_finished_job_is_not_run_again(
    resident: User, django_capture_on_commit_callbacks: Any
) -> None:
    job = _run(resident, django_capture_on_commit_callbacks, n=2)
    name = job.result.name
    count_to.delay(job.pk, n=5)  # delivered twice
    job.refresh_from_db()
    assert (job.status, job.total, job.result.name) == (JobStatus.DONE, 2, name)


def test_the_page_polls_every_second_while_running_and_stops_when_done(
    resident: User, login: Callable[[User | None], Client]
) -> None:
    job = BackgroundJob.objects.create(
        user=resident,
        kind="k",
        title="Выгрузка ответов",
        status=JobStatus.RUNNING,
        done=1,
        total=4,
        expires_at=timezone.now() + jobs.JOB_KEEP,
    )
    client = login(resident)
    page = client.get(reverse("core:job", args=[job.pk])).content.decode()
    assert "Выгрузка ответов" in page
    partial_url = reverse("core:job_progress", args=[job.pk])
    assert f'hx-get="{partial_url}" hx-trigger="every 1s"' in page
    assert 'aria-valuenow="25"' in page
    assert "1 из 4" in page
    partial = client.get(partial_url, headers={"HX-Request": "true"})
    assert partial["Cache-Control"] == "no-store"
    assert "<html" not in partial.content.decode()
    assert 'hx-trigger="every 1s"' in partial.content.decode()
    BackgroundJob.objects.filter(pk=job.pk).update(status=JobStatus.DONE, done=4)
    finished = client.get(partial_url, headers={"HX-Request": "true"}).content.decode()
    assert "hx-trigger" not in finished
    assert 'aria-valuenow="100"' in finished


def test_a_job_of_unknown_size_shows_a_moving_bar_without_a_figure(
    resident: User, login: Callable[[User | None], Client]
) -> None:
    job = BackgroundJob.objects.create(
        user=resident, kind="k", title="t", expires_at=timezone.now() + jobs.JOB_KEEP
    )
    page = login(resident).get(reverse("core:job_progress", args=[job.pk])).content.decode()
    assert "aria-valuenow" not in page
    assert "progress-bar-animated" in page
    assert "Ждёт запуска" in page


def test_only_the_person_who_started_it_sees_and_downloads_it(
    resident: User,
    producer: User,
    curator: User,
    login: Callable[[User | None], Client],
    django_capture_on_commit_callbacks: Any,
) -> None:
    job = _run(resident, django_capture_on_commit_callbacks)
    download = reverse("core:job_download", args=[job.pk])
    response = login(resident).get(download)
    assert response.status_code == 200
    assert b"".join(response.streaming_content) == b"0;1;2"  # type: ignore[attr-defined]
    assert response["Content-Type"] == CSV
    assert "attachment" in response["Content-Disposition"]
    assert response["Cache-Control"] == "private, no-store"
    for other in (producer, curator):
        for name in ("core:job", "core:job_progress", "core:job_download"):
            assert login(other).get(reverse(name, args=[job.pk])).status_code == 404
    assert login(None).get(download).status_code == 302


def test_nothing_to_download_before_the_end_or_after_a_failure(
    resident: User, login: Callable[[User | None], Client], django_capture_on_commit_callbacks: Any
) -> None:
    running = BackgroundJob.objects.create(
        user=resident,
        kind="k",
        title="t",
        status=JobStatus.RUNNING,
        expires_at=timezone.now() + jobs.JOB_KEEP,
    )
    failed = _run(resident, django_capture_on_commit_callbacks, fail="words")
    client = login(resident)
    for job in (running, failed):
        assert client.get(reverse("core:job_download", args=[job.pk])).status_code == 404


def test_expired_jobs_are_purged_with_their_files(
    resident: User, django_capture_on_commit_callbacks: Any
) -> None:
    old = _run(resident, django_capture_on_commit_callbacks)
    old_file = Path(old.result.path)
    BackgroundJob.objects.filter(pk=old.pk).update(expires_at=timezone.now() - timedelta(hours=1))
    fresh = _run(resident, django_capture_on_commit_callbacks)  # a start purges what expired
    assert not BackgroundJob.objects.filter(pk=old.pk).exists()
    assert not old_file.exists()
    assert Path(fresh.result.path).exists()
    BackgroundJob.objects.filter(pk=fresh.pk).update(expires_at=timezone.now() - timedelta(days=1))
    call_command("purge_jobs", stdout=(out := _Out()))
    assert out.text == "Background jobs deleted: 1\n"
    assert not BackgroundJob.objects.exists()


class _Out:
    def __init__(self) -> None:
        self.text = ""

    def write(self, text: str) -> None:
        self.text += text

    def flush(self) -> None:
        pass
