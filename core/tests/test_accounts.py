from __future__ import annotations

import re
from typing import Any

from allauth.account.models import EmailAddress
from django.core import mail
from django.test import Client
from django.urls import reverse

from conftest import PASSWORD
from members.models import User


def test_sign_up_sends_a_confirmation_email_and_confirming_logs_in(db: None) -> None:
    client = Client()
    response = client.post(
        reverse("account_signup"),
        {
            "email": "new@example.org",
            "password1": "северное-сияние-2026",
            "password2": "северное-сияние-2026",
        },
    )
    assert response.status_code == 302
    user = User.objects.get(email="new@example.org")
    assert user.password.startswith("md5$") or user.password.startswith("argon2")
    assert len(mail.outbox) == 1
    link = re.search(r"https?://[^\s]+/accounts/confirm-email/[^\s]+", str(mail.outbox[0].body))
    assert link is not None
    path = link.group(0).split("testserver", 1)[-1]
    assert client.get(path).status_code == 200
    client.post(path)
    assert EmailAddress.objects.get(user=user).verified


def test_login_is_refused_before_the_email_is_confirmed(db: None) -> None:
    user = User.objects.create_user("unconfirmed@example.org", PASSWORD)
    EmailAddress.objects.create(user=user, email=user.email, verified=False, primary=True)
    client = Client()
    client.post(
        reverse("account_login"), {"login": "unconfirmed@example.org", "password": PASSWORD}
    )
    assert client.get(reverse("members:dashboard")).status_code == 302


def test_short_passwords_are_refused_in_russian(db: None) -> None:
    response = Client().post(
        reverse("account_signup"),
        {"email": "short@example.org", "password1": "корот-кий1", "password2": "корот-кий1"},
    )
    assert response.status_code == 200
    assert "12" in response.content.decode()
    assert not User.objects.filter(email="short@example.org").exists()


def test_a_duplicate_email_is_refused(resident: User) -> None:
    response = Client().post(
        reverse("account_signup"),
        {
            "email": "RESIDENT@example.org",
            "password1": "северное-сияние-2026",
            "password2": "северное-сияние-2026",
        },
    )
    assert User.objects.filter(email__iexact="resident@example.org").count() == 1
    assert response.status_code == 200
    assert "уже" in response.content.decode()


def test_login_with_the_right_password_works(resident: User) -> None:
    client = Client()
    response = client.post(
        reverse("account_login"), {"login": "resident@example.org", "password": PASSWORD}
    )
    assert response.status_code == 302
    assert client.get(reverse("members:dashboard")).status_code == 200


def test_repeated_failures_lock_the_account_from_that_address(
    resident: User, settings: Any
) -> None:
    settings.AXES_FAILURE_LIMIT = 3
    client = Client()
    for _attempt in range(3):
        client.post(
            reverse("account_login"),
            {"login": "resident@example.org", "password": "wrong-password-1"},
        )
    response = client.post(
        reverse("account_login"), {"login": "resident@example.org", "password": PASSWORD}
    )
    assert response.status_code == 429
    assert client.get(reverse("members:dashboard")).status_code == 302
    # Another address is not locked out of the same account.
    other = Client(REMOTE_ADDR="10.9.9.9")
    assert (
        other.post(
            reverse("account_login"), {"login": "resident@example.org", "password": PASSWORD}
        ).status_code
        == 302
    )


def test_password_reset_sends_an_email(resident: User) -> None:
    response = Client().post(reverse("account_reset_password"), {"email": "resident@example.org"})
    assert response.status_code == 302
    assert len(mail.outbox) == 1
    assert "resident@example.org" in mail.outbox[0].to


def test_the_language_switch_keeps_the_choice(db: None) -> None:
    client = Client()
    assert "Вступить в кластер" in client.get("/").content.decode()
    client.post(reverse("set_language"), {"language": "en", "next": "/"})
    assert "Join the cluster" in client.get("/").content.decode()


def test_russian_is_the_default_whatever_the_browser_says(db: None) -> None:
    html = Client().get("/", HTTP_ACCEPT_LANGUAGE="en-US,en;q=0.9").content.decode()
    assert 'lang="ru"' in html
    assert "Вступить в кластер" in html


