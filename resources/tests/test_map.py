from __future__ import annotations

from collections.abc import Callable
from typing import Any

import pytest
from django.urls import reverse

from members.models import User
from resources.models import ResourceChange, ResourceItem
from resources.services import ItemData, do_add_item


def item_form(**overrides: Any) -> dict[str, Any]:
    data = {
        "direction": "need",
        "type": "equipment",
        "text": "Нужна печь для обжига керамики",
        "quantity": "",
        "town": "",
        "visibility": "members",
    }
    data.update(overrides)
    return data


def test_adding_a_line_with_htmx_returns_the_updated_map(
    resident: User, login: Callable[..., Any]
) -> None:
    response = login(resident).post(
        reverse("resources:my_map"), item_form(), HTTP_HX_REQUEST="true"
    )
    assert response.status_code == 200
    html = response.content.decode()
    assert "<html" not in html
    assert 'id="resource-map"' in html
    assert "Нужна печь для обжига керамики" in html
    item = ResourceItem.objects.get(member=resident.member)
    assert (item.direction, item.type) == ("need", "equipment")
    assert ResourceChange.objects.filter(member_id=resident.member.pk).count() == 1


@pytest.mark.parametrize(
    ("overrides", "field"),
    [
        ({"text": "   "}, "text"),
        ({"text": "ж" * 5000}, "text"),
        ({"type": "spaceship"}, "type"),
        ({"direction": "maybe"}, "direction"),
        ({"visibility": "world"}, "visibility"),
        ({"town": "999999"}, "town"),
    ],
)
def test_bad_lines_are_refused_with_a_field_message(
    resident: User, login: Callable[..., Any], overrides: dict[str, Any], field: str
) -> None:
    response = login(resident).post(
        reverse("resources:my_map"), item_form(**overrides), HTTP_HX_REQUEST="true"
    )
    assert response.status_code == 200  # htmx swaps only successful responses
    assert field in response.context["form"].errors
    assert not ResourceItem.objects.exists()
    assert not ResourceChange.objects.exists()


def test_editing_and_deleting_a_line(resident: User, login: Callable[..., Any]) -> None:
    item = do_add_item(resident.member, ItemData("offer", "skill", "Лепка из глины", "public"))
    client = login(resident)
    response = client.post(
        reverse("resources:item_edit", args=[item.pk]),
        item_form(direction="offer", type="knowledge", text="Мастер-классы по лепке"),
    )
    assert response.status_code == 302
    item.refresh_from_db()
    assert (item.type, item.text) == ("knowledge", "Мастер-классы по лепке")
    client.post(reverse("resources:item_delete", args=[item.pk]))
    assert not ResourceItem.objects.exists()


def test_nobody_edits_another_members_line(
    resident: User, producer: User, login: Callable[..., Any]
) -> None:
    item = do_add_item(resident.member, ItemData("offer", "skill", "Лепка из глины", "public"))
    client = login(producer)
    assert (
        client.post(reverse("resources:item_edit", args=[item.pk]), item_form()).status_code == 404
    )
    assert client.post(reverse("resources:item_delete", args=[item.pk])).status_code == 404
    item.refresh_from_db()
    assert item.text == "Лепка из глины"


def test_visibility_decides_who_sees_a_line(
    resident: User, producer: User, curator: User, login: Callable[..., Any]
) -> None:
    member = resident.member
    do_add_item(member, ItemData("offer", "skill", "Видно всем", "public"))
    do_add_item(member, ItemData("offer", "skill", "Видно участникам", "members"))
    do_add_item(member, ItemData("offer", "finance", "Видно кураторам", "curators"))
    url = reverse("resources:member_map", args=[member.pk])

    def seen(user: User | None) -> set[str]:
        response = login(user).get(url)
        return {i.text for i in [*response.context["offers"], *response.context["needs"]]}

    assert seen(None) == {"Видно всем"}
    assert seen(producer) == {"Видно всем", "Видно участникам"}
    assert seen(curator) == seen(resident) == {"Видно всем", "Видно участникам", "Видно кураторам"}


def test_my_map_page_runs_constant_queries(
    resident: User, login: Callable[..., Any], django_assert_num_queries: Any
) -> None:
    for number in range(8):
        do_add_item(resident.member, ItemData("offer", "skill", f"Услуга {number}", "public"))
    client = login(resident)
    # session, user, member, cluster settings, unread count, items, their industries,
    # towns and industries for the form
    with django_assert_num_queries(9):
        response = client.get(reverse("resources:my_map"))
    assert len(response.context["offers"]) == 8


def test_have_or_look_for_offers_exactly_two_choices(
    resident: User, login: Callable[..., Any]
) -> None:
    from resources.forms import ResourceItemForm
    from resources.models import Direction

    direction = ResourceItemForm().fields["direction"]
    assert [value for value, _label in direction.choices] == Direction.values  # type: ignore[attr-defined]
    page = login(resident).get(reverse("resources:my_map")).content.decode()
    assert page.count('name="direction"') == len(Direction.values)
    assert 'name="direction" value=""' not in page
