"""Real concurrent transactions on PostgreSQL: two clients' sessions accept two different
proposals of one order at the same moment.

SQLite serialises writers already; PostgreSQL runs these threads truly in parallel, so the
order-row and offer-row locks are what keep exactly one winner there.
"""

from __future__ import annotations

import time
from collections.abc import Callable
from decimal import Decimal
from typing import Any

import pytest
from django.db import connection

from conftest import run_together
from core.models import Industry, Town
from events.tests.factories import monchegorsk
from members.models import User
from orders.models import Order, OrderStatus, ProposalStatus
from orders.services import ProposalData, check_accept_proposal, check_submit_proposal
from orders.tests.factories import make_maker, make_order

pytestmark = [
    pytest.mark.postgres_only,
    pytest.mark.django_db(transaction=True),
    pytest.mark.skipif(
        connection.vendor != "postgresql", reason="needs real concurrent transactions"
    ),
]


def reference_data() -> None:
    # Transactional tests flush the reference data the migrations load; bring back what we use.
    monchegorsk()
    Town.objects.get_or_create(
        slug="kirovsk",
        defaults={"name_ru": "Кировск", "name_en": "Kirovsk", "latitude": 67.6, "longitude": 33.7},
    )
    from core.models import IndustryGroup

    group, _created = IndustryGroup.objects.get_or_create(
        slug="heritage", defaults={"name_ru": "Наследие", "name_en": "Heritage"}
    )
    Industry.objects.get_or_create(
        slug="folk-crafts",
        defaults={"group": group, "name_ru": "Народные промыслы", "name_en": "Folk crafts"},
    )


@pytest.fixture
def slow_decisions(monkeypatch: pytest.MonkeyPatch) -> None:
    """Hold each request inside its transaction, after it has read the order's state, so the
    two requests surely overlap: without the row lock both would see the order still open."""
    from orders.queries import actors_of
    from orders.services import proposals

    def slowly(*args: Any) -> set[str]:
        time.sleep(0.3)
        return actors_of(*args)

    monkeypatch.setattr(proposals, "actors_of", slowly)


@pytest.mark.parametrize("attempt", range(3))
def test_two_sessions_accepting_two_proposals_leave_exactly_one_winner(
    attempt: int, slow_decisions: None
) -> None:
    reference_data()
    client = User.objects.create_user(f"client{attempt}@example.org", "x" * 12, is_client=True)
    makers = [
        make_maker(f"m{n}-{attempt}@example.org", f"Мастер {n}", ["Сувениры ручной работы"])
        for n in range(2)
    ]
    order = make_order(client)
    proposals = [
        check_submit_proposal(order, maker, ProposalData(Decimal(50_000 + n), 10, "Сделаю"))
        for n, maker in enumerate(makers)
    ]

    # Two separate Order objects, as two requests would load them.
    def accept(proposal_id: int) -> Callable[[], Any]:
        return lambda: check_accept_proposal(Order.objects.get(pk=order.pk), proposal_id, client)

    jobs = [accept(p.pk) for p in proposals]
    won, refused = run_together(jobs)
    assert len(won) == 1
    assert len(refused) == 1
    assert refused[0].code == "already_assigned"
    order.refresh_from_db()
    assert order.status == OrderStatus.ASSIGNED
    assert order.accepted_proposal_id == won[0].pk
    statuses = sorted(order.proposals.values_list("status", flat=True))
    assert statuses == [ProposalStatus.ACCEPTED, ProposalStatus.DECLINED]
