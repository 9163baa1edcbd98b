"""The order pages: every template renders, lists run constant queries, and
forms report rule breaks as field errors with nothing written."""

from __future__ import annotations

from collections.abc import Callable
from datetime import date, timedelta
from decimal import Decimal
from typing import Any

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from django.utils import timezone

from core.models import Town
from members.models import Member, User
from orders.models import Order, OrderStatus, Proposal
from orders.services import (
    ProposalData,
    check_accept_proposal,
    check_deliver,
    check_submit_proposal,
    check_take_action,
)
from orders.tests.factories import make_maker, make_order, make_team

HTMX = {"HTTP_HX_REQUEST": "true"}


def page(response: Any) -> str:
    assert response.status_code == 200, response.status_code
    return response.content.decode()


def proposal(price: str = "60000") -> ProposalData:
    return ProposalData(Decimal(price), 14, "Сделаем к фестивалю")


def test_a_client_posts_an_order_with_a_file_and_publishes_it(
    customer: User, potter: Member, login: Callable[..., Any]
) -> None:
    deadline = timezone.localdate() + timedelta(days=20)
    sketch = SimpleUploadedFile("эскиз.pdf", b"%PDF-1.4 sketch")
    response = login(customer).post(
        reverse("orders:create"),
        {
            "title": "Магниты к фестивалю",
            "brief": "200 сувенирных магнитов ручной работы с логотипом",
            "industries": ["folk-crafts"],
            "town": "kirovsk",
            "budget_min": "30000",
            "budget_max": "45000",
            "deadline": deadline.isoformat(),
            "attachments": [sketch],
            "publish": "1",
        },
    )
    order = Order.objects.get()
    assert response.status_code == 302
    assert response.url == reverse("orders:detail", args=[order.pk])
    assert order.status == OrderStatus.PUBLISHED
    assert order.attachments.get().name == "эскиз.pdf"
    assert order.routes.filter(member=potter).exists()


@pytest.mark.parametrize(
    ("fields", "field"),
    [
        ({"budget_min": "50000", "budget_max": "40000"}, "budget_max"),
        ({"budget_min": "-100"}, "budget_min"),
        ({"deadline": "2020-01-01"}, "deadline"),
    ],
)
def test_bad_orders_show_a_field_error_and_save_nothing(
    customer: User, login: Callable[..., Any], fields: dict[str, str], field: str
) -> None:
    data = {
        "title": "Магниты",
        "brief": "Магниты",
        "town": "kirovsk",
        "budget_min": "1000",
        "budget_max": "2000",
        "deadline": (timezone.localdate() + timedelta(days=3)).isoformat(),
        **fields,
    }
    response = login(customer).post(reverse("orders:create"), data)
    assert response.status_code == 200
    assert response.context["form"].errors[field]
    assert not Order.objects.exists()


def test_the_board_filters_and_runs_constant_queries(
    customer: User, potter: Member, login: Callable[..., Any], django_assert_num_queries: Any
) -> None:
    for n in range(3):
        make_order(customer, title=f"Сувениры {n}")
    make_order(
        customer,
        title="Фотосессия",
        brief="Съёмка коллекции одежды на натуре",
        town=Town.objects.get(slug="murmansk"),
    )
    client = login(potter.user)
    client.get(reverse("orders:board"))  # warm the matching index and caches
    # session, user, member, orders page with proposal counts and "sent to me", industries of
    # the page, towns and industries of the filter form, cluster settings and unread
    # notifications (context processor)
    with django_assert_num_queries(9):
        content = page(client.get(reverse("orders:board")))
    assert content.count("data-order=") == 4
    assert 'data-test="routed-to-me"' in content
    filtered = page(client.get(reverse("orders:board"), {"town": "murmansk"}, **HTMX))
    assert filtered.count("data-order=") == 1
    mine = page(client.get(reverse("orders:board"), {"for_me": "on"}, **HTMX))
    assert mine.count("data-order=") == 3


