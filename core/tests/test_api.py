from __future__ import annotations

import json
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
from django.test import Client

from core.inn import with_check_digits
from core.services import do_create_api_token, do_revoke_api_token
from members.models import Application, User

SCHEMA_FILE = Path(__file__).resolve().parents[2] / "docs" / "openapi.json"


def bearer(key: str) -> dict[str, Any]:
    return {"HTTP_AUTHORIZATION": f"Bearer {key}"}


def test_towns_and_industries_are_public(client: Client, db: None) -> None:
    towns = client.get("/api/v1/towns").json()
    assert {"slug": "kirovsk", "name_ru": "Кировск"}.items() <= next(
        t for t in towns if t["slug"] == "kirovsk"
    ).items()
    industries = client.get("/api/v1/industries").json()
    assert any(i["slug"] == "photography" and i["group"] for i in industries)


def test_member_search_understands_word_forms(
    client: Client, resident: User, producer: User
) -> None:
    body = client.get("/api/v1/members", {"q": "гончарной"}).json()
    assert [m["display_name"] for m in body["results"]] == ["Гончарная мастерская «Хибины»"]
    assert body["count"] == 1
    assert body["page"] == 1
    assert body["results"][0]["town"] == "kirovsk"
    assert body["results"][0]["industries"] == ["folk-crafts"]


def test_member_list_runs_constant_queries(
    client: Client, resident: User, producer: User, partner: User, django_assert_num_queries: Any
) -> None:
    # count, members page, their industries
    with django_assert_num_queries(3):
        body = client.get("/api/v1/members").json()
    assert body["count"] == 3


def test_unknown_filter_value_is_a_422_with_a_code(client: Client, db: None) -> None:
    response = client.get("/api/v1/members", {"town": "atlantis"})
    assert response.status_code == 422
    body = response.json()
    assert body["code"] == "invalid_filter"
    assert "town" in body["details"]
    assert body["message"]


def test_a_hidden_member_is_not_found_for_outsiders(
    client: Client, resident: User, curator: User
) -> None:
    member = resident.member
    member.public_profile = False
    member.save(update_fields=["public_profile"])
    response = client.get(f"/api/v1/members/{member.pk}")
    assert response.status_code == 404
    assert response.json()["code"] == "not_found"
    key = do_create_api_token(curator, "curator script")[1]
    assert client.get(f"/api/v1/members/{member.pk}", **bearer(key)).status_code == 200


def test_my_application_needs_authentication(client: Client, db: None) -> None:
    response = client.get("/api/v1/me/application")
    assert response.status_code == 401
    assert response.json()["code"] == "not_authenticated"


def test_a_bad_token_is_refused(client: Client, db: None) -> None:
    response = client.get("/api/v1/members", **bearer("cc_wrong"))
    assert response.status_code == 401
    assert response.json()["code"] == "not_authenticated"


def test_a_revoked_token_stops_working(client: Client, outsider: User) -> None:
    token, key = do_create_api_token(outsider, "script")
    assert client.get("/api/v1/me/application", **bearer(key)).status_code == 404
    do_revoke_api_token(token)
    assert client.get("/api/v1/me/application", **bearer(key)).status_code == 401


def application_payload(**overrides: Any) -> dict[str, Any]:
    payload = {
        "role": "resident",
        "kind": "person",
        "full_name": "Пётр Кузнецов",
        "legal_form": "ip",
        "inn": with_check_digits("5107001234"),
        "town": "kirovsk",
        "industries": ["folk-crafts"],
        "about": "Кузнечные изделия и сувениры.",
        "wants": "Заказы и выставки.",
        "consent_personal_data": True,
    }
    payload.update(overrides)
    return payload


def test_applying_through_the_api_with_a_token(client: Client, outsider: User) -> None:
    key = do_create_api_token(outsider, "script")[1]
    response = client.post(
        "/api/v1/me/application",
        application_payload(),
        content_type="application/json",
        **bearer(key),
    )
    assert response.status_code == 201, response.content
    assert response.json()["status"] == "submitted"
    assert Application.objects.get().applicant == outsider
    again = client.post(
        "/api/v1/me/application",
        application_payload(),
        content_type="application/json",
        **bearer(key),
    )
    assert again.status_code == 409
    assert again.json()["code"] == "application_conflict"


@pytest.mark.parametrize(
    ("overrides", "field"),
    [
        ({"inn": "500100732258"}, "inn"),
        ({"consent_personal_data": False}, "consent_personal_data"),
        ({"town": "atlantis"}, "town"),
        ({"industries": ["alchemy"]}, "industries"),
    ],
)
def test_bad_application_input_is_a_422_and_saves_nothing(
    client: Client, outsider: User, overrides: dict[str, Any], field: str
) -> None:
    key = do_create_api_token(outsider, "script")[1]
    response = client.post(
        "/api/v1/me/application",
        application_payload(**overrides),
        content_type="application/json",
        **bearer(key),
    )
    assert response.status_code == 422
    body = response.json()
    assert body["code"] == "invalid_input"
    assert field in body["details"]
    assert not Application.objects.exists()


def test_session_writes_need_the_csrf_token(outsider: User) -> None:
    client = Client(enforce_csrf_checks=True)
    client.force_login(outsider, backend="django.contrib.auth.backends.ModelBackend")
    response = client.post(
        "/api/v1/me/application", application_payload(), content_type="application/json"
    )
    assert response.status_code in (401, 403)
    assert not Application.objects.exists()


def test_a_csrf_failure_answers_a_stable_code_in_russian(outsider: User) -> None:
    client = Client(enforce_csrf_checks=True)
    client.force_login(outsider, backend="django.contrib.auth.backends.ModelBackend")
    response = client.post(
        "/api/v1/me/application", application_payload(), content_type="application/json"
    )
    assert response.status_code == 403
    body = response.json()
    assert body["code"] == "csrf_failed"
    assert "Обновите страницу" in body["message"]
    assert not Application.objects.exists()


def test_the_committed_openapi_schema_matches_the_code(client: Client, db: None) -> None:
    live = client.get("/api/v1/openapi.json").json()
    committed = json.loads(SCHEMA_FILE.read_text(encoding="utf-8"))
    assert live == committed, "run `make openapi` and commit docs/openapi.json"


def test_every_schema_field_has_a_description(client: Client, db: None) -> None:
    schemas = client.get("/api/v1/openapi.json").json()["components"]["schemas"]
    missing = [
        f"{name}.{field}"
        for name, schema in schemas.items()
        for field, spec in schema.get("properties", {}).items()
        if not spec.get("description")
    ]
    assert missing == []


def test_the_interactive_docs_load_assets_locally(client: Client, db: None) -> None:
    html = client.get("/api/v1/docs").content.decode()
    assert "cdn" not in html.lower()
    assert "/static/ninja/" in html


def test_responses_match_the_schema(
    client: Client, resident: User, login: Callable[..., Any]
) -> None:
    schema = client.get("/api/v1/openapi.json").json()
    props = schema["components"]["schemas"]["MemberPageOut"]["properties"]
    body = client.get("/api/v1/members").json()
    assert set(body) == set(props)
    member_props = schema["components"]["schemas"]["MemberOut"]["properties"]
    assert set(body["results"][0]) == set(member_props)
