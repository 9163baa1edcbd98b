"""Every place a member can appear follows one rule (docs/adr/0008-who-sees-a-member.md).

A member without consent to a public profile, or one who left, appears to no one but the
curators: not in the directory, on a profile, among partners, in team suggestions, in order
routing or in meeting suggestions, and cannot be invited to a team. The same member with a
public profile appears in all of them, so each check below can fail.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import timedelta
from typing import Any

import pytest
from django.test import Client
from django.utils import timezone

from conftest import make_member
from core.models import Notification
from core.services import do_create_api_token
from events.models import Event
from events.services import check_register
from events.tests.factories import make_event
from meetings.services import check_opt_in, check_set_up_meetings
from members.models import Member, User
from orders.models import Order, RoutedMember
from orders.tests.factories import make_order
from projects.models import Project, TeamMembership
from projects.services import check_add_role
from projects.tests.factories import idea
from resources.services import ItemData, do_add_item

NAME = "Невидимая фотостудия"
NOBODY = 987654321
Page = Callable[[User | None], Client]


def api(user: User) -> Client:
    _token, key = do_create_api_token(user, "test")
    return Client(HTTP_AUTHORIZATION=f"Bearer {key}")


def add(member: Member, direction: str, type_: str, text: str) -> None:
    do_add_item(member, ItemData(direction, type_, text, "members"))


@pytest.fixture(params=["public", "not_public", "inactive"])
def state(request: pytest.FixtureRequest) -> str:
    return str(request.param)


@pytest.fixture
def studio(state: str, resident: User, town: Any, industry: Any) -> Member:
    """A photographer every list would suggest to the resident, the producer and the client."""
    resident.member.wants = "Ищем фотографа для предметной съёмки каталога керамики"
    resident.member.save(update_fields=["wants"])
    add(resident.member, "need", "skill", "Нужен фотограф для каталога изделий")
    add(resident.member, "offer", "equipment", "Муфельная печь для обжига керамики")
    user = User.objects.create_user("studio@example.org", "x" * 12, is_resident=True)
    member = make_member(
        user,
        town,
        [industry],
        display_name=NAME,
        about="Предметная фотосъёмка для каталогов и маркетплейсов",
        wants="Ищу мастерскую керамики, чтобы снимать обжиг",
        public_profile=state != "not_public",
    )
    add(member, "offer", "skill", "Предметная фотосъёмка для каталогов")
    add(member, "need", "equipment", "Ищу печь для обжига, чтобы снимать процесс")
    return member


@pytest.fixture
def hide(state: str, studio: Member) -> Callable[[], None]:
    """Make the member leave once the objects that need them active are built."""

    def _hide() -> None:
        if state == "inactive":
            Member.objects.filter(pk=studio.pk).update(is_active=False)

    return _hide


@pytest.fixture
def project(producer: User, studio: Member) -> Project:
    project = idea(producer)
    check_add_role(project, producer, "photographer", "Снять каталог изделий")
    return project


@pytest.fixture
def meetings(curator: User, resident: User, studio: Member) -> Event:
    starts = timezone.now().replace(microsecond=0) + timedelta(days=14)
    event = make_event(starts_at=starts, organisers=[curator])
    for user in (resident, studio.user):
        check_register(event, user)
    check_set_up_meetings(event, 2, [(starts, starts + timedelta(minutes=20))])
    for user in (resident, studio.user):
        check_opt_in(event, user)
    return event


@pytest.fixture
def order(client_user: User, studio: Member, hide: Callable[[], None]) -> Order:
    hide()  # before publishing: routing runs then
    return make_order(
        client_user,
        title="Фотосъёмка каталога",
        brief="Нужна предметная фотосъёмка для каталогов: 50 изделий из керамики.",
    )


def _shown(response: Any) -> bool:
    assert response.status_code == 200
    return NAME.encode() in response.content


def _ids(rows: list[dict[str, Any]], key: str) -> set[int]:
    return {row[key] for row in rows}


def test_a_member_appears_only_where_their_consent_allows(
    state: str,
    studio: Member,
    hide: Callable[[], None],
    project: Project,
    meetings: Event,
    order: Order,
    resident: User,
    producer: User,
    curator: User,
    login: Page,
) -> None:
    public = state == "public"
    pk = studio.pk

    # The directory, for a guest and a member, page and API.
    for viewer in (None, resident):
        assert _shown(login(viewer).get("/members/", {"q": "фотостудия"})) is public
        results = login(viewer).get("/api/v1/members", {"q": "фотостудия"}).json()["results"]
        assert (pk in _ids(results, "id")) is public
    # The profile, page and API.
    for viewer in (None, resident):
        expected = 200 if public else 404
        assert login(viewer).get(f"/members/{pk}/").status_code == expected
        assert login(viewer).get(f"/api/v1/members/{pk}").status_code == expected
    # The resident's partners, page and API.
    assert _shown(login(resident).get("/partners/")) is public
    matches = api(resident).get(f"/api/v1/members/{resident.member.pk}/matches").json()
    assert (pk in _ids(matches, "partner")) is public
    # The partners offered for a new partnership map.
    assert _shown(login(resident).get("/partnerships/")) is public
    # The producer's team suggestions, page and API.
    assert _shown(login(producer).get(f"/projects/{project.pk}/team/")) is public
    gaps = api(producer).get(f"/api/v1/projects/{project.pk}/suggestions").json()
    suggested = {c["member_id"] for gap in gaps for c in gap["candidates"]}
    assert (pk in suggested) is public
    # Order routing: who was told about the client's order.
    routed = set(RoutedMember.objects.filter(order=order).values_list("member_id", flat=True))
    assert (pk in routed) is public
    # Meeting suggestions, page and API (the participants list is the meetings' own).
    page = login(resident).get(f"/events/{meetings.pk}/meetings/")
    assert (
        f'data-participant-id="{studio.user.meeting_participations.get().pk}"'
        in page.content.decode().split('id="participants"')[0]
    ) is public
    suggestions = api(resident).get(f"/api/v1/events/{meetings.pk}/meetings/suggestions").json()
    assert (NAME in {s["name"] for s in suggestions}) is public

    # Curators see a member without consent in their own lists; one who left is gone.
    seen = state != "inactive"
    assert _shown(login(curator).get("/members/", {"q": "фотостудия"})) is seen
    assert login(curator).get(f"/members/{pk}/").status_code == 200
    assert _shown(login(curator).get(f"/curator/members/{resident.member.pk}/partners/")) is seen
    matches = api(curator).get(f"/api/v1/members/{resident.member.pk}/matches").json()
    assert (pk in _ids(matches, "partner")) is seen
    more = login(curator).get(f"/orders/{order.pk}/").context["more_candidates"]
    assert (pk in {member.pk for member, _route in more}) is (seen and not public)


def test_inviting_a_hidden_member_answers_as_for_nobody(
    state: str,
    studio: Member,
    hide: Callable[[], None],
    project: Project,
    producer: User,
    login: Page,
) -> None:
    hide()
    client = api(producer)
    url = f"/api/v1/projects/{project.pk}/invitations"
    nobody = client.post(url, {"member_id": NOBODY}, content_type="application/json")
    answer = client.post(url, {"member_id": studio.pk}, content_type="application/json")
    invite_page = f"/projects/{project.pk}/team/invite/"
    page_nobody = login(producer).post(invite_page, {"member": NOBODY})
    nobody_said = [str(m) for m in page_nobody.wsgi_request._messages]  # type: ignore[attr-defined]
    page_answer = login(producer).post(invite_page, {"member": studio.pk})
    said = [str(m) for m in page_answer.wsgi_request._messages]  # type: ignore[attr-defined]
    invited = TeamMembership.objects.filter(member=studio).exists()
    told = Notification.objects.filter(user=studio.user).exists()
    if state == "public":
        assert answer.status_code == 201
        assert invited
        assert told
        return
    assert (answer.status_code, answer.json()) == (nobody.status_code, nobody.json())
    assert nobody.status_code == 422
    assert nobody.json()["code"] == "not_a_member"
    assert (page_answer.status_code, page_answer["Location"], said) == (
        page_nobody.status_code,
        page_nobody["Location"],
        nobody_said,
    )
    assert not invited
    assert not told
