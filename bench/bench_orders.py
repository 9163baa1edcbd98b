"""Orders at scale: routing one order against 100,000 members, and the orders board over
1,000,000 orders, each beside an honest baseline.

    .venv/bin/python bench/bench_orders.py                                  # 100k / 1M, SQLite
    .venv/bin/python bench/bench_orders.py --members 10000 --orders 100000  # a quick run
    DATABASE_URL=postgres://postgres@127.0.0.1:5432/bench .venv/bin/python bench/bench_orders.py

The first run fills its own database (members with resource maps from `synthetic_region`,
orders in every state with their proposals and reviews, about 5 minutes at full size); later
runs reuse it.

Routing (what publishing an order costs):
- platform: `orders.queries.plan_routes` — the matching engine ranks members' offers against
  the brief (`rank_offers_for_text`, 4 × 8 candidates), then ratings and current load are read
  for those candidates (5 queries) and re-rank them. The index is built once beforehand, as
  each web process does on first use; the build is reported separately.
- platform, with writes: `do_route_order` inside a rolled-back transaction (routes and
  notifications written too).
- baseline: the directory's own full-text index (SQLite FTS5 or PostgreSQL's GIN tsvector)
  asked for members whose lemmas match any word of the brief, best BM25 / ts_rank first —
  what one would build without the engine — followed by the same rating and load re-ranking.

The board (what a member sees on /orders/):
- platform: `orders.views.board` — partial indexes on open orders, no COUNT over the table
  (one extra row tells whether a next page exists), industries prefetched, proposal counts as
  a correlated subquery for the page's rows only.
- baseline: the first version of that page — Django's Paginator (a COUNT of all matching
  rows), an industry filter by JOIN, and the town, industries and proposal count of each order
  loaded row by row (N+1). Same template, same database and indexes.
Each scenario is requested `--requests` times; p50 and p95 in milliseconds.
"""

from __future__ import annotations

import argparse
import os
import random
import statistics
import sys
import tempfile
import time
from datetime import UTC, datetime, timedelta
from decimal import Decimal
from pathlib import Path
from typing import Any, cast

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

# (title, brief, the offer of `synthetic_region.RESOURCES` that meets it): the last is how
# routing quality is judged — the share of members told who really offer that.
BRIEFS = [
    ("Фотосъёмка каталога изделий", "Нужен фотограф для каталога изделий, 60 предметов",
     "Предметная фотосъёмка для каталогов"),
    ("Сувениры к фестивалю", "Ищем поставщиков сувениров: магниты и брелоки с символикой",
     "Сувениры ручной работы"),
    ("Живая музыка на корпоратив", "Ищем музыкантов на корпоратив, вечер пятницы",
     "Кавер-группа, живая музыка"),
    ("Логотип для пекарни", "Нужен дизайнер для логотипа и вывески пекарни",
     "Разработка логотипа и фирменного стиля"),
    ("Видеоролик о мастерской", "Нужен видеограф для ролика о гончарной мастерской",
     "Видеосъёмка и монтаж рекламных роликов"),
    ("Площадка для выставки", "Ищем площадку для мероприятия на 80 гостей",
     "Лофт для мероприятий и выставок"),
    ("Печать открыток", "Нужно напечатать открытки малым тиражом, 500 штук",
     "Типография: печать визиток, буклетов, открыток"),
    ("Гид для группы", "Ищем гида для туристической группы в Хибинах",
     "Экскурсии по Хибинам и тундре"),
    ("Костюмы для спектакля", "Нужны костюмы для спектакля детской студии",
     "Пошив сценических костюмов"),
    ("Сайт для продаж", "Нужен сайт для продаж изделий ручной работы",
     "Создание сайтов и интернет-магазинов"),
    ("Керамическая посуда для кафе", "Ищу гончара для совместной линейки посуды",
     "Гончарные изделия: посуда, кружки, тарелки"),
    ("Продвижение в соцсетях", "Нужно продвижение в соцсетях для сувенирной лавки",
     "Ведение соцсетей и таргетированная реклама"),
]  # fmt: skip
TOWN_WEIGHTS = {"murmansk": 30, "apatity": 10, "monchegorsk": 8, "kirovsk": 6}
SCENARIOS = [
    ("open, first page", {}, False),
    ("open, page 50", {"page": "50"}, False),
    ("filter: town", {"town": "kirovsk"}, False),
    ("filter: industry", {"industry": "photography"}, False),
    ("filter: town + industry", {"town": "apatity", "industry": "design"}, False),
    ("filter: pays at least", {"budget_from": "250000"}, False),
    ("search: one word", {"q": "каталог"}, False),
    ("sent to me", {"for_me": "on"}, False),
    ("curator: closed, page 1", {"status": "closed"}, True),
    ("curator: closed, page 2000", {"status": "closed", "page": "2000"}, True),
]


