# ruff: noqa: E501 (the phrase tables read best one resource a line)
"""Generate a synthetic region of creative members with realistic Russian resource maps.

Texts are put together from phrases such members write (crafts, photography, events, tourism,
food, shops...), qualifiers (materials, audiences, towns) and a long Zipf-distributed tail of
rare names, so the vocabulary has the shape of a real one: a few common words, many rare ones.

    from bench.synthetic_region import generate
    members, items, towns = generate(10_000, seed=1)
"""

from __future__ import annotations

import itertools
import random
from typing import cast

from matching.engine import ITEM_TYPES, Item, MemberInfo
from matching.engine.types import Direction

TOWNS = {
    "murmansk": (68.9585, 33.0827),
    "monchegorsk": (67.9386, 32.9359),
    "kirovsk": (67.6142, 33.6717),
    "apatity": (67.5677, 33.3933),
    "polyarnye-zori": (67.3733, 32.4981),
    "olenegorsk": (68.1422, 33.2669),
    "kovdor": (67.5661, 30.4744),
    "severomorsk": (69.0689, 33.4162),
    "kandalaksha": (67.1567, 32.4117),
    "revda": (67.9378, 34.5636),
    "zapolyarny": (69.4153, 30.8131),
    "nikel": (69.4081, 30.2228),
}
TOWN_WEIGHTS = [30, 8, 6, 10, 5, 5, 3, 6, 6, 2, 3, 2]
TOWN_NAMES = {
    "murmansk": "Мурманске",
    "monchegorsk": "Мончегорске",
    "kirovsk": "Кировске",
    "apatity": "Апатитах",
    "polyarnye-zori": "Полярных Зорях",
    "olenegorsk": "Оленегорске",
    "kovdor": "Ковдоре",
    "severomorsk": "Североморске",
    "kandalaksha": "Кандалакше",
    "revda": "Ревде",
    "zapolyarny": "Заполярном",
    "nikel": "Никеле",
}
INDUSTRIES = [
    "crafts", "design", "photo", "music", "events", "tourism", "gastronomy", "retail",
    "media", "education", "fashion", "it", "art", "theatre", "publishing", "heritage",
]  # fmt: skip

