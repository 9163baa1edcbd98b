"""Event check-in, registration and the meetings timetable through the full Django stack.

    .venv/bin/python bench/bench_events.py
    DATABASE_URL=postgres://postgres@127.0.0.1:5432/bench .venv/bin/python bench/bench_events.py

- check-in: a curator's htmx POST of a typed code at an event with `--people` registrations
  (the door page's round trip without the network), p50 and p95 in milliseconds;
- registration: a member's htmx POST of the register button, p50 and p95;
- timetable: `do_build_timetable` (instance from the database, solver, rows written) for the
  demo's April meetings and for a synthetic 200 participants × 12 slots event, beside the
  proven bound.
"""

from __future__ import annotations

import argparse
import random
import sys
import time
from datetime import timedelta
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from bench.harness import p50_p95_ms, setup_django  # noqa: E402 (needs ROOT on the path)


def parse_args() -> argparse.Namespace:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--people", type=int, default=2_000)
    parser.add_argument("--requests", type=int, default=200)
    return parser.parse_args()


def _latency(samples: list[float]) -> str:
    p50, p95 = p50_p95_ms(samples)
    return f"p50 {p50:.1f} ms, p95 {p95:.1f} ms"


def bench_door(people: int, requests: int) -> None:
    from django.test import Client
    from django.urls import reverse
    from django.utils import timezone

    from events.models import Registration, RegistrationStatus, new_code
    from events.tests.factories import make_event
    from members.models import User

    curator = User.objects.create_user("door@bench.local", "x", is_curator=True)
    starts = timezone.now() + timedelta(days=3)
    event = make_event(starts_at=starts, capacity=people + requests, organisers=[curator])
    users = User.objects.bulk_create(
        [User(email=f"p{n}@bench.local", password="!") for n in range(people + requests)]
    )
    Registration.objects.bulk_create(
        [
            Registration(event=event, user=u, status=RegistrationStatus.CONFIRMED, code=new_code())
            for u in users[:people]
        ]
    )
    codes = list(Registration.objects.filter(event=event).values_list("code", flat=True))
    client = Client()
    client.force_login(curator)
    url = reverse("events:checkin", args=[event.pk])
    samples = []
    for code in random.Random(1).sample(codes, requests):
        started = time.perf_counter()
        response = client.post(url, {"code": code.lower()}, HTTP_HX_REQUEST="true")
        samples.append(time.perf_counter() - started)
        assert b'data-outcome="checked_in"' in response.content
    print(f"check-in at {people:,} registrations: {_latency(samples)}")

    samples = []
    register = reverse("events:register", args=[event.pk])
    for user in users[people:]:
        member_client = Client()
        member_client.force_login(user)
        started = time.perf_counter()
        response = member_client.post(register, HTTP_HX_REQUEST="true")
        samples.append(time.perf_counter() - started)
        assert b'data-status="confirmed"' in response.content
    print(f"registration (htmx): {_latency(samples)}")


def bench_timetables() -> None:
    from bench.meetings_instances import make_instance
    from demo.events import load_events
    from demo.region import load_region
    from events.models import Event
    from events.tests.factories import make_event
    from meetings.models import Meeting as MeetingRow
    from meetings.models import MeetingPlan, MeetingRequest, MeetingSlot, Participant
    from meetings.services import do_build_timetable
    from meetings.solver import parse_instance
    from members.models import User

    load_region()
    load_events()
    april = Event.objects.get(external_id="meetings-2026-04")
    MeetingRow.objects.filter(slot__event=april).update(is_published=False)
    result = do_build_timetable(april, time_limit=10)
    print(
        f"demo April timetable: {result.meetings} meetings of {result.requests} accepted "
        f"requests, {result.total_weight:g} of bound {result.upper_bound:g}, "
        f"{result.seconds:.2f} s in the solver"
    )

    instance = parse_instance(make_instance(200, 12, seed=0))
    starts = april.starts_at + timedelta(days=30)
    event = make_event(starts_at=starts, ends_at=starts + timedelta(hours=8))
    MeetingPlan.objects.create(event=event, tables=instance.tables)
    slot_rows = {
        s: MeetingSlot.objects.create(
            event=event,
            starts_at=starts + k * timedelta(minutes=25),
            ends_at=starts + k * timedelta(minutes=25) + timedelta(minutes=20),
        )
        for k, s in enumerate(instance.slots)
    }
    users = User.objects.bulk_create(
        [User(email=f"m{p.id}@bench.local", password="!") for p in instance.participants]
    )
    participants = {}
    for p, user in zip(instance.participants, users, strict=True):
        participant = Participant.objects.create(event=event, user=user)
        if set(p.available) != set(instance.slots):
            participant.available.set([slot_rows[s] for s in p.available])
        participants[p.id] = participant
    # Weights 1–5 map onto priority 1–3 plus a match score below 1, as the platform stores them.
    MeetingRequest.objects.bulk_create(
        [
            MeetingRequest(
                event=event,
                requester=participants[r.a],
                recipient=participants[r.b],
                priority=min(3, max(1, round(r.weight) // 2 + 1)),
                match_score=(r.weight % 1) or 0.5,
                status="accepted",
            )
            for r in instance.requests
        ],
        ignore_conflicts=True,
    )
    started = time.perf_counter()
    result = do_build_timetable(event, time_limit=10)
    total = time.perf_counter() - started
    share = result.total_weight / result.upper_bound if result.upper_bound else 1
    print(
        f"200 × 12 timetable: {result.meetings} meetings of {result.requests} requests, "
        f"{share:.2%} of bound, {result.seconds:.2f} s solver, {total:.2f} s with the database"
    )


def main() -> None:
    args = parse_args()
    setup_django("events")
    bench_door(args.people, args.requests)
    bench_timetables()


if __name__ == "__main__":
    main()
