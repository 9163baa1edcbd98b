"""The demo region's orders and its point of sale, loaded by `manage.py load_demo`.

Orders from the Monchegorsk administration and the mining company (the cluster's sponsor):
souvenirs for the town festival (in progress), a photo shoot for the annual report (delivered,
accepted and reviewed both ways), an event package answered by a producer team (the client is
comparing proposals), and the northern festival's merchandise (just published). Arina
Solovyova's souvenir shop in Kirovsk takes several makers' products on consignment and has a
month of sales (May 2026), so each maker's statement has something in it.

Everything goes through the services the pages use, so routing, reasons and the order history
are real. Loading twice changes nothing: orders and the shop are matched by `external_id`.
"""

from __future__ import annotations

import random
from dataclasses import dataclass, field
from datetime import date, datetime, timedelta
from decimal import Decimal

from django.db import transaction
from django.test.utils import override_settings
from django.utils import timezone

from core.models import Industry, Town
from demo.region import region_data
from members.models import Member, User
from orders.models import Order
from orders.services import (
    OrderData,
    ProposalData,
    ShareData,
    check_accept_proposal,
    check_create_order,
    check_deliver,
    check_leave_review,
    check_post_message,
    check_publish_order,
    check_submit_proposal,
    check_take_action,
)
from projects.models import Product, Project
from projects.services import MakerShare, ProductData, check_create_product
from shops.models import ConsignmentOffer, PointOfSale, StockMovement
from shops.services import (
    PointData,
    check_answer_offer,
    check_offer_product,
    check_receive_stock,
    check_record_refund,
    check_record_sale,
    check_register_point,
    check_return_to_maker,
)

SHOP_KEY = "demo-shop-kirovsk"
SALES_MONTH = (2026, 5)


@dataclass
class Answer:
    person: str
    price: str
    days: int
    message: str
    team: list[tuple[str, str, str]] = field(default_factory=list)  # (person, share %, role)
    team_name: str = ""
    project: str = ""  # the producer team's project (projects demo key)


@dataclass
class DemoOrder:
    key: str
    client: str
    title: str
    brief: str
    industries: list[str]
    town: str
    budget: tuple[str, str]
    days_to_deadline: int
    answers: list[Answer] = field(default_factory=list)
    chosen: str = ""
    # How far the work goes: "" (no choice yet), "started", "reviewed".
    progress: str = ""
    chat: list[tuple[str, str]] = field(default_factory=list)
    delivery: str = ""
    reviews: list[tuple[str, int, str]] = field(default_factory=list)


