"""Partnerships: which needs of several members working together their own offers meet.

Coverage comes from this process's matching index; the tests below also check that every way
a resource map changes (a page, the API's services, a bulk import) reaches that index.
"""

from __future__ import annotations

from collections.abc import Callable
from io import StringIO
from pathlib import Path
from typing import Any

from django.core.management import call_command
from django.test import Client
from django.urls import reverse

from core.services import do_create_api_token
from matching import live_index
from matching.queries import partner_map_coverage, raw_matches
from members.models import Member, User
from resources.importing import MEMBER_COLUMNS, RESOURCE_COLUMNS
from resources.models import PartnerMap
from resources.services import ItemData, do_add_item, do_create_partner_map

KILN = "Муфельная печь для обжига керамики"


def add(member: Member, direction: str, type_: str, text: str) -> None:
    do_add_item(member, ItemData(direction, type_, text, "members"))


def ceramics(resident: User, producer: User) -> PartnerMap:
    add(resident.member, "need", "equipment", "Нужна печь для обжига керамики")
    add(resident.member, "need", "finance", "Ищем спонсора для фестиваля")
    add(producer.member, "offer", "skill", "Предметная фотосъёмка")
    return do_create_partner_map(resident, "Керамика", [resident.member, producer.member])


def covered(partner_map: PartnerMap) -> dict[str, list[str]]:
    return {
        c.need.text: [offer.text for offer, _similarity in c.covered_by]
        for c in partner_map_coverage(partner_map)
    }


def test_a_partner_map_shows_covered_and_open_needs(
    resident: User, producer: User, login: Callable[..., Any]
) -> None:
    partnership = ceramics(resident, producer)
    add(producer.member, "offer", "equipment", KILN)
    assert covered(partnership) == {
        "Нужна печь для обжига керамики": [KILN],
        "Ищем спонсора для фестиваля": [],
    }
    page = login(producer).get(reverse("matching:partner_map", args=[partnership.pk]))
    assert [c.need.text for c in page.context["open_needs"]] == ["Ищем спонсора для фестиваля"]


def test_a_partnership_needs_two_members(resident: User, login: Callable[..., Any]) -> None:
    response = login(resident).post(
        reverse("matching:partner_maps"), {"title": "Одна", "members": [resident.member.pk]}
    )
    assert response.status_code == 200
    assert "members" in response.context["form"].errors


def test_a_line_added_on_the_map_page_reaches_the_partnership_without_a_rebuild(
    resident: User, producer: User, login: Callable[..., Any]
) -> None:
    partnership = ceramics(resident, producer)
    assert covered(partnership)["Нужна печь для обжига керамики"] == []
    index_before = live_index._index
    line = {"direction": "offer", "type": "equipment", "text": KILN, "visibility": "members"}
    login(producer).post(reverse("resources:my_map"), {**line, "quantity": "", "town": ""})
    assert covered(partnership)["Нужна печь для обжига керамики"] == [KILN]
    assert live_index._index is index_before


def test_a_line_changed_through_the_api_reaches_the_partnership(
    client: Client, resident: User, producer: User
) -> None:
    partnership = ceramics(resident, producer)
    assert covered(partnership)["Нужна печь для обжига керамики"] == []
    auth: dict[str, Any] = {
        "HTTP_AUTHORIZATION": f"Bearer {do_create_api_token(producer, 'test')[1]}"
    }
    line = {"direction": "offer", "type": "equipment", "text": KILN}
    created = client.post("/api/v1/me/resources", line, content_type="application/json", **auth)
    assert created.status_code == 201, created.content
    assert covered(partnership)["Нужна печь для обжига керамики"] == [KILN]
    client.delete(f"/api/v1/me/resources/{created.json()['id']}", **auth)
    assert covered(partnership)["Нужна печь для обжига керамики"] == []


def test_an_import_drops_the_index_once_it_commits(
    resident: User,
    tmp_path: Path,
    django_capture_on_commit_callbacks: Any,
) -> None:
    add(resident.member, "need", "equipment", "Нужна печь для обжига керамики")
    assert raw_matches(resident.member, 5) == []
    assert live_index._index is not None
    members = tmp_path / "members.csv"
    members.write_text(
        ",".join(MEMBER_COLUMNS) + "\nKC-1,Печник,resident,Кировск,,,,1,,\n", encoding="utf-8"
    )
    resources = tmp_path / "resources.csv"
    resources.write_text(
        ",".join(RESOURCE_COLUMNS) + f"\nKC-1,offer,equipment,{KILN}\n", encoding="utf-8"
    )
    with django_capture_on_commit_callbacks(execute=True):
        call_command(
            "import_members", "--members", members, "--resources", resources, stdout=StringIO()
        )
        assert live_index._index is not None  # not before the import has committed
    assert live_index._index is None
    imported = Member.objects.get(external_id="KC-1")
    # Imported profiles are not public, so the engine's own ranking is asked.
    assert [m.partner_id for m in raw_matches(resident.member, 5)] == [imported.pk]
