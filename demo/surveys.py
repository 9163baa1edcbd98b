"""The demo's needs assessment: the ready questionnaire (`surveys.ready`) sent to the residents
and producers this year and last, answered by the demo members so that the results tell the
article's story: Kirovsk makers lack sales channels (more than last year, now that the
souvenir shop gathers them), Monchegorsk lacks premises, Murmansk money and promotion, the
towns met on this year's February tour (Polyarnye Zori, Apatity, Olenegorsk, Lovozero) ask for
training and a way to sell.

Both runs are named surveys: the region has a few dozen members, and in an anonymous survey
every town but two would fall under the small-cell rule and show nothing. Each answer follows
from the member's directory entry (the needs on their resource map, their town and roles) and
a generator seeded by their key, so the figures are the same on every load; skip logic holds
(the premises' size only for those who need premises, how many to hire only for a yes).
This year's run is `copied_from` last year's, so the results compare the two.

Written straight into the tables, with dates fixed relative to today (this year's run open
now, last year's a year earlier). Loading twice changes nothing: nothing is written once the
demo curator's runs exist.
"""

from __future__ import annotations

import random
from dataclasses import dataclass
from datetime import date, datetime, time, timedelta
from typing import Any
from zoneinfo import ZoneInfo

from django.db import transaction
from django.db.models import Q
from django.utils import timezone

from members.models import Member, User
from resources.models import Direction
from surveys.models import (
    OTHER_VALUE,
    Answer,
    BankQuestion,
    Invitation,
    Question,
    Response,
    ResponseStatus,
    Section,
    Survey,
    SurveyStatus,
)
from surveys.ready import READY_DESCRIPTION, READY_SECTIONS, READY_TITLE, ReadyQuestion

MSK = ZoneInfo("Europe/Moscow")
CURATOR = "konstantin@demo.cluster.local"
ROLES = ["resident", "producer"]
OPEN_DAYS = 45
OPENED_DAYS_AGO = 20

# Need (option value) -> how likely a member of the town names it, this year and last.
NOW: dict[str, dict[str, float]] = {
    "kirovsk": {"sales_channels": 0.95, "promotion": 0.5, "partners": 0.3, "financing": 0.3},
    "monchegorsk": {"premises": 0.85, "partners": 0.4, "equipment": 0.35, "financing": 0.3},
    "murmansk": {"financing": 0.65, "promotion": 0.6, "partners": 0.35, "legal_accounting": 0.3},
    "polyarnye-zori": {"sales_channels": 0.85, "training": 0.7, "legal_accounting": 0.3},
    "apatity": {"equipment": 0.7, "training": 0.5, "sales_channels": 0.4},
}
BEFORE: dict[str, dict[str, float]] = {
    "kirovsk": {"training": 0.6, "sales_channels": 0.4, "promotion": 0.4, "partners": 0.3},
    "monchegorsk": {"premises": 0.7, "training": 0.35, "partners": 0.5, "financing": 0.3},
    "murmansk": {"financing": 0.55, "training": 0.4, "promotion": 0.4},
}
ELSEWHERE = {"training": 0.6, "sales_channels": 0.6, "legal_accounting": 0.3}
# Every need any member may name besides their town's usual ones.
ANY_NEED = 0.12
# What the resource map's needs say in the questionnaire's terms.
MAP_NEEDS = {
    "sales_channel": "sales_channels",
    "premises": "premises",
    "equipment": "equipment",
    "finance": "financing",
    "knowledge": "training",
    "audience": "promotion",
    "contacts": "partners",
}
# The town's usual main obstacle.
OBSTACLES = {
    "kirovsk": "no_sales",
    "monchegorsk": "no_premises",
    "murmansk": "no_money",
    "polyarnye-zori": "no_sales",
    "apatity": "no_money",
}
FORMATS = {
    "kirovsk": ["fair", "workshop", "weekend"],
    "monchegorsk": ["workshop", "b2b", "weekend"],
    "murmansk": ["b2b", "online", "lecture"],
}