def test_the_board_pages_without_counting(
    customer: User, potter: Member, login: Callable[..., Any]
) -> None:
    from orders.queries import BOARD_PAGE_SIZE

    for n in range(BOARD_PAGE_SIZE + 1):
        Order.objects.create(
            client=customer,
            title=f"Заказ {n}",
            brief="…",
            town=potter.town,
            budget_min=1,
            budget_max=2,
            deadline=date(2030, 1, 1),
            status=OrderStatus.PUBLISHED,
            published_at=timezone.now() - timedelta(minutes=n),
        )
    client = login(potter.user)
    first = page(client.get(reverse("orders:board")))
    assert 'data-test="next-page"' in first
    assert "Заказ 0" in first
    second = page(client.get(reverse("orders:board"), {"page": "2"}))
    assert second.count("data-order=") == 1
    assert "Заказ 20" in second
    # Past the end, or absurdly far, the board shows its last page (it used to answer 500);
    # only then are the rows counted.
    for far in ("3", str(10**30)):
        response = client.get(reverse("orders:board"), {"page": far})
        assert response.context["page"].number == 2
        assert page(response).count("data-order=") == 1
    api = client.get("/api/v1/orders", {"page": str(10**30)})
    assert api.status_code == 422
    assert api.json()["code"] == "invalid_input"
    api = client.get("/api/v1/orders", {"page": "3"})
    assert api.status_code == 404
    assert api.json()["code"] == "page_not_found"
    assert client.get("/api/v1/orders", {"page": "2"}).json()["page"] == 2


def test_the_routed_member_sees_why_and_proposes(
    customer: User, potter: Member, login: Callable[..., Any]
) -> None:
    order = make_order(customer)
    client = login(potter.user)
    content = page(client.get(reverse("orders:detail", args=[order.pk])))
    assert 'data-test="why-me"' in content
    assert 'data-reason="offer"' in content
    assert 'data-test="propose"' in content
    for_me = page(client.get(reverse("orders:for_me")))
    assert f'data-order="{order.pk}"' in for_me
    form = page(client.get(reverse("orders:propose", args=[order.pk])))
    assert 'data-test="proposal-form"' in form
    response = client.post(
        reverse("orders:propose", args=[order.pk]),
        {
            "price": "55000",
            "days": "12",
            "message": "Сделаю",
            "shares-TOTAL_FORMS": "4",
            "shares-INITIAL_FORMS": "0",
        },
    )
    assert response.status_code == 302
    assert Proposal.objects.get().price == Decimal("55000.00")


def test_the_proposal_page_refuses_an_outsider_share_on_the_row(
    customer: User,
    potter: Member,
    carver: Member,
    photographer: Member,
    login: Callable[..., Any],
) -> None:
    order = make_order(customer)
    make_team(potter, carver)
    client = login(potter.user)
    form = page(client.get(reverse("orders:propose", args=[order.pk])))
    # The list offers the team only.
    assert f'value="{carver.pk}"' in form
    assert f'value="{photographer.pk}"' not in form
    response = client.post(
        reverse("orders:propose", args=[order.pk]),
        {
            "price": "55000",
            "days": "12",
            "message": "Сделаем вместе",
            "shares-TOTAL_FORMS": "2",
            "shares-INITIAL_FORMS": "0",
            "shares-0-member": str(potter.pk),
            "shares-0-share": "50",
            "shares-1-member": str(photographer.pk),
            "shares-1-share": "50",
        },
    )
    formset = response.context["formset"]
    assert formset.forms[0].errors == {}
    assert formset.forms[1].errors.as_data()["member"][0].code == "not_a_teammate"
    assert 'id="id_shares-1-member_errors"' in page(response)
    assert not Proposal.objects.exists()


