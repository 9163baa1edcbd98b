from __future__ import annotations

from collections.abc import Callable
from typing import Any

import pytest
from django.urls import reverse

from conftest import make_member
from core.models import Industry, Notification, Town
from matching.models import Introduction
from matching.queries import suggestions_for
from matching.services import IntroductionError, do_answer_introduction, do_request_introduction
from members.models import Member, User
from resources.services import ItemData, do_add_item


def add(member: Member, direction: str, type_: str, text: str) -> None:
    do_add_item(member, ItemData(direction, type_, text, "members"))


@pytest.fixture
def potter(resident: User) -> Member:
    member = resident.member
    add(member, "need", "skill", "Нужен фотограф для каталога изделий")
    add(member, "offer", "equipment", "Муфельная печь для обжига керамики")
    return member


@pytest.fixture
def photographer(producer: User) -> Member:
    member = producer.member
    add(member, "offer", "skill", "Предметная фотосъёмка для каталогов")
    add(member, "need", "equipment", "Ищу печь для обжига, чтобы снимать процесс")
    return member


@pytest.fixture
def one_sided(db: None, town: Town, industry: Industry) -> Member:
    user = User.objects.create_user("lens@example.org", "x" * 12, is_resident=True)
    member = make_member(user, town, [industry], display_name="Фотостудия «Объектив»")
    add(member, "offer", "skill", "Фотосъёмка для каталогов и сайтов")
    add(member, "need", "finance", "Ищем инвестора для студии")
    return member


def test_a_two_sided_partner_ranks_above_a_one_sided_one_with_reasons(
    potter: Member, photographer: Member, one_sided: Member
) -> None:
    suggestions = suggestions_for(potter)
    assert [s.partner for s in suggestions[:2]] == [photographer, one_sided]
    assert suggestions[0].two_sided
    assert not suggestions[1].two_sided
    reasons = " ".join(suggestions[0].reasons)
    assert "Нужен фотограф для каталога изделий" in reasons
    assert "Предметная фотосъёмка для каталогов" in reasons
    assert "Муфельная печь для обжига керамики" in reasons


def test_an_edit_updates_suggestions_without_a_rebuild(
    potter: Member, photographer: Member
) -> None:
    from matching import live_index

    assert [s.partner for s in suggestions_for(photographer)] == [potter]
    index_before = live_index._index
    user = User.objects.create_user("kiln@example.org", "x" * 12, is_resident=True)
    kiln = make_member(user, potter.town, [], display_name="Печник")
    add(kiln, "offer", "equipment", "Сдаю печь для обжига керамики по часам")
    assert kiln in [s.partner for s in suggestions_for(photographer)]
    assert live_index._index is index_before


def test_the_page_shows_suggestions_in_constant_queries(
    potter: Member,
    photographer: Member,
    one_sided: Member,
    login: Callable[..., Any],
    django_assert_num_queries: Any,
) -> None:
    client = login(potter.user)
    client.get(reverse("matching:suggestions"))  # builds the index
    # session, user, member, cluster settings, unread count, hidden suggestions, index changes,
    # partners with towns, introductions, "has a map"
    with django_assert_num_queries(10):
        response = client.get(reverse("matching:suggestions"))
    assert [s.partner for s in response.context["suggestions"]] == [photographer, one_sided]


def test_hiding_a_suggestion(
    potter: Member, photographer: Member, login: Callable[..., Any]
) -> None:
    login(potter.user).post(reverse("matching:hide_suggestion", args=[photographer.pk]))
    assert photographer not in [s.partner for s in suggestions_for(potter)]


def test_an_introduction_is_asked_accepted_and_opens_contacts(
    potter: Member,
    photographer: Member,
    login: Callable[..., Any],
    django_capture_on_commit_callbacks: Any,
) -> None:
    from django.core import mail

    with django_capture_on_commit_callbacks(execute=True):
        response = login(potter.user).post(
            reverse("matching:request_introduction", args=[photographer.pk]), HTTP_HX_REQUEST="true"
        )
    assert 'data-status="requested"' in response.content.decode()
    introduction = Introduction.objects.get()
    assert introduction.reasons  # the reasons shown when asked are kept
    assert Notification.objects.filter(user=photographer.user).count() == 1
    assert mail.outbox[0].to == [photographer.user.email]

    before = login(potter.user).get(reverse("matching:introductions")).content.decode()
    assert photographer.user.email not in before
    with django_capture_on_commit_callbacks(execute=True):
        login(photographer.user).post(
            reverse("matching:answer_introduction", args=[introduction.pk]), {"answer": "accept"}
        )
    introduction.refresh_from_db()
    assert introduction.status == "accepted"
    after = login(potter.user).get(reverse("matching:introductions")).content.decode()
    assert photographer.user.email in after
    assert Notification.objects.filter(user=potter.user).count() == 1


