"""The order's life through the services: placing, routing, proposals, the work, reviews."""

from __future__ import annotations

from datetime import timedelta
from decimal import Decimal
from typing import Any

import pytest
from django.core import mail
from django.utils import timezone

from core.models import Notification
from members.models import Member, User
from orders.models import (
    DeliveryStatus,
    Order,
    OrderSettings,
    OrderStatus,
    Proposal,
    ProposalStatus,
    Review,
    RoutedMember,
)
from orders.services import (
    OrderError,
    ProposalData,
    ShareData,
    check_accept_proposal,
    check_create_order,
    check_forward_order,
    check_leave_review,
    check_post_message,
    check_publish_order,
    check_submit_proposal,
    check_take_action,
    check_update_proposal,
    check_withdraw_proposal,
)
from orders.tests.factories import make_order, make_team, order_data


def proposal(price: str = "60000", days: int = 20, **fields: Any) -> ProposalData:
    return ProposalData(
        Decimal(price), days, "Сделаем к фестивалю, образцы через неделю.", **fields
    )


def codes(error: pytest.ExceptionInfo[OrderError]) -> str:
    return error.value.code


# --- Placing -----------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("fields", "code", "field"),
    [
        (
            {"budget_min": Decimal("90000"), "budget_max": Decimal("80000")},
            "budget_range",
            "budget_max",
        ),
        ({"budget_min": Decimal("-1")}, "negative_budget", "budget_min"),
        ({"deadline": timezone.localdate() - timedelta(days=1)}, "deadline_past", "deadline"),
        ({"title": "  "}, "title_required", "title"),
    ],
)
def test_bad_order_data_is_refused_and_nothing_is_written(
    customer: User, fields: dict[str, object], code: str, field: str
) -> None:
    with pytest.raises(OrderError) as error:
        check_create_order(customer, order_data(**fields))
    assert (error.value.code, error.value.field) == (code, field)
    assert not Order.objects.exists()


def test_an_outsider_cannot_place_orders(outsider: User) -> None:
    with pytest.raises(OrderError) as error:
        check_create_order(outsider, order_data())
    assert codes(error) == "not_allowed"


def test_publishing_routes_the_order_to_fitting_members_with_reasons(
    customer: User,
    potter: Member,
    carver: Member,
    photographer: Member,
    django_capture_on_commit_callbacks: Any,
) -> None:
    with django_capture_on_commit_callbacks(execute=True):
        order = make_order(customer)
    assert order.status == OrderStatus.PUBLISHED
    assert order.published_at is not None
    routes = list(RoutedMember.objects.filter(order=order).order_by("rank"))
    assert [r.member_id for r in routes][:2] == [potter.pk, carver.pk]
    assert photographer.pk not in {r.member_id for r in routes}
    reasons = {reason["kind"]: reason for reason in routes[0].reasons}
    assert reasons["offer"]["text"].startswith("Сувениры ручной работы")
    assert reasons["town"]["km"] == 0
    assert reasons["industry"]["industries"] == ["folk-crafts"]
    told = Notification.objects.filter(user=potter.user).get()
    assert told.url == f"/orders/{order.pk}/"
    # Roubles as on the pages: «до 80 000 ₽», not «80000.00».
    assert "80\u00a0000\u00a0₽" in told.text
    assert "80000" not in told.text
    assert any(message.to == [potter.user.email] for message in mail.outbox)


def test_moderation_holds_the_order_until_a_curator_approves(
    customer: User, curator: User, potter: Member
) -> None:
    OrderSettings.objects.create(moderate_orders=True)
    order = make_order(customer)
    assert order.status == OrderStatus.MODERATION
    assert not RoutedMember.objects.exists()
    assert Notification.objects.filter(user=curator).exists()
    with pytest.raises(OrderError) as error:
        check_take_action(order, customer, "approve")
    assert codes(error) == "not_allowed"
    check_take_action(order, curator, "return_to_draft", "Уточните количество")
    order.refresh_from_db()
    assert (order.status, order.moderation_note) == (OrderStatus.DRAFT, "Уточните количество")
    check_publish_order(order, customer)
    check_take_action(order, curator, "approve")
    order.refresh_from_db()
    assert order.status == OrderStatus.PUBLISHED
    assert RoutedMember.objects.filter(order=order, member=potter).exists()


def test_a_curator_forwards_an_order_by_hand_once(
    customer: User, curator: User, photographer: Member
) -> None:
    order = make_order(customer)
    route = check_forward_order(order, photographer, curator, "Нужны фото сувениров")
    assert route.source == "curator"
    assert route.reasons == [{"kind": "curator", "text": "Нужны фото сувениров"}]
    with pytest.raises(OrderError) as error:
        check_forward_order(order, photographer, curator)
    assert codes(error) == "already_routed"
    with pytest.raises(OrderError) as error:
        check_forward_order(order, photographer, customer)
    assert codes(error) == "not_allowed"


# --- Proposals ---------------------------------------------------------------------------


