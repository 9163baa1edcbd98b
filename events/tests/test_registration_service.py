from __future__ import annotations

import subprocess
import sys
from datetime import UTC, datetime, timedelta
from typing import Any

import pytest
from django.core import mail
from django.utils import timezone

from events.models import Audience, Event, Registration, RegistrationStatus
from events.services import (
    REGISTRATION_EMAIL_TASK,
    EventError,
    check_cancel_registration,
    check_register,
    do_repeat_event,
    do_set_capacity,
    monthly,
)
from events.tasks import send_registration_email
from events.tests.factories import before, make_event
from members.models import Member, User


def statuses(event: Event) -> dict[str, str]:
    return {
        r.user.email if r.user else "": r.status for r in event.registrations.select_related("user")
    }


def test_it_confirms_while_places_last_then_puts_people_on_the_waiting_list(
    event: Event, resident: User, producer: User, partner: User
) -> None:
    now = before(event)
    assert check_register(event, resident, now=now).status == RegistrationStatus.CONFIRMED
    assert check_register(event, producer, now=now).status == RegistrationStatus.CONFIRMED
    assert check_register(event, partner, now=now).status == RegistrationStatus.WAITING


def test_a_cancellation_promotes_the_first_person_waiting(
    event: Event, resident: User, producer: User, partner: User, client_user: User
) -> None:
    now = before(event)
    first = check_register(event, resident, now=now)
    check_register(event, producer, now=now)
    check_register(event, partner, now=now)
    check_register(event, client_user, now=now + timedelta(minutes=1))
    promoted = check_cancel_registration(first, now=now)
    assert [r.user for r in promoted] == [partner]
    assert statuses(event) == {
        "resident@example.org": "cancelled",
        "producer@example.org": "confirmed",
        "partner@example.org": "confirmed",
        "client@example.org": "waiting",
    }


def test_registering_twice_is_refused_and_changes_nothing(
    event: Event, resident: User, django_capture_on_commit_callbacks: object
) -> None:
    check_register(event, resident, now=before(event))
    with pytest.raises(EventError) as error:
        check_register(event, resident, now=before(event))
    assert error.value.code == "already_registered"
    assert event.registrations.count() == 1


def test_registration_is_refused_past_the_window(event: Event, resident: User) -> None:
    with pytest.raises(EventError) as error:
        check_register(event, resident, now=event.starts_at + timedelta(minutes=1))
    assert error.value.code == "registration_closed"
    assert not event.registrations.exists()


def test_registration_is_refused_before_it_opens(db: None, resident: User) -> None:
    event = make_event(registration_opens_at=before(make_event(), days=10))
    with pytest.raises(EventError) as error:
        check_register(event, resident, now=before(event, days=20))
    assert error.value.code == "registration_not_open"


def test_audience_rules(db: None, resident: User, client_user: User) -> None:
    members_only = make_event(audience=Audience.MEMBERS)
    with pytest.raises(EventError) as error:
        check_register(members_only, client_user, now=before(members_only))
    assert error.value.code == "members_only"
    assert check_register(members_only, resident, now=before(members_only)).is_confirmed
    invited = make_event(audience=Audience.INVITED, invited=[client_user])
    with pytest.raises(EventError) as error:
        check_register(invited, resident, now=before(invited))
    assert error.value.code == "not_invited"
    assert check_register(invited, client_user, now=before(invited)).is_confirmed


def test_a_superuser_without_the_curator_flag_may_register_where_curators_may(
    db: None, superuser: User, client_user: User
) -> None:
    # `createsuperuser` sets no curator flag: the event list showed them the event, and
    # registering for it answered "by invitation only" (the flag was read alone).
    invited = make_event(audience=Audience.INVITED, invited=[client_user])
    assert check_register(invited, superuser, now=before(invited)).is_confirmed
    members_only = make_event(audience=Audience.MEMBERS)
    assert check_register(members_only, superuser, now=before(members_only)).is_confirmed


def test_a_member_who_left_is_no_member_for_a_members_only_event(db: None, resident: User) -> None:
    Member.objects.filter(user=resident).update(is_active=False)
    resident.refresh_from_db()
    members_only = make_event(audience=Audience.MEMBERS)
    with pytest.raises(EventError) as error:
        check_register(members_only, resident, now=before(members_only))
    assert error.value.code == "members_only"