# Members who have not answered this year (one is still filling it in).
SILENT = {"gleb-osipov", "kirill-chernov", "mariya-belkina", "roman-kravets", "fjord-architects"}
DRAFTING = "purga-games"
# Met on this year's February tour: not members yet when last year's run was sent.
NEW_TOWNS = {"polyarnye-zori", "apatity", "olenegorsk", "lovozero"}
SILENT_BEFORE = {"anna-vekshina", "ilya-somov", "egor-lavrentyev", "elena-guseva"}
# Agreed that the needs they named become items of their resource map.
CONSENTING = {
    "arina-solovyova",
    "anastasia-lebedeva",
    "olga-tikhonova",
    "otrazhenie-theatre",
    "nikolay-bystrov",
    "vasiliy-ershov",
}

OTHER_NEEDS = {
    "arina-solovyova": "Вторая печь для обжига: летом не успеваем с заказами для туристов",
    "ekaterina-zueva": "Студия с циклорамой хотя бы на пару дней в неделю",
    "lyudmila-arkhipova": "Выход на музеи и этнофестивали за пределами области",
}
OTHER_OBSTACLES = {
    "moroshka-bakery": "Дорогая доставка муки и ягод в межсезонье",
    "sergey-antipin": "Туристы едут только зимой, летом группы не набираются",
}
TEXTS = {
    "arina-solovyova": (
        "Хочу, чтобы мастера из Кировска могли продавать свои изделия не только у меня в лавке. "
        "Помогите выйти на маркетплейсы и в магазины Мурманска — одной это не потянуть."
    ),
    "anastasia-lebedeva": (
        "Нужны контакты: с кем можно делать совместные наборы подарков для компаний. "
        "И было бы здорово встречаться чаще, не только на креативных выходных."
    ),
    "olga-tikhonova": (
        "Работаю дома, шерсть и готовые вещи уже некуда складывать. Небольшая мастерская "
        "на несколько человек в Мончегорске решила бы всё, можно вскладчину."
    ),
    "otrazhenie-theatre": (
        "Репетируем в актовом зале школы по вечерам. Нужен свой зал хотя бы на 80 мест — "
        "готовы его оживить и делить с другими резидентами."
    ),
    "artem-grechko": (
        "Кузнице нужен покупатель посерьёзнее сувенирного: гостиницы, рестораны, застройщики. "
        "Если кластер сведёт — сделаем ограды, вывески, светильники."
    ),
    "nikolay-bystrov": (
        "Изделия есть, а продавать негде: туристы в Кировске зимой, остальное время тишина. "
        "Нужна полка в Мурманске или хороший интернет-магазин."
    ),
    "valentina-kudryavtseva": (
        "Для продажи чаёв нужны сертификаты и маркировка, я в этом путаюсь. "
        "Консультация по документам очень помогла бы."
    ),
    "severny-svitok-publishing": (
        "Ищем деньги на тираж книги о саамских сказках: грант или соинвестора. "
        "Готовы показать макет и смету."
    ),
    "vasiliy-ershov": (
        "В Полярных Зорях нет ни одной ярмарки, куда можно привезти резьбу. "
        "Возите нас на ярмарки в Мурманск и Кировск."
    ),
    "galina-sorokina": (
        "Хочу научиться фотографировать изделия и вести страницу, "
        "чтобы заказы шли не только от знакомых."
    ),
    "kvarts-fablab": (
        "Нужен лазерный станок побольше: заказы от дизайнеров кластера уже есть, "
        "а наш не берёт лист нужного размера."
    ),
    "ekaterina-zueva": (
        "Своя студия не окупится, а снимать негде. Общая студия при кластере, "
        "с расписанием по часам, — то, что нужно."
    ),
    "vera-pakhomova": "Расскажите, как оформить самозанятость и не бояться налоговой.",
    "polar-day-events": (
        "Делаем события для кластера и готовы брать в команду резидентов. "
        "Нужна площадка под большие мероприятия зимой."
    ),
    "lyudmila-arkhipova": (
        "Из Ловозера далеко ездить на встречи. Делайте часть занятий онлайн, пожалуйста."
    ),
}


@dataclass(frozen=True)
class Run:
    """One year's run of the questionnaire."""

    opens_on: date
    closes_on: date
    needs: dict[str, dict[str, float]]
    now: bool


