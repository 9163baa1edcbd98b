from __future__ import annotations

import pytest
from django.core.management import call_command
from django.test import Client

from core.inn import is_valid_inn
from core.models import ClusterSettings
from demo.region import DEMO_PASSWORD, demo_logins, region_data
from members.models import JobsRecord, Member, User


@pytest.mark.slow  # loads the demo twice
def test_the_demo_region_replays_the_article_and_loads_twice_without_duplicates(db: None) -> None:
    call_command("load_demo")
    counts = (User.objects.count(), Member.objects.count(), JobsRecord.objects.count())
    call_command("load_demo")
    assert (User.objects.count(), Member.objects.count(), JobsRecord.objects.count()) == counts

    arina = Member.objects.get(user__first_name="Арина", user__last_name="Соловьёва")
    assert arina.town.slug == "kirovsk"
    anastasia = Member.objects.get(user__first_name="Анастасия", user__last_name="Лебедева")
    assert anastasia.town.slug == "monchegorsk"
    towns = set(Member.objects.values_list("town__slug", flat=True))
    assert {"monchegorsk", "polyarnye-zori", "murmansk", "kirovsk"} <= towns
    assert Member.objects.count() >= 40
    assert User.objects.filter(is_curator=True).exists()
    assert Member.objects.filter(is_partner=True).count() >= 2
    assert ClusterSettings.objects.get().region_ru == "Мурманская область"
    assert all(
        is_valid_inn(inn) for inn in Member.objects.exclude(inn="").values_list("inn", flat=True)
    )


def test_if_empty_leaves_a_working_database_alone(resident: User) -> None:
    call_command("load_demo", "--if-empty")
    assert Member.objects.count() == 1


def test_every_demo_login_works(db: None) -> None:
    call_command("load_demo")
    logins = demo_logins()
    assert {role for role, _name, _email in logins} == {
        "curator",
        "resident",
        "producer",
        "partner",
        "client",
    }
    for _role, _name, email in logins:
        client = Client()
        response = client.post("/accounts/login/", {"login": email, "password": DEMO_PASSWORD})
        assert response.status_code == 302, email


def test_demo_emails_are_unique_and_on_the_demo_domain() -> None:
    emails = [person["email"] for person in region_data()["people"]]
    assert len(emails) == len(set(emails))
    assert all(email.endswith("@demo.cluster.local") for email in emails)


def test_the_demo_has_a_hidden_member_whom_only_curators_see(db: None) -> None:
    call_command("load_demo")
    hidden = Member.objects.get(external_id="vera-pakhomova")
    assert not hidden.public_profile
    assert hidden.resource_items.count() == 4
    curator = User.objects.filter(is_curator=True).first()
    resident = User.objects.get(email="arina@demo.cluster.local")
    url = f"/members/{hidden.pk}/"
    for user, status, listed in ((curator, 200, True), (resident, 404, False), (None, 404, False)):
        client = Client()
        if user is not None:
            client.force_login(user)
        assert client.get(url).status_code == status
        directory = client.get("/members/", {"q": "Пахомова"}).content.decode()
        assert (url in directory) is listed