def test_cancelled_people_may_register_again_at_the_end_of_the_queue(
    event: Event, resident: User, producer: User, partner: User
) -> None:
    now = before(event)
    registration = check_register(event, resident, now=now)
    check_register(event, producer, now=now)
    check_cancel_registration(registration, now=now)
    check_register(event, partner, now=now)
    again = check_register(event, resident, now=now + timedelta(minutes=5))
    assert again.pk == registration.pk
    assert again.status == RegistrationStatus.WAITING


def test_more_places_promote_the_waiting_list(
    event: Event, resident: User, producer: User, partner: User, client_user: User
) -> None:
    now = before(event)
    for user in (resident, producer, partner, client_user):
        check_register(event, user, now=now)
    assert [r.user for r in do_set_capacity(event, 3)] == [partner]
    assert [r.user for r in do_set_capacity(event, None)] == [client_user]


def test_confirmation_email_carries_the_calendar_file_after_commit(
    event: Event, resident: User, django_capture_on_commit_callbacks: object
) -> None:
    with django_capture_on_commit_callbacks(execute=True):  # type: ignore[operator]
        registration = check_register(event, resident, now=before(event))
    assert len(mail.outbox) == 1
    message = mail.outbox[0]
    assert message.to == [resident.email]
    assert registration.code in message.body
    (name, content, mimetype) = message.attachments[0]
    assert name.endswith(".ics")
    assert mimetype == "text/calendar"
    assert "DTSTART:20260314T070000Z" in content


def test_services_queue_the_email_by_the_name_its_task_has_in_every_process() -> None:
    # The services name the task instead of importing it (the tasks import the services);
    # a process that has only set Django up must know that name too.
    assert send_registration_email.name == REGISTRATION_EMAIL_TASK
    script = (
        "import django; django.setup(); from celery import current_app; "
        f"assert {REGISTRATION_EMAIL_TASK!r} in current_app.tasks"
    )
    subprocess.run([sys.executable, "-c", script], check=True)


def test_nobody_on_the_waiting_list_gets_a_confirmation_email(
    event: Event,
    resident: User,
    producer: User,
    partner: User,
    django_capture_on_commit_callbacks: object,
) -> None:
    with django_capture_on_commit_callbacks(execute=True):  # type: ignore[operator]
        for user in (resident, producer, partner):
            check_register(event, user, now=before(event))
    assert sorted(m.to[0] for m in mail.outbox) == [producer.email, resident.email]


def test_codes_are_unique_and_unambiguous(event: Event, resident: User, producer: User) -> None:
    codes = [check_register(event, u, now=before(event)).code for u in (resident, producer)]
    assert len(set(codes)) == 2
    assert all(len(c) == 6 and not set(c) & set("01ILO") for c in codes)
    assert Registration.objects.filter(code__in=codes).count() == 2


def test_a_monthly_meetup_repeats_without_retyping(db: None, curator: User) -> None:
    meetup = make_event(
        title="Клуб резидентов", starts_at=datetime(2027, 1, 31, 15, 0, tzinfo=UTC), capacity=25
    )
    meetup.organisers.set([curator])
    copies = do_repeat_event(meetup, monthly(meetup.starts_at, 3))
    meetup.refresh_from_db()
    assert meetup.series is not None
    assert [timezone.localtime(e.starts_at).strftime("%m-%d %H:%M") for e in copies] == [
        "02-28 18:00",
        "03-31 18:00",
        "04-30 18:00",
    ]
    assert all(e.series_id == meetup.series_id and e.capacity == 25 for e in copies)
    assert all(list(e.organisers.all()) == [curator] for e in copies)


def test_the_promoted_person_is_told_and_gets_the_email(
    event: Event,
    resident: User,
    producer: User,
    partner: User,
    django_capture_on_commit_callbacks: Any,
) -> None:
    now = before(event)
    first = check_register(event, resident, now=now)
    check_register(event, producer, now=now)
    check_register(event, partner, now=now)
    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        check_cancel_registration(first, now=now)
    assert [m.to for m in mail.outbox] == [[partner.email]]
    assert partner.notifications.filter(url__endswith=f"/events/{event.pk}/ticket/").count() == 2
