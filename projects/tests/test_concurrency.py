"""Real concurrent transactions: team members saving the same project at once, and the owner
inviting the same person twice at once. Nothing is lost silently and nobody is invited twice.

SQLite serialises writers already; PostgreSQL runs these threads truly in parallel.
"""

from __future__ import annotations

import threading
from collections.abc import Callable

import pytest
from django.db import connection

from members.models import User
from projects.models import Project, TeamMembership
from projects.services import ProjectData, ProjectError, check_invite, check_update_project
from projects.tests.factories import add_confirmed, idea, new_member

pytestmark = [
    pytest.mark.postgres_only,
    pytest.mark.django_db(transaction=True),
    pytest.mark.skipif(
        connection.vendor != "postgresql", reason="needs real concurrent transactions"
    ),
]


def run_together(jobs: list[Callable[[], object]]) -> tuple[int, list[str], list[BaseException]]:
    """Return how many jobs succeeded, the codes of the domain errors, and anything else."""
    barrier = threading.Barrier(len(jobs))
    lock = threading.Lock()
    done: list[int] = []
    codes: list[str] = []
    errors: list[BaseException] = []

    def run(job: Callable[[], object]) -> None:
        try:
            barrier.wait()
            job()
            with lock:
                done.append(1)
        except ProjectError as error:
            with lock:
                codes.append(error.code)
        except BaseException as error:
            with lock:
                errors.append(error)
        finally:
            connection.close()

    threads = [threading.Thread(target=run, args=(job,)) for job in jobs]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    return len(done), codes, errors


def test_of_simultaneous_edits_from_one_version_exactly_one_is_saved(producer: User) -> None:
    project = idea(producer)
    editors = [producer] + [add_confirmed(project, producer).user for _ in range(5)]
    stale = Project.objects.get(pk=project.pk)

    def edit(user: User, n: int) -> Callable[[], object]:
        data = ProjectData(title=f"Версия {n}", summary="")
        return lambda: check_update_project(stale, user, data, stale.version)

    saved, codes, errors = run_together([edit(u, n) for n, u in enumerate(editors)])
    assert errors == []
    assert saved == 1
    assert codes == ["conflict"] * (len(editors) - 1)
    project.refresh_from_db()
    assert project.version == 2
    assert project.title.startswith("Версия ")


def test_inviting_the_same_person_at_once_makes_one_invitation(producer: User) -> None:
    project = idea(producer)
    maker = new_member()
    saved, codes, errors = run_together(
        [lambda: check_invite(project, producer, maker) for _ in range(6)]
    )
    assert errors == []
    assert saved == 1
    assert codes == ["already_invited"] * 5
    assert TeamMembership.objects.filter(project=project, member=maker).count() == 1