def test_the_order_page_names_people_never_by_their_email(
    potter: Member, login: Callable[..., Any]
) -> None:
    from orders.services import check_post_message

    client_user = User.objects.create_user("ivan.client@example.ru", "x" * 12, is_client=True)
    olga = make_maker("olga.walk@example.ru", "Ольга Вальк", ["Сувениры ручной работы"])
    order = make_order(client_user)
    chosen = check_submit_proposal(order, olga, proposal())
    check_accept_proposal(order, chosen.pk, client_user)
    check_post_message(order, client_user, "Когда будут эскизы?")
    check_post_message(order, olga.user, "В пятницу.")
    content = page(login(client_user).get(reverse("orders:detail", args=[order.pk])))
    history = content[content.index('data-test="history"') :]
    assert "Ольга Вальк" in history
    assert 'data-test="message"' in content
    assert "@example.ru" not in content
    # The review a member received, on their profile, names its author the same way.
    order.refresh_from_db()
    check_take_action(order, olga.user, "start")
    check_deliver(order, olga.user, "Готово", [])
    check_take_action(order, client_user, "accept_delivery")
    from orders.services import check_leave_review

    check_leave_review(order, client_user, 5, "Спасибо")
    profile = page(login(None).get(reverse("members:detail", args=[olga.pk])))
    assert 'data-test="profile-review"' in profile
    assert "@example.ru" not in profile


def test_the_order_page_writes_roubles_without_zero_kopecks(
    customer: User, potter: Member, carver: Member, login: Callable[..., Any]
) -> None:
    order = make_order(customer, budget_min=Decimal("50000"), budget_max=Decimal("100000"))
    check_submit_proposal(order, potter, proposal("80000"))
    check_submit_proposal(order, carver, proposal("80000.50"))
    client = login(customer)
    for name in ("orders:detail", "orders:compare"):
        content = page(client.get(reverse(name, args=[order.pk])))
        assert "50\u00a0000–100\u00a0000\u00a0₽" in content
        assert "80\u00a0000\u00a0₽" in content
        assert "80\u00a0000,00" not in content
        assert "80\u00a0000,50\u00a0₽" in content  # kopecks stay when there are some


def test_a_proposal_on_a_cancelled_order_shows_the_code(
    customer: User, potter: Member, login: Callable[..., Any]
) -> None:
    order = make_order(customer)
    client = login(potter.user)
    check_submit_proposal(order, potter, proposal())
    check_take_action(order, customer, "cancel")
    answer = {"price": "1", "days": "1", "message": "x"}
    shares = {"shares-TOTAL_FORMS": "0", "shares-INITIAL_FORMS": "0"}
    response = client.post(reverse("orders:propose", args=[order.pk]), {**answer, **shares})
    assert response.status_code == 409
    assert 'data-error-code="order_not_open"' in response.content.decode()


@pytest.mark.parametrize(
    "answer",
    [
        {"price": "-5", "days": "0", "message": "Сделаю"},
        {"price": "0", "days": "400", "message": ""},
    ],
)
def test_a_proposal_shows_every_field_mistake_at_once(
    answer: dict[str, str], customer: User, potter: Member, login: Callable[..., Any]
) -> None:
    order = make_order(customer)
    shares = {"shares-TOTAL_FORMS": "0", "shares-INITIAL_FORMS": "0"}

    response = login(potter.user).post(
        reverse("orders:propose", args=[order.pk]), {**answer, **shares}
    )

    content = page(response)
    for field in ("price", "days") + (("message",) if not answer["message"] else ()):
        assert f'id="id_{field}_errors"' in content, field
    assert not Proposal.objects.exists()


def test_a_team_proposal_shows_the_shares_mistake_with_the_fields_ones(
    customer: User, potter: Member, carver: Member, login: Callable[..., Any]
) -> None:
    order = make_order(customer)
    make_team(potter, carver)
    answer = {"price": "-5", "days": "0", "message": ""}
    shares = {
        "shares-TOTAL_FORMS": "4",
        "shares-INITIAL_FORMS": "0",
        "shares-0-member": str(potter.pk),
        "shares-0-share": "30",
        "shares-1-member": str(carver.pk),
        "shares-1-share": "30",
    }

    response = login(potter.user).post(
        reverse("orders:propose", args=[order.pk]), {**answer, **shares}
    )

    content = page(response)
    for field in ("price", "days", "message"):
        assert f'id="id_{field}_errors"' in content, field
    assert [e.code for e in response.context["form"].non_field_errors().as_data()] == [
        "shares_total"
    ]
    # The two rows left empty are no mistake.
    assert [f.errors for f in response.context["formset"].forms[2:]] == [{}, {}]
    assert not Proposal.objects.exists()