def load_surveys() -> dict[str, Any]:
    """Load last year's and this year's needs assessment with their answers; return how many
    runs and sent responses the demo curator's surveys have."""
    curator = User.objects.filter(email=CURATOR).first()
    members = list(
        Member.objects.filter(Q(user__is_resident=True) | Q(user__is_producer=True))
        .filter(is_active=True, town__isnull=False)
        .exclude(external_id="")
        .select_related("user", "town")
        .prefetch_related("industries", "resource_items")
    )
    if curator is None or not members:
        return {"surveys": 0, "responses": 0, "last_year": 0}
    mine = Survey.objects.filter(created_by=curator, title__startswith=READY_TITLE)
    if not mine.exists():
        _load(curator, sorted(members, key=lambda m: m.external_id))
    runs = list(mine.order_by("opens_on"))
    sent = {s.pk: s.responses.filter(status=ResponseStatus.SUBMITTED).count() for s in runs}
    return {
        "surveys": len(runs),
        "responses": sent[runs[-1].pk] if runs else 0,
        "last_year": sent[runs[0].pk] if len(runs) > 1 else 0,
    }


@transaction.atomic
def _load(curator: User, members: list[Member]) -> None:
    today = timezone.localdate()
    opens = today - timedelta(days=OPENED_DAYS_AGO)
    before = Run(
        opens - timedelta(days=364), opens - timedelta(days=364 - OPEN_DAYS), BEFORE, False
    )
    now = Run(opens, opens + timedelta(days=OPEN_DAYS), NOW, True)
    bank = _bank()
    earlier = _survey(curator, before, bank, None)
    current = _survey(curator, now, bank, earlier)
    cohort = [m for m in members if m.town.slug not in NEW_TOWNS]
    _answer(earlier, before, cohort, SILENT_BEFORE, "")
    _answer(current, now, members, SILENT, DRAFTING)


def _bank() -> dict[str, BankQuestion]:
    bank = {}
    for section in READY_SECTIONS:
        for question in section["questions"]:
            bank[question["code"]], _created = BankQuestion.objects.get_or_create(
                code=question["code"], defaults=_spec(question)
            )
    return bank


def _spec(question: ReadyQuestion) -> dict[str, Any]:
    return {
        "kind": question["kind"],
        "text": question["text"],
        "help_text": question.get("help_text", ""),
        "choices": list(question.get("choices", [])),
        "allows_other": question.get("allows_other", False),
        "scale_min": question.get("scale_min"),
        "scale_max": question.get("scale_max"),
    }


def _moment(day: date, hour: int) -> datetime:
    return datetime.combine(day, time(hour, 0), tzinfo=MSK)


def _survey(
    curator: User, run: Run, bank: dict[str, BankQuestion], copied_from: Survey | None
) -> Survey:
    survey = Survey.objects.create(
        title=f"{READY_TITLE} {run.opens_on.year}",
        description=READY_DESCRIPTION,
        status=SurveyStatus.PUBLISHED,
        is_anonymous=False,
        opens_on=run.opens_on,
        closes_on=run.closes_on,
        target_roles=ROLES,
        copied_from=copied_from,
        created_by=curator,
        created_at=_moment(run.opens_on - timedelta(days=3), 11),
        published_at=_moment(run.opens_on, 10),
    )
    by_code: dict[str, Question] = {}
    for s_position, ready in enumerate(READY_SECTIONS):
        section = Section.objects.create(
            survey=survey,
            title=ready["title"],
            description=ready["description"],
            position=s_position,
        )
        for position, question in enumerate(ready["questions"]):
            by_code[question["code"]] = Question.objects.create(
                survey=survey,
                section=section,
                position=position,
                bank_question=bank[question["code"]],
                required=question.get("required", False),
                show_if=by_code.get(question.get("show_if", "")),
                show_if_value=question.get("show_if_value", ""),
                **_spec(question),
            )
    return survey


