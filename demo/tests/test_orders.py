from __future__ import annotations

from collections.abc import Callable
from decimal import Decimal
from typing import Any

import pytest
from django.core import mail
from django.urls import reverse

from demo.events import load_events
from demo.orders import load_orders
from demo.projects import load_projects
from demo.region import load_region
from members.models import Member
from orders.models import Order, OrderStatus, ProposalShare, Review
from shops.models import PointOfSale
from shops.statements import maker_statement, point_month


@pytest.mark.slow  # loads the demo twice
def test_the_demo_orders_and_shop_replay_the_story_and_load_twice(
    db: None, login: Callable[..., Any]
) -> None:
    load_region()
    load_events()
    load_projects()
    first = load_orders()
    assert load_orders() == first
    assert first == {"orders": 4, "points": 1, "sales": 39}
    assert mail.outbox == []

    by_key = {order.external_id: order for order in Order.objects.all()}
    souvenirs = by_key["demo-order-festival-souvenirs"]
    assert souvenirs.client.member.external_id == "monchegorsk-administration"
    assert souvenirs.status == OrderStatus.IN_PROGRESS
    assert souvenirs.performer is not None
    assert souvenirs.performer.external_id == "viktor-lapin"
    assert souvenirs.routes.count() == 8
    photos = by_key["demo-order-report-photos"]
    assert photos.status == OrderStatus.CLOSED
    assert photos.reviews.count() == 2
    package = by_key["demo-order-metallurgist-day"]
    assert package.status == OrderStatus.PROPOSALS
    team = ProposalShare.objects.filter(proposal__order=package)
    assert sum((share.share for share in team), Decimal(0)) == Decimal(100)
    assert team.first().proposal.project.external_id == "demo-monchegorsk-fair"  # type: ignore[union-attr]
    assert by_key["demo-order-festival-merch"].status == OrderStatus.PUBLISHED

    shop = PointOfSale.objects.get()
    assert shop.partner.external_id == "arina-solovyova"
    assert shop.town.slug == "kirovsk"
    month = point_month(shop, 2026, 5)
    assert len(month.makers) >= 5
    for field in ("sold", "commission", "payout"):
        assert sum((getattr(m.totals, field) for m in month.makers), Decimal(0)) == getattr(
            month.totals, field
        )
    carver = Member.objects.get(external_id="nikolay-bystrov")
    statement = maker_statement(carver, 2026, 5)
    assert {line.product for line in statement.lines} == {
        "Набор «Хибины в ладонях»",
        "Резная ложка из карельской берёзы",
    }
    assert Review.objects.filter(subject=photos.performer.user).exists()  # type: ignore[union-attr]

    arina = login(shop.partner.user)
    assert arina.get(reverse("shops:point", args=[shop.pk])).status_code == 200
    assert arina.get(reverse("shops:point_month", args=[shop.pk])).status_code == 200
    client = login(package.client)
    assert client.get(reverse("orders:compare", args=[package.pk])).status_code == 200