def test_one_proposal_per_member_editable_until_the_client_picks(
    customer: User, potter: Member, carver: Member
) -> None:
    order = make_order(customer)
    mine = check_submit_proposal(order, potter, proposal())
    order.refresh_from_db()
    assert order.status == OrderStatus.PROPOSALS
    answered = Notification.objects.filter(user=customer).latest("pk")
    assert "60\u00a0000\u00a0₽" in answered.text
    assert "60000" not in answered.text
    with pytest.raises(OrderError) as error:
        check_submit_proposal(order, potter, proposal("50000"))
    assert codes(error) == "proposal_exists"
    check_update_proposal(mine, potter, proposal("55000", 15))
    mine.refresh_from_db()
    assert (mine.price, mine.days) == (Decimal("55000.00"), 15)
    other = check_submit_proposal(order, carver, proposal("70000"))
    check_accept_proposal(order, other.pk, customer)
    with pytest.raises(OrderError) as error:
        check_update_proposal(mine, potter, proposal("40000"))
    assert codes(error) == "proposal_locked"
    mine.refresh_from_db()
    assert (mine.status, mine.price) == (ProposalStatus.DECLINED, Decimal("55000.00"))


@pytest.mark.parametrize(
    ("price", "days", "code"),
    [("0", 10, "price_not_positive"), ("-5", 10, "price_not_positive"), ("100", 0, "days_range")],
)
def test_bad_proposals_are_refused(
    customer: User, potter: Member, price: str, days: int, code: str
) -> None:
    order = make_order(customer)
    with pytest.raises(OrderError) as error:
        check_submit_proposal(order, potter, proposal(price, days))
    assert codes(error) == code
    assert not Proposal.objects.exists()


def test_a_proposal_on_a_closed_order_is_refused(
    customer: User, potter: Member, carver: Member
) -> None:
    order = make_order(customer)
    check_take_action(order, customer, "cancel", "Передумали")
    with pytest.raises(OrderError) as error:
        check_submit_proposal(order, potter, proposal())
    assert codes(error) == "order_not_open"
    draft = make_order(customer, publish=False)
    with pytest.raises(OrderError):
        check_submit_proposal(draft, carver, proposal())
    assert not Proposal.objects.exists()


def test_the_client_cannot_answer_their_own_order(potter: Member) -> None:
    order = make_order(potter.user)
    with pytest.raises(OrderError) as error:
        check_submit_proposal(order, potter, proposal())
    assert codes(error) == "own_order"


def test_team_shares_must_add_up_to_one_hundred(
    customer: User, potter: Member, carver: Member, photographer: Member
) -> None:
    order = make_order(customer)
    make_team(potter, carver, photographer)

    def team(*shares: str) -> ProposalData:
        members = [potter, carver, photographer]
        return proposal(
            shares=[ShareData(m, Decimal(s)) for m, s in zip(members, shares, strict=False)],
            team_name="Сувениры Хибин",
        )

    for shares, code in [
        (("60", "30"), "shares_total"),
        (("50", "50.01"), "shares_total"),
        (("100",), "team_too_small"),
        (("0", "100"), "share_not_positive"),
    ]:
        with pytest.raises(OrderError) as error:
            check_submit_proposal(order, potter, team(*shares))
        assert codes(error) == code
    without_me = proposal(
        shares=[ShareData(carver, Decimal(50)), ShareData(photographer, Decimal(50))]
    )
    with pytest.raises(OrderError) as error:
        check_submit_proposal(order, potter, without_me)
    assert codes(error) == "author_not_in_team"
    made = check_submit_proposal(order, potter, team("33.34", "33.33", "33.33"))
    assert sorted(s.share for s in made.shares.all()) == [
        Decimal("33.33"),
        Decimal("33.33"),
        Decimal("33.34"),
    ]
    assert made.is_team


def test_only_teammates_share_a_proposal(
    customer: User, potter: Member, carver: Member, photographer: Member
) -> None:
    order = make_order(customer)
    make_team(potter, carver)
    alone = proposal(shares=[ShareData(potter, Decimal(50)), ShareData(photographer, Decimal(50))])
    with pytest.raises(OrderError) as error:
        check_submit_proposal(order, potter, alone)
    assert (codes(error), error.value.field) == ("not_a_teammate", "shares")
    # Someone in no team at all cannot name a co-performer either.
    with pytest.raises(OrderError) as error:
        check_submit_proposal(
            order,
            photographer,
            proposal(shares=[ShareData(photographer, Decimal(50)), ShareData(potter, Decimal(50))]),
        )
    assert codes(error) == "not_a_teammate"
    assert not order.proposals.exists()
    team = proposal(shares=[ShareData(potter, Decimal(50)), ShareData(carver, Decimal(50))])
    assert check_submit_proposal(order, potter, team).is_team


def test_withdrawing_the_last_proposal_reopens_the_order(customer: User, potter: Member) -> None:
    order = make_order(customer)
    mine = check_submit_proposal(order, potter, proposal())
    check_withdraw_proposal(mine, potter)
    order.refresh_from_db()
    assert order.status == OrderStatus.PUBLISHED
    again = check_submit_proposal(order, potter, proposal("65000"))
    assert again.pk == mine.pk
    assert again.status == ProposalStatus.SUBMITTED