ORDERS = [
    DemoOrder(
        key="demo-order-festival-souvenirs",
        client="monchegorsk-administration",
        title="Сувениры к фестивалю «День города Мончегорска»",
        brief=(
            "Нужны 200 сувенирных наборов для гостей и участников городского фестиваля: "
            "магниты, брелоки и небольшие изделия из камня или дерева с символикой "
            "Мончегорска. Упаковка в крафт-коробку с логотипом фестиваля. Образцы — до "
            "утверждения тиража."
        ),
        industries=["folk-crafts", "decorative-arts"],
        town="monchegorsk",
        budget=("150000", "220000"),
        days_to_deadline=45,
        answers=[
            Answer(
                "viktor-lapin",
                "198000",
                30,
                "Сделаем магниты и брелоки из хибинского камня с гравировкой герба, "
                "образцы через неделю. Упаковку закажем у Павла Корнеева.",
            ),
            Answer(
                "pavel-korneev",
                "176000",
                35,
                "Деревянные магниты и шкатулки с выжженным логотипом, коробки свои.",
            ),
            Answer(
                "evgeniya-ryabova",
                "214000",
                40,
                "Керамические магниты и мини-кружки ручной лепки с росписью.",
            ),
        ],
        chosen="viktor-lapin",
        progress="started",
        chat=[
            ("monchegorsk-administration", "Логотип фестиваля отправили на почту. Цвет — синий."),
            ("viktor-lapin", "Получил. Образцы покажу в четверг в агентстве развития."),
        ],
    ),
    DemoOrder(
        key="demo-order-report-photos",
        client="mining-company",
        title="Фотосъёмка мастеров кластера для годового отчёта",
        brief=(
            "Репортажная и портретная фотосъёмка 10 резидентов кластера в их мастерских "
            "(Мончегорск, Кировск) для годового отчёта о социальных проектах. Нужны 40 "
            "обработанных снимков и права на использование в печати и на сайте."
        ),
        industries=["photography"],
        town="monchegorsk",
        budget=("60000", "90000"),
        days_to_deadline=30,
        answers=[
            Answer(
                "ekaterina-zueva",
                "78000",
                14,
                "Сниму всех за три дня, портреты и процесс работы, обработка неделя.",
            ),
            Answer(
                "anna-vekshina",
                "85000",
                18,
                "Беру Кировск и Мончегорск, добавлю пейзажные кадры для разворотов.",
            ),
            Answer(
                "severny-svet-studio",
                "69000",
                10,
                "Портреты в студии в Мурманске, выезд в мастерские — за доплату.",
            ),
        ],
        chosen="ekaterina-zueva",
        progress="reviewed",
        chat=[("mining-company", "Список мастеров и адреса — в приложении к письму.")],
        delivery="40 снимков в полном разрешении и версии для сайта, договор на права.",
        reviews=[
            ("mining-company", 5, "Живые кадры, всё в срок. Отчёт получился."),
            ("ekaterina-zueva", 5, "Чёткое задание и быстрая обратная связь."),
        ],
    ),
    DemoOrder(
        key="demo-order-metallurgist-day",
        client="mining-company",
        title="Событийный пакет на День металлурга",
        brief=(
            "Праздник для сотрудников и жителей в парке: сцена и звук, театрализованная "
            "программа для детей, мастер-классы ремёсел, фотограф, выпечка северной кухни. "
            "Около 1500 гостей, одна суббота в июле."
        ),
        industries=["event-industry", "performing-arts", "folk-crafts"],
        town="monchegorsk",
        budget=("450000", "650000"),
        days_to_deadline=60,
        answers=[
            Answer(
                "polar-day-events",
                "590000",
                40,
                "Берём под ключ командой ярмарки северных ремёсел: сцена и звук — наши, кузница "
                "и валяние — мастер-классы, видеоролик для соцсетей компании.",
                team=[
                    ("polar-day-events", "55", "сцена, звук, площадка"),
                    ("artem-grechko", "15", "кузница под открытым небом"),
                    ("olga-tikhonova", "15", "мастер-классы по валянию"),
                    ("ilya-somov", "15", "видеоролик о празднике"),
                ],
                team_name="Команда «Ярмарки северных ремёсел»",
                project="demo-monchegorsk-fair",
            ),
            Answer(
                "aleksey-nesterov",
                "620000",
                45,
                "Концертная программа с группами Мурманска и Апатитов, билеты не нужны.",
            ),
        ],
    ),
    DemoOrder(
        key="demo-order-festival-merch",
        client="northern-wind-festival",
        title="Мерч фестиваля «Северный ветер»: футболки и сумки с орнаментом",
        brief=(
            "300 футболок и 200 сумок-шопперов с северным орнаментом в стиле фестиваля. "
            "Нужны эскизы, печать и упаковка по размерам."
        ),
        industries=["fashion", "design"],
        town="murmansk",
        budget=("180000", "260000"),
        days_to_deadline=50,
    ),
]

# (maker, title, price, unit, share of makers or empty for the maker alone)
OWN_PRODUCTS = [
    ("nikolay-bystrov", "Резная ложка из карельской берёзы", "900", "piece"),
    ("yuliya-rakitina", "Подвеска с эвдиалитом", "1800", "piece"),
    ("valentina-kudryavtseva", "Травяной чай «Хибинский сбор»", "450", "piece"),
    ("evgeniya-ryabova", "Кружка ручной лепки «Северное сияние»", "1200", "piece"),
    ("lyudmila-arkhipova", "Брошь с саамской вышивкой бисером", "2500", "piece"),
]
# (product title, units received, units sold over the month, returned to the maker at its end)
STOCK = {
    "Набор «Хибины в ладонях»": (20, 9, 0),
    "Резная ложка из карельской берёзы": (30, 17, 5),
    "Подвеска с эвдиалитом": (15, 8, 0),
    "Травяной чай «Хибинский сбор»": (40, 26, 0),
    "Кружка ручной лепки «Северное сияние»": (12, 7, 2),
    "Брошь с саамской вышивкой бисером": (6, 3, 0),
}


def load_orders() -> dict[str, int]:
    """Load the demo orders and the Kirovsk shop; return how many of each exist."""
    people = {m.external_id: m for m in Member.objects.select_related("user", "town")}
    # Clients without a directory entry (the festival) are found by their demo email.
    emails = {person["key"]: person["email"] for person in region_data()["people"]}
    accounts = {user.email: user for user in User.objects.filter(email__in=emails.values())}
    clients = {key: accounts[email] for key, email in emails.items() if email in accounts}
    curator = User.objects.filter(is_curator=True).order_by("pk").first()
    # Notifications are written, but no email leaves for the invented demo addresses.
    quiet = override_settings(EMAIL_BACKEND="django.core.mail.backends.locmem.EmailBackend")
    with quiet, transaction.atomic():
        for story in ORDERS:
            if story.client in clients:
                _order(story, people, clients[story.client])
        if curator is not None and "arina-solovyova" in people:
            _shop(people, curator)
    return {
        "orders": Order.objects.filter(external_id__startswith="demo-order-").count(),
        "points": PointOfSale.objects.filter(external_id=SHOP_KEY).count(),
        "sales": StockMovement.objects.filter(
            offer__point__external_id=SHOP_KEY, kind="sold"
        ).count(),
    }


