"""The curators' help queue: one page of 10,000 open help requests, beside a baseline.

    .venv/bin/python bench/bench_plans_queue.py
    .venv/bin/python bench/bench_plans_queue.py --requests 100 --tasks 20000
    DATABASE_URL=postgres://postgres@127.0.0.1:5432/bench \\
        .venv/bin/python bench/bench_plans_queue.py

- platform: `plans.views.help.queue` — the page of 50 requests with their members, towns,
  goals and curators in one query (`plans.help_queries.queue`), "next page" known from one
  row more rather than a count (`core.pagination.offset_page`), the towns of the filter and
  the curators of the assignee select read once, the page template.
- baseline: the same page as one would first write it with the ORM: Django's `Paginator`
  (a COUNT over the 10,000), the rows without `select_related` (each row's member, town,
  goal and curator read when the template shows them), the same template. Same database,
  same rows shown.

Each view is requested `--requests` times after two warm-up requests, unfiltered and with the
town and kind filters; p50 and p95 in milliseconds. The platform is also timed with the
start-up heap frozen (`gc.freeze()`), as each served worker does (`config/wsgi.py`).
"""

from __future__ import annotations

import argparse
import gc
import random
import re
import sys
import time
from collections.abc import Callable
from datetime import timedelta
from decimal import Decimal
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from bench.harness import p50_p95_ms, setup_django  # noqa: E402 (needs ROOT on the path)

MEMBERS = 500
CURATORS = 6


def parse_args() -> argparse.Namespace:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--tasks", type=int, default=10_000)
    parser.add_argument("--requests", type=int, default=60)
    return parser.parse_args()


def fill(tasks: int) -> Any:
    from django.utils import timezone

    from core.models import Town
    from members.models import Member, User
    from plans.models import Goal, GoalKind, GoalUnit, HelpRequest, HelpStatus, Plan

    rng = random.Random(15)
    towns = list(Town.objects.all())
    curators = [
        User.objects.create_user(
            f"curator{n}@bench.local", "x", is_curator=True, first_name=f"К{n}"
        )
        for n in range(CURATORS)
    ]
    users = User.objects.bulk_create(
        User(email=f"m{n}@bench.local", is_resident=True) for n in range(MEMBERS)
    )
    members = Member.objects.bulk_create(
        Member(
            user=user,
            display_name=f"Мастерская № {n}",
            town=rng.choice(towns),
            about="Подарки и сувениры",
            is_resident=True,
        )
        for n, user in enumerate(users)
    )
    year = timezone.localdate().year
    plans = Plan.objects.bulk_create(Plan(member=member, year=year) for member in members)
    kinds = list(GoalKind.values)
    goals = Goal.objects.bulk_create(
        Goal(
            plan=plan,
            title=f"Цель {n}",
            kind=rng.choice(kinds),
            target=Decimal(10),
            unit=GoalUnit.PIECES,
        )
        for plan in plans
        for n in range(3)
    )
    now = timezone.now()
    today = timezone.localdate()
    statuses = [HelpStatus.NEW, HelpStatus.IN_PROGRESS, HelpStatus.WAITING_FOR_MEMBER]
    rows = []
    for number in range(tasks):
        goal = rng.choice(goals)
        status = rng.choice(statuses)
        created = now - timedelta(hours=rng.randint(1, 24 * 120))
        rows.append(
            HelpRequest(
                member_id=goal.plan.member_id,
                goal=goal,
                what=f"Запрос помощи № {number}: нужен партнёр, совет или площадка.",
                status=status,
                assignee=None if status == HelpStatus.NEW else rng.choice(curators),
                due=today + timedelta(days=rng.randint(-30, 30)),
                created_at=created,
                updated_at=created,
            )
        )
    HelpRequest.objects.bulk_create(rows, batch_size=2000)
    return curators[0]


def request_for(user: Any, query: str) -> Any:
    from django.test import RequestFactory

    request = RequestFactory().get(f"/curator/help/{query}")
    request.user = user
    request.htmx = False  # type: ignore[attr-defined]
    request.LANGUAGE_CODE = "ru"
    request.COOKIES = {}
    request.session = {}  # type: ignore[assignment]
    return request


