from __future__ import annotations

from typing import Any

import pytest
from django.test import Client

from core.services import do_create_api_token
from members.models import User
from resources.models import ResourceItem
from resources.services import ItemData, do_add_item


def bearer(user: User) -> dict[str, Any]:
    return {"HTTP_AUTHORIZATION": f"Bearer {do_create_api_token(user, 'test')[1]}"}


def payload(**overrides: Any) -> dict[str, Any]:
    data = {
        "direction": "offer",
        "type": "equipment",
        "text": "Гончарный круг",
        "industries": ["folk-crafts"],
    }
    data.update(overrides)
    return data


def test_members_keep_their_map_through_the_api(client: Client, resident: User) -> None:
    auth = bearer(resident)
    created = client.post(
        "/api/v1/me/resources", payload(), content_type="application/json", **auth
    )
    assert created.status_code == 201, created.content
    item = created.json()
    assert item["industries"] == ["folk-crafts"]
    assert item["town"] is None
    changed = client.put(
        f"/api/v1/me/resources/{item['id']}",
        payload(text="Два гончарных круга", town="apatity"),
        content_type="application/json",
        **auth,
    )
    assert changed.json()["text"] == "Два гончарных круга"
    assert changed.json()["town"] == "apatity"
    assert [i["id"] for i in client.get("/api/v1/me/resources", **auth).json()] == [item["id"]]
    assert client.delete(f"/api/v1/me/resources/{item['id']}", **auth).status_code == 204
    assert not ResourceItem.objects.exists()


@pytest.mark.parametrize(
    ("overrides", "field"),
    [
        ({"text": ""}, "text"),
        ({"text": "ж" * 5000}, "text"),
        ({"type": "spaceship"}, "type"),
        ({"town": "atlantis"}, "town"),
        ({"industries": ["alchemy"]}, "industries"),
    ],
)
def test_bad_lines_are_422_with_details(
    client: Client, resident: User, overrides: dict[str, Any], field: str
) -> None:
    response = client.post(
        "/api/v1/me/resources",
        payload(**overrides),
        content_type="application/json",
        **bearer(resident),
    )
    assert response.status_code == 422
    assert response.json()["code"] == "invalid_input"
    assert field in response.json()["details"]
    assert not ResourceItem.objects.exists()


def test_every_mistake_in_a_line_comes_back_at_once(client: Client, resident: User) -> None:
    bad = payload(text="", type="spaceship", town="atlantis", industries=["alchemy"])

    response = client.post(
        "/api/v1/me/resources", bad, content_type="application/json", **bearer(resident)
    )

    assert response.status_code == 422
    assert set(response.json()["details"]) == {"text", "type", "town", "industries"}
    assert not ResourceItem.objects.exists()


def test_another_members_line_is_not_found(client: Client, resident: User, producer: User) -> None:
    item = do_add_item(resident.member, ItemData("offer", "skill", "Лепка", "public"))
    auth = bearer(producer)
    assert client.delete(f"/api/v1/me/resources/{item.pk}", **auth).status_code == 404
    response = client.put(
        f"/api/v1/me/resources/{item.pk}", payload(), content_type="application/json", **auth
    )
    assert response.status_code == 404
    assert response.json()["code"] == "not_found"
    assert ResourceItem.objects.get().text == "Лепка"


def test_people_without_a_member_profile_get_a_clear_code(
    client: Client, client_user: User
) -> None:
    response = client.get("/api/v1/me/resources", **bearer(client_user))
    assert response.status_code == 403
    assert response.json()["code"] == "not_a_member"


def test_matches_and_introductions_through_the_api(
    client: Client, resident: User, producer: User, curator: User, outsider: User
) -> None:
    do_add_item(
        resident.member, ItemData("need", "skill", "Нужен фотограф для каталога", "members")
    )
    do_add_item(producer.member, ItemData("offer", "skill", "Фотосъёмка для каталогов", "members"))
    url = f"/api/v1/members/{resident.member.pk}/matches?limit=5"
    matches = client.get(url, **bearer(resident)).json()
    assert matches[0]["partner"] == producer.member.pk
    assert matches[0]["reasons"]
    assert client.get(url, **bearer(curator)).status_code == 200
    assert client.get(url, **bearer(producer)).status_code == 404  # someone else's suggestions
    assert client.get(url, **bearer(outsider)).status_code == 404
    assert client.get(url).status_code == 401
    assert (
        client.get(
            f"/api/v1/members/{resident.member.pk}/matches?limit=0", **bearer(resident)
        ).status_code
        == 422
    )

    asked = client.post(
        "/api/v1/me/introductions",
        {"member": producer.member.pk},
        content_type="application/json",
        **bearer(resident),
    )
    assert asked.status_code == 201
    assert asked.json()["contact_email"] is None
    again = client.post(
        "/api/v1/me/introductions",
        {"member": producer.member.pk},
        content_type="application/json",
        **bearer(resident),
    )
    assert again.status_code == 409
    assert again.json()["code"] == "introduction_conflict"
    answer = client.post(
        f"/api/v1/me/introductions/{asked.json()['id']}/answer",
        {"accept": True},
        content_type="application/json",
        **bearer(producer),
    )
    assert answer.json()["status"] == "accepted"
    assert answer.json()["contact_email"] == resident.email
    mine = client.get("/api/v1/me/introductions", **bearer(resident)).json()
    assert mine[0]["contact_email"] == producer.email
