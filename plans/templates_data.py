"""Templates of common goals: each prefills a goal's kind, unit and target and 3–5 steps whose
due dates are offsets (in days) from the day the goal is added. Data, in Russian as members
write their plans, not interface text."""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal


@dataclass(frozen=True)
class StepTemplate:
    title: str
    offset_days: int


@dataclass(frozen=True)
class GoalTemplate:
    slug: str
    title: str
    kind: str
    unit: str
    baseline: Decimal
    target: Decimal
    measure: str
    offset_days: int  # the goal's own due date
    steps: tuple[StepTemplate, ...]


TEMPLATES: tuple[GoalTemplate, ...] = (
    GoalTemplate(
        slug="second-point-of-sale",
        title="Открыть вторую точку продаж",
        kind="sales_channel",
        unit="points_of_sale",
        baseline=Decimal(1),
        target=Decimal(2),
        measure="Точки, где продаются наши товары",
        offset_days=180,
        steps=(
            StepTemplate("Выбрать 3–5 магазинов или площадок, подходящих по аудитории", 14),
            StepTemplate("Подготовить коммерческое предложение и прайс для магазина", 30),
            StepTemplate("Договориться об условиях (комиссия или закупка) и подписать договор", 60),
            StepTemplate("Привезти первую партию и оформить полку", 90),
            StepTemplate("Посмотреть продажи за первый месяц и решить, что менять", 130),
        ),
    ),
    GoalTemplate(
        slug="hire-one-person",
        title="Нанять одного сотрудника",
        kind="jobs",
        unit="people",
        baseline=Decimal(1),
        target=Decimal(2),
        measure="Человек работает в мастерской",
        offset_days=150,
        steps=(
            StepTemplate("Описать обязанности, график и оплату", 14),
            StepTemplate("Посчитать, сколько выручки нужно, чтобы платить зарплату", 30),
            StepTemplate("Разместить вакансию и рассказать о ней в сообществе кластера", 45),
            StepTemplate("Провести собеседования и пробный день", 75),
            StepTemplate("Оформить сотрудника и ввести его в работу", 100),
        ),
    ),
    GoalTemplate(
        slug="product-line",
        title="Запустить линейку продуктов",
        kind="new_product",
        unit="pieces",
        baseline=Decimal(0),
        target=Decimal(5),
        measure="Новых изделий в продаже",
        offset_days=200,
        steps=(
            StepTemplate("Собрать идеи и выбрать тему линейки", 21),
            StepTemplate("Сделать образцы и посчитать себестоимость", 60),
            StepTemplate("Показать образцы покупателям и партнёрам, собрать отзывы", 90),
            StepTemplate("Сфотографировать изделия и подготовить описания", 120),
            StepTemplate("Выпустить первую партию в продажу", 150),
        ),
    ),
    GoalTemplate(
        slug="joint-product",
        title="Сделать совместный продукт с партнёром кластера",
        kind="new_product",
        unit="pieces",
        baseline=Decimal(0),
        target=Decimal(1),
        measure="Совместных продуктов в продаже",
        offset_days=210,
        steps=(
            StepTemplate("Найти партнёра по карте ресурсов кластера", 21),
            StepTemplate("Встретиться и договориться, кто что делает и как делим доход", 45),
            StepTemplate("Сделать пробный образец вместе", 100),
            StepTemplate("Представить продукт на мероприятии кластера", 150),
        ),
    ),
    GoalTemplate(
        slug="producer-training",
        title="Пройти обучение продюсированию творческих проектов",
        kind="training",
        unit="people",
        baseline=Decimal(0),
        target=Decimal(1),
        measure="Человек из команды прошёл обучение",
        offset_days=120,
        steps=(
            StepTemplate("Выбрать программу: день продюсера, курс или наставник", 14),
            StepTemplate("Записаться и спланировать время на учёбу", 30),
            StepTemplate("Пройти обучение", 90),
            StepTemplate("Применить знания: собрать продюсерскую команду под свой проект", 120),
        ),
    ),
    GoalTemplate(
        slug="workshop-premises",
        title="Найти помещение для мастерской",
        kind="premises",
        unit="m2",
        baseline=Decimal(0),
        target=Decimal(30),
        measure="Площадь мастерской, м²",
        offset_days=150,
        steps=(
            StepTemplate("Посчитать, какая площадь и какой бюджет аренды нужны", 14),
            StepTemplate("Узнать о помещениях администрации и мерах поддержки на аренду", 30),
            StepTemplate("Посмотреть 3 варианта и выбрать один", 60),
            StepTemplate("Подписать договор аренды и переехать", 100),
        ),
    ),
    GoalTemplate(
        slug="grow-revenue",
        title="Увеличить выручку за год",
        kind="revenue",
        unit="rub",
        baseline=Decimal(0),
        target=Decimal(1_000_000),
        measure="Выручка с начала года, ₽",
        offset_days=365,
        steps=(
            StepTemplate("Посчитать выручку прошлого года по месяцам", 14),
            StepTemplate("Выбрать 2–3 способа продавать больше: новые каналы, цены, заказы", 30),
            StepTemplate("Каждый месяц записывать выручку в план", 60),
            StepTemplate("В середине года сравнить с целью и поправить план", 180),
        ),
    ),
)

BY_SLUG: dict[str, GoalTemplate] = {template.slug: template for template in TEMPLATES}