def baseline_queue(request: Any) -> Any:
    from django.core.paginator import Paginator
    from django.shortcuts import render
    from django.utils import timezone

    from core.models import Town
    from members.models import User
    from plans.help_forms import AssignForm, QueueFilterForm
    from plans.help_queries import curators
    from plans.models import OPEN_HELP_STATUSES, HelpRequest

    form = QueueFilterForm(list(Town.objects.order_by("name_ru")), request.GET)
    filters = form.to_filters()
    rows = HelpRequest.objects.filter(status__in=OPEN_HELP_STATUSES)
    if filters.town:
        rows = rows.filter(member__town__slug=filters.town)
    if filters.kind:
        rows = rows.filter(goal__kind=filters.kind)
    paginator = Paginator(rows.order_by("due", "created_at", "id"), 50)
    page = paginator.get_page(request.GET.get("page"))
    query = request.GET.copy()
    query.pop("page", None)
    context = {
        "rows": list(page),
        "number": page.number,
        "has_next": page.has_next(),
        "filters_form": form,
        "filters": filters,
        "query": query.urlencode(),
        "assign_form": AssignForm(curators()),
        "curators": list(
            User.objects.filter(is_curator=True).order_by("first_name", "last_name", "email")
        ),
        "today": timezone.localdate(),
        "now": timezone.now(),
    }
    return render(request, "plans/queue.html", context)


def timed(
    view: Callable[[Any], Any], user: Any, query: str, requests: int
) -> tuple[float, float, int]:
    from django.db import connection

    for _warm_up in range(2):
        view(request_for(user, query))
    samples = []
    for _number in range(requests):
        request = request_for(user, query)
        started = time.perf_counter()
        response = view(request)
        samples.append(time.perf_counter() - started)
        assert response.status_code == 200
    # Counted by a wrapper: the debug query log stops at 9,000 entries.
    counted: list[str] = []

    def count(execute: Any, sql: str, params: Any, many: bool, context: Any) -> Any:
        counted.append(sql)
        return execute(sql, params, many, context)

    with connection.execute_wrapper(count):
        view(request_for(user, query))
    p50, p95 = p50_p95_ms(samples)
    return p50, p95, len(counted)


def main() -> None:
    args = parse_args()
    setup_django("plans_queue")
    from django.db import connection

    from plans.views.help import queue

    started = time.perf_counter()
    curator = fill(args.tasks)
    print(f"{args.tasks} open help requests written in {time.perf_counter() - started:.1f} s "
          f"({connection.vendor})")  # fmt: skip
    token = re.compile(r'(X-CSRFToken": "|value=")[A-Za-z0-9]{64}')
    age = re.compile(r"· [^<]*?назад")
    for label, query in (("all open", ""), ("town + kind", "?town=kirovsk&kind=new_product")):
        ours = timed(queue, curator, query, args.requests)
        base = timed(baseline_queue, curator, query, args.requests)
        gc.freeze()
        frozen = timed(queue, curator, query, args.requests)
        gc.unfreeze()
        pages = [
            age.sub("", token.sub("", view(request_for(curator, query)).content.decode()))
            for view in (queue, baseline_queue)
        ]
        print(f"{label}:")
        print(
            f"  platform: queue    p50 {ours[0]:7.1f} ms  p95 {ours[1]:7.1f} ms  {ours[2]} queries"
        )
        print(f"  platform, heap frozen  p50 {frozen[0]:7.1f} ms  p95 {frozen[1]:7.1f} ms")
        print(
            f"  baseline: ORM      p50 {base[0]:7.1f} ms  p95 {base[1]:7.1f} ms  {base[2]} queries"
        )
        print(f"  p95 ratio baseline / platform  {base[1] / ours[1]:.1f}x; "
              f"same page: {pages[0] == pages[1]}")  # fmt: skip


if __name__ == "__main__":
    main()
