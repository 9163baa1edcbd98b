"""Support measures: "Measures for me" for one member over 1,000 measures, beside a baseline.

    .venv/bin/python bench/bench_support.py
    .venv/bin/python bench/bench_support.py --measures 5000 --requests 100
    DATABASE_URL=postgres://postgres@127.0.0.1:5432/bench .venv/bin/python bench/bench_support.py

- platform: `support.views.catalogue.for_me` — the member's snapshot (2 queries), the open
  measures in one query (the card fields as plain rows, `support.queries.cards_for_member`),
  every rule evaluated in Python by `support.eligibility`, the reasons
  said by `support.reasons` with the names of towns and industries read once (3 queries), the
  page template.
- baseline: the same page with the rules checked by the database, as one would write it with
  the ORM alone: for each open measure and each of its rules one `Member.objects.filter(pk=…,
  <rule>).exists()`, then the same reasons and template. Same database, same output.

Each is requested `--requests` times after two warm-up requests; p50 and p95 in milliseconds.
The platform is also timed with the start-up heap frozen (`gc.freeze()`), as each served
worker does (`config/wsgi.py`): that takes the cyclic garbage collector's full passes over
Django's own objects out of the tail. The baseline builds the same cards from its model
instances, so both pages go through the same template.
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
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from bench.harness import p50_p95_ms, setup_django  # noqa: E402 (needs ROOT on the path)


def parse_args() -> argparse.Namespace:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--measures", type=int, default=1_000)
    parser.add_argument("--requests", type=int, default=60)
    return parser.parse_args()


def random_rules(rng: random.Random, towns: list[str], industries: list[str]) -> dict[str, Any]:
    rules: dict[str, Any] = {}
    if rng.random() < 0.5:
        rules["roles"] = rng.sample(["resident", "producer", "partner"], rng.randint(1, 2))
    if rng.random() < 0.5:
        rules["towns"] = rng.sample(towns, rng.randint(1, 4))
    if rng.random() < 0.4:
        rules["industries"] = rng.sample(industries, rng.randint(1, 5))
    if rng.random() < 0.4:
        rules["legal_forms"] = rng.sample(["ip", "self_employed", "ooo", "ano"], 2)
    if rng.random() < 0.4:
        rules["min_jobs"] = rng.randint(0, 5)
    if rng.random() < 0.3:
        rules["max_jobs"] = rng.randint(5, 30)
    if rng.random() < 0.3:
        rules["min_membership_days"] = rng.choice([30, 90, 365])
    if rng.random() < 0.3:
        rules["max_business_age_years"] = rng.randint(1, 5)
    if rng.random() < 0.2:
        rules["has_launched_project"] = rng.random() < 0.5
    return rules


def fill(count: int) -> Any:
    from datetime import date

    from django.utils import timezone

    from core.models import Industry, Town
    from members.models import Member, User
    from support.models import Measure
    from support.rules import index_keys

    rng = random.Random(13)
    towns = list(Town.objects.values_list("slug", flat=True))
    industries = list(Industry.objects.values_list("slug", flat=True))
    user = User.objects.create_user("arina@bench.local", "x", is_resident=True, is_producer=True)
    member = Member.objects.create(
        user=user,
        display_name="Арина Соловьёва",
        town=Town.objects.get(slug="kirovsk"),
        about="Сувенирная лавка и гончарная школа",
        legal_form="ip",
        jobs=3,
        is_resident=True,
        is_producer=True,
        registered_on=date(2022, 4, 18),
        joined_at=timezone.now() - timedelta(days=200),
    )
    member.industries.set(Industry.objects.filter(slug__in=["folk-crafts", "decorative-arts"]))
    today = timezone.localdate()
    measures = []
    for number in range(count):
        rules = random_rules(rng, towns, industries)
        town_keys, industry_keys = index_keys(rules)
        measures.append(
            Measure(
                external_id=f"bench-{number}",
                title=f"Мера поддержки № {number}",
                kind=rng.choice(["grant", "consultation", "premises", "training", "promotion"]),
                provider_name="Агентство развития",
                amount=rng.choice([None, 50_000, 300_000]),
                opens=today - timedelta(days=30),
                deadline=today + timedelta(days=rng.randint(1, 365)),
                status="open",
                rules=rules,
                town_keys=town_keys,
                industry_keys=industry_keys,
            )
        )
    Measure.objects.bulk_create(measures)
    return user


def request_for(user: Any) -> Any:
    from django.test import RequestFactory

    request = RequestFactory().get("/support/for-me/")
    request.user = user
    request.htmx = False  # type: ignore[attr-defined]
    request.LANGUAGE_CODE = "ru"
    request.COOKIES = {}
    request.session = {}  # type: ignore[assignment]
    return request


def _rule_q(key: str, value: Any, today: Any) -> Any:
    """Return the rule as a filter on Member, as the ORM-only design would write it."""
    from django.db.models import Q

    from projects.models import Project, Stage
    from support.eligibility import add_years

    if key == "roles":
        return Q(*[Q(**{f"is_{role}": True}) for role in value], _connector=Q.OR)
    if key == "towns":
        return Q(town__slug__in=value)
    if key == "industries":
        return Q(industries__slug__in=value)
    if key == "industry_groups":
        return Q(industries__group__slug__in=value)
    if key == "legal_forms":
        return Q(legal_form__in=value)
    if key == "min_jobs":
        return Q(jobs__gte=value)
    if key == "max_jobs":
        return Q(jobs__lte=value)
    if key == "min_membership_days":
        return Q(joined_at__date__lte=today - timedelta(days=value))
    if key == "min_business_age_years":
        return Q(registered_on__lte=add_years(today, -value))
    if key == "max_business_age_years":
        return Q(registered_on__gte=add_years(today, -value))
    launched = Project.objects.filter(stage__in=[Stage.LAUNCHED, Stage.COMPLETED])
    has = Q(owned_projects__in=launched)
    return has if value else ~has


def baseline_for_me(request: Any) -> Any:
    from django.shortcuts import render
    from django.utils import timezone

    from members.models import Member
    from support.eligibility import Verdict, evaluate
    from support.models import Measure
    from support.queries import ForMe, MeasureCard, member_snapshot
    from support.reasons import Names, verdict_lines

    today = timezone.localdate()
    member = request.user.member
    snapshot = member_snapshot(member)  # only to give the reasons their parameters
    names = Names.load()
    fitted = []
    for measure in Measure.objects.open_on(today).select_related("provider_member"):
        holds = {
            key: Member.objects.filter(_rule_q(key, value, today), pk=member.pk).exists()
            for key, value in measure.rules.items()
        }
        full = evaluate(measure.rules, snapshot, today)
        reasons = {r.code: r for r in full.reasons}
        if all(holds.values()):
            verdict = Verdict(True, tuple(full.reasons))
        else:
            failing = evaluate(
                {k: measure.rules[k] for k in holds if not holds[k]}, snapshot, today
            )
            verdict = Verdict(False, tuple(reasons.get(r.code, r) for r in failing.reasons))
        fitted.append(
            MeasureCard(
                measure.pk,
                measure.external_id,
                measure.title,
                measure.kind,
                measure.provider,
                measure.volume,
                measure.deadline,
                verdict.eligible,
                tuple(verdict_lines(verdict, names)),
            )
        )
    for_me = ForMe([f for f in fitted if f.eligible], [f for f in fitted if not f.eligible])
    return render(request, "support/for_me.html", {"for_me": for_me})


def timed(view: Callable[[Any], Any], user: Any, requests: int) -> tuple[float, float, int]:
    from django.db import connection, reset_queries
    from django.test.utils import CaptureQueriesContext

    for _warm_up in range(2):
        view(request_for(user))
    samples = []
    for _number in range(requests):
        request = request_for(user)
        user.__dict__.pop("_member_cache", None)
        started = time.perf_counter()
        response = view(request)
        samples.append(time.perf_counter() - started)
        assert response.status_code == 200
    reset_queries()
    with CaptureQueriesContext(connection) as queries:
        view(request_for(user))
    p50, p95 = p50_p95_ms(samples)
    return p50, p95, len(queries)


def main() -> None:
    args = parse_args()
    setup_django("support")
    from django.db import connection

    from members.models import User
    from support.views.catalogue import for_me

    started = time.perf_counter()
    fill(args.measures)
    print(f"{args.measures} measures written in {time.perf_counter() - started:.1f} s "
          f"({connection.vendor})")  # fmt: skip
    user = User.objects.get(email="arina@bench.local")
    ours = timed(for_me, user, args.requests)
    base = timed(baseline_for_me, user, args.requests)
    # A full collection walks every object of the process (Django, the URL map, templates:
    # about 230,000), 100+ ms on this machine, and one request in twenty or so pays for it.
    # `gc.freeze()` after start-up moves those objects out of the collector's way, as
    # config/wsgi.py does in each served worker once it has loaded the site.
    gc.freeze()
    frozen = timed(for_me, user, args.requests)
    gc.unfreeze()
    # The pages differ only in their CSRF tokens, new for each request.
    token = re.compile(r'(X-CSRFToken": "|value=")[A-Za-z0-9]{64}')
    pages = [view(request_for(user)).content.decode() for view in (for_me, baseline_for_me)]
    same = token.sub("", pages[0]) == token.sub("", pages[1])
    print(f"  platform: for_me   p50 {ours[0]:7.1f} ms  p95 {ours[1]:7.1f} ms  {ours[2]} queries")
    print(f"  platform, start-up heap frozen  p50 {frozen[0]:7.1f} ms  p95 {frozen[1]:7.1f} ms")
    print(f"  baseline: ORM      p50 {base[0]:7.1f} ms  p95 {base[1]:7.1f} ms  {base[2]} queries")
    print(f"  p95 ratio baseline / platform  {base[1] / ours[1]:.1f}x; same page: {same}")


if __name__ == "__main__":
    main()
