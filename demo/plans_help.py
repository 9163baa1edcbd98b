"""The demo's help requests: what Anastasia Lebedeva of the gift workshop asked the cluster
at the creative weekend, on the goals of her plan for the year. One is done, answered with an
introduction to Anna Vekshina, the Khibiny photographer, who accepted it (so Anastasia sees
her contacts); one is in progress with Regina, about the shelf in Arina's shop, with a thread
and an internal note; one is new and waits in the queue.

The plan and its goals are the plans part's (`demo/plans.py`); loaded without it, this module
makes the same plan and the goals it needs, hanging on the same member, year and titles, so
the two compose in either state. Loading twice changes nothing: the requests hang on their
member and text. Dates are counted from the weekend when it lies in the plan's year and has
passed, otherwise from the day the demo loads.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, timedelta
from decimal import Decimal

from django.db import transaction
from django.utils import timezone

from events.models import Event
from matching.models import Introduction, IntroductionStatus
from matching.services import do_request_introduction
from members.models import Member, User
from plans.models import (
    Goal,
    GoalKind,
    GoalUnit,
    HelpRequest,
    HelpRequestMessage,
    HelpRequestNote,
    HelpStatus,
    Plan,
    Visibility,
)

ANASTASIA = "anastasia-lebedeva"
ANNA = "anna-vekshina"
KONSTANTIN = "konstantin@demo.cluster.local"
REGINA = "regina@demo.cluster.local"
WEEKEND_TITLE = "Креативные выходные в Мончегорске"

LINE = "Запустить новую линейку подарков «Северное сияние»"
SHELF = "Выставить наши подарки на полке в магазине Арины в Кировске"
HIRE = "Нанять второго сотрудника"
# title -> kind, unit, target (only when the plans part's demo has not made them).
GOALS = {
    LINE: (GoalKind.NEW_PRODUCT, GoalUnit.PIECES, Decimal(6)),
    SHELF: (GoalKind.SALES_CHANNEL, GoalUnit.POINTS_OF_SALE, Decimal(1)),
    HIRE: (GoalKind.JOBS, GoalUnit.PEOPLE, Decimal(2)),
}

PHOTOGRAPHER = (
    "Для новой линейки «Северное сияние» нужны хорошие фотографии наборов: для каталога, "
    "сайта и открыток. Посоветуйте фотографа, который снимает север и предметку."
)
SHELF_ASK = (
    "Хотим поставить подарки на полку в магазине Арины в Кировске. Помогите разобраться с "
    "условиями консигнации: какой процент, как считать остатки, какие документы нужны."
)
HIRE_ASK = (
    "Весной берём второго сотрудника на сборку и упаковку. Подскажите, как оформить и есть ли "
    "поддержка на создание рабочего места."
)


@dataclass(frozen=True)
class _People:
    anastasia: Member
    anna: Member | None
    konstantin: User | None
    regina: User | None


def _people() -> _People | None:
    members = {
        m.external_id: m
        for m in Member.objects.select_related("user").filter(external_id__in=[ANASTASIA, ANNA])
    }
    if ANASTASIA not in members:
        return None
    curators = {u.email: u for u in User.objects.filter(email__in=[KONSTANTIN, REGINA])}
    return _People(
        members[ANASTASIA], members.get(ANNA), curators.get(KONSTANTIN), curators.get(REGINA)
    )


def _start(now: datetime) -> datetime:
    """Return when the requests were made: the weekend's end, if it lies in this year and has
    passed, otherwise forty days ago."""
    weekend = Event.objects.filter(title=WEEKEND_TITLE).values_list("ends_at", flat=True).first()
    if weekend is not None and weekend.year == now.year and weekend < now:
        return weekend
    return now - timedelta(days=40)


def _goal(plan: Plan, title: str) -> Goal:
    kind, unit, target = GOALS[title]
    goal, _created = Goal.objects.get_or_create(
        plan=plan,
        title=title,
        defaults={"kind": kind, "unit": unit, "target": target, "position": len(GOALS)},
    )
    return goal


def _introduction(people: _People, curator: User | None) -> Introduction | None:
    if people.anna is None:
        return None
    live = (
        Introduction.objects.filter(requester=people.anastasia, recipient=people.anna)
        .exclude(status=IntroductionStatus.DECLINED)
        .first()
    )
    if live is None:
        live = do_request_introduction(
            people.anastasia,
            people.anna,
            "Знакомство от кластера по запросу помощи: фотографии для новой линейки подарков.",
            brokered_by=curator,
        )
    if live.status == IntroductionStatus.REQUESTED:
        live.status = IntroductionStatus.ACCEPTED
        live.decided_at = timezone.now()
        live.save(update_fields=["status", "decided_at"])
    return live


def load_plans_help() -> dict[str, int]:
    """Load Anastasia's help requests; return how many requests, messages and notes she has."""
    people = _people()
    if people is None:
        return {"requests": 0, "messages": 0, "notes": 0}
    now = timezone.now()
    with transaction.atomic():
        plan, _created = Plan.objects.get_or_create(
            member=people.anastasia,
            year=timezone.localdate().year,
            defaults={"visibility": Visibility.CURATORS},
        )
        if not HelpRequest.objects.filter(member=people.anastasia).exists():
            _requests(people, plan, _start(now), now)
    requests = HelpRequest.objects.filter(member=people.anastasia)
    return {
        "requests": requests.count(),
        "messages": HelpRequestMessage.objects.filter(request__in=requests).count(),
        "notes": HelpRequestNote.objects.filter(request__in=requests).count(),
    }


