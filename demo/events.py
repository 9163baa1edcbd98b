"""The demo region's events: the February tour of the towns, the March creative weekend in
Monchegorsk with its two themed days, the April follow-up meetings with a built timetable,
a monthly residents' meetup that repeats, and two events a few weeks ahead of the day the
demo is loaded: a full workshop with a waiting list and a meetup with one-to-one meetings open.

Called by `manage.py load_demo` after the people are loaded. Loading twice changes nothing:
events are matched by `external_id`, people by their demo key (`Member.external_id`).
"""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta

from django.db import transaction
from django.utils import timezone

from core.models import Town
from events.models import (
    Audience,
    Event,
    EventKind,
    EventSeries,
    Feedback,
    ProgrammeDay,
    Registration,
    RegistrationStatus,
    Session,
    new_code,
)
from meetings.models import (
    Meeting,
    MeetingPlan,
    MeetingRequest,
    MeetingSlot,
    Participant,
    RequestStatus,
)
from meetings.services import do_build_timetable
from meetings.suggestions import pair_score
from members.models import Member, User

MSK = timedelta(hours=3)


def msk(year: int, month: int, day: int, hour: int, minute: int = 0) -> datetime:
    """Return a Moscow wall-clock time as an aware UTC datetime."""
    return datetime(year, month, day, hour, minute, tzinfo=UTC) - MSK


