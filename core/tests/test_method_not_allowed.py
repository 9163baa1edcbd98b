"""A form's address opened as a page leads to the form; other wrong methods get a real answer."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from django.test import Client

from core.services import do_create_api_token
from members.models import User


def test_a_login_whose_next_is_a_form_action_lands_on_the_page_with_the_form(
    resident: User,
) -> None:
    """The session expired while a form was being sent: `next=` is the POST-only address."""
    resident.set_password("верный-пароль-1")
    resident.save()
    token, _key = do_create_api_token(resident, "script")
    action = f"/me/api-tokens/{token.pk}/revoke/"
    client = Client()
    response = client.post(
        "/accounts/login/",
        {"login": resident.email, "password": "верный-пароль-1", "next": action},
        follow=True,
    )
    assert response.status_code == 200
    assert response.redirect_chain[-1][0] == "/me/api-tokens/"
    assert "Ничего не отправлено" in response.content.decode()
    token.refresh_from_db()
    assert token.revoked_at is None


def test_another_method_gets_the_russian_405_page(
    resident: User, login: Callable[..., Any]
) -> None:
    token, _key = do_create_api_token(resident, "script")
    response = login(resident).put(f"/me/api-tokens/{token.pk}/revoke/")
    assert response.status_code == 405
    html = response.content.decode()
    assert 'data-test="error-page"' in html
    assert 'data-test="home-link"' in html
    assert "Этот адрес только принимает формы" in html
    assert "POST" in response["Allow"]


def test_the_api_answers_a_wrong_method_in_json(client: Client, db: None) -> None:
    response = client.delete("/api/v1/towns")
    assert response.status_code == 405
    assert response.json() == {
        "code": "method_not_allowed",
        "message": "Этот адрес не принимает запросы DELETE.",
    }
    assert "GET" in response["Allow"]