def _user(people: dict[str, Member], key: str) -> User:
    return people[key].user


def _order(story: DemoOrder, people: dict[str, Member], client: User) -> None:
    if Order.objects.filter(external_id=story.key).exists():
        return
    if not all(answer.person in people for answer in story.answers):
        return
    data = OrderData(
        title=story.title,
        brief=story.brief,
        town=Town.objects.get(slug=story.town),
        budget_min=Decimal(story.budget[0]),
        budget_max=Decimal(story.budget[1]),
        deadline=timezone.localdate() + timedelta(days=story.days_to_deadline),
        industries=list(Industry.objects.filter(slug__in=story.industries)),
    )
    order = check_create_order(client, data)
    Order.objects.filter(pk=order.pk).update(external_id=story.key)
    check_publish_order(order, client)
    proposals = {}
    for answer in story.answers:
        project = Project.objects.filter(external_id=answer.project).first()
        team = [(p, share, role) for p, share, role in answer.team if p in people]
        if answer.team and len(team) != len(answer.team):
            team, project = [], None
        proposal = ProposalData(
            price=Decimal(answer.price),
            days=answer.days,
            message=answer.message,
            shares=[ShareData(people[p], Decimal(share), role) for p, share, role in team],
            team_name=answer.team_name if team else "",
            project=project if team else None,
        )
        proposals[answer.person] = check_submit_proposal(order, people[answer.person], proposal)
    if not story.chosen:
        return
    check_accept_proposal(order, proposals[story.chosen].pk, client)
    order.refresh_from_db()
    performer = _user(people, story.chosen)
    check_take_action(order, performer, "start")
    for author, text in story.chat:
        check_post_message(order, client if author == story.client else performer, text)
    if story.progress != "reviewed":
        return
    check_deliver(order, performer, story.delivery)
    check_take_action(order, client, "accept_delivery")
    for author, rating, text in story.reviews:
        check_leave_review(order, client if author == story.client else performer, rating, text)


def _shop(people: dict[str, Member], curator: User) -> None:
    if PointOfSale.objects.filter(external_id=SHOP_KEY).exists():
        return
    arina = people["arina-solovyova"]
    point = check_register_point(
        curator,
        arina,
        PointData(
            name="Сувенирная лавка и гончарная школа",
            town=Town.objects.get(slug="kirovsk"),
            address="Кировск, ул. Хибиногорская, 29",
            commission_percent=Decimal("20.00"),
            terms=(
                "Беру изделия на реализацию на три месяца. Комиссия лавки — 20% от цены "
                "продажи, выплата мастерам раз в месяц по ведомости. Нераспроданное "
                "возвращаю или продлеваем срок."
            ),
        ),
        external_id=SHOP_KEY,
    )
    products = _products(people)
    start = date(*SALES_MONTH, 1)
    rng = random.Random(2026)  # noqa: S311 (a repeatable demo, not a secret)
    runner = arina.user
    for product in products:
        received, sold, returned = STOCK.get(product.title, (10, 4, 0))
        maker = _offering_maker(product, people)
        offer = check_answer_offer(check_offer_product(point, product, maker), runner, True)
        ConsignmentOffer.objects.filter(pk=offer.pk).update(
            created_at=datetime(2026, 4, 28, 12, tzinfo=timezone.get_current_timezone())
        )
        check_receive_stock(offer, runner, received, start)
        sales = []
        left = sold
        while left:
            quantity = min(left, rng.choice([1, 1, 1, 2, 3]))
            day = start + timedelta(days=rng.randrange(2, 31))
            sales.append(check_record_sale(offer, runner, quantity, day))
            left -= quantity
        if product.title == "Травяной чай «Хибинский сбор»":
            first = min(sales, key=lambda sale: sale.date)
            check_record_refund(first, runner, 1, first.date + timedelta(days=1), "Не подошёл вкус")
        if returned:
            check_return_to_maker(offer, runner, returned, date(*SALES_MONTH, 31))


def _products(people: dict[str, Member]) -> list[Product]:
    found = list(Product.objects.filter(external_id="demo-khibiny-set"))
    for maker, title, price, unit in OWN_PRODUCTS:
        if maker not in people:
            continue
        key = f"demo-shop-{maker}"
        product = Product.objects.filter(external_id=key).first()
        if product is None:
            product = check_create_product(
                people[maker].user,
                ProductData(
                    title=title,
                    price=Decimal(price),
                    unit=unit,
                    makers=[MakerShare(people[maker], Decimal(100))],
                    is_listed=True,
                ),
                external_id=key,
            )
        found.append(product)
    return found


def _offering_maker(product: Product, people: dict[str, Member]) -> Member:
    maker = product.makers.order_by("-share", "id").first()
    return maker.member if maker else people["arina-solovyova"]
