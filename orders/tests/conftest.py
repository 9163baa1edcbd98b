from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest

from members.models import Member, User
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


@pytest.fixture
def photographer(db: None) -> Member:
    return make_maker(
        "photo@example.org",
        "Фотограф Дмитрий",
        ["Предметная фотосъёмка для каталогов и маркетплейсов"],
        town="murmansk",
    )


@pytest.fixture
def customer(client_user: User) -> User:
    return client_user


@pytest.fixture(autouse=True)
def _uploads_in_a_temporary_media_root(settings: Any, tmp_path: Path) -> None:
    settings.MEDIA_ROOT = tmp_path / "media"