def parse_args() -> argparse.Namespace:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--members", type=int, default=100_000)
    parser.add_argument("--orders", type=int, default=1_000_000)
    parser.add_argument("--requests", type=int, default=40)
    parser.add_argument("--db-dir", default=os.path.join(tempfile.gettempdir(), "cluster-bench"))
    parser.add_argument("--only", choices=["board", "routing"], help="Run one half.")
    return parser.parse_args()


def setup_django(args: argparse.Namespace) -> None:
    if "DATABASE_URL" not in os.environ:
        Path(args.db_dir).mkdir(parents=True, exist_ok=True)
        name = f"orders-{args.members}-{args.orders}.sqlite3"
        os.environ["DATABASE_URL"] = f"sqlite:///{args.db_dir}/{name}"
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings")
    os.environ["AXES_ENABLED"] = "0"
    import django

    django.setup()
    from django.conf import settings

    settings.ALLOWED_HOSTS = ["*"]
    settings.STORAGES["staticfiles"] = {
        "BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"
    }
    settings.EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
    from django.core.management import call_command

    call_command("migrate", verbosity=0)


def log(message: str) -> None:
    print(message, file=sys.stderr, flush=True)


# --- Filling the database ----------------------------------------------------------------


def populate_members(n_members: int) -> None:
    """Members with resource maps (6 items each); the engine's index is built from these."""
    from django.db import transaction

    from bench.synthetic_region import generate
    from core.models import Industry, Town
    from members.models import LegalForm, Member, User
    from members.services import member_search_text
    from resources.models import ResourceItem, Visibility

    if Member.objects.count() >= n_members:
        return
    started = time.perf_counter()
    infos, items, _coords = generate(n_members, items_per_member=6, seed=7)
    towns = {town.slug: town for town in Town.objects.all()}
    industries = list(Industry.objects.all())
    rng = random.Random(7)
    by_member: dict[int, list[Any]] = {}
    for item in items:
        by_member.setdefault(cast(int, item.member_id), []).append(item)
    batch = 5_000
    for start in range(0, n_members, batch):
        chunk = infos[start : start + batch]
        with transaction.atomic():
            users = User.objects.bulk_create(
                [
                    User(email=f"m{info.id}@bench.local", password="!", is_resident=True)
                    for info in chunk
                ]
            )
            members, chosen = [], []
            for user, info in zip(users, chunk, strict=True):
                own = by_member[cast(int, info.id)]
                member_industries = rng.sample(industries, rng.randint(1, 2))
                member = Member(
                    user=user,
                    display_name=f"Мастерская {info.id}",
                    town=towns.get(str(info.town), towns["murmansk"]),
                    about=". ".join(i.text for i in own if i.direction == "offer"),
                    wants=". ".join(i.text for i in own if i.direction == "need"),
                    legal_form=LegalForm.SELF_EMPLOYED,
                    public_profile=True,
                    is_resident=True,
                    is_producer=rng.random() < 0.1,
                )
                member.search_text = member_search_text(member, member_industries)
                members.append(member)
                chosen.append(member_industries)
            Member.objects.bulk_create(members)
            through = Member.industries.through
            through.objects.bulk_create(
                through(member_id=m.pk, industry_id=i.pk)
                for m, member_industries in zip(members, chosen, strict=True)
                for i in member_industries
            )
            ResourceItem.objects.bulk_create(
                ResourceItem(
                    member_id=member.pk,
                    direction=item.direction,
                    type=item.type,
                    text=item.text,
                    visibility=Visibility.MEMBERS,
                )
                for member, info in zip(members, chunk, strict=True)
                for item in by_member[cast(int, info.id)]
            )
        log(f"  created {start + len(chunk):,} members")
    log(f"members populated in {time.perf_counter() - started:.0f} s")


