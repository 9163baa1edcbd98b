from __future__ import annotations

import pytest

from members.models import Member, User
from orders.tests.factories import make_maker
from orders.tests.fixtures import carver, potter  # noqa: F401 (fixtures)


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