TOUR = [  # (key, town, date, venue)
    ("tour-2026-monchegorsk", "monchegorsk", date(2026, 2, 3), "Агентство развития Мончегорска"),
    ("tour-2026-polyarnye-zori", "polyarnye-zori", date(2026, 2, 6), "Городская библиотека"),
    ("tour-2026-murmansk", "murmansk", date(2026, 2, 10), "Коворкинг «Север»"),
    ("tour-2026-kirovsk", "kirovsk", date(2026, 2, 13), "Сувенирная лавка и гончарная школа"),
]
TOUR_GUESTS = {
    "monchegorsk": ["anastasia-lebedeva", "artem-grechko", "kseniya-belova", "olga-tikhonova"],
    "polyarnye-zori": ["vasiliy-ershov", "alyona-mironova", "zori-vocal-studio", "roman-kravets"],
    "murmansk": ["severny-svitok-publishing", "purga-games", "siyanie-design", "elena-guseva"],
    "kirovsk": ["arina-solovyova", "sergey-antipin", "yuliya-rakitina", "polina-krylova"],
}
WEEKEND_PEOPLE = [
    "arina-solovyova", "anastasia-lebedeva", "artem-grechko", "kseniya-belova",
    "olga-tikhonova", "otrazhenie-theatre", "polar-day-events", "viktor-lapin",
    "moroshka-bakery", "irina-panova", "sergey-antipin", "yuliya-rakitina",
    "vasiliy-ershov", "alyona-mironova", "severny-svitok-publishing", "siyanie-design",
    "made-in-north-shop", "imandra-art-space", "valentina-kudryavtseva", "roman-kravets",
]  # fmt: skip
WEEKEND_NO_SHOW = {"valentina-kudryavtseva", "roman-kravets"}
WEEKEND_FEEDBACK = {
    "arina-solovyova": (5, 5, "Поняла, как собрать продюсерскую команду вокруг лавки."),
    "anastasia-lebedeva": (5, 5, "Составили план на год и разобрали его по шагам."),
    "artem-grechko": (4, 4, "Нашёл партнёров для совместных сувениров."),
    "kseniya-belova": (5, 4, ""),
    "otrazhenie-theatre": (4, 5, "Хотим больше времени на встречи один на один."),
    "siyanie-design": (5, 4, "Карта ресурсов партнёров — очень полезно."),
    "vasiliy-ershov": (4, 3, "Далеко ехать, но стоило того."),
}
APRIL_PEOPLE = [
    "arina-solovyova", "anastasia-lebedeva", "artem-grechko", "kseniya-belova",
    "otrazhenie-theatre", "polar-day-events", "moroshka-bakery", "sergey-antipin",
    "yuliya-rakitina", "severny-svitok-publishing", "siyanie-design", "made-in-north-shop",
    "imandra-art-space", "monchegorsk-administration", "severny-svet-studio", "purga-games",
]  # fmt: skip
# (from, to, priority, note): who asked whom in April, and why.
APRIL_REQUESTS = [
    ("arina-solovyova", "made-in-north-shop", 3, "Продавать керамику школы в Мурманске"),
    ("arina-solovyova", "severny-svet-studio", 2, "Каталожная съёмка посуды"),
    ("arina-solovyova", "sergey-antipin", 2, "Мастер-класс для туристов этнотура"),
    ("anastasia-lebedeva", "siyanie-design", 3, "Упаковка для подарочных наборов"),
    ("anastasia-lebedeva", "made-in-north-shop", 3, "Полка подарков в магазине"),
    ("anastasia-lebedeva", "kseniya-belova", 2, "Общий набор: свечи и подарки"),
    ("artem-grechko", "polar-day-events", 2, "Кузнечное шоу на городских праздниках"),
    ("artem-grechko", "imandra-art-space", 2, "Выставка кованых работ"),
    ("kseniya-belova", "moroshka-bakery", 1, "Ароматы выпечки в свечах"),
    ("otrazhenie-theatre", "imandra-art-space", 3, "Площадка для спектаклей"),
    ("otrazhenie-theatre", "monchegorsk-administration", 3, "Городской фестиваль"),
    ("polar-day-events", "monchegorsk-administration", 2, "Праздник города"),
    ("polar-day-events", "moroshka-bakery", 2, "Кейтеринг на мероприятиях"),
    ("sergey-antipin", "yuliya-rakitina", 2, "Камни Хибин в сувенирах для туристов"),
    ("sergey-antipin", "severny-svitok-publishing", 2, "Путеводитель по Хибинам"),
    ("severny-svitok-publishing", "siyanie-design", 3, "Обложки для серии книг"),
    ("severny-svitok-publishing", "purga-games", 1, "Настольная игра по северным сказкам"),
    ("siyanie-design", "made-in-north-shop", 2, "Фирменный стиль магазина"),
    ("made-in-north-shop", "yuliya-rakitina", 3, "Украшения в ассортимент"),
    ("made-in-north-shop", "kseniya-belova", 2, "Свечи в ассортимент"),
    ("imandra-art-space", "severny-svet-studio", 2, "Фотовыставка"),
    ("purga-games", "polar-day-events", 1, "Игровая зона на фестивале"),
    ("monchegorsk-administration", "anastasia-lebedeva", 2, "Подарки для делегаций"),
    ("moroshka-bakery", "imandra-art-space", 1, "Кофейня в арт-пространстве"),
    ("yuliya-rakitina", "severny-svet-studio", 1, "Съёмка украшений"),
    ("arina-solovyova", "anastasia-lebedeva", 2, "Совместная ярмарка"),
]
APRIL_DECLINED = {("purga-games", "polar-day-events")}
APRIL_PENDING = {("moroshka-bakery", "imandra-art-space")}


@transaction.atomic
def load_events() -> dict[str, int]:
    people = {m.external_id: m.user for m in Member.objects.select_related("user", "town")}
    curators = list(User.objects.filter(is_curator=True, email__endswith="@demo.cluster.local"))
    towns = {t.slug: t for t in Town.objects.all()}
    _tour(people, towns, curators)
    weekend = _weekend(people, towns, curators)
    april = _april(people, towns, curators)
    _meetups(towns, curators)
    _full_workshop(people, towns, curators)
    _open_meetings(people, towns, curators)
    return {
        "events": Event.objects.exclude(external_id="").count(),
        "registrations": Registration.objects.filter(event__external_id__gt="").count(),
        "weekend_attended": weekend.registrations.attended().count(),
        "april_meetings": Meeting.objects.filter(slot__event=april).count(),
    }


def _event(key: str, curators: list[User], **fields: object) -> Event:
    event = Event.objects.filter(external_id=key).first() or Event(external_id=key)
    for name, value in fields.items():
        setattr(event, name, value)
    event.save()
    event.organisers.set(curators)
    return event


