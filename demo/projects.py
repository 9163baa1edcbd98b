"""The producer's day of the demo region: producer teams formed at the March creative weekend
in Monchegorsk, a joint product of local makers, and partners' interest from the pitch session.

Called by `manage.py load_demo` after the people (and the events, when that app has loaded them).
Rows are written directly, as the other demo loaders do, so loading sends no email; loading
twice changes nothing: projects and products are matched by `external_id`, people by their demo
key (`Member.external_id`).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, datetime, timedelta
from decimal import Decimal

from django.db import transaction
from django.utils import timezone

from core.models import Industry, Town
from events.models import Event
from members.models import Member, User
from projects import stages
from projects.models import (
    Interest,
    InterestMessage,
    InterestStatus,
    MembershipStatus,
    Pitch,
    Product,
    ProductMaker,
    Project,
    ProjectNeed,
    ProjectStep,
    StageTransition,
    TeamMembership,
    TeamRole,
)
from projects.queries import stage_facts
from resources.services import do_create_partner_map

WEEKEND_KEY = "weekend-2026-03"
SATURDAY = date(2026, 3, 21)
SUNDAY = date(2026, 3, 22)


def at(day: date, hour: int, minute: int = 0) -> datetime:
    """Return a Moscow wall-clock time on a demo day as an aware datetime."""
    moscow = timezone.get_current_timezone()
    return datetime(day.year, day.month, day.day, hour, minute, tzinfo=moscow)


@dataclass
class Story:
    key: str
    owner: str
    title: str
    summary: str
    industries: list[str]
    towns: list[str]
    budget: Decimal | None
    path: list[str]  # the stages it went through after the idea, in order
    team: list[tuple[str, str, str]]  # (person, role kind, what the role does)
    invited: list[tuple[str, str, str]] = field(default_factory=list)
    open_roles: list[tuple[str, str]] = field(default_factory=list)
    needs: list[tuple[str, str, str]] = field(default_factory=list)  # (type, text, covered by)
    steps: list[tuple[str, date, bool]] = field(default_factory=list)
    starts_on: date | None = None
    ends_on: date | None = None
    pitch_day: date | None = None
    pitch_note: str = ""
    # (curator's e-mail, reason): a curator made the last move past rules it did not meet.
    override: tuple[str, str] | None = None
    interests: list[tuple[str, str, Decimal | None, str, str, list[tuple[str, str, str]]]] = field(
        default_factory=list
    )  # (partner, kind, amount, comment, status, [(author, text, status)])


STORIES = [
    Story(
        key="demo-khibiny-ceramics",
        owner="arina-solovyova",
        title="Продюсерский центр при гончарной школе: «Хибины в ладонях»",
        summary=(
            "Собираем мастеров Кировска вокруг гончарной школы и сувенирной лавки: общая линейка "
            "подарков из хибинской глины, дерева и камня, единая упаковка и фотосъёмка, "
            "продажи через лавку и магазины партнёров."
        ),
        industries=["folk-crafts", "decorative-arts"],
        towns=["kirovsk", "monchegorsk"],
        budget=Decimal("450000"),
        path=["pitch", "team", "launched"],
        team=[
            ("arina-solovyova", "producer", "Собирает команду и ведёт продажи через лавку"),
            ("nikolay-bystrov", "master", "Резные деревянные ложки и фигурки для наборов"),
            ("yuliya-rakitina", "designer", "Подвески из камней Хибин и дизайн набора"),
            ("anna-vekshina", "photographer", "Съёмка изделий для каталога и магазинов"),
        ],
        needs=[
            ("premises", "Помещение для мастер-классов и выездной торговли в Мончегорске", ""),
            ("equipment", "Печь для обжига керамики", "arina-solovyova"),
        ],
        steps=[
            ("Пробная партия из 30 наборов", date(2026, 4, 20), True),
            ("Фотосъёмка для каталога", date(2026, 4, 30), True),
            ("Выкладка в магазине «Сделано на Севере»", date(2026, 5, 15), False),
        ],
        starts_on=date(2026, 4, 1),
        ends_on=date(2026, 10, 31),
        pitch_day=SATURDAY,
        pitch_note="Питч на Дне продюсера: гончарная школа выходит на новый уровень.",
        override=(
            "regina@demo.cluster.local",
            "Запускаем без своего помещения в Мончегорске: администрация города предложила "
            "площадку на ярмарках и зал для мастер-классов, договор готовится.",
        ),
        interests=[
            (
                "made-in-north-shop",
                "sell",
                None,
                "Возьмём наборы на реализацию в Мурманске, начнём с 20 штук.",
                "agreed",
                [
                    ("arina-solovyova", "Спасибо! Привезём первую партию в мае.", ""),
                    ("made-in-north-shop", "Договорились: 20 наборов, комиссия 25%.", "agreed"),
                ],
            ),
            (
                "mining-company",
                "fund",
                Decimal("300000"),
                "Готовы поддержать через грантовый конкурс для городов присутствия.",
                "in_talks",
                [("arina-solovyova", "Подготовим заявку к июньскому отбору.", "")],
            ),
            (
                "monchegorsk-administration",
                "premises",
                None,
                "Можем дать место на городских ярмарках и помещение для мастер-классов.",
                "open",
                [],
            ),
        ],
    ),
    Story(
        key="demo-monchegorsk-fair",
        owner="polar-day-events",
        title="Ярмарка северных ремёсел в Мончегорске",
        summary=(
            "Летняя ярмарка мастеров Мончегорска с кузницей под открытым небом, мастер-классами "
            "по валянию и видеоисторией о мастерах. Участники продают изделия и получают заказы."
        ),
        industries=["folk-crafts", "event-industry"],
        towns=["monchegorsk"],
        budget=Decimal("280000"),
        path=["pitch", "team"],
        team=[
            ("polar-day-events", "producer", "Организация ярмарки под ключ"),
            ("artem-grechko", "master", "Кузница под открытым небом и мастер-классы"),
            ("olga-tikhonova", "master", "Мастер-классы по валянию для детей"),
            ("ilya-somov", "marketer", "Видеоролики о мастерах для соцсетей"),
        ],
        invited=[("ekaterina-zueva", "photographer", "Фотосъёмка ярмарки и изделий")],
        needs=[("premises", "Площадка в центре города на выходные в июле", "")],
        steps=[("Согласовать площадку с администрацией", date(2026, 5, 10), False)],
        starts_on=date(2026, 7, 11),
        ends_on=date(2026, 7, 12),
        pitch_day=SUNDAY,
        pitch_note="Презентация идеи для партнёров на Дне креативного бизнеса.",
        interests=[
            (
                "monchegorsk-administration",
                "premises",
                None,
                "Предлагаем сквер у Дворца культуры и помощь с согласованиями.",
                "in_talks",
                [("polar-day-events", "Отлично, пришлём схему размещения.", "")],
            ),
            (
                "imandra-art-space",
                "other",
                None,
                "Можем принять вечернюю программу ярмарки в нашем зале.",
                "open",
                [],
            ),
        ],
    ),
    Story(
        key="demo-mining-town-play",
        owner="otrazhenie-theatre",
        title="Иммерсивный спектакль о горняцком Мончегорске",
        summary=(
            "Спектакль-прогулка по старому Мончегорску о первых горняках: актёры студии, "
            "живая музыка и костюмы по фотографиям 1930-х."
        ),
        industries=["performing-arts", "music"],
        towns=["monchegorsk"],
        budget=None,
        path=[],
        team=[
            ("otrazhenie-theatre", "producer", "Режиссура и актёры"),
            ("aleksey-nesterov", "manager", "Бюджет и площадки"),
        ],
        open_roles=[("designer", "Художник по костюмам: сценические костюмы 1930-х")],
        needs=[("other", "Архивные фотографии горняков Мончегорска", "")],
    ),
]

PRODUCTS = [
    (
        "demo-khibiny-set",
        "demo-khibiny-ceramics",
        "Набор «Хибины в ладонях»",
        "Керамическая кружка из хибинской глины, резная деревянная ложка и подвеска из "
        "камня Хибин в коробке с картой региона. Каждый набор собран вручную.",
        Decimal("3500"),
        "set",
        [("arina-solovyova", Decimal("50")), ("nikolay-bystrov", Decimal("25")),
         ("yuliya-rakitina", Decimal("25"))],
    ),
    (
        "demo-forged-candle",
        "",
        "Свеча «Полярный огонёк» в кованом подсвечнике",
        "Ароматическая свеча ручной работы в подсвечнике из мончегорской кузницы.",
        Decimal("2200"),
        "piece",
        [("kseniya-belova", Decimal("60")), ("artem-grechko", Decimal("40"))],
    ),
]  # fmt: skip


@transaction.atomic
def load_projects() -> dict[str, int]:
    people = {m.external_id: m for m in Member.objects.select_related("user", "town")}
    if not all(story.owner in people for story in STORIES):
        return {"projects": 0, "products": 0, "interests": 0}
    weekend = _weekend_event()
    projects = {story.key: _story(story, people, weekend) for story in STORIES}
    for key, project_key, title, description, price, unit, makers in PRODUCTS:
        _product(key, projects.get(project_key), title, description, price, unit, makers, people)
    return {
        "projects": Project.objects.filter(external_id__startswith="demo-").count(),
        "products": Product.objects.filter(external_id__startswith="demo-").count(),
        "interests": Interest.objects.filter(project__external_id__startswith="demo-").count(),
    }


def _weekend_event() -> Event | None:
    """Return the March weekend if the events demo has loaded it; the pitch links to it."""
    return Event.objects.filter(external_id=WEEKEND_KEY).first()


def _story(story: Story, people: dict[str, Member], weekend: Event | None) -> Project:
    existing = Project.objects.filter(external_id=story.key).first()
    if existing is not None:
        return existing
    owner = people[story.owner]
    created = at(SATURDAY, 14, 30)
    stage = story.path[-1] if story.path else "idea"
    project = Project.objects.create(
        external_id=story.key,
        title=story.title,
        summary=story.summary,
        owner=owner,
        budget=story.budget,
        starts_on=story.starts_on,
        ends_on=story.ends_on,
        stage=stage,
        published_at=at(story.pitch_day or SATURDAY, 16, 30) if story.path else None,
        created_at=created,
        updated_at=created,
        partner_map=do_create_partner_map(owner.user, story.title, [owner]),
    )
    project.industries.set(Industry.objects.filter(slug__in=story.industries))
    project.towns.set(Town.objects.filter(slug__in=story.towns))
    confirmed = []
    for number, (person, kind, what) in enumerate(story.team):
        if person not in people:
            continue
        role = TeamRole.objects.create(project=project, kind=kind, description=what)
        TeamMembership.objects.create(
            project=project,
            member=people[person],
            role=role,
            status=MembershipStatus.CONFIRMED,
            invited_by=owner.user,
            created_at=created + timedelta(minutes=5 * number),
            responded_at=created + timedelta(minutes=5 * number + 20),
        )
        confirmed.append(people[person])
    project.partner_map.members.set(confirmed)  # type: ignore[union-attr]
    for person, kind, what in story.invited:
        if person in people:
            role = TeamRole.objects.create(project=project, kind=kind, description=what)
            TeamMembership.objects.create(
                project=project,
                member=people[person],
                role=role,
                status=MembershipStatus.INVITED,
                invited_by=owner.user,
                created_at=at(SUNDAY, 17),
            )
    for kind, what in story.open_roles:
        TeamRole.objects.create(project=project, kind=kind, description=what)
    for type_, text, covered_by in story.needs:
        ProjectNeed.objects.create(
            project=project, type=type_, text=text, covered_by=people.get(covered_by)
        )
    for title, due_on, done in story.steps:
        ProjectStep.objects.create(
            project=project,
            title=title,
            due_on=due_on,
            done_at=at(due_on, 18) if done else None,
        )
    if story.pitch_day is not None:
        _pitch(project, story, people, weekend, owner)
    _history(project, story, owner)
    return project


def _curator(email: str) -> User:
    curators = User.objects.filter(is_curator=True)
    curator = curators.filter(email=email).first() or curators.first()
    if curator is None:
        raise ValueError("The demo region has no curator to make the override.")
    return curator


def _history(project: Project, story: Story, owner: Member) -> None:
    """Record the stages the story went through; each move must meet the rules of
    `projects.stages`, or be the story's curator override (with its reason)."""
    facts = stage_facts(project)
    moments = {
        "pitch": at(story.pitch_day or SATURDAY, 16, 30),
        "team": at(SUNDAY, 18),
        "launched": at(date(2026, 4, 1), 10),
    }
    StageTransition.objects.create(
        project=project, actor=owner.user, to_stage="idea", created_at=project.created_at
    )
    previous = "idea"
    for number, stage in enumerate(story.path, start=1):
        problems = stages.missing(previous, stage, facts)
        curator, reason = story.override if story.override else ("", "")
        overridden = number == len(story.path) and story.override is not None
        if problems and not (overridden and stages.can_waive(problems)):
            raise ValueError(f"{story.key}: {previous} → {stage} misses {problems}")
        StageTransition.objects.create(
            project=project,
            actor=_curator(curator) if overridden else owner.user,
            from_stage=previous,
            to_stage=stage,
            comment=reason if overridden else "",
            override=bool(problems),
            waived=[{"code": m.code, "items": list(m.items)} for m in problems],
            created_at=moments[stage],
        )
        previous = stage
    Project.objects.filter(pk=project.pk).update(
        updated_at=moments.get(previous, project.created_at)
    )