def populate_orders(n_orders: int, seed: int = 11) -> None:
    """Orders over five years: ~4% open (with proposals), ~3% in work, ~90% closed (with the
    accepted proposal and, for most, a review of the performer), the rest drafts and
    cancelled. Ids are given explicitly so orders and their proposals go in together."""
    from django.db import connection, transaction

    from core.models import Industry, Town
    from members.models import Member
    from orders.models import Order, Proposal, Review

    if Order.objects.count() >= n_orders:
        return
    started = time.perf_counter()
    rng = random.Random(seed)
    towns = list(Town.objects.values_list("pk", "slug"))
    weights = [TOWN_WEIGHTS.get(slug, 3) for _pk, slug in towns]
    industries = list(Industry.objects.values_list("pk", flat=True))
    members = list(Member.objects.values_list("pk", "user_id"))
    user_of = dict(members)
    now = datetime.now(UTC)
    through = Order.industries.through
    proposal_id = Proposal.objects.order_by("-pk").values_list("pk", flat=True).first() or 0
    batch = 20_000
    for start in range(Order.objects.count(), n_orders, batch):
        orders: list[Any] = []
        proposals: list[Any] = []
        reviews: list[Any] = []
        links: list[Any] = []
        for number in range(start + 1, min(start + batch, n_orders) + 1):
            roll = rng.random()
            status = (
                "published" if roll < 0.025 else "proposals" if roll < 0.04
                else "draft" if roll < 0.05 else "cancelled" if roll < 0.07
                else rng.choice(["assigned", "in_progress", "delivered"]) if roll < 0.10
                else "closed"
            )  # fmt: skip
            # Open orders are recent; closed ones spread over five years.
            age = timedelta(
                days=rng.uniform(0, 60 if status in ("published", "proposals") else 1800)
            )
            published = None if status == "draft" else now - age
            low = Decimal(rng.randrange(5, 400)) * 1000
            client_member, client_user = rng.choice(members)
            order = Order(
                pk=number,
                client_id=client_user,
                title=rng.choice(BRIEFS)[0],
                brief=rng.choice(BRIEFS)[1],
                town_id=rng.choices(towns, weights)[0][0],
                budget_min=low,
                budget_max=low + Decimal(rng.randrange(0, 200)) * 1000,
                deadline=(now + timedelta(days=rng.randrange(-1800, 120))).date(),
                status=status,
                created_at=(published or now) - timedelta(days=1),
                published_at=published,
            )
            links.extend(
                through(order_id=number, industry_id=pk)
                for pk in rng.sample(industries, rng.randint(1, 2))
            )
            answers = rng.randint(1, 4) if status == "proposals" else 0
            if status in ("assigned", "in_progress", "delivered", "closed"):
                answers = 1
            authors = [m for m, _user in rng.sample(members, answers + 1) if m != client_member]
            for answer, author in enumerate(authors[:answers]):
                proposal_id += 1
                accepted = status not in ("published", "proposals")
                proposals.append(
                    Proposal(
                        pk=proposal_id,
                        order_id=number,
                        author_id=author,
                        price=low,
                        days=rng.randint(3, 60),
                        message="Сделаю",
                        status="accepted" if accepted else "submitted",
                    )
                )
                if accepted and answer == 0:
                    order.performer_id = author
                    order.accepted_proposal_id = proposal_id
                    if status == "closed" and rng.random() < 0.5:
                        reviews.append(
                            Review(
                                order_id=number,
                                direction="of_performer",
                                author_id=client_user,
                                subject_id=user_of[author],
                                rating=rng.choice([3, 4, 4, 5, 5, 5]),
                            )
                        )
            orders.append(order)
        with transaction.atomic():
            if connection.vendor == "sqlite":
                with connection.cursor() as cursor:
                    cursor.execute("PRAGMA defer_foreign_keys = ON")
            Order.objects.bulk_create(orders)
            Proposal.objects.bulk_create(proposals)
            Review.objects.bulk_create(reviews)
            through.objects.bulk_create(links)
        log(f"  created {start + len(orders):,} orders")
    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            cursor.execute("ANALYZE")
    else:
        with connection.cursor() as cursor:
            cursor.execute("ANALYZE")
    log(f"orders populated in {time.perf_counter() - started:.0f} s")


