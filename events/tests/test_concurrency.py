"""Real concurrent transactions: many people register and cancel at once, never overbooking.

SQLite serialises writers already; PostgreSQL runs these threads truly in parallel, so the
event-row lock is what keeps the count right there.
"""

from __future__ import annotations

import threading
from collections.abc import Callable
from datetime import timedelta

import pytest
from django.db import connection

from events.models import Event, RegistrationStatus
from events.services import EventError, check_cancel_registration, check_register
from events.tests.factories import make_event
from members.models import User

pytestmark = [
    pytest.mark.postgres_only,
    pytest.mark.django_db(transaction=True),
    pytest.mark.skipif(
        connection.vendor != "postgresql", reason="needs real concurrent transactions"
    ),
]

PEOPLE = 24
CAPACITY = 5


def run_together(jobs: list[Callable[[], None]]) -> list[BaseException]:
    barrier = threading.Barrier(len(jobs))
    errors: list[BaseException] = []

    def run(job: Callable[[], None]) -> None:
        try:
            barrier.wait()
            job()
        except EventError:
            pass
        except BaseException as error:
            errors.append(error)
        finally:
            connection.close()

    threads = [threading.Thread(target=run, args=(job,)) for job in jobs]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    return errors


def people(count: int) -> list[User]:
    return [User.objects.create_user(f"p{n}@example.org", "x" * 12) for n in range(count)]


def assert_consistent(event: Event) -> None:
    confirmed = event.registrations.filter(status=RegistrationStatus.CONFIRMED).count()
    waiting = event.registrations.filter(status=RegistrationStatus.WAITING).count()
    assert confirmed <= CAPACITY
    # Nobody waits while a place is free.
    assert waiting == 0 or confirmed == CAPACITY


def test_concurrent_registrations_never_overbook() -> None:
    event = make_event(capacity=CAPACITY, starts_at=make_event().starts_at + timedelta(days=3650))
    users = people(PEOPLE)
    errors = run_together([lambda u=u: check_register(event, u) for u in users])  # type: ignore[misc]
    assert errors == []
    assert event.registrations.count() == PEOPLE
    assert event.registrations.filter(status=RegistrationStatus.CONFIRMED).count() == CAPACITY


def test_concurrent_cancellations_and_registrations_keep_the_count_right() -> None:
    event = make_event(capacity=CAPACITY, starts_at=make_event().starts_at + timedelta(days=3650))
    users = people(PEOPLE)
    first = [check_register(event, u) for u in users[:12]]
    jobs: list[Callable[[], None]] = [
        lambda r=r: check_cancel_registration(r)  # type: ignore[misc]
        for r in first[:8]
    ]
    jobs += [lambda u=u: check_register(event, u) for u in users[12:]]  # type: ignore[misc]
    errors = run_together(jobs)
    assert errors == []
    assert_consistent(event)
    assert event.registrations.filter(status=RegistrationStatus.CONFIRMED).count() == CAPACITY