def test_the_extra_team_rows_are_optional_but_a_half_filled_one_is_not(
    customer: User, potter: Member, carver: Member, login: Callable[..., Any]
) -> None:
    order = make_order(customer)
    make_team(potter, carver)
    client = login(potter.user)
    form = page(client.get(reverse("orders:propose", args=[order.pk])))
    team = form[form.index('data-test="team"') :]
    assert 'aria-hidden="true">*</span>' not in team

    response = client.post(
        reverse("orders:propose", args=[order.pk]),
        {
            "price": "55000",
            "days": "12",
            "message": "Сделаем вместе",
            "shares-TOTAL_FORMS": "4",
            "shares-INITIAL_FORMS": "0",
            "shares-0-member": str(potter.pk),
            "shares-0-share": "60",
            "shares-1-member": str(carver.pk),
            "shares-2-share": "40",
        },
    )

    rows = response.context["formset"].forms
    assert rows[1].errors.as_data()["share"][0].code == "required"
    assert rows[2].errors.as_data()["member"][0].code == "required"
    assert rows[3].errors == {}
    assert not Proposal.objects.exists()


def test_the_client_compares_and_accepts_and_a_stranger_cannot(
    customer: User, potter: Member, carver: Member, login: Callable[..., Any]
) -> None:
    order = make_order(customer)
    first = check_submit_proposal(order, potter, proposal())
    check_submit_proposal(order, carver, proposal("58000"))
    compare = page(login(customer).get(reverse("orders:compare", args=[order.pk])))
    assert compare.count('data-test="accept"') == 2
    assert login(potter.user).get(reverse("orders:compare", args=[order.pk])).status_code == 404
    url = reverse("orders:accept_proposal", args=[order.pk, first.pk])
    refused = login(carver.user).post(url)
    assert refused.status_code == 409
    assert 'data-error-code="not_your_order"' in refused.content.decode()
    assert login(customer).post(url).status_code == 302
    order.refresh_from_db()
    assert order.performer == potter


@pytest.fixture
def delivered(customer: User, potter: Member) -> Order:
    order = make_order(customer)
    chosen = check_submit_proposal(order, potter, proposal())
    check_accept_proposal(order, chosen.pk, customer)
    order.refresh_from_db()
    check_take_action(order, potter.user, "start")
    check_deliver(order, potter.user, "Готово", [SimpleUploadedFile("итог.txt", "Готово".encode())])
    return order


def test_the_work_page_delivers_messages_and_reviews(
    delivered: Order, customer: User, potter: Member, carver: Member, login: Callable[..., Any]
) -> None:
    client = login(customer)
    content = page(client.get(reverse("orders:detail", args=[delivered.pk])))
    assert 'data-test="action-accept_delivery"' in content
    file_id = delivered.attachments.get().pk
    download = client.get(reverse("orders:attachment", args=[file_id]))
    assert download.status_code == 200
    assert b"".join(download.streaming_content) == "Готово".encode()
    assert login(carver.user).get(reverse("orders:attachment", args=[file_id])).status_code == 404
    messages_url = reverse("orders:messages", args=[delivered.pk])
    posted = page(client.post(messages_url, {"text": "Спасибо!"}, **HTMX))
    assert posted.count('data-test="message"') == 1
    assert login(carver.user).get(messages_url).status_code == 404
    act = reverse("orders:act", args=[delivered.pk])
    assert client.post(act, {"action": "accept_delivery"}).status_code == 302
    review = client.post(
        reverse("orders:review", args=[delivered.pk]), {"rating": "5", "text": "Супер"}
    )
    assert review.status_code == 302
    profile = page(login(None).get(reverse("members:detail", args=[potter.pk])))
    assert 'data-test="profile-reviews"' in profile
    assert 'data-rating="5"' in profile


