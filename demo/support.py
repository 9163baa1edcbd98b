"""The demo's support measures: the agency's consultations, the town administration's
premises at a reduced rent, the general partner's grants for the creative weekend's winners
and a place on the shelf of Arina Solovyova's shop in Kirovsk. Loading twice changes nothing:
measures are matched by their identifier."""

from __future__ import annotations

from datetime import date
from decimal import Decimal

from django.db import transaction

from core.models import ClusterSettings
from members.models import Member, User
from support.models import Measure
from support.services import MeasureData, check_save_measure

OPENS = date(2026, 3, 1)
DEADLINE = date(2027, 6, 30)
MEMBERS = ["resident", "producer"]


def _measures(agency: str, people: dict[str, Member]) -> list[MeasureData]:
    consultations = [
        ("demo-consultation-legal", "legal", "Консультация юриста",
         "Договоры с покупателями и площадками, регистрация ИП и самозанятости, авторское "
         "право на изделия и фотографии."),
        ("demo-consultation-accounting", "accounting", "Консультация бухгалтера",
         "Налоги самозанятого и ИП, касса на ярмарке, отчётность и взносы: разберём ваш случай "
         "и составим календарь платежей."),
        ("demo-consultation-marketing", "marketing", "Консультация маркетолога",
         "Карточки товаров, соцсети, фотографии изделий и цены: что изменить, чтобы покупали "
         "чаще."),
    ]  # fmt: skip
    measures = [
        MeasureData(
            external_id=key, title=title, kind="consultation", topic=topic,
            provider_kind="agency", provider_name=agency, amount=Decimal(4), unit="hours",
            opens=OPENS, deadline=DEADLINE, status="open",
            description=f"{text}\n\nДо **4 часов** бесплатно для каждого участника кластера, "
            "очно в Мончегорске или по видеосвязи.",
            rules={"roles": MEMBERS},
        )
        for key, topic, title, text in consultations
    ]  # fmt: skip
    measures.append(
        MeasureData(
            external_id="demo-premises-monchegorsk",
            title="Помещение для мастерской по льготной аренде",
            kind="premises",
            provider_kind="administration",
            provider_member=people["monchegorsk-administration"],
            amount=Decimal(45),
            unit="m2",
            opens=OPENS,
            deadline=DEADLINE,
            places=3,
            status="open",
            description=(
                "Помещения муниципального фонда на первых этажах в центре Мончегорска: аренда "
                "**50 % от рыночной** на первые два года. Подходят для мастерской, студии или "
                "небольшого магазина."
            ),
            documents="Выписка ЕГРИП или ЕГРЮЛ (для самозанятых — справка о постановке на учёт)\n"
            "План использования помещения на одну страницу",
            rules={
                "towns": ["monchegorsk"],
                "legal_forms": ["ip", "self_employed", "ooo"],
                "min_jobs": 1,
            },
        )
    )
    measures.append(
        MeasureData(
            external_id="demo-grant-creative-weekend",
            title="Грантовая программа для победителей креативных выходных",
            kind="grant",
            provider_kind="general_partner",
            provider_member=people["mining-company"],
            amount=Decimal(500000),
            opens=OPENS,
            deadline=date(2027, 3, 31),
            places=3,
            budget_cap=Decimal(1500000),
            status="open",
            description=(
                "Генеральный партнёр кластера поддерживает проекты, победившие на питч-сессии "
                "«Креативных выходных в Мончегорске»: до **500 000 ₽** на запуск продукта, "
                "оборудование и продвижение."
            ),
            documents="Презентация проекта с питч-сессии\nСмета расходов\nКалендарный план",
            rules={
                "roles": MEMBERS,
                "towns": ["monchegorsk", "kirovsk", "apatity", "olenegorsk", "polyarnye-zori"],
                "max_jobs": 15,
                "max_business_age_years": 5,
            },
        )
    )
    measures.append(
        MeasureData(
            external_id="demo-shelf-kirovsk",
            title="Место на полке сувенирной лавки в Кировске",
            kind="sales_channel",
            provider_kind="partner",
            provider_member=people["arina-solovyova"],
            amount=Decimal(10),
            unit="places",
            opens=OPENS,
            deadline=DEADLINE,
            places=10,
            status="open",
            description=(
                "Арина Соловьёва берёт на реализацию изделия местных мастеров: полка в лавке, "
                "которую каждый день видят туристы Хибин. Комиссия лавки — 25 %."
            ),
            documents="Фотографии изделий\nЦены для покупателя",
            rules={"industry_groups": ["heritage"], "roles": MEMBERS},
        )
    )
    return measures


def load_support() -> dict[str, int]:
    """Load the demo measures; return how many exist."""
    people = {m.external_id: m for m in Member.objects.filter(external_id__in=PROVIDERS)}
    curator = User.objects.filter(is_curator=True).order_by("pk").first()
    if curator is None or set(PROVIDERS) - set(people):
        return {"measures": 0}
    settings = ClusterSettings.objects.first()
    agency = settings.agency_ru if settings and settings.agency_ru else "Агентство развития"
    with transaction.atomic():
        _registration_dates()
        for data in _measures(agency, people):
            existing = Measure.objects.filter(external_id=data.external_id).first()
            check_save_measure(curator, data, existing)
    return {"measures": Measure.objects.filter(external_id__startswith="demo-").count()}


PROVIDERS = ["monchegorsk-administration", "mining-company", "arina-solovyova"]
# When the businesses of the story were registered: the age-of-business rules read it.
REGISTERED = {
    "arina-solovyova": date(2022, 4, 18),
    "anastasia-lebedeva": date(2024, 9, 2),
    "polar-day-events": date(2023, 2, 10),
    "otrazhenie-theatre": date(2022, 9, 1),
}


def _registration_dates() -> None:
    for key, day in REGISTERED.items():
        Member.objects.filter(external_id=key, registered_on=None).update(registered_on=day)