def _pitch(
    project: Project,
    story: Story,
    people: dict[str, Member],
    weekend: Event | None,
    owner: Member,
) -> None:
    if story.pitch_day is None:
        raise ValueError(f"{story.key}: a pitched story needs its pitch day")
    if weekend is not None:
        # The weekend's programme (loaded first) names the pitched project by its title only.
        weekend.sessions.filter(is_pitch=True, project__isnull=True).filter(
            pitch_project__startswith=project.title.split(":")[0]
        ).update(project=project)
    pitch = Pitch.objects.create(
        project=project,
        event=weekend,
        held_on=story.pitch_day,
        note=story.pitch_note,
        created_by=owner.user,
        created_at=at(story.pitch_day, 17),
    )
    for number, (partner, kind, amount, comment, status, replies) in enumerate(story.interests):
        if partner not in people:
            continue
        moment = at(story.pitch_day, 17, 10 + number * 5)
        interest = Interest.objects.create(
            project=project,
            pitch=pitch,
            author=people[partner].user,
            kind=kind,
            amount=amount,
            comment=comment,
            status=status if status else InterestStatus.OPEN,
            created_at=moment,
            updated_at=moment,
        )
        for step, (author, text, new_status) in enumerate(replies):
            InterestMessage.objects.create(
                interest=interest,
                author=people[author].user,
                text=text,
                status=new_status,
                created_at=moment + timedelta(days=2 + step * 3),
            )


def _product(
    key: str,
    project: Project | None,
    title: str,
    description: str,
    price: Decimal,
    unit: str,
    makers: list[tuple[str, Decimal]],
    people: dict[str, Member],
) -> None:
    if Product.objects.filter(external_id=key).exists():
        return
    if not all(person in people for person, _share in makers):
        return
    product = Product.objects.create(
        external_id=key,
        title=title,
        description=description,
        price=price,
        unit=unit,
        project=project,
        owner_member=None if project is not None else people[makers[0][0]],
        is_listed=True,
        created_at=at(date(2026, 4, 25), 12),
    )
    ProductMaker.objects.bulk_create(
        ProductMaker(product=product, member=people[person], share=share)
        for person, share in makers
    )