def test_my_orders_and_moderation_pages(
    customer: User, curator: User, login: Callable[..., Any], django_assert_num_queries: Any
) -> None:
    from orders.models import OrderSettings

    OrderSettings.objects.create(moderate_orders=True)
    for n in range(3):
        make_order(customer, title=f"Заказ {n}")
    client = login(customer)
    # session, user, orders with proposal counts, industries, cluster settings, notifications
    with django_assert_num_queries(6):
        content = page(client.get(reverse("orders:mine")))
    assert content.count("data-order=") == 3
    queue = page(login(curator).get(reverse("orders:moderation")))
    assert queue.count('data-status="moderation"') == 3


def test_orders_for_me_and_the_comparison_run_constant_queries(
    customer: User,
    potter: Member,
    carver: Member,
    login: Callable[..., Any],
    django_assert_num_queries: Any,
) -> None:
    for n in range(3):
        order = make_order(customer, title=f"Сувениры {n}")
        check_submit_proposal(order, potter, proposal())
        check_submit_proposal(order, carver, proposal("58000"))
    # session, user, member, routes with orders and answered flags, my proposals, my work,
    # industries of my work (none: no prefetch query), cluster settings, unread notifications
    maker = login(potter.user)
    with django_assert_num_queries(8):
        content = page(maker.get(reverse("orders:for_me")))
    assert content.count('data-status="submitted"') == 3
    client = login(customer)
    # session, user, member (none: the client is not one), order (access), proposals with
    # authors and towns, their shares, ratings, cluster settings, unread notifications
    with django_assert_num_queries(9):
        compare = page(client.get(reverse("orders:compare", args=[order.pk])))
    assert compare.count('data-test="accept"') == 2


def test_the_moderation_queue_runs_constant_queries(
    customer: User, curator: User, login: Callable[..., Any], django_assert_num_queries: Any
) -> None:
    from orders.models import OrderSettings

    OrderSettings.objects.create(moderate_orders=True)
    for n in range(3):
        make_order(customer, title=f"Заказ {n}")
    agency = login(curator)
    # session, user, orders with towns and clients, their industries, cluster settings,
    # unread notifications
    with django_assert_num_queries(6):
        page(agency.get(reverse("orders:moderation")))


def test_a_proposal_names_the_person_and_their_organisation(
    customer: User, potter: Member, login: Callable[..., Any]
) -> None:
    from members.models import Kind

    potter.kind = Kind.ORGANISATION
    potter.save(update_fields=["kind"])
    potter.user.first_name, potter.user.last_name = "Ольга", "Гончарова"
    potter.user.save(update_fields=["first_name", "last_name"])
    order = make_order(customer)
    check_submit_proposal(order, potter, proposal())
    acting = "Ольга Гончарова, Гончарная мастерская «Глина»"
    client = login(customer)
    assert acting in page(client.get(reverse("orders:compare", args=[order.pk])))
    assert acting in page(client.get(reverse("orders:detail", args=[order.pk])))


def test_told_members_and_co_performers_name_the_person_acting(
    customer: User, potter: Member, curator: User, login: Callable[..., Any]
) -> None:
    from members.models import Kind
    from orders.forms import ShareForm
    from orders.models import RoutedMember

    potter.kind = Kind.ORGANISATION
    potter.save(update_fields=["kind"])
    potter.user.first_name, potter.user.last_name = "Ольга", "Гончарова"
    potter.user.save(update_fields=["first_name", "last_name"])
    acting = "Ольга Гончарова, Гончарная мастерская «Глина»"
    order = make_order(customer)
    RoutedMember.objects.get_or_create(order=order, member=potter)
    told = page(login(curator).get(reverse("orders:detail", args=[order.pk])))
    assert f'data-member="{potter.pk}"><a href="/members/{potter.pk}/">{acting}</a>' in told
    form = ShareForm(author=potter, teammates=Member.objects.filter(pk=potter.pk))
    assert (potter.pk, acting) in form.fields["member"].widget.choices


def test_the_comparison_of_no_proposals_says_so(customer: User, login: Callable[..., Any]) -> None:
    order = make_order(customer)
    content = page(login(customer).get(reverse("orders:compare", args=[order.pk])))
    assert "Предложений пока нет." in content
    assert 'data-test="compare"' not in content
