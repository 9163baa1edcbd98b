"""Projects, teams, interest and products through the JSON API: same rules, stable codes."""

from __future__ import annotations

from decimal import Decimal
from pathlib import Path
from typing import Any

import pytest
from django.test import Client

from core.services import do_create_api_token
from members.models import User
from projects.models import Interest, Product, Project
from projects.tests.factories import add_confirmed, idea, new_member, png_bytes, project_at
from resources.services import ItemData, do_add_item


@pytest.fixture(autouse=True)
def _media(settings: Any, tmp_path: Path) -> None:
    settings.MEDIA_ROOT = tmp_path


def api(user: User) -> Client:
    _token, key = do_create_api_token(user, "test")
    return Client(HTTP_AUTHORIZATION=f"Bearer {key}")


def test_a_producer_takes_an_idea_to_the_team_stage(producer: User, resident: User) -> None:
    client = api(producer)
    response = client.post(
        "/api/v1/projects",
        {"title": "Ярмарка", "summary": "Летняя ярмарка", "industries": ["folk-crafts"]},
        content_type="application/json",
    )
    assert response.status_code == 201
    project = response.json()
    assert (project["stage"], project["version"], project["is_published"]) == ("idea", 1, False)
    assert project["towns"] == [producer.member.town.slug]

    moved = client.post(
        f"/api/v1/projects/{project['id']}/transitions",
        {"stage": "pitch"},
        content_type="application/json",
    )
    assert moved.status_code == 200
    assert moved.json()["stage"] == "pitch"

    invited = client.post(
        f"/api/v1/projects/{project['id']}/invitations",
        {"member_id": resident.member.pk},
        content_type="application/json",
    )
    assert invited.status_code == 201
    mine = api(resident).get("/api/v1/me/invitations").json()
    assert [i["id"] for i in mine] == [invited.json()["id"]]
    answered = api(resident).post(
        f"/api/v1/invitations/{invited.json()['id']}/answer",
        {"accept": True},
        content_type="application/json",
    )
    assert answered.json()["status"] == "confirmed"

    url = f"/api/v1/projects/{project['id']}/transitions"
    unpitched = client.post(url, {"stage": "team"}, content_type="application/json")
    assert (unpitched.status_code, unpitched.json()["code"]) == (409, "stage_requirements_unmet")
    assert [m["code"] for m in unpitched.json()["details"]["missing"]] == ["needs_pitch"]
    pitch = client.post(
        f"/api/v1/projects/{project['id']}/pitches", {}, content_type="application/json"
    )
    assert pitch.status_code == 201
    team = client.post(url, {"stage": "team"}, content_type="application/json")
    assert team.json()["stage"] == "team"
    history = client.get(f"/api/v1/projects/{project['id']}/transitions").json()
    assert [(t["from_stage"], t["to_stage"]) for t in history] == [
        ("", "idea"),
        ("idea", "pitch"),
        ("pitch", "team"),
    ]


def test_illegal_jumps_and_bad_input_have_stable_codes(producer: User) -> None:
    project = idea(producer)
    client = api(producer)
    jump = client.post(
        f"/api/v1/projects/{project.pk}/transitions",
        {"stage": "launched"},
        content_type="application/json",
    )
    assert (jump.status_code, jump.json()["code"]) == (409, "illegal_transition")
    negative = client.post(
        "/api/v1/projects", {"title": "X", "budget": "-1"}, content_type="application/json"
    )
    assert (negative.status_code, negative.json()["code"]) == (422, "negative_budget")
    assert "budget" in negative.json()["details"]
    twice = client.post(
        f"/api/v1/projects/{project.pk}/invitations",
        {"member_id": producer.member.pk},
        content_type="application/json",
    )
    assert (twice.status_code, twice.json()["code"]) == (409, "already_invited")
    nobody = client.post(
        f"/api/v1/projects/{project.pk}/invitations",
        {"member_id": 999999},
        content_type="application/json",
    )
    assert (nobody.status_code, nobody.json()["code"]) == (422, "not_a_member")
    assert Project.objects.get().stage == "idea"


def test_a_stale_edit_answers_409_with_the_current_version(producer: User, resident: User) -> None:
    project = idea(producer)
    add_confirmed(project, producer, resident.member)
    body = {"title": "Новое", "summary": "Текст", "version": 1}
    first = api(producer).put(
        f"/api/v1/projects/{project.pk}", body, content_type="application/json"
    )
    assert first.status_code == 200
    assert first.json()["version"] == 2
    second = api(resident).put(
        f"/api/v1/projects/{project.pk}",
        {**body, "title": "Другое"},
        content_type="application/json",
    )
    assert second.status_code == 409
    assert second.json() | {"message": ""} == {
        "code": "conflict",
        "message": "",
        "details": {"current_version": 2},
    }
    assert Project.objects.get().title == "Новое"


def test_drafts_are_hidden_and_outsiders_edit_nothing(
    producer: User, resident: User, partner: User
) -> None:
    draft = idea(producer)
    assert api(partner).get(f"/api/v1/projects/{draft.pk}").status_code == 404
    pitched = project_at("pitch", producer)
    assert api(partner).get(f"/api/v1/projects/{pitched.pk}").status_code == 200
    refused = api(resident).put(
        f"/api/v1/projects/{pitched.pk}",
        {"title": "Чужое", "version": pitched.version},
        content_type="application/json",
    )
    assert (refused.status_code, refused.json()["code"]) == (403, "not_on_team")


