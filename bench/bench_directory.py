"""Directory list and search at 100,000 members: the platform's page beside a naive one.

    .venv/bin/python bench/bench_directory.py                # 100,000 members, SQLite
    .venv/bin/python bench/bench_directory.py --members 10000
    DATABASE_URL=postgres://postgres@127.0.0.1:5432/bench .venv/bin/python bench/bench_directory.py

Both sides serve the same template through the full Django stack (middleware, ORM, template):
- platform: `members.views.directory` — lemma search on an indexed text, one query per list
  plus two prefetches, whatever the page size;
- baseline: the page a first version would have: `icontains` on the raw name and texts (so
  "гончара" misses "гончарная"), and towns and industries loaded per row (N+1).
Each scenario is requested `--requests` times; p50 and p95 latencies are in milliseconds.
"""

from __future__ import annotations

import argparse
import os
import random
import statistics
import sys
import tempfile
import time
from collections.abc import Hashable
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

SCENARIOS = [
    ("list, first page", {}),
    ("list, page 200", {"page": "200"}),
    ("filter: town", {"town": "kirovsk"}),
    ("filter: industry + role", {"industry": "photography", "role": "resident"}),
    ("search: one word form", {"q": "гончара"}),
    ("search: two words", {"q": "фотосъёмка каталогов"}),
    ("search + town", {"q": "сувениры", "town": "murmansk"}),
]


def parse_args() -> argparse.Namespace:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--members", type=int, default=100_000)
    parser.add_argument("--requests", type=int, default=40)
    parser.add_argument("--db-dir", default=os.path.join(tempfile.gettempdir(), "cluster-bench"))
    return parser.parse_args()


def setup_django(args: argparse.Namespace) -> None:
    if "DATABASE_URL" not in os.environ:
        Path(args.db_dir).mkdir(parents=True, exist_ok=True)
        os.environ["DATABASE_URL"] = f"sqlite:///{args.db_dir}/directory-{args.members}.sqlite3"
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings")
    os.environ["AXES_ENABLED"] = "0"
    import django

    django.setup()
    from django.conf import settings

    settings.ALLOWED_HOSTS = ["*"]
    settings.STORAGES["staticfiles"] = {
        "BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"
    }
    from django.core.management import call_command

    call_command("migrate", verbosity=0)


def populate(n_members: int) -> None:
    """Create the members once; later runs reuse the database."""
    from django.db import transaction

    from bench.synthetic_region import generate
    from core.models import Industry, Town
    from members.models import LegalForm, Member, User
    from members.services import member_search_text

    existing = Member.objects.count()
    if existing >= n_members:
        return
    started = time.perf_counter()
    members_info, items, _coords = generate(n_members, items_per_member=6, seed=7)
    towns = {town.slug: town for town in Town.objects.all()}
    industries = list(Industry.objects.all())
    rng = random.Random(7)
    texts: dict[Hashable, dict[str, list[str]]] = {}
    for item in items:
        texts.setdefault(item.member_id, {"offer": [], "need": []})[item.direction].append(
            item.text
        )
    forms = [LegalForm.IP, LegalForm.SELF_EMPLOYED, LegalForm.OOO, LegalForm.NONE]
    batch = 5_000
    for start in range(0, n_members, batch):
        chunk = members_info[start : start + batch]
        with transaction.atomic():
            users = User.objects.bulk_create(
                [
                    User(email=f"m{info.id}@bench.local", password="!", is_resident=True)
                    for info in chunk
                ]
            )
            members = []
            chosen = []
            for user, info in zip(users, chunk, strict=True):
                member_industries = rng.sample(industries, rng.randint(1, 2))
                member = Member(
                    user=user,
                    display_name=f"Мастерская {info.id}",
                    town=towns.get(info.town or "", towns["murmansk"]),
                    about=". ".join(texts[info.id]["offer"]),
                    wants=". ".join(texts[info.id]["need"]),
                    legal_form=rng.choice(forms),
                    public_profile=rng.random() < 0.9,
                    is_resident=True,
                    is_producer=rng.random() < 0.1,
                )
                member.search_text = member_search_text(member, member_industries)
                members.append(member)
                chosen.append(member_industries)
            Member.objects.bulk_create(members)
            through = Member.industries.through
            through.objects.bulk_create(
                [
                    through(member_id=member.pk, industry_id=industry.pk)
                    for member, member_industries in zip(members, chosen, strict=True)
                    for industry in member_industries
                ]
            )
        print(f"  created {start + len(chunk):,} members", file=sys.stderr)
    print(f"populated in {time.perf_counter() - started:.0f} s", file=sys.stderr)


