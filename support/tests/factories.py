from __future__ import annotations

from datetime import date, timedelta
from decimal import Decimal
from itertools import count
from typing import Any

from django.utils import timezone

from members.models import Member, User
from support.models import Application, ApplicationStatus, Criterion, Measure, MeasureStatus
from support.rules import index_keys

_numbers = count(1)


def make_measure(**fields: Any) -> Measure:
    """Return an open grant anyone may apply to, with the given fields instead."""
    number = next(_numbers)
    today = timezone.localdate()
    rules = fields.pop("rules", {})
    measure = Measure(
        external_id=fields.pop("external_id", f"measure-{number}"),
        title=fields.pop("title", f"Грант «Старт» {number}"),
        kind=fields.pop("kind", "grant"),
        provider_name=fields.pop("provider_name", "Агентство развития"),
        amount=fields.pop("amount", Decimal(300000)),
        opens=fields.pop("opens", today - timedelta(days=10)),
        deadline=fields.pop("deadline", today + timedelta(days=60)),
        status=fields.pop("status", MeasureStatus.OPEN),
        rules=rules,
        **fields,
    )
    measure.town_keys, measure.industry_keys = index_keys(rules)
    measure.save()
    return measure


def partner_measure(partner: User, **fields: Any) -> Measure:
    member: Member = partner.member
    return make_measure(provider_kind="partner", provider_member=member, **fields)


def years_ago(years: int) -> date:
    today = timezone.localdate()
    return today.replace(year=today.year - years)


def make_application(measure: Measure, member: Member, **fields: Any) -> Application:
    """Return a submitted application of the member to the measure, made with the ORM."""
    status = fields.pop("status", ApplicationStatus.SUBMITTED)
    submitted = None if status == ApplicationStatus.DRAFT else timezone.now()
    return Application.objects.create(
        measure=measure,
        member=member,
        status=status,
        answers=fields.pop("answers", {}),
        requested_amount=fields.pop("requested_amount", Decimal(200000)),
        submitted_at=fields.pop("submitted_at", submitted),
        **fields,
    )


def make_criteria(measure: Measure, *ranges: tuple[int, int, int]) -> list[Criterion]:
    """Return the measure's rubric: one criterion per (weight, lowest, highest) score, or
    two of weight 1 scored 0–10 when none is given."""
    titles = ["Актуальность", "Команда", "Бюджет", "Результаты", "Новизна"]
    return [
        Criterion.objects.create(
            measure=measure,
            title=titles[number % len(titles)],
            weight=weight,
            min_score=low,
            max_score=high,
            position=number,
        )
        for number, (weight, low, high) in enumerate(ranges or ((1, 0, 10), (1, 0, 10)))
    ]


def support_review_matrix_args(cast: dict[str, User]) -> dict[str, list[Any]]:
    """Return the permission matrix's objects of reviews: an agency grant the partner and the
    curator review, the resident's application to it, scored in part by the partner."""
    from support.services import check_assign_reviewer, check_save_scores

    measure = make_measure(budget_cap=Decimal(500000))
    first, _second = make_criteria(measure)
    application = make_application(measure, cast["resident"].member)
    partner = check_assign_reviewer(cast["curator"], measure, cast["partner"])
    check_assign_reviewer(cast["curator"], measure, cast["curator"])
    check_save_scores(cast["partner"], application, {first.pk: (7, "Хорошая команда")})
    return {
        "support:review": [application.pk],
        "support:review_conflict": [application.pk],
        "support:decide": [application.pk],
        "support:board": [measure.pk],
        "support:board_add_reviewer": [measure.pk],
        "support:board_remove_reviewer": [measure.pk, partner.pk],
    }