def _register(
    event: Event, user: User, *, attended: bool, days_before: int = 7, answers: object = None
) -> Registration:
    registration = Registration.objects.filter(event=event, user=user).first()
    if registration is None:
        registration = Registration.objects.create(
            event=event,
            user=user,
            status=RegistrationStatus.CONFIRMED,
            code=new_code(),
            registered_at=event.starts_at - timedelta(days=days_before),
            answers=answers or {},
        )
    if attended and registration.checked_in_at is None:
        registration.checked_in_at = event.starts_at + timedelta(minutes=10)
        registration.save(update_fields=["checked_in_at"])
    return registration


def _tour(people: dict[str, User], towns: dict[str, Town], curators: list[User]) -> None:
    series, _created = EventSeries.objects.get_or_create(
        title="Тур кластера по городам",
        defaults={"description": "Знакомимся с креативным бизнесом Мурманской области."},
    )
    for key, town, day, venue in TOUR:
        event = _event(
            key,
            curators,
            series=series,
            kind=EventKind.TOUR_VISIT,
            title=f"Тур кластера: {towns[town].name_ru}",
            description=(
                "Константин Гаранин рассказывает, как устроен Креативный кластер Арктики, "
                "и знакомится с предпринимателями города."
            ),
            town=towns[town],
            venue=venue,
            starts_at=msk(day.year, day.month, day.day, 17),
            ends_at=msk(day.year, day.month, day.day, 20),
            capacity=30,
            audience=Audience.OPEN,
        )
        for person in TOUR_GUESTS[town]:
            if person in people:
                _register(event, people[person], attended=True, days_before=3)


def _weekend(people: dict[str, User], towns: dict[str, Town], curators: list[User]) -> Event:
    event = _event(
        "weekend-2026-03",
        curators,
        kind=EventKind.CREATIVE_WEEKEND,
        title="Креативные выходные в Мончегорске",
        description=(
            "Два тематических дня для предпринимателей Мончегорска, Полярных Зорь, Мурманска "
            "и Кировска: как запускать продюсерские проекты, находить партнёров и решать "
            "привычные задачи нестандартно. Составим карты ресурсов и план на год."
        ),
        town=towns["monchegorsk"],
        venue="Арт-пространство «Имандра»",
        starts_at=msk(2026, 3, 21, 10),
        ends_at=msk(2026, 3, 22, 18),
        capacity=40,
        registration_opens_at=msk(2026, 2, 20, 10),
        audience=Audience.OPEN,
        questions="Чем вы занимаетесь?\nЧто хотите найти на выходных?",
    )
    saturday = ProgrammeDay.objects.update_or_create(
        event=event, date=date(2026, 3, 21), defaults={"theme": "День продюсера"}
    )[0]
    sunday = ProgrammeDay.objects.update_or_create(
        event=event, date=date(2026, 3, 22), defaults={"theme": "День креативного бизнеса"}
    )[0]
    sessions = [
        (saturday, (21, 10, 0), 60, "Как устроен кластер: механика и принципы", "Большой зал",
         "Константин Гаранин", False, ""),
        (saturday, (21, 11, 15), 90, "С чего начать продюсирование креативного проекта",
         "Большой зал", "Константин Гаранин", False, ""),
        (saturday, (21, 14, 0), 120, "Работа в продюсерских командах", "Студии 1–3",
         "Кураторы кластера", False, ""),
        (saturday, (21, 16, 30), 60, "Питч: гончарная школа выходит на новый уровень",
         "Большой зал", "Арина Соловьёва", True, "Продюсерский центр при гончарной школе"),
        (sunday, (22, 10, 0), 60, "Потребности резидентов и продюсеров", "Большой зал",
         "Регина Потехина", False, ""),
        (sunday, (22, 11, 15), 105, "Идеи развития бизнеса для партнёров: презентации",
         "Большой зал", "Участники", True, ""),
        (sunday, (22, 14, 0), 90, "Карты ресурсов: свои и партнёров", "Студии 1–3",
         "Кураторы кластера", False, ""),
        (sunday, (22, 16, 0), 90, "Цели и план на год", "Большой зал", "Регина Потехина",
         False, ""),
    ]  # fmt: skip
    for day, (d, h, m), minutes, title, room, speakers, is_pitch, project in sessions:
        starts = msk(2026, 3, d, h, m)
        Session.objects.update_or_create(
            event=event,
            title=title,
            defaults={
                "day": day,
                "starts_at": starts,
                "ends_at": starts + timedelta(minutes=minutes),
                "room": room,
                "speakers": speakers,
                "is_pitch": is_pitch,
                "pitch_project": project,
            },
        )
    for n, person in enumerate(p for p in WEEKEND_PEOPLE if p in people):
        member = getattr(people[person], "member", None)
        answers = {
            "Чем вы занимаетесь?": member.organisation if member else "",
            "Что хотите найти на выходных?": "Партнёров и новые заказы",
        }
        registration = _register(
            event,
            people[person],
            attended=person not in WEEKEND_NO_SHOW,
            days_before=20 - n // 2,
            answers=answers,
        )
        if person in WEEKEND_FEEDBACK:
            rating, usefulness, text = WEEKEND_FEEDBACK[person]
            Feedback.objects.get_or_create(
                registration=registration,
                defaults={"rating": rating, "usefulness": usefulness, "text": text},
            )
    return event