def _answer(
    survey: Survey, run: Run, members: list[Member], silent: set[str], drafting: str
) -> None:
    questions = {
        q.bank_question.code: q
        for q in survey.questions.select_related("bank_question")
        if q.bank_question is not None
    }
    Invitation.objects.bulk_create(
        [
            Invitation(
                survey=survey,
                user=m.user,
                answered=m.external_id not in silent and m.external_id != drafting,
                created_at=_moment(run.opens_on, 10),
            )
            for m in members
        ]
    )
    answers: list[Answer] = []
    for member in members:
        key = member.external_id
        if key in silent:
            continue
        # Seeded by the member and the run, not the date: the same story on any day.
        rng = random.Random(f"{key}:{run.now}")  # noqa: S311 - demo figures, not secrets
        submitted = _moment(
            run.opens_on + timedelta(days=rng.randint(0, OPENED_DAYS_AGO - 2)), rng.randint(9, 21)
        )
        user = member.user
        response = Response.objects.create(
            survey=survey,
            user=user,
            status=ResponseStatus.DRAFT if key == drafting else ResponseStatus.SUBMITTED,
            town=member.town,
            is_resident=user.is_resident,
            is_producer=user.is_producer,
            is_partner=user.is_partner,
            is_client=user.is_client,
            needs_consent=run.now and key in CONSENTING,
            started_at=submitted - timedelta(minutes=rng.randint(4, 12)),
            submitted_at=None if key == drafting else submitted,
        )
        response.industries.set(member.industries.all())
        for code, value, number, text in _answers_of(member, run, rng):
            answers.append(
                Answer(
                    response=response,
                    question=questions[code],
                    value=value,
                    number=number,
                    text=text,
                )
            )
    Answer.objects.bulk_create(answers)


Row = tuple[str, str, float | None, str]


def _answers_of(member: Member, run: Run, rng: random.Random) -> list[Row]:
    """Return a member's answers as (question code, value, number, text) rows."""
    key, town = member.external_id, member.town.slug
    likely = run.needs.get(town, ELSEWHERE)
    mapped = {
        MAP_NEEDS[item.type]
        for item in member.resource_items.all()
        if item.direction == Direction.NEED and item.type in MAP_NEEDS
    }
    needs = [
        choice["value"]
        for choice in READY_SECTIONS[0]["questions"][0]["choices"]
        if rng.random() < _likelihood(choice["value"], likely, mapped)
    ]
    if not needs:
        needs = [max(likely, key=lambda need: likely[need])]
    rows: list[Row] = [("needs-by-kind", need, None, "") for need in needs]
    if run.now and key in OTHER_NEEDS:
        rows.append(("needs-by-kind", OTHER_VALUE, None, OTHER_NEEDS[key]))
    if "premises" in needs and rng.random() < 0.85:
        big = "performing-arts" in {i.slug for i in member.industries.all()}
        area = rng.choice([120, 150, 200]) if big else rng.choice([20, 25, 30, 40, 50, 60])
        rows.append(("needs-premises-size", "", float(area), ""))
    rows.append(_obstacle(key, town, run, rng))
    useful = rng.choices([1, 2, 3, 4, 5], [1, 2, 4, 8, 5] if run.now else [3, 6, 7, 4, 1])[0]
    rows.append(("cluster-usefulness", "", float(useful), ""))
    hires = rng.random() < (0.6 if member.user.is_producer else 0.3)
    rows.append(("plans-to-hire", "yes" if hires else "no", None, ""))
    if hires:
        rows.append(("hire-how-many", "", float(rng.choice([1, 1, 1, 2, 2, 3])), ""))
    rows.append(("joint-projects", "", float(rng.choice([5, 6, 7, 8, 8, 9, 10])), ""))
    liked = FORMATS.get(town, ["online", "workshop", "fair"])
    formats = {rng.choice(liked), rng.choice(liked)} | ({"online"} if rng.random() < 0.3 else set())
    rows += [("event-formats", value, None, "") for value in sorted(formats)]
    if run.now and key in TEXTS:
        rows.append(("free-text", "", None, TEXTS[key]))
    return rows


def _likelihood(need: str, likely: dict[str, float], mapped: set[str]) -> float:
    """Return how likely the member names the need: their town's usual rate, at least even
    odds for a need on their resource map."""
    return max(likely.get(need, ANY_NEED), 0.5 if need in mapped else 0.0)


def _obstacle(key: str, town: str, run: Run, rng: random.Random) -> Row:
    if run.now and key in OTHER_OBSTACLES:
        return ("main-obstacle", OTHER_VALUE, None, OTHER_OBSTACLES[key])
    usual = OBSTACLES.get(town, "paperwork")
    if not run.now and town == "kirovsk":
        usual = "no_money"  # before the shop gathered the makers, money was the worry
    if rng.random() < 0.7:
        return ("main-obstacle", usual, None, "")
    others = ["no_sales", "no_premises", "no_money", "no_people", "no_time", "paperwork"]
    return ("main-obstacle", rng.choice([o for o in others if o != usual]), None, "")