# (type, offer phrase, need phrase): the same resource as someone has it and as someone seeks it.
RESOURCES = [
    ("equipment", "Муфельная печь для обжига керамики", "Нужна печь для обжига"),
    ("skill", "Гончарные изделия: посуда, кружки, тарелки", "Ищу гончара для совместной линейки посуды"),
    ("knowledge", "Мастер-классы по гончарному делу", "Хотим провести мастер-класс по керамике"),
    ("skill", "Предметная фотосъёмка для каталогов", "Нужен фотограф для каталога изделий"),
    ("skill", "Свадебная и семейная фотосъёмка", "Ищу фотографа на свадьбы"),
    ("skill", "Видеосъёмка и монтаж рекламных роликов", "Нужен видеограф для ролика"),
    ("premises", "Фотостудия с циклорамой в аренду", "Ищу студию для фотосессий"),
    ("skill", "Разработка логотипа и фирменного стиля", "Нужен дизайнер для логотипа"),
    ("skill", "Дизайн упаковки и этикеток", "Ищем дизайнера упаковки"),
    ("equipment", "Типография: печать визиток, буклетов, открыток", "Нужно напечатать открытки малым тиражом"),
    ("skill", "Создание сайтов и интернет-магазинов", "Нужен сайт для продаж"),
    ("skill", "Ведение соцсетей и таргетированная реклама", "Нужно продвижение в соцсетях"),
    ("skill", "Кавер-группа, живая музыка на праздниках", "Ищем музыкантов на корпоратив"),
    ("premises", "Студия звукозаписи, сведение и мастеринг", "Нужна студия звукозаписи"),
    ("equipment", "Аренда звукового и светового оборудования", "Нужен звук и свет на концерт"),
    ("premises", "Лофт для мероприятий и выставок в аренду", "Ищем площадку для мероприятия"),
    ("premises", "Зал на 50 мест для встреч и концертов", "Нужен зал для репетиций"),
    ("skill", "Организация праздников и корпоративов под ключ", "Ищем организатора праздника"),
    ("skill", "Ведущий свадеб и юбилеев", "Нужен ведущий на юбилей"),
    ("skill", "Экскурсии по Хибинам и тундре", "Ищем гида для туристической группы"),
    ("premises", "Гостевой дом для туристических групп", "Нужно размещение для группы туристов"),
    ("skill", "Снегоходные туры и прогулки на упряжках", "Ищем партнёров по зимним турам"),
    ("audience", "Туристы и гости города весь сезон", "Хотим выйти на туристов"),
    ("sales_channel", "Сувенирный магазин берёт изделия на реализацию", "Где продавать сувениры ручной работы"),
    ("sales_channel", "Маркетплейс и интернет-магазин местных мастеров", "Нужен канал продаж в интернете"),
    ("skill", "Сувениры ручной работы: магниты, брелоки, открытки", "Ищем поставщиков сувениров"),
    ("skill", "Вязаные изделия из шерсти: варежки, носки", "Ищем вязальщиц для партии варежек"),
    ("materials", "Пряжа и шерсть оптом", "Нужна пряжа подешевле"),
    ("skill", "Изделия из дерева: доски, шкатулки, мебель", "Нужен столяр для мебели"),
    ("equipment", "Лазерная резка и гравировка", "Нужна гравировка логотипа на изделиях"),
    ("skill", "Художественная ковка", "Ищу кузнеца для кованых деталей"),
    ("skill", "Украшения из серебра и камня", "Ищу ювелира для совместной коллекции"),
    ("materials", "Минералы и камни Кольского полуострова", "Нужны камни для украшений"),
    ("materials", "Северные ягоды: морошка, брусника, черника", "Ищем поставщика ягод"),
    ("skill", "Торты и пряники на заказ", "Ищем кондитера для поставок десертов"),
    ("premises", "Кафе с залом для камерных вечеров", "Ищем кафе для вечеров живой музыки"),
    ("knowledge", "Уроки живописи и рисования", "Нужен преподаватель рисования"),
    ("skill", "Картины и иллюстрации на заказ", "Ищем иллюстратора для книги"),
    ("skill", "Пошив сценических костюмов", "Нужны костюмы для спектакля"),
    ("skill", "Спектакли и актёры для праздников", "Ищем актёров для съёмки"),
    ("knowledge", "Бухгалтерия и налоги для ИП", "Нужна консультация по налогам"),
    ("knowledge", "Помощь с заявками на гранты", "Ищем грант на проект"),
    ("finance", "Спонсорская поддержка культурных проектов", "Ищем спонсора для фестиваля"),
    ("knowledge", "Перевод с английского и норвежского", "Нужен переводчик для делегации"),
    ("skill", "Флористика и оформление мероприятий", "Нужно оформление зала цветами"),
    ("skill", "Мыло и свечи ручной работы", "Ищем мыловара для подарочных наборов"),
    ("knowledge", "Саамские ремёсла и этнографические программы", "Нужна этнографическая программа для туристов"),
    ("contacts", "Знакомства с предприятиями для корпоративных заказов", "Нужны контакты с предприятиями"),
    ("skill", "Настольные игры о Севере", "Ищем разработчика настольной игры"),
    ("skill", "Мобильные приложения и чат-боты", "Нужен чат-бот для записи клиентов"),
]  # fmt: skip
QUALIFIERS = [
    "для туристов", "для детей", "для корпоративных клиентов", "недорого", "быстро",
    "с северной тематикой", "из местных материалов", "в зимний сезон", "по выходным",
    "качественно", "творческий подход", "под заказ", "с доставкой по области",
    "для малого бизнеса", "в праздники", "для школ", "с опытом работы", "своими руками",
]  # fmt: skip
SYLLABLES = [
    "ка", "ри", "на", "то", "ле", "мо", "су", "ва", "ди", "ро", "ла", "ми",
    "та", "не", "по", "ко", "си", "ру", "бе", "за", "ну", "ги", "де", "лю",
]  # fmt: skip


def _rare_names(count: int, rng: random.Random) -> list[str]:
    if count > len(SYLLABLES) ** 4 // 2:
        raise ValueError(f"too many rare names asked for: {count}")
    names: set[str] = set()
    while len(names) < count:
        names.add("".join(rng.choice(SYLLABLES) for _ in range(rng.randint(3, 4))))
    return sorted(names)


def generate(
    n_members: int, items_per_member: int = 10, seed: int = 1
) -> tuple[list[MemberInfo], list[Item], dict[str, tuple[float, float]]]:
    """Return members, their items (half offers, half needs) and town coordinates."""
    rng = random.Random(seed)
    rare = _rare_names(max(1000, n_members // 2), rng)
    rare_cumulative = list(itertools.accumulate(1 / (rank + 1) for rank in range(len(rare))))
    towns = list(TOWNS)
    members, items = [], []
    for number in range(n_members):
        town = rng.choices(towns, TOWN_WEIGHTS)[0]
        industries = tuple(rng.sample(INDUSTRIES, rng.randint(1, 2)))
        member = MemberInfo(number, town, industries)
        members.append(member)
        # A member works around a few resources, as real ones do.
        focus = rng.sample(range(len(RESOURCES)), 6)
        for slot in range(items_per_member):
            direction = "offer" if slot % 2 == 0 else "need"
            type_, offer, need = RESOURCES[
                rng.choice(focus) if rng.random() < 0.7 else rng.randrange(len(RESOURCES))
            ]
            words = [offer if direction == "offer" else need]
            if rng.random() < 0.6:
                words.append(rng.choice(QUALIFIERS))
            if rng.random() < 0.3:
                words.append("в " + TOWN_NAMES[town])
            if rng.random() < 0.5:
                words.append(
                    "«" + rng.choices(rare, cum_weights=rare_cumulative)[0].capitalize() + "»"
                )
            if type_ not in ITEM_TYPES:
                raise ValueError(type_)
            items.append(
                Item(
                    number * items_per_member + slot,
                    number,
                    cast(Direction, direction),
                    type_,
                    ", ".join(words),
                )
            )
    return members, items, dict(TOWNS)