def _requests(people: _People, plan: Plan, start: datetime, now: datetime) -> None:
    anastasia, konstantin, regina = people.anastasia, people.konstantin, people.regina
    # Done: an introduction to the photographer, accepted.
    photo = HelpRequest.objects.create(
        member=anastasia,
        goal=_goal(plan, LINE),
        what=PHOTOGRAPHER,
        needed_by=(start + timedelta(days=30)).date(),
        due=(start + timedelta(days=7)).date(),
        status=HelpStatus.DONE,
        assignee=konstantin,
        answer=(
            "Анастасия, познакомили вас с Анной Векшиной из Кировска: она снимает Хибины и "
            "делает предметную съёмку. Анна согласилась, её контакты открыты вам на странице "
            "знакомств. Договоритесь о пробной съёмке двух наборов."
        ),
        introduction=_introduction(people, konstantin),
        created_at=start,
        updated_at=start + timedelta(days=3),
        first_answered_at=start + timedelta(hours=20),
        done_at=start + timedelta(days=3),
    )
    HelpRequestMessage.objects.create(
        request=photo,
        author=anastasia.user,
        text="Спасибо! Написала Анне, в субботу снимаем первые наборы.",
        created_at=start + timedelta(days=2),
    )
    # In progress with Regina: the shelf, with a thread and a note.
    shelf = HelpRequest.objects.create(
        member=anastasia,
        goal=_goal(plan, SHELF),
        what=SHELF_ASK,
        needed_by=(now + timedelta(days=14)).date(),
        due=(now + timedelta(days=5)).date(),
        status=HelpStatus.IN_PROGRESS,
        assignee=regina,
        created_at=start + timedelta(hours=2),
        updated_at=now - timedelta(days=1),
        first_answered_at=start + timedelta(days=1),
    )
    HelpRequestMessage.objects.create(
        request=shelf,
        author=regina,
        by_curator=True,
        text=(
            "Анастасия, пришлите, пожалуйста, список наборов, которые хотите поставить, и "
            "цены: покажем Арине и договоримся о встрече."
        ),
        created_at=start + timedelta(days=1),
    )
    HelpRequestMessage.objects.create(
        request=shelf,
        author=anastasia.user,
        text="Отправляю: пять наборов, от 1 200 до 3 500 рублей.",
        created_at=now - timedelta(days=1),
    )
    HelpRequestNote.objects.create(
        request=shelf,
        author=regina,
        text="Арина готова взять до пяти позиций, комиссия 25 %. Уточнить у неё сроки выкладки.",
        created_at=now - timedelta(hours=20),
    )
    # New, in the queue.
    HelpRequest.objects.create(
        member=anastasia,
        goal=_goal(plan, HIRE),
        what=HIRE_ASK,
        due=(now + timedelta(days=3)).date(),
        created_at=now - timedelta(days=4),
        updated_at=now - timedelta(days=4),
    )
