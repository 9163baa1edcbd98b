"""The two makers the order and the shop tests share; each app's conftest imports them."""

from __future__ import annotations

import pytest

from members.models import Member
from orders.tests.factories import make_maker


@pytest.fixture
def potter(db: None) -> Member:
    return make_maker(
        "potter@example.org",
        "Гончарная мастерская «Глина»",
        ["Сувениры ручной работы: магниты, кружки, тарелки с символикой"],
    )


@pytest.fixture
def carver(db: None) -> Member:
    return make_maker(
        "carver@example.org",
        "Резьба по дереву",
        ["Сувениры из дерева: магниты, брелоки, шкатулки ручной работы"],
        town="apatity",
    )