def confirmation_path(message: Any) -> str:
    link = re.search(r"https?://testserver(/accounts/confirm-email/\S+)", str(message.body))
    assert link is not None
    return link.group(1)


# Each test signs up its own address: allauth limits confirmation e-mails per address.


def test_the_confirmation_link_leads_to_the_page_the_person_signed_up_for(db: None) -> None:
    client = Client()
    login_page = client.get(reverse("members:apply"))["Location"]
    assert login_page == "/accounts/login/?next=/join/apply/"
    client.post(
        "/accounts/signup/?next=/join/apply/",
        {
            "email": "joiner@example.org",
            "password1": "северное-сияние-2026",
            "password2": "северное-сияние-2026",
            "next": "/join/apply/",
        },
    )
    path = confirmation_path(mail.outbox[0])
    # Opened in another browser (the mail app's), where the signup session is not.
    other_browser = Client()
    form = other_browser.get(path).content.decode()
    assert 'name="next" value="/join/apply/"' in form
    response = other_browser.post(path, {"next": "/join/apply/"})
    assert response.status_code == 302
    assert response["Location"] == "/join/apply/"


def test_a_foreign_next_is_not_carried_into_the_confirmation_link(db: None) -> None:
    Client().post(
        "/accounts/signup/",
        {
            "email": "elsewhere@example.org",
            "password1": "северное-сияние-2026",
            "password2": "северное-сияние-2026",
            "next": "https://evil.example.com/",
        },
    )
    assert "next=" not in confirmation_path(mail.outbox[0])


def test_the_confirmation_email_greets_from_the_clusters_name(db: None) -> None:
    from core.models import ClusterSettings

    ClusterSettings.objects.create(
        name_ru="Кластер «Полярные ремёсла»",
        name_en="Polar Crafts Cluster",
        region_ru="Мурманская область",
        region_en="Murmansk region",
    )
    Client().post(
        reverse("account_signup"),
        {
            "email": "greeted@example.org",
            "password1": "северное-сияние-2026",
            "password2": "северное-сияние-2026",
        },
    )
    body = str(mail.outbox[0].body)
    assert "Кластер «Полярные ремёсла»" in body
    assert "testserver!" not in body
    assert "«testserver" not in body


def test_behind_a_trusted_proxy_one_persons_failures_do_not_lock_out_another(
    resident: User, settings: Any
) -> None:
    # Everyone reaches the site through the same nginx: one REMOTE_ADDR for all.
    settings.AXES_FAILURE_LIMIT = 3
    settings.TRUSTED_PROXY_COUNT = settings.ALLAUTH_TRUSTED_PROXY_COUNT = 1
    proxy = "127.0.0.1"
    stranger = Client(REMOTE_ADDR=proxy, HTTP_X_FORWARDED_FOR="203.0.113.7")
    for _attempt in range(3):
        stranger.post(
            reverse("account_login"),
            {"login": "resident@example.org", "password": "wrong-password-1"},
        )
    locked = stranger.post(
        reverse("account_login"), {"login": "resident@example.org", "password": PASSWORD}
    )
    assert locked.status_code == 429
    # The resident, at home behind the same proxy, still logs in; a forged left-most
    # X-Forwarded-For does not let the stranger pass for them.
    owner = Client(REMOTE_ADDR=proxy, HTTP_X_FORWARDED_FOR="198.51.100.20")
    login = {"login": "resident@example.org", "password": PASSWORD}
    assert owner.post(reverse("account_login"), login).status_code == 302
    forged = Client(REMOTE_ADDR=proxy, HTTP_X_FORWARDED_FOR="198.51.100.20, 203.0.113.7")
    assert forged.post(reverse("account_login"), login).status_code == 429


def test_without_a_proxy_forwarded_headers_are_not_believed(rf: Any, settings: Any) -> None:
    from core.http import client_ip

    settings.TRUSTED_PROXY_COUNT = 0
    request = rf.get("/", REMOTE_ADDR="192.0.2.1", HTTP_X_FORWARDED_FOR="203.0.113.7")
    assert client_ip(request) == "192.0.2.1"
    assert settings.SECURE_PROXY_SSL_HEADER is None
    settings.TRUSTED_PROXY_COUNT = 1
    assert client_ip(request) == "203.0.113.7"
