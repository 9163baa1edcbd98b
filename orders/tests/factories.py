"""Orders, members with resource maps, products and shops for tests, built through services."""

from __future__ import annotations

from datetime import timedelta
from decimal import Decimal
from typing import Any

from conftest import make_member
from core.models import Industry, Town
from members.models import Member, User
from orders.models import Order
from orders.services import OrderData, check_create_order, check_publish_order
from projects.models import MembershipStatus, Project, TeamMembership
from resources.services import ItemData, do_add_item

DEFAULT_BRIEF = "Нужны сувениры ручной работы с символикой фестиваля: магниты и кружки, 200 штук."


def order_data(**fields: Any) -> OrderData:
    from django.utils import timezone

    defaults: dict[str, Any] = {
        "title": "Сувениры к фестивалю",
        "brief": DEFAULT_BRIEF,
        "town": Town.objects.get(slug="kirovsk"),
        "budget_min": Decimal("50000.00"),
        "budget_max": Decimal("80000.00"),
        "deadline": timezone.localdate() + timedelta(days=30),
        "industries": [Industry.objects.get(slug="folk-crafts")],
    }
    defaults.update(fields)
    return OrderData(**defaults)


def make_order(client: User, *, publish: bool = True, **fields: Any) -> Order:
    order = check_create_order(client, order_data(**fields))
    if publish:
        order = check_publish_order(order, client)
    return order


def make_maker(
    email: str, name: str, offers: list[str], *, town: str = "kirovsk", **roles: bool
) -> Member:
    user = User.objects.create_user(email, "x" * 12, is_resident=True, **roles)
    member = make_member(
        user,
        Town.objects.get(slug=town),
        [Industry.objects.get(slug="folk-crafts")],
        display_name=name,
    )
    for text in offers:
        do_add_item(member, ItemData("offer", "skill", text, "members"))
    return member


def make_team(owner: Member, *members: Member, title: str = "Команда ярмарки") -> Project:
    """Return a project whose producer team is the owner and the members, all confirmed."""
    project = Project.objects.create(title=title, summary="Команда", owner=owner)
    for member in members:
        TeamMembership.objects.create(
            project=project, member=member, status=MembershipStatus.CONFIRMED
        )
    return project


def orders_matrix_args(cast: dict[str, User]) -> dict[str, list[Any]]:
    """Objects for `core/tests/test_permissions_matrix.py`: the client's open order (the
    producer proposed, the resident too), the client's order the resident is working on (with
    a brief file), a draft."""
    from django.core.files.uploadedfile import SimpleUploadedFile

    from orders.services import (
        ProposalData,
        check_accept_proposal,
        check_submit_proposal,
        check_take_action,
    )

    client, resident, producer = cast["client"], cast["resident"], cast["producer"]
    work = ProposalData(Decimal(40_000), 10, "Сделаю")
    open_order = make_order(client, title="Открытый заказ")
    withdrawable = check_submit_proposal(open_order, resident.member, work)
    check_submit_proposal(open_order, producer.member, work)
    in_work = check_create_order(
        client, order_data(title="Заказ в работе"), [SimpleUploadedFile("tz.txt", b"brief")]
    )
    check_publish_order(in_work, client)
    chosen = check_submit_proposal(in_work, resident.member, work)
    check_accept_proposal(in_work, chosen.pk, client)
    in_work.refresh_from_db()
    check_take_action(in_work, resident, "start")
    draft = make_order(client, publish=False, title="Черновик")
    return {
        "orders:detail": [in_work.pk],
        "orders:edit": [draft.pk],
        "orders:act": [in_work.pk],
        "orders:forward": [open_order.pk],
        "orders:propose": [open_order.pk],
        "orders:compare": [open_order.pk],
        "orders:accept_proposal": [open_order.pk, chosen.pk],
        "orders:messages": [in_work.pk],
        "orders:deliver": [in_work.pk],
        "orders:review": [in_work.pk],
        "orders:withdraw_proposal": [withdrawable.pk],
        "orders:attachment": [in_work.attachments.get().pk],
    }
