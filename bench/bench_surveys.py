"""Survey results: the results page of a survey with 10,000 responses, beside a baseline.

    .venv/bin/python bench/bench_surveys.py
    .venv/bin/python bench/bench_surveys.py --responses 20000 --requests 40
    DATABASE_URL=postgres://postgres@127.0.0.1:5432/bench .venv/bin/python bench/bench_surveys.py

The survey is the ready needs questionnaire (`surveys/ready.py`: 9 questions over 3 sections,
two multiple choices with "other", a single choice, yes/no, two scales, two numbers behind
skip logic, a long text), anonymous, sent to 10,000 members in the region's towns and
industries and answered by all of them (seeded random, bulk_create): about 80,000 answer rows.

- platform: `surveys.views.results.results_page` as served: the survey's stamp (3 queries)
  and its snapshot (`surveys.snapshots`), the charts kept by what they show, the page
  template; then the breakdown partial by industry and by role (the tabs).
- platform, counted again: the same page with the cache emptied before each request, as the
  first view after a new response: every question's figures from grouped queries
  (`surveys.results.survey_results`), the comparison with the earlier run, the breakdown by
  town with small-cell hiding and response rates (`breakdown`), a pygal chart per question
  and per breakdown drawn again.
- baseline: the same page with the same figures counted the naive way: every sent response
  read with its answers and industries (prefetch), tallied in Python dictionaries, then the
  same aggregation, charts and template. Same database, same page (checked, chart ids aside).

Each is requested `--requests` times after two warm-up requests, with the start-up heap
frozen (`gc.freeze()`) as `config/wsgi.py` does; p50 and p95 in milliseconds.
"""

from __future__ import annotations

import argparse
import gc
import random
import re
import sys
import time
from collections import defaultdict
from collections.abc import Callable
from datetime import date
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from bench.harness import p50_p95_ms, setup_django  # noqa: E402 (needs ROOT on the path)


def parse_args() -> argparse.Namespace:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--responses", type=int, default=10_000)
    parser.add_argument("--requests", type=int, default=30)
    return parser.parse_args()


def build_survey(title: str, opens_on: date, copied_from: Any = None) -> tuple[Any, dict[str, Any]]:
    from surveys.models import BankQuestion, Question, Section, Survey
    from surveys.ready import READY_SECTIONS

    survey = Survey.objects.create(
        title=title,
        status="published",
        is_anonymous=True,
        opens_on=opens_on,
        closes_on=date(opens_on.year, 12, 31),
        copied_from=copied_from,
    )
    questions: dict[str, Any] = {}
    for number, spec in enumerate(READY_SECTIONS):
        section = Section.objects.create(survey=survey, title=spec["title"], position=number)
        for position, q in enumerate(spec["questions"]):
            fields = {
                "kind": q["kind"],
                "text": q["text"],
                "choices": q.get("choices", []),
                "allows_other": q.get("allows_other", False),
                "scale_min": q.get("scale_min"),
                "scale_max": q.get("scale_max"),
            }
            bank, _new = BankQuestion.objects.get_or_create(code=q["code"], defaults=fields)
            questions[q["code"]] = Question.objects.create(
                survey=survey, section=section, position=position, bank_question=bank, **fields
            )
    return survey, questions