def _april(people: dict[str, User], towns: dict[str, Town], curators: list[User]) -> Event:
    event = _event(
        "meetings-2026-04",
        curators,
        kind=EventKind.MEETUP,
        title="Апрельские встречи участников кластера",
        description=(
            "Продолжение креативных выходных: встречи один на один с партнёрами, "
            "которых вы нашли в марте, и новые знакомства."
        ),
        town=towns["monchegorsk"],
        venue="Арт-пространство «Имандра»",
        starts_at=msk(2026, 4, 18, 11),
        ends_at=msk(2026, 4, 18, 16),
        capacity=30,
        audience=Audience.MEMBERS,
    )
    plan, _created = MeetingPlan.objects.get_or_create(event=event, defaults={"tables": 5})
    slots = []
    for k in range(8):
        starts = msk(2026, 4, 18, 11) + k * timedelta(minutes=25)
        slots.append(
            MeetingSlot.objects.get_or_create(
                event=event, starts_at=starts, defaults={"ends_at": starts + timedelta(minutes=20)}
            )[0]
        )
    participants: dict[str, Participant] = {}
    for person in APRIL_PEOPLE:
        if person not in people:
            continue
        _register(event, people[person], attended=True, days_before=10)
        participants[person] = Participant.objects.get_or_create(event=event, user=people[person])[
            0
        ]
    # The administration and the art space are free only in the first half.
    for busy in ("monchegorsk-administration", "imandra-art-space"):
        if busy in participants and not participants[busy].available.exists():
            participants[busy].available.set(slots[:4])
    for a, b, priority, note in APRIL_REQUESTS:
        if a not in participants or b not in participants:
            continue
        status = (
            RequestStatus.DECLINED
            if (a, b) in APRIL_DECLINED
            else RequestStatus.PENDING
            if (a, b) in APRIL_PENDING
            else RequestStatus.ACCEPTED
        )
        pair = {"requester": participants[a], "recipient": participants[b]}
        if not MeetingRequest.objects.filter(**pair).exists():
            MeetingRequest.objects.create(
                event=event,
                **pair,
                priority=priority,
                note=note,
                status=status,
                match_score=pair_score(participants[a], participants[b]),
            )
    if not Meeting.objects.filter(slot__event=event).exists():
        do_build_timetable(event, time_limit=2)
        Meeting.objects.filter(slot__event=event).update(is_published=True)
        plan.refresh_from_db()
        plan.published_at = plan.built_at
        plan.save(update_fields=["published_at"])
    return event