# --- Measuring ---------------------------------------------------------------------------


def percentile(values: list[float], share: float) -> float:
    ordered = sorted(values)
    return ordered[max(0, round(share * len(ordered)) - 1)]


def summary(timings: list[float]) -> tuple[float, float]:
    return statistics.median(timings), percentile(timings, 0.95)


def sample_orders(count: int) -> list[Any]:
    """Unsaved orders for each brief, in the three biggest towns, to route."""
    from core.models import Industry, Town
    from orders.models import Order

    towns = list(Town.objects.filter(slug__in=["murmansk", "apatity", "kirovsk"]))
    industries = list(Industry.objects.all())
    rng = random.Random(5)
    orders = []
    for number in range(count):
        title, brief, expected = BRIEFS[number % len(BRIEFS)]
        order = Order(
            title=title,
            brief=brief,
            town=towns[number % len(towns)],
            budget_min=Decimal(10000),
            budget_max=Decimal(50000),
            deadline=datetime.now(UTC).date() + timedelta(days=30),
            client_id=1,
        )
        order.bench_industries = rng.sample(industries, 2)  # type: ignore[attr-defined]
        order.bench_expected = expected  # type: ignore[attr-defined]
        orders.append(order)
    return orders


def baseline_candidates(text: str, limit: int) -> list[int]:
    """Members whose profile lemmas match any word of the brief, best full-text rank first."""
    from django.db import connection

    from members.search import query_terms

    terms = query_terms(text)
    with connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            query = " | ".join(f"'{term}':*" for term in terms)
            cursor.execute(
                "SELECT id FROM members_member WHERE to_tsvector('simple', search_text) @@ "
                "to_tsquery('simple', %s) ORDER BY ts_rank(to_tsvector('simple', search_text), "
                "to_tsquery('simple', %s)) DESC LIMIT %s",
                [query, query, limit],
            )
        else:
            match = " OR ".join(f'"{term}"*' for term in terms)
            cursor.execute(
                "SELECT rowid FROM members_member_fts WHERE members_member_fts MATCH %s "
                "ORDER BY bm25(members_member_fts) LIMIT %s",
                [match, limit],
            )
        return [row[0] for row in cursor.fetchall()]


def offering_share(member_ids: set[Any], offer: str) -> float:
    """Return the share of these members with an offer that starts with `offer`."""
    from resources.models import ResourceItem

    if not member_ids:
        return 0.0
    offering = (
        ResourceItem.objects.filter(
            member_id__in=member_ids, direction="offer", text__startswith=offer
        )
        .values("member_id")
        .distinct()
        .count()
    )
    return offering / len(member_ids)