def fill(count: int) -> tuple[Any, Any]:
    """Write this year's survey with `count` invitations and sent responses, and last year's
    with a tenth of them (for the comparison); return this year's and a curator."""
    from core.models import Industry, Town
    from members.models import Member, User
    from surveys.models import Answer, Invitation, Response

    rng = random.Random(14)
    towns = list(Town.objects.all())
    industries = list(Industry.objects.all())
    users = User.objects.bulk_create(
        [
            User(email=f"m{n}@bench.local", password="!", is_resident=True, is_producer=n % 3 == 0)
            for n in range(count)
        ]
    )
    members = Member.objects.bulk_create(
        [
            Member(user=u, display_name=f"Участник {n}", town=rng.choice(towns), about="—")
            for n, u in enumerate(users)
        ]
    )
    member_industries = Member.industries.through
    member_industries.objects.bulk_create(
        [
            member_industries(member_id=m.pk, industry_id=i.pk)
            for m in members
            for i in rng.sample(industries, rng.choice((1, 1, 2)))
        ]
    )
    last_year, last_questions = build_survey("Потребности 2025", date(2025, 2, 1))
    survey, questions = build_survey("Потребности 2026", date(2026, 2, 1), last_year)
    for target, qs, size in ((last_year, last_questions, count // 10), (survey, questions, count)):
        Invitation.objects.bulk_create(
            [Invitation(survey=target, user=u, answered=True) for u in users[:size]]
        )
        responses = Response.objects.bulk_create(
            [
                Response(
                    survey=target,
                    status="submitted",
                    town_id=m.town_id,
                    is_resident=True,
                    is_producer=n % 3 == 0,
                )
                for n, m in enumerate(members[:size])
            ]
        )
        through = Response.industries.through
        through.objects.bulk_create(
            [
                through(response_id=r.pk, industry_id=i.pk)
                for r in responses
                for i in rng.sample(industries, rng.choice((1, 1, 2)))
            ]
        )
        Answer.objects.bulk_create(
            [a for r in responses for a in answers_of(rng, r, qs)], batch_size=5000
        )
    curator = User.objects.create_user("curator@bench.local", "x", is_curator=True)
    return survey, curator


def answers_of(rng: random.Random, response: Any, qs: dict[str, Any]) -> list[Any]:
    from surveys.models import Answer

    def value(code: str, v: str, text: str = "") -> Any:
        return Answer(response=response, question=qs[code], value=v, text=text)

    def number(code: str, n: float) -> Any:
        return Answer(response=response, question=qs[code], number=n)

    out = []
    needs = [c["value"] for c in qs["needs-by-kind"].choices]
    chosen = rng.sample(needs, rng.randint(1, 3))
    out += [value("needs-by-kind", v) for v in chosen]
    if rng.random() < 0.05:
        out.append(value("needs-by-kind", "other", rng.choice(["Транспорт", "Склад", "Фото"])))
    if "premises" in chosen:
        out.append(number("needs-premises-size", rng.choice([12, 20, 35, 50, 80, 150, 400])))
    obstacles = [c["value"] for c in qs["main-obstacle"].choices]
    out.append(value("main-obstacle", rng.choice(obstacles)))
    out.append(number("cluster-usefulness", rng.randint(1, 5)))
    hire = rng.random() < 0.3
    out.append(value("plans-to-hire", "yes" if hire else "no"))
    if hire:
        out.append(number("hire-how-many", rng.randint(1, 6)))
    out.append(number("joint-projects", rng.randint(0, 10)))
    formats = [c["value"] for c in qs["event-formats"].choices]
    out += [value("event-formats", v) for v in rng.sample(formats, rng.randint(1, 3))]
    if rng.random() < 0.3:
        out.append(
            Answer(response=response, question=qs["free-text"], text="Нужна мастерская и обучение")
        )
    return out


# --- The baseline: the same figures, tallied in Python ------------------------------------


def naive_figures(survey: Any) -> tuple[Any, Any]:
    """Return (SurveyResults, Breakdown by town) counted response by response."""
    from core.models import Town
    from surveys import aggregation as agg
    from surveys import results
    from surveys.models import CHOICE_KINDS, NUMBER_KINDS, Invitation, Question, Section

    sections = list(Section.objects.filter(survey=survey))
    questions = list(Question.objects.filter(survey=survey))
    responses = list(
        survey.responses.filter(status="submitted").prefetch_related("answers", "industries")
    )
    respondents: dict[int, int] = defaultdict(int)
    choices: dict[int, dict[str, int]] = defaultdict(lambda: defaultdict(int))
    numbers: dict[int, dict[float, int]] = defaultdict(lambda: defaultdict(int))
    texts: dict[int, int] = defaultdict(int)
    by_town_choices: dict[int, dict[str, dict[str, int]]] = defaultdict(
        lambda: defaultdict(lambda: defaultdict(int))
    )
    by_town_answered: dict[int, dict[str, int]] = defaultdict(lambda: defaultdict(int))
    by_town_numbers: dict[int, dict[str, dict[float, int]]] = defaultdict(
        lambda: defaultdict(lambda: defaultdict(int))
    )
    town_responses: dict[str, int] = defaultdict(int)
    kinds = {q.pk: q.kind for q in questions}
    for response in responses:
        town = str(response.town_id) if response.town_id else ""
        town_responses[town] += 1
        seen = set()
        for answer in response.answers.all():
            qid = answer.question_id
            seen.add(qid)
            if answer.text:
                texts[qid] += 1
            if kinds[qid] in CHOICE_KINDS:
                choices[qid][answer.value] += 1
                by_town_choices[qid][town][answer.value] += 1
            elif kinds[qid] in NUMBER_KINDS and answer.number is not None:
                numbers[qid][answer.number] += 1
                by_town_numbers[qid][town][answer.number] += 1
        for qid in seen:
            respondents[qid] += 1
            by_town_answered[qid][town] += 1
    invited: dict[str, int] = defaultdict(int)
    for invitation in Invitation.objects.filter(survey=survey).select_related("user__member"):
        invited[str(invitation.user.member.town_id)] += 1
    per_section: dict[int, list[Any]] = defaultdict(list)
    for q in questions:
        per_section[q.section_id].append(
            results.question_result(q, respondents[q.pk], choices[q.pk], numbers[q.pk], texts[q.pk])
        )
    summary = results.SurveyResults(
        survey,
        len(responses),
        sum(invited.values()),
        [results.SectionResults(s, per_section[s.pk]) for s in sections if per_section[s.pk]],
        survey.is_anonymous,
    )
    keys = set(town_responses) | set(invited)
    names = {str(t.pk): t.name for t in Town.objects.all()}
    groups = [
        agg.Group(k, names[k]) for k in sorted((k for k in keys if k), key=lambda k: names[k])
    ]
    items = []
    for q in questions:
        if q.kind in CHOICE_KINDS:
            figures = agg.breakdown_choice(
                results.question_options(q),
                by_town_choices[q.pk],
                by_town_answered[q.pk],
                groups,
                kind=q.kind,
                partition=True,
                hide=survey.is_anonymous,
            )
        elif q.kind in NUMBER_KINDS:
            figures = agg.breakdown_number(
                by_town_numbers[q.pk], groups, partition=True, hide=survey.is_anonymous
            )
        else:
            continue
        items.append(results.QuestionBreakdownResult(q, figures))
    found = results.Breakdown(
        survey,
        "town",
        groups,
        agg.response_rates(groups, town_responses, invited),
        items,
        survey.is_anonymous,
    )
    return summary, found


def baseline_page(request: Any, survey_id: int) -> Any:
    """The results page as `results_page` renders it, its figures from `naive_figures`."""
    from django.shortcuts import render
    from django.utils import timezone

    from surveys import charts, results
    from surveys.models import Survey
    from surveys.views.results import _question_card, breakdown_cards

    survey = Survey.objects.get(pk=survey_id)
    figures, found = naive_figures(survey)
    questions = [q.question for q in figures.questions]
    comparisons = results.survey_comparisons(survey, questions)
    sections = [
        (s.section, [_question_card(q, comparisons.get(q.question.pk)) for q in s.questions])
        for s in figures.sections
    ]
    context = {
        "figures": figures,
        "sections": sections,
        "survey": survey,
        "breakdown": found,
        "cards": breakdown_cards(found),
        "max_groups": charts.MAX_GROUPS,
        "counted_at": timezone.now(),
        "dimensions": [(d, results.dimension_label(d)) for d in results.DIMENSIONS],
    }
    return render(request, "surveys/results.html", context)


# --- Timing -------------------------------------------------------------------------------


def request_for(user: Any, path: str) -> Any:
    from django.test import RequestFactory

    request = RequestFactory().get(path)
    request.user = user
    request.htmx = False  # type: ignore[attr-defined]
    request.LANGUAGE_CODE = "ru"
    request.COOKIES = {}
    request.session = {}  # type: ignore[assignment]
    return request


def timed(
    view: Callable[..., Any],
    user: Any,
    path: str,
    requests: int,
    *,
    cold: bool = False,
    **kwargs: Any,
) -> tuple[float, float, int]:
    """Return p50 and p95 in ms and the queries of a request; `cold`: with the cache emptied
    before each request, so every chart is drawn again (as after new answers came in)."""
    from django.core.cache import cache
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    for _warm_up in range(2):
        view(request_for(user, path), **kwargs)
    samples = []
    for _number in range(requests):
        request = request_for(user, path)
        if cold:
            cache.clear()
        started = time.perf_counter()
        response = view(request, **kwargs)
        samples.append(time.perf_counter() - started)
        assert response.status_code == 200
    if cold:
        cache.clear()
    with CaptureQueriesContext(connection) as queries:
        view(request_for(user, path), **kwargs)
    p50, p95 = p50_p95_ms(samples)
    return p50, p95, len(queries)


def main() -> None:
    args = parse_args()
    setup_django("surveys")
    from django.db import connection
    from django.utils import translation

    from surveys.models import Answer
    from surveys.views.results import results_breakdown, results_page

    translation.activate("ru")
    started = time.perf_counter()
    survey, curator = fill(args.responses)
    answers = Answer.objects.filter(response__survey=survey).count()
    print(f"{args.responses} responses, {answers} answers written in "
          f"{time.perf_counter() - started:.1f} s ({connection.vendor})")  # fmt: skip
    gc.freeze()
    path = f"/surveys/manage/{survey.pk}/results/"
    page = results_page.__wrapped__.__wrapped__  # type: ignore[attr-defined]  # past the role check
    partial = results_breakdown.__wrapped__.__wrapped__  # type: ignore[attr-defined]
    ours = timed(page, curator, path, args.requests, survey_id=survey.pk)
    cold = timed(page, curator, path, args.requests, cold=True, survey_id=survey.pk)
    industry = timed(
        partial, curator, path + "breakdown/?by=industry", args.requests, survey_id=survey.pk
    )
    role = timed(partial, curator, path + "breakdown/?by=role", args.requests, survey_id=survey.pk)
    base = timed(baseline_page, curator, path, max(5, args.requests // 3), survey_id=survey.pk)
    # Chart ids are new for each drawing, CSRF tokens for each request; the counting time.
    varies = re.compile(
        r'chart-[0-9a-f-]{36}|(X-CSRFToken": "|value=")[A-Za-z0-9]{64}|data-test="counted-at">[^<]*'
    )
    pages = [
        varies.sub("", view(request_for(curator, path), survey_id=survey.pk).content.decode())
        for view in (page, baseline_page)
    ]
    same = pages[0] == pages[1]
    if not same:
        at = next(i for i, (a, b) in enumerate(zip(*pages, strict=False)) if a != b)
        print(
            "  the pages differ:",
            pages[0][at - 200 : at + 200],
            "//",
            pages[1][at - 200 : at + 200],
        )
    show("platform: results page", ours)
    show("platform: counted again", cold)
    show("platform: by industry (tab)", industry)
    show("platform: by role (tab)", role)
    show("baseline: Python tallies", base)
    print(f"  p95 ratio baseline / platform: as served {base[1] / ours[1]:.1f}x, "
          f"counted again {base[1] / cold[1]:.1f}x; same page: {same}")  # fmt: skip


def show(label: str, figures: tuple[float, float, int]) -> None:
    p50, p95, queries = figures
    print(f"  {label:<30} p50 {p50:7.1f} ms  p95 {p95:7.1f} ms  {queries} queries")


if __name__ == "__main__":
    main()