def _meetups(towns: dict[str, Town], curators: list[User]) -> None:
    """A monthly residents' meetup: typed once, repeated for the next months."""
    first = msk(2026, 12, 10, 18)
    series, _created = EventSeries.objects.get_or_create(
        title="Клуб резидентов", defaults={"description": "Встреча резидентов раз в месяц."}
    )
    for n, start in enumerate([first, msk(2027, 1, 14, 18), msk(2027, 2, 11, 18)]):
        _event(
            f"club-{start:%Y-%m}",
            curators,
            series=series,
            kind=EventKind.MEETUP,
            title="Клуб резидентов кластера",
            description="Делимся новостями, заказами и планами. Чай и выпечка от «Морошки».",
            town=towns["monchegorsk"],
            venue="Арт-пространство «Имандра»",
            starts_at=start,
            ends_at=start + timedelta(hours=2),
            capacity=25 if n == 0 else 30,
            audience=Audience.MEMBERS,
        )


# Upcoming events are placed relative to the day of loading, so the demo always has them.
WORKSHOP_PEOPLE = ["anastasia-lebedeva", "kseniya-belova", "artem-grechko", "olga-tikhonova"]
WORKSHOP_WAITING = ["yuliya-rakitina", "polina-krylova"]
OPEN_MEETINGS_PEOPLE = [
    "arina-solovyova", "made-in-north-shop", "severny-svet-studio", "sergey-antipin",
    "siyanie-design", "anastasia-lebedeva", "imandra-art-space", "yuliya-rakitina",
]  # fmt: skip


def _days_ahead(days: int, hour: int) -> datetime:
    today = timezone.localdate()
    day = today + timedelta(days=days)
    return msk(day.year, day.month, day.day, hour)


def _full_workshop(people: dict[str, User], towns: dict[str, Town], curators: list[User]) -> None:
    """A small workshop whose places are taken, with two people waiting for one."""
    starts = _days_ahead(10, 15)
    event = _event(
        "demo-upcoming-full-workshop",
        curators,
        kind=EventKind.MEETUP,
        title="Мастерская: фотография изделий на телефон",
        description=(
            "Как снять изделие для каталога и маркетплейса телефоном и при дневном свете. "
            "Мест немного: каждый снимает свои работы."
        ),
        town=towns["monchegorsk"],
        venue="Фотостудия «Северный свет»",
        starts_at=starts,
        ends_at=starts + timedelta(hours=3),
        capacity=len(WORKSHOP_PEOPLE),
        audience=Audience.MEMBERS,
    )
    for n, person in enumerate(p for p in WORKSHOP_PEOPLE if p in people):
        _register(event, people[person], attended=False, days_before=9 - n)
    for n, person in enumerate(p for p in WORKSHOP_WAITING if p in people):
        if not Registration.objects.filter(event=event, user=people[person]).exists():
            Registration.objects.create(
                event=event,
                user=people[person],
                status=RegistrationStatus.WAITING,
                registered_at=starts - timedelta(days=4 - n),
            )


def _open_meetings(people: dict[str, User], towns: dict[str, Town], curators: list[User]) -> None:
    """A meetup ahead with one-to-one meetings open: people have joined, nobody has asked yet,
    so the page suggests whom to meet from the resource maps."""
    starts = _days_ahead(21, 11)
    event = _event(
        "demo-upcoming-meetings",
        curators,
        kind=EventKind.MEETUP,
        title="Встречи один на один: продажи и съёмка",
        description=(
            "Встречи с магазинами, фотографами и дизайнерами кластера. Отметьте свободное "
            "время и попросите о встрече тех, кто вам подходит."
        ),
        town=towns["monchegorsk"],
        venue="Арт-пространство «Имандра»",
        starts_at=starts,
        ends_at=starts + timedelta(hours=4),
        capacity=30,
        audience=Audience.MEMBERS,
    )
    MeetingPlan.objects.get_or_create(event=event, defaults={"tables": 4})
    wanted = [starts + k * timedelta(minutes=25) for k in range(8)]
    # Loaded again on a later day the event moves; slots of the old day go with it.
    MeetingSlot.objects.filter(event=event).exclude(starts_at__in=wanted).delete()
    for slot_start in wanted:
        MeetingSlot.objects.get_or_create(
            event=event,
            starts_at=slot_start,
            defaults={"ends_at": slot_start + timedelta(minutes=20)},
        )
    for person in OPEN_MEETINGS_PEOPLE:
        if person in people:
            _register(event, people[person], attended=False, days_before=5)
            Participant.objects.get_or_create(event=event, user=people[person])
