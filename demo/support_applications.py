"""The demo's applications for support: the general partner's grant programme with its form,
rubric, two reviewers (a curator and the partner's expert, who declares a conflict of interest
on one application), decisions within the budget; places on Arina's shelf and a consultation.

Written straight into the tables, as the platform would have left them, and with fixed
dates: the services check today's date against the deadline, and the demo must load on any
day. Loading twice changes nothing: everything hangs on the demo measures' identifiers and
the members' keys.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, time
from decimal import Decimal
from typing import Any
from zoneinfo import ZoneInfo

from django.core.files.base import ContentFile
from django.db import transaction

from members.models import Member, User
from support.models import (
    Application,
    ApplicationFile,
    ApplicationStatus,
    Criterion,
    FieldKind,
    FormField,
    GrantedSupport,
    Measure,
    Review,
    Reviewer,
    Score,
)

MSK = ZoneInfo("Europe/Moscow")
GRANT = "demo-grant-creative-weekend"
SHELF = "demo-shelf-kirovsk"
LEGAL = "demo-consultation-legal"
CURATOR_REVIEWER = "regina@demo.cluster.local"
PARTNER_REVIEWER = "partner@demo.cluster.local"
DECIDER = "konstantin@demo.cluster.local"

# (question, kind, required, hint, options)
FORMS: dict[str, list[tuple[str, str, bool, str, str]]] = {
    GRANT: [
        ("Название проекта", FieldKind.TEXT, True, "Как на питч-сессии.", ""),
        ("Что вы сделаете на грант", FieldKind.LONG_TEXT, True,
         "Продукт, покупатели, что изменится через год.", ""),
        ("Место на питч-сессии", FieldKind.CHOICE, True, "",
         "1 место\n2 место\n3 место\nприз зрительских симпатий"),
        ("Сколько рабочих мест создадите", FieldKind.NUMBER, False, "", ""),
        ("Смета расходов", FieldKind.FILE, True, "PDF, DOCX или XLSX до 10 МБ.", ""),
    ],
    SHELF: [
        ("Какие изделия вы предлагаете", FieldKind.LONG_TEXT, True,
         "Что это, из чего, сколько штук в месяц.", ""),
        ("Фотографии изделий", FieldKind.FILE, False, "Одна фотография или PDF с несколькими.", ""),
    ],
    LEGAL: [
        ("Ваш вопрос юристу", FieldKind.LONG_TEXT, True, "", ""),
        ("Удобный формат", FieldKind.CHOICE, True, "", "очно в Мончегорске\nпо видеосвязи"),
    ],
}  # fmt: skip

# (title, what to look at, weight, lowest, highest)
RUBRIC = [
    ("Новизна продукта", "Есть ли такое уже в городах кластера.", 3, 0, 10),
    ("Реалистичность плана и сметы", "Сроки, цены, кто что делает.", 2, 0, 10),
    ("Польза для города", "Рабочие места, туристы, жители.", 2, 0, 10),
    ("Команда", "Опыт и то, что уже сделано.", 1, 0, 5),
]  # fmt: skip


@dataclass(frozen=True)
class DemoApplication:
    measure: str
    member: str
    status: str
    submitted: str  # "YYYY-MM-DD"
    answers: tuple[str, ...]  # in the form's order; "" for a file or an unanswered question
    requested: Decimal | None = None
    granted: Decimal | None = None
    reason: str = ""
    decided: str = ""
    # Scores on the rubric, in its order, by reviewer e-mail; "conflict: note" for a conflict.
    reviews: tuple[tuple[str, tuple[int, ...] | str], ...] = ()


APPLICATIONS = [
    DemoApplication(
        GRANT, "anastasia-lebedeva", ApplicationStatus.GRANTED, "2026-04-20",
        ("Подарочные наборы «Хибины в коробке»",
         "Запустим серию подарочных наборов из работ пяти мастеров Мончегорска и Кировска: "
         "упаковка, фотосъёмка, продажи через лавку и маркетплейс. Через год — 1 200 наборов "
         "и два новых рабочих места.",
         "1 место", "2", ""),
        requested=Decimal(480000), granted=Decimal(450000), decided="2026-05-15",
        reason="Сильный продукт и понятный план продаж. Сумма уменьшена на стоимость "
        "маркетплейса: первый год продаём через лавку и ярмарки.",
        reviews=((CURATOR_REVIEWER, (9, 8, 8, 5)), (PARTNER_REVIEWER, (8, 7, 9, 4))),
    ),
    DemoApplication(
        GRANT, "polar-day-events", ApplicationStatus.WAITING_LIST, "2026-04-24",
        ("Северное сияние: фестиваль света",
         "Зимний фестиваль световых инсталляций в Мончегорске: три вечера, местные художники, "
         "ярмарка мастеров. Грант — на оборудование, которое останется городу.",
         "2 место", "3", ""),
        requested=Decimal(500000), decided="2026-05-15",
        reason="Хороший проект, но бюджет программы распределён на первый поток. Если "
        "победитель откажется, заявка будет рассмотрена первой.",
        reviews=(
            (CURATOR_REVIEWER, (7, 6, 8, 4)),
            (PARTNER_REVIEWER, "conflict: Ивент-агентство работает у нас по договору."),
        ),
    ),
    DemoApplication(
        GRANT, "otrazhenie-theatre", ApplicationStatus.UNDER_REVIEW, "2026-11-20",
        ("Театр на вахте",
         "Выездные спектакли для вахтовых посёлков и рабочих смен: лёгкие декорации, свет, "
         "автобус. Двенадцать показов за сезон.",
         "3 место", "1", ""),
        requested=Decimal(350000),
        reviews=((CURATOR_REVIEWER, (8, 7, 9, 4)),),
    ),
    DemoApplication(
        SHELF, "sergey-antipin", ApplicationStatus.GRANTED, "2026-06-02",
        ("Обереги и подвески из кости и дерева по мотивам саамских узоров, до 40 штук в месяц.",
         ""),
        decided="2026-06-10", reason="Изделия подходят лавке: место на полке с 15 июня.",
    ),
    DemoApplication(
        SHELF, "anna-vekshina", ApplicationStatus.SUBMITTED, "2026-11-28",
        ("Открытки и календари с фотографиями Хибин, 100–150 штук в месяц.", ""),
    ),
    DemoApplication(
        LEGAL, "kseniya-belova", ApplicationStatus.GRANTED, "2026-09-01",
        ("Как оформить договор с магазином, который берёт свечи на реализацию?",
         "по видеосвязи"),
        decided="2026-09-03", reason="Консультация назначена на 10 сентября, 11:00.",
    ),
]  # fmt: skip

ESTIMATE = (
    b"%PDF-1.4\n1 0 obj<</Type/Catalog/Pages 2 0 R>>endobj\n"
    b"2 0 obj<</Type/Pages/Kids[]/Count 0>>endobj\ntrailer<</Root 1 0 R>>\n%%EOF\n"
)


def _moment(day: str) -> datetime:
    return datetime.combine(datetime.fromisoformat(day).date(), time(11, 0), tzinfo=MSK)


def _form_and_rubric(measures: dict[str, Measure]) -> None:
    for key, questions in FORMS.items():
        measure = measures[key]
        if measure.form_fields.exists():
            continue
        FormField.objects.bulk_create(
            FormField(
                measure=measure, label=label, kind=kind, required=required, help_text=hint,
                options=options, position=position,
            )
            for position, (label, kind, required, hint, options) in enumerate(questions, 1)
        )  # fmt: skip
    grant = measures[GRANT]
    if not grant.criteria.exists():
        Criterion.objects.bulk_create(
            Criterion(
                measure=grant, title=title, description=text, weight=weight, min_score=low,
                max_score=high, position=position,
            )
            for position, (title, text, weight, low, high) in enumerate(RUBRIC, 1)
        )  # fmt: skip


def _review(
    application: Application, email: str, given: tuple[int, ...] | str, at: datetime
) -> None:
    reviewer = User.objects.get(email=email)
    review = Review.objects.create(application=application, reviewer=reviewer, updated_at=at)
    if isinstance(given, str):
        review.conflict_declared_at = at
        review.conflict_note = given.removeprefix("conflict: ")
        review.save(update_fields=["conflict_declared_at", "conflict_note"])
        return
    criteria = list(application.measure.criteria.all())
    Score.objects.bulk_create(
        Score(review=review, criterion=criterion, value=value)
        for criterion, value in zip(criteria, given, strict=True)
    )
    review.submitted_at = at
    review.save(update_fields=["submitted_at"])


def _apply(demo: DemoApplication, measure: Measure, member: Member, decider: User) -> None:
    fields = list(measure.form_fields.all())
    submitted = _moment(demo.submitted)
    application = Application.objects.create(
        measure=measure,
        member=member,
        status=demo.status,
        answers={
            str(field.pk): answer
            for field, answer in zip(fields, demo.answers, strict=True)
            if answer and field.kind != FieldKind.FILE
        },
        requested_amount=demo.requested,
        submitted_at=submitted,
        created_at=submitted,
        updated_at=submitted,
    )
    for field in fields:
        if field.kind == FieldKind.FILE and field.required:
            attached = ApplicationFile(
                application=application, field=field, name="Смета.pdf", size=len(ESTIMATE),
                content_type="application/pdf", uploaded_at=submitted,
            )  # fmt: skip
            attached.file.save("smeta.pdf", ContentFile(ESTIMATE), save=False)
            attached.save()
    for email, given in demo.reviews:
        _review(application, email, given, submitted)
    if demo.decided:
        application.decision_reason = demo.reason
        application.decided_by = decider
        application.decided_at = _moment(demo.decided)
        application.granted_amount = demo.granted
        application.save(update_fields=["decision_reason", "decided_by", "decided_at",
                                        "granted_amount"])  # fmt: skip
    if demo.status == ApplicationStatus.GRANTED:
        GrantedSupport.objects.create(
            member=member,
            measure=measure,
            application=application,
            title=measure.title,
            granted_on=_moment(demo.decided).date(),
            amount_rub=demo.granted,
            recorded_by=decider,
        )


def load_support_applications() -> dict[str, Any]:
    """Load the demo's forms, rubric, reviewers, applications, scores and decisions; return
    how many applications, scores and grants exist for the demo measures."""
    measures = Measure.objects.in_bulk([GRANT, SHELF, LEGAL], field_name="external_id")
    keys = {demo.member for demo in APPLICATIONS}
    people = {m.external_id: m for m in Member.objects.filter(external_id__in=keys)}
    reviewers = User.objects.in_bulk(
        [CURATOR_REVIEWER, PARTNER_REVIEWER, DECIDER], field_name="email"
    )
    if len(measures) < 3 or len(people) < len(keys) or len(reviewers) < 3:
        return {"applications": 0, "scores": 0, "granted": 0}
    with transaction.atomic():
        _form_and_rubric(measures)
        for email in (CURATOR_REVIEWER, PARTNER_REVIEWER):
            Reviewer.objects.get_or_create(
                measure=measures[GRANT], user=reviewers[email],
                defaults={"assigned_by": reviewers[DECIDER]},
            )  # fmt: skip
        for demo in APPLICATIONS:
            measure, member = measures[demo.measure], people[demo.member]
            if not Application.objects.filter(measure=measure, member=member).exists():
                _apply(demo, measure, member, reviewers[DECIDER])
    demo_measures = list(measures.values())
    return {
        "applications": Application.objects.filter(measure__in=demo_measures).count(),
        "scores": Score.objects.filter(review__application__measure__in=demo_measures).count(),
        "granted": GrantedSupport.objects.filter(measure__in=demo_measures).count(),
    }