def baseline_directory(request):
    """The naive page: raw-text icontains search and per-row lookups."""
    from django.core.paginator import Paginator
    from django.db.models import Q
    from django.shortcuts import render

    from members.forms import DirectoryFilterForm
    from members.models import Member

    form = DirectoryFilterForm(request.GET or None)
    members = Member.objects.filter(is_active=True, public_profile=True)
    if form.is_valid():
        c = form.cleaned_data
        if c["town"]:
            members = members.filter(town=c["town"])
        if c["industry"]:
            members = members.filter(industries=c["industry"])
        if c["role"]:
            members = members.filter(**{f"is_{c['role']}": True})
        for word in c["q"].split():
            members = members.filter(
                Q(display_name__icontains=word)
                | Q(about__icontains=word)
                | Q(wants__icontains=word)
            )
    page = Paginator(members.order_by("display_name", "id"), 24).get_page(request.GET.get("page"))
    return render(
        request, "members/directory.html", {"form": form, "page": page, "query_string": ""}
    )


def measure(view, params: dict[str, str], repeats: int) -> tuple[float, float, int, int]:
    from django.contrib.auth.models import AnonymousUser
    from django.db import connection, reset_queries
    from django.test import RequestFactory
    from django.test.utils import CaptureQueriesContext

    factory = RequestFactory()
    timings = []
    queries = 0
    found = 0
    for attempt in range(repeats + 2):
        request = factory.get("/members/", params)
        request.user = AnonymousUser()
        request.htmx = False  # type: ignore[attr-defined]
        request.LANGUAGE_CODE = "ru"
        request.COOKIES = {}
        with CaptureQueriesContext(connection) as captured:
            started = time.perf_counter()
            response = view(request)
            elapsed = time.perf_counter() - started
        assert response.status_code == 200
        if attempt >= 2:  # two warm-up requests
            timings.append(elapsed * 1000)
        queries = len(captured)
        found = (
            response.context_data["page"].paginator.count
            if getattr(response, "context_data", None)
            else found
        )
    reset_queries()
    timings.sort()
    p95 = timings[max(0, round(0.95 * len(timings)) - 1)]
    return statistics.median(timings), p95, queries, found


def main() -> None:
    args = parse_args()
    setup_django(args)
    from django.db import connection

    from members.views import directory

    populate(args.members)
    from members.models import Member

    total = Member.objects.count()
    print(f"\nDirectory at {total:,} members, {connection.vendor}, {args.requests} requests each")
    print(
        f"{'scenario':<26} {'platform p50/p95 ms':>20} {'q':>3} "
        f"{'baseline p50/p95 ms':>21} {'q':>4} {'p95 ratio':>9}"
    )
    for name, params in SCENARIOS:
        ours = measure(directory, params, args.requests)
        base = measure(baseline_directory, params, max(5, args.requests // 4))
        print(
            f"{name:<26} {ours[0]:>9.1f} /{ours[1]:>8.1f} {ours[2]:>3} "
            f"{base[0]:>10.1f} /{base[1]:>8.1f} {base[2]:>4} {base[1] / ours[1]:>8.1f}x"
        )


if __name__ == "__main__":
    main()