def measure_routing(args: argparse.Namespace) -> None:
    from django.db import connection, reset_queries, transaction
    from django.test.utils import CaptureQueriesContext

    from matching.engine import Match
    from matching.live_index import current_index
    from orders.queries import CANDIDATES_PER_ROUTE, member_stats, plan_routes
    from orders.routing import rank_routes
    from orders.services import do_route_order

    started = time.perf_counter()
    with current_index() as index:
        members = len(index)
    build = time.perf_counter() - started
    log(f"index built: {members:,} members in {build:.1f} s")
    limit = 8
    orders = sample_orders(args.requests + 4)
    # The industries of an unsaved order: `plan_routes` reads `order.industries.all()`.
    saved = []
    with transaction.atomic():
        for order in orders:
            order.save()
            order.industries.set(order.bench_industries)
            saved.append(order)
        platform: list[float] = []
        queries = 0
        for attempt, order in enumerate(saved):
            reset_queries()
            with CaptureQueriesContext(connection) as captured:
                t0 = time.perf_counter()
                plan = plan_routes(order, limit)
                elapsed = time.perf_counter() - t0
            if attempt >= 4:
                platform.append(elapsed * 1000)
            queries = len(captured)
            assert len(plan.routes) == limit
        writes: list[float] = []
        for order in saved[4:]:
            sid = transaction.savepoint()
            t0 = time.perf_counter()
            do_route_order(order)
            writes.append((time.perf_counter() - t0) * 1000)
            transaction.savepoint_rollback(sid)
        baseline: list[float] = []
        overlap = []
        precision: dict[str, list[float]] = {"platform": [], "baseline": []}
        for attempt, order in enumerate(saved):
            text = f"{order.title}. {order.brief}"
            t0 = time.perf_counter()
            ids = baseline_candidates(text, limit * CANDIDATES_PER_ROUTE)
            stats = member_stats(ids)
            matches = [Match(member_id, 1.0 / (rank + 1)) for rank, member_id in enumerate(ids)]
            routes = rank_routes(matches, stats, [], limit)
            elapsed = time.perf_counter() - t0
            if attempt >= 4:
                baseline.append(elapsed * 1000)
                ours = {r.member_id for r in plan_routes(order, limit).routes}
                theirs = {r.member_id for r in routes}
                overlap.append(len(ours & theirs) / limit)
                expected = order.bench_expected
                precision["platform"].append(offering_share(ours, expected))
                precision["baseline"].append(offering_share(theirs, expected))
        transaction.set_rollback(True)
    ours_p50, ours_p95 = summary(platform)
    write_p50, write_p95 = summary(writes)
    base_p50, base_p95 = summary(baseline)
    print(
        f"\nRouting one order at {members:,} members ({connection.vendor}), {len(platform)} orders"
    )
    print(f"  index build (once per process)      {build:8.1f} s")
    print(f"  platform: plan_routes               p50 {ours_p50:7.1f} ms  p95 {ours_p95:7.1f} ms  "
          f"({queries} queries)")  # fmt: skip
    print(f"  platform: do_route_order (+writes)  p50 {write_p50:7.1f} ms  p95 {write_p95:7.1f} ms")
    print(f"  baseline: full-text + re-rank       p50 {base_p50:7.1f} ms  p95 {base_p95:7.1f} ms")
    print(f"  p95 ratio baseline / platform       {base_p95 / ours_p95:8.2f}x")
    print(f"  same members in both top {limit}       {statistics.mean(overlap):8.0%}")
    print(f"  told members who offer what the brief needs: platform "
          f"{statistics.mean(precision['platform']):.0%}, baseline "
          f"{statistics.mean(precision['baseline']):.0%}")  # fmt: skip


def board_request(params: dict[str, str], user: Any) -> Any:
    from django.test import RequestFactory

    request = RequestFactory().get("/orders/", params)
    request.user = user
    request.htmx = False  # type: ignore[attr-defined]
    request.LANGUAGE_CODE = "ru"
    request.COOKIES = {}
    request.session = {}  # type: ignore[assignment]
    return request


