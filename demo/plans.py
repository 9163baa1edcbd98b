"""The demo's plan for the year: Anastasia Lebedeva of the gift workshop «set new goals, made a
plan for the year and detailed it» at the creative weekend. A new gift line, a shelf in Arina
Solovyova's souvenir shop in Kirovsk, a second employee; steps done, one late, progress so far.

Dates are counted from the day the demo loads, kept within this year, so the plan reads right
on any day: steps done in the past, one step ten days late, the rest ahead. Loading twice
changes nothing: the plan hangs on the member and the year.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, timedelta
from decimal import Decimal

from django.db import transaction
from django.utils import timezone

from events.models import Event
from members.models import Member
from plans.models import Goal, GoalKind, GoalUnit, GoalUpdate, Plan, Step, StepStatus, Visibility

ANASTASIA = "anastasia-lebedeva"
ARINA = "arina-solovyova"
SHELF = "demo-shelf-kirovsk"
WEEKEND_TITLE = "Креативные выходные в Мончегорске"


@dataclass(frozen=True)
class DemoStep:
    title: str
    offset: int  # days from today
    status: str
    notes: str = ""


@dataclass(frozen=True)
class DemoGoal:
    title: str
    kind: str
    unit: str
    baseline: Decimal
    target: Decimal
    measure: str
    offset: int
    steps: tuple[DemoStep, ...]
    updates: tuple[tuple[int, Decimal, str], ...]  # (days from today, value, comment)
    link: str = ""  # "shelf": Arina and her shelf; "weekend": the creative weekend


GOALS = (
    DemoGoal(
        title="Запустить новую линейку подарков «Северное сияние»",
        kind=GoalKind.NEW_PRODUCT,
        unit=GoalUnit.PIECES,
        baseline=Decimal(0),
        target=Decimal(6),
        measure="Наборов новой линейки в продаже",
        offset=60,
        link="weekend",
        steps=(
            DemoStep(
                "Собрать идеи наборов с мастерами кластера",
                -150,
                StepStatus.DONE,
                "Керамика, свечи и травяные чаи от участников креативных выходных.",
            ),
            DemoStep("Сделать образцы и посчитать себестоимость", -90, StepStatus.DONE),
            DemoStep(
                "Заказать фотосъёмку для каталога",
                -10,
                StepStatus.IN_PROGRESS,
                "Ищем фотографа через карту ресурсов.",
            ),
            DemoStep("Выпустить первые наборы в продажу", 20, StepStatus.PLANNED),
            DemoStep("Предложить линейку корпоративным заказчикам", 45, StepStatus.PLANNED),
        ),
        updates=((-120, Decimal(1), "Первый набор готов"), (-40, Decimal(3), "Ещё два образца")),
    ),
    DemoGoal(
        title="Выставить наши подарки на полке в магазине Арины в Кировске",
        kind=GoalKind.SALES_CHANNEL,
        unit=GoalUnit.POINTS_OF_SALE,
        baseline=Decimal(1),
        target=Decimal(2),
        measure="Точки, где продаются наши подарки",
        offset=30,
        link="shelf",
        steps=(
            DemoStep(
                "Познакомиться с Ариной Соловьёвой на креативных выходных", -160, StepStatus.DONE
            ),
            DemoStep("Подать заявку на место на полке", -100, StepStatus.DONE),
            DemoStep("Договориться о комиссии и подписать договор", -50, StepStatus.DONE),
            DemoStep("Привезти первую партию в Кировск", 12, StepStatus.PLANNED),
        ),
        updates=(),
    ),
    DemoGoal(
        title="Нанять второго сотрудника",
        kind=GoalKind.JOBS,
        unit=GoalUnit.PEOPLE,
        baseline=Decimal(2),
        target=Decimal(3),
        measure="Человек работает в мастерской",
        offset=90,
        steps=(
            DemoStep("Описать обязанности: сборка и упаковка наборов", -70, StepStatus.DONE),
            DemoStep("Посчитать, сколько заказов нужно для зарплаты", -30, StepStatus.DONE),
            DemoStep(
                "Разместить вакансию и рассказать о ней в сообществе кластера",
                25,
                StepStatus.PLANNED,
            ),
            DemoStep("Провести собеседования и пробный день", 60, StepStatus.PLANNED),
        ),
        updates=(),
    ),
)


def _day(today: date, offset: int) -> date:
    """Return today plus `offset` days, kept within this year (never in the future for the
    past ones)."""
    day = today + timedelta(days=offset)
    return min(max(day, date(today.year, 1, 1)), date(today.year, 12, 31))


def load_plans(today: date | None = None) -> dict[str, int]:
    """Load Anastasia's plan for this year; return how many goals, steps and updates it has."""
    today = today or timezone.localdate()
    people = {m.external_id: m for m in Member.objects.filter(external_id__in=[ANASTASIA, ARINA])}
    if ANASTASIA not in people:
        return {"goals": 0, "steps": 0, "updates": 0}
    anastasia = people[ANASTASIA]
    plan = Plan.objects.filter(member=anastasia, year=today.year).first()
    if plan is None:
        with transaction.atomic():
            plan = Plan.objects.create(
                member=anastasia, year=today.year, visibility=Visibility.CURATORS
            )
            _goals(plan, today, people.get(ARINA))
    return {
        "goals": plan.goals.count(),
        "steps": Step.objects.filter(goal__plan=plan).count(),
        "updates": GoalUpdate.objects.filter(goal__plan=plan).count(),
    }


def _shelf_measure_id() -> int | None:
    from django.apps import apps

    if not apps.is_installed("support"):
        return None
    from support.models import Measure

    return Measure.objects.filter(external_id=SHELF).values_list("pk", flat=True).first()


def _goals(plan: Plan, today: date, arina: Member | None) -> None:
    weekend = Event.objects.filter(title=WEEKEND_TITLE).values_list("pk", flat=True).first()
    now = timezone.now()
    for position, demo in enumerate(GOALS, start=1):
        goal = Goal.objects.create(
            plan=plan,
            title=demo.title,
            kind=demo.kind,
            unit=demo.unit,
            baseline=demo.baseline,
            target=demo.target,
            measure=demo.measure,
            due=_day(today, demo.offset),
            position=position,
            partner=arina if demo.link == "shelf" else None,
            support_measure_id=_shelf_measure_id() if demo.link == "shelf" else None,
            event_id=weekend if demo.link == "weekend" else None,
        )
        Step.objects.bulk_create(
            Step(
                goal=goal,
                title=step.title,
                due=_day(today, step.offset),
                status=step.status,
                notes=step.notes,
                position=number,
                done_at=now if step.status == StepStatus.DONE else None,
            )
            for number, step in enumerate(demo.steps, start=1)
        )
        GoalUpdate.objects.bulk_create(
            GoalUpdate(
                goal=goal,
                value=value,
                date=_day(today, min(offset, 0)),
                comment=comment,
                created_by=plan.member.user,
            )
            for offset, value, comment in demo.updates
        )