def test_accepting_chooses_one_and_tells_the_others(
    customer: User, potter: Member, carver: Member, partner: User
) -> None:
    order = make_order(customer)
    first = check_submit_proposal(order, potter, proposal())
    second = check_submit_proposal(order, carver, proposal("58000"))
    with pytest.raises(OrderError) as error:
        check_accept_proposal(order, first.pk, partner)
    assert codes(error) == "not_your_order"
    Notification.objects.all().delete()
    check_accept_proposal(order, first.pk, customer)
    order.refresh_from_db()
    second.refresh_from_db()
    assert (order.status, order.performer_id) == (OrderStatus.ASSIGNED, potter.pk)
    assert second.status == ProposalStatus.DECLINED
    assert Notification.objects.filter(user=potter.user).count() == 1
    assert Notification.objects.filter(user=carver.user).count() == 1
    with pytest.raises(OrderError) as error:
        check_accept_proposal(order, second.pk, customer)
    assert codes(error) == "already_assigned"


# --- The work ----------------------------------------------------------------------------


@pytest.fixture
def assigned(customer: User, potter: Member) -> Order:
    order = make_order(customer)
    chosen = check_submit_proposal(order, potter, proposal())
    check_accept_proposal(order, chosen.pk, customer)
    order.refresh_from_db()
    return order


def test_the_work_goes_from_start_to_reviews_and_closes(
    assigned: Order, customer: User, potter: Member
) -> None:
    from orders.services import check_deliver

    with pytest.raises(OrderError) as error:
        check_take_action(assigned, customer, "start")
    assert codes(error) == "not_allowed"
    check_take_action(assigned, potter.user, "start")
    check_post_message(assigned, customer, "Какие цвета глазури?")
    check_post_message(assigned, potter.user, "Синий и белый.")
    check_deliver(assigned, potter.user, "Первая партия, 200 штук")
    check_take_action(assigned, customer, "request_changes", "Логотип крупнее")
    assigned.refresh_from_db()
    assert assigned.status == OrderStatus.IN_PROGRESS
    assert assigned.deliveries.get().status == DeliveryStatus.CHANGES_REQUESTED
    check_deliver(assigned, potter.user, "Исправленная партия")
    with pytest.raises(OrderError) as error:
        check_leave_review(assigned, customer, 5)
    assert codes(error) == "not_reviewable"
    check_take_action(assigned, customer, "accept_delivery")
    check_leave_review(assigned, customer, 5, "Отлично")
    with pytest.raises(OrderError) as error:
        check_leave_review(assigned, customer, 4)
    assert codes(error) == "already_reviewed"
    assigned.refresh_from_db()
    assert assigned.status == OrderStatus.ACCEPTED
    check_leave_review(assigned, potter.user, 5, "Чёткое ТЗ")
    assigned.refresh_from_db()
    assert assigned.status == OrderStatus.CLOSED
    assert assigned.closed_at is not None
    assert Review.objects.get(direction="of_performer").subject == potter.user
    assert Review.objects.get(direction="of_client").subject == customer
    assert list(assigned.events.values_list("target", flat=True)) == [
        "draft", "published", "proposals", "assigned", "in_progress", "delivered",
        "in_progress", "delivered", "accepted", "closed",
    ]  # fmt: skip


def test_a_dispute_is_resolved_by_a_curator(
    assigned: Order, customer: User, potter: Member, curator: User
) -> None:
    check_take_action(assigned, potter.user, "start")
    with pytest.raises(OrderError) as error:
        check_take_action(assigned, customer, "dispute", "")
    assert codes(error) == "note_required"
    check_take_action(assigned, customer, "dispute", "Сроки сорваны")
    assigned.refresh_from_db()
    assert (assigned.status, assigned.disputed_from) == (OrderStatus.DISPUTED, "in_progress")
    with pytest.raises(OrderError) as error:
        check_take_action(assigned, potter.user, "resolve", "ok", "accept")
    assert codes(error) == "not_allowed"
    check_take_action(assigned, curator, "resolve", "Договорились о новом сроке", "continue")
    assigned.refresh_from_db()
    assert assigned.status == OrderStatus.IN_PROGRESS


def test_messages_are_only_between_the_two_sides(
    assigned: Order, carver: Member, customer: User
) -> None:
    with pytest.raises(OrderError) as error:
        check_post_message(assigned, carver.user, "Можно мне?")
    assert codes(error) == "cannot_message"
    open_order = make_order(customer, title="Фотосессия")
    with pytest.raises(OrderError):
        check_post_message(open_order, customer, "Есть кто?")


def test_cancelling_declines_the_waiting_proposals(customer: User, potter: Member) -> None:
    order = make_order(customer)
    mine = check_submit_proposal(order, potter, proposal())
    check_take_action(order, customer, "cancel", "Бюджет урезали")
    mine.refresh_from_db()
    assert mine.status == ProposalStatus.DECLINED
    with pytest.raises(OrderError) as error:
        check_take_action(order, customer, "cancel")
    assert codes(error) == "wrong_state"