def baseline_board(request: Any) -> Any:
    """The first version of the board: Paginator with a COUNT, a JOIN for the industry, and
    each order's town, industries and proposal count loaded row by row."""
    from django.core.paginator import Paginator
    from django.shortcuts import render

    from orders.forms import BoardFilterForm
    from orders.models import Order
    from orders.queries import BoardPage

    form = BoardFilterForm(request.GET or None)
    orders = Order.objects.filter(status__in=["published", "proposals"])
    if form.is_valid():
        c = form.cleaned_data
        if c["status"] and request.user.is_curator:
            orders = Order.objects.filter(status=c["status"])
        if c["town"]:
            orders = orders.filter(town=c["town"])
        if c["industry"]:
            orders = orders.filter(industries=c["industry"])
        if c["budget_from"] is not None:
            orders = orders.filter(budget_max__gte=c["budget_from"])
        if c["q"]:
            orders = orders.filter(title__icontains=c["q"])
        if c["for_me"]:
            orders = orders.filter(routes__member__user=request.user)
    paginator = Paginator(orders.order_by("-published_at", "-id"), 20)
    page = paginator.get_page(request.GET.get("page"))
    rows = list(page.object_list)
    for order in rows:
        order.proposal_count = order.proposals.filter(status="submitted").count()  # type: ignore[attr-defined]
    context = {
        "form": form,
        "page": BoardPage(rows, page.number, page.has_next()),
        "query_string": "",
        "member": None,
    }
    return render(request, "orders/board.html", context)


def measure_board(args: argparse.Namespace) -> None:
    from django.db import connection, reset_queries
    from django.test.utils import CaptureQueriesContext

    from members.models import Member, User
    from orders.models import Order, RoutedMember
    from orders.views import board

    member = Member.objects.select_related("user").order_by("pk").first()
    assert member is not None
    curator, _created = User.objects.get_or_create(
        email="curator@bench.local", defaults={"is_curator": True, "password": "!"}
    )
    if not RoutedMember.objects.filter(member=member).exists():
        open_ids = Order.objects.filter(status="published").values_list("pk", flat=True)[:30]
        RoutedMember.objects.bulk_create(
            RoutedMember(order_id=pk, member=member) for pk in open_ids
        )
    total = Order.objects.count()
    open_count = Order.objects.filter(status__in=["published", "proposals"]).count()
    print(f"\nOrders board at {total:,} orders ({open_count:,} open), {connection.vendor}, "
          f"{args.requests} requests each")  # fmt: skip
    print(f"{'scenario':<28} {'platform p50/p95 ms':>20} {'q':>3} {'baseline p50/p95 ms':>21} "
          f"{'q':>4} {'p95 ratio':>9}")  # fmt: skip
    for name, params, as_curator in SCENARIOS:
        user = curator if as_curator else member.user
        results = []
        for view, repeats in ((board, args.requests), (baseline_board, max(5, args.requests // 4))):
            timings = []
            queries = 0
            for attempt in range(repeats + 2):
                reset_queries()  # the query log is capped; a full one counts nothing
                request = board_request(params, user)
                with CaptureQueriesContext(connection) as captured:
                    t0 = time.perf_counter()
                    response = view(request)
                    elapsed = time.perf_counter() - t0
                assert response.status_code == 200
                if attempt >= 2:  # two warm-up requests
                    timings.append(elapsed * 1000)
                queries = len(captured)
            results.append((*summary(timings), queries))
        (o50, o95, oq), (b50, b95, bq) = results
        print(f"{name:<28} {o50:>9.1f} /{o95:>8.1f} {oq:>3} {b50:>10.1f} /{b95:>8.1f} {bq:>4} "
              f"{b95 / o95:>8.1f}x")  # fmt: skip


def main() -> None:
    args = parse_args()
    setup_django(args)
    populate_members(args.members)
    populate_orders(args.orders)
    if args.only != "routing":
        measure_board(args)
    if args.only != "board":
        measure_routing(args)


if __name__ == "__main__":
    main()
