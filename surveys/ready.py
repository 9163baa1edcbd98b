"""The ready needs questionnaire curators copy and adapt: «Что нужно вашему творческому бизнесу
от кластера?». Plain data, Russian as asked; each question carries the code of its bank entry,
so a copy asked next year compares with this year's answers.

Options that name a need of the business carry the resource map type (`need`) the member may
turn them into; the option values are what answers store and results count.
"""

from __future__ import annotations

from typing import Any, TypedDict


class ReadyChoice(TypedDict):
    value: str
    label: str
    need: str


class ReadyQuestion(TypedDict, total=False):
    code: str  # the bank entry's code
    kind: str
    text: str
    help_text: str
    choices: list[ReadyChoice]
    allows_other: bool
    scale_min: int
    scale_max: int
    required: bool
    # Skip logic: the code of an earlier question of the questionnaire and the value shown for.
    show_if: str
    show_if_value: str


class ReadySection(TypedDict):
    title: str
    description: str
    questions: list[ReadyQuestion]


def _choice(value: str, label: str, need: str = "") -> ReadyChoice:
    return {"value": value, "label": label, "need": need}


# The needs by kind, with the resource map type each becomes.
NEED_CHOICES: list[ReadyChoice] = [
    _choice("premises", "Помещение: мастерская, студия, склад", "premises"),
    _choice("equipment", "Оборудование", "equipment"),
    _choice("sales_channels", "Каналы продаж: магазины, маркетплейсы, ярмарки", "sales_channel"),
    _choice("partners", "Партнёры для совместной работы", "contacts"),
    _choice("training", "Обучение", "knowledge"),
    _choice("legal_accounting", "Юридическая и бухгалтерская помощь", "knowledge"),
    _choice("promotion", "Продвижение и реклама", "audience"),
    _choice("financing", "Финансирование: гранты, займы, субсидии", "finance"),
]

READY_TITLE = "Что нужно вашему творческому бизнесу от кластера?"
READY_DESCRIPTION = (
    "Мы собираем потребности резидентов и производителей, чтобы составить план кластера на "
    "год и подобрать меры поддержки. Опрос займёт 5–7 минут; ответы сохраняются по ходу, "
    "до закрытия опроса их можно изменить."
)

READY_SECTIONS: list[ReadySection] = [
    {
        "title": "Потребности",
        "description": "Что нужно вашему делу в этом году.",
        "questions": [
            {
                "code": "needs-by-kind",
                "kind": "multiple",
                "text": "Что нужно вашему бизнесу в этом году?",
                "help_text": "Отметьте всё, что подходит.",
                "choices": NEED_CHOICES,
                "allows_other": True,
                "required": True,
            },
            {
                "code": "needs-premises-size",
                "kind": "number",
                "text": "Какая площадь помещения вам нужна, м²?",
                "help_text": "Примерно; можно оставить пустым.",
                "scale_min": 1,
                "scale_max": 10000,
                "show_if": "needs-by-kind",
                "show_if_value": "premises",
            },
            {
                "code": "main-obstacle",
                "kind": "single",
                "text": "Что больше всего мешает вашему делу в этом году?",
                "choices": [
                    _choice("no_sales", "Мало покупателей и заказов"),
                    _choice("no_premises", "Нет подходящего помещения"),
                    _choice("no_money", "Не хватает денег на развитие"),
                    _choice("no_people", "Некого нанять"),
                    _choice("no_time", "Не хватает времени"),
                    _choice("paperwork", "Отчётность и документы"),
                ],
                "allows_other": True,
                "required": True,
            },
            {
                "code": "cluster-usefulness",
                "kind": "scale",
                "text": "Насколько кластер помог вашему делу за последний год?",
                "help_text": "1 — совсем не помог, 5 — очень помог.",
                "scale_min": 1,
                "scale_max": 5,
            },
        ],
    },
    {
        "title": "Планы",
        "description": "Люди и совместная работа.",
        "questions": [
            {
                "code": "plans-to-hire",
                "kind": "yes_no",
                "text": "Планируете ли вы нанимать людей в этом году?",
                "required": True,
            },
            {
                "code": "hire-how-many",
                "kind": "number",
                "text": "Сколько человек вы хотите нанять?",
                "scale_min": 1,
                "scale_max": 100,
                "show_if": "plans-to-hire",
                "show_if_value": "yes",
                "required": True,
            },
            {
                "code": "joint-projects",
                "kind": "scale",
                "text": "Насколько вам интересны совместные проекты с другими участниками?",
                "help_text": "0 — не интересны, 10 — очень интересны.",
                "scale_min": 0,
                "scale_max": 10,
            },
            {
                "code": "event-formats",
                "kind": "multiple",
                "text": "Какие форматы мероприятий вам удобны?",
                "choices": [
                    _choice("workshop", "Мастер-классы и практикумы"),
                    _choice("fair", "Ярмарки и маркеты"),
                    _choice("b2b", "Деловые встречи один на один"),
                    _choice("lecture", "Лекции и разборы"),
                    _choice("online", "Онлайн-встречи"),
                    _choice("weekend", "Творческие выходные"),
                ],
                "allows_other": True,
            },
        ],
    },
    {
        "title": "Ваши слова",
        "description": "",
        "questions": [
            {
                "code": "free-text",
                "kind": "long_text",
                "text": "Что ещё кластер мог бы сделать для вас?",
                "help_text": "Напишите своими словами.",
            },
        ],
    },
]


def ready_questions() -> list[dict[str, Any]]:
    """Return every question of the questionnaire, in order, with its section's title."""
    return [
        {**question, "section": section["title"]}
        for section in READY_SECTIONS
        for question in section["questions"]
    ]