def test_partners_record_interest_and_the_team_follows_up(producer: User, partner: User) -> None:
    project = project_at("pitch", producer)
    recorded = api(partner).post(
        f"/api/v1/projects/{project.pk}/interests",
        {"kind": "sell", "amount": "25000.50", "comment": "Возьмём в магазин"},
        content_type="application/json",
    )
    assert recorded.status_code == 201
    interest = recorded.json()
    assert (interest["kind"], interest["amount"], interest["status"]) == (
        "sell",
        "25000.50",
        "open",
    )
    answered = api(producer).post(
        f"/api/v1/interests/{interest['id']}/follow-ups",
        {"text": "Спасибо!", "status": "agreed"},
        content_type="application/json",
    )
    assert answered.status_code == 201
    listed = api(producer).get(f"/api/v1/projects/{project.pk}/interests").json()
    assert listed[0]["status"] == "agreed"
    assert listed[0]["messages"][0]["text"] == "Спасибо!"
    negative = api(partner).post(
        f"/api/v1/projects/{project.pk}/interests",
        {"kind": "fund", "amount": "-1"},
        content_type="application/json",
    )
    assert (negative.status_code, negative.json()["code"]) == (422, "negative_amount")
    assert Interest.objects.count() == 1


def test_suggestions_come_with_reasons_for_the_owner_only(producer: User, resident: User) -> None:
    photographer = new_member()
    do_add_item(
        photographer,
        ItemData("offer", "skill", "Предметная фотосъёмка изделий для каталогов", "members"),
    )
    project = idea(producer)
    api(producer).post(
        f"/api/v1/projects/{project.pk}/roles",
        {"kind": "photographer", "description": "Каталог"},
        content_type="application/json",
    )
    gaps = api(producer).get(f"/api/v1/projects/{project.pk}/suggestions").json()
    assert gaps[0]["candidates"][0]["member_id"] == photographer.pk
    assert gaps[0]["candidates"][0]["reasons"] == ["Предметная фотосъёмка изделий для каталогов"]
    add_confirmed(project, producer, resident.member)
    refused = api(resident).get(f"/api/v1/projects/{project.pk}/suggestions")
    assert (refused.status_code, refused.json()["code"]) == (403, "not_owner")


def test_products_with_shares_and_photos(resident: User, producer: User) -> None:
    client = api(resident)
    body = {
        "title": "Кружка",
        "price": "900",
        "unit": "piece",
        "is_listed": True,
        "makers": [
            {"member_id": resident.member.pk, "share": "70"},
            {"member_id": producer.member.pk, "share": "20"},
        ],
    }
    short = client.post("/api/v1/products", body, content_type="application/json")
    assert (short.status_code, short.json()["code"]) == (422, "shares_not_100")
    body["makers"][1]["share"] = "30"  # type: ignore[index]
    created = client.post("/api/v1/products", body, content_type="application/json")
    assert created.status_code == 201
    product = created.json()
    assert sorted(m["share"] for m in product["makers"]) == ["30.00", "70.00"]

    photo = client.post(
        f"/api/v1/products/{product['id']}/photos",
        {"image": _upload("mug.png", png_bytes())},
    )
    assert photo.status_code == 201
    assert photo.json()["thumbnail"].endswith("_thumb.jpg")
    broken = client.post(
        f"/api/v1/products/{product['id']}/photos", {"image": _upload("x.png", b"nope")}
    )
    assert (broken.status_code, broken.json()["code"]) == (422, "photo_broken")

    catalogue = Client().get("/api/v1/products").json()
    assert [p["title"] for p in catalogue] == ["Кружка"]
    assert len(catalogue[0]["photos"]) == 1
    assert Product.objects.get().price == Decimal("900")


def test_a_maker_who_is_no_member_is_wrong_input_but_a_caller_who_is_none_is_refused(
    resident: User, client_user: User
) -> None:
    body = {
        "title": "Кружка",
        "price": "900",
        "unit": "piece",
        "makers": [{"member_id": 987654, "share": "100"}],
    }

    unknown = api(resident).post("/api/v1/products", body, content_type="application/json")
    outsider = api(client_user).post("/api/v1/products", body, content_type="application/json")

    assert (unknown.status_code, unknown.json()["code"]) == (422, "not_a_member")
    assert unknown.json()["details"] == {"makers": [unknown.json()["message"]]}
    assert (outsider.status_code, outsider.json()["code"]) == (403, "not_a_member")
    assert not Product.objects.exists()


def _upload(name: str, content: bytes) -> Any:
    from django.core.files.uploadedfile import SimpleUploadedFile

    return SimpleUploadedFile(name, content, content_type="image/png")


def test_the_project_list_runs_constant_queries(
    producer: User, partner: User, django_assert_num_queries: Any
) -> None:
    for _ in range(3):
        project_at("pitch", producer)
    client = api(partner)
    # token (with its user), last-used update, partner's member; projects with owner, town and
    # team size; their industries; their towns
    with django_assert_num_queries(6):
        body = client.get("/api/v1/projects").json()
    assert len(body) == 3


def test_partners_see_their_own_interest_and_the_team_sees_all(
    producer: User, partner: User, curator: User
) -> None:
    project = project_at("pitch", producer)
    rival = new_member(is_partner=True)
    for user, kind in ((partner, "sell"), (rival.user, "fund")):
        response = api(user).post(
            f"/api/v1/projects/{project.pk}/interests",
            {"kind": kind},
            content_type="application/json",
        )
        assert response.status_code == 201
    url = f"/api/v1/projects/{project.pk}/interests"
    assert [i["kind"] for i in api(partner).get(url).json()] == ["sell"]
    assert [i["kind"] for i in api(rival.user).get(url).json()] == ["fund"]
    assert sorted(i["kind"] for i in api(producer).get(url).json()) == ["fund", "sell"]
    assert len(api(curator).get(url).json()) == 2