def test_introductions_refuse_bad_requests(potter: Member, photographer: Member) -> None:
    with pytest.raises(IntroductionError):
        do_request_introduction(potter, potter)
    introduction = do_request_introduction(potter, photographer)
    with pytest.raises(IntroductionError):
        do_request_introduction(potter, photographer)
    with pytest.raises(IntroductionError):
        do_answer_introduction(introduction, potter, accept=True)  # only the recipient answers
    do_answer_introduction(introduction, photographer, accept=False)
    with pytest.raises(IntroductionError):
        do_answer_introduction(introduction, photographer, accept=True)  # answered once
    assert Introduction.objects.get().status == "declined"
    do_request_introduction(potter, photographer)  # a declined one may be asked again
    assert Introduction.objects.count() == 2


def test_curators_see_the_network_and_broker_introductions(
    potter: Member, photographer: Member, curator: User, login: Callable[..., Any]
) -> None:
    client = login(curator)
    page = client.get(reverse("matching:member_suggestions", args=[potter.pk]))
    assert page.context["suggestions"][0].partner == photographer
    client.post(
        reverse("matching:member_suggestions", args=[potter.pk]), {"partner": photographer.pk}
    )
    introduction = Introduction.objects.get()
    assert introduction.brokered_by == curator
    network = client.get(reverse("matching:network"))
    assert network.context["totals"]["brokered"] == 1


def test_a_bulk_change_rebuilds_the_index_instead_of_patching_it(
    potter: Member, photographer: Member, monkeypatch: pytest.MonkeyPatch
) -> None:
    from matching import live_index

    suggestions_for(photographer)
    index_before = live_index._index
    monkeypatch.setattr(live_index, "REBUILD_AFTER_CHANGED_MEMBERS", 0)
    add(potter, "offer", "skill", "Роспись керамики на заказ")
    assert [s.partner for s in suggestions_for(photographer)] == [potter]
    assert live_index._index is not index_before


def test_hidden_members_crowding_the_top_do_not_shorten_a_page(
    db: None, town: Town, industry: Industry
) -> None:
    from matching.engine import Match
    from matching.queries import visible_rankings

    def member(number: int, public: bool) -> Member:
        user = User.objects.create_user(f"m{number}@example.org", "x" * 12, is_resident=True)
        return make_member(user, town, [industry], public_profile=public)

    hidden = [member(n, False) for n in range(5)]
    shown = [member(n, True) for n in range(5, 7)]
    ranked = [Match(m.pk, 1.0 - n / 10) for n, m in enumerate(hidden + shown)]
    asked: list[int] = []

    def ranking(k: int) -> list[Match]:
        asked.append(k)
        return ranked[:k]

    (found,), members = visible_rankings([ranking], 2, Member.objects.listed())
    assert [m.partner_id for m in found] == [m.pk for m in shown]
    assert set(members) == {m.pk for m in shown}
    assert asked == [4, 16]  # asked again, for four times as many, once hidden ones crowded


def test_the_matches_api_leaves_hidden_members_out_in_constant_queries(
    potter: Member,
    photographer: Member,
    one_sided: Member,
    django_assert_num_queries: Any,
) -> None:
    from django.test import Client

    from core.services import do_create_api_token

    one_sided.public_profile = False
    one_sided.save(update_fields=["public_profile"])
    client = Client(HTTP_AUTHORIZATION=f"Bearer {do_create_api_token(potter.user, 't')[1]}")
    url = f"/api/v1/members/{potter.pk}/matches"
    client.get(url)  # builds the index
    # token with its user, last-used update, the caller's member, the member with town, user
    # and industries (2); hidden suggestions, index changes, visible partners with towns,
    # introductions
    with django_assert_num_queries(9):
        body = client.get(url).json()
    assert [m["partner"] for m in body] == [photographer.pk]
