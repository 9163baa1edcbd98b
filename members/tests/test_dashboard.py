"""The dashboard greets a person by name, shows their roles as translated badges and offers
the next steps of their own roles: only those who could apply are asked to."""

from __future__ import annotations

from collections.abc import Callable

import pytest
from django.test import Client
from django.urls import reverse
from django.utils import translation

from conftest import _user, make_member
from core.models import Industry, Town
from members.models import Kind, Role, User


def dashboard(client: Client) -> str:
    response = client.get("/me/")
    assert response.status_code == 200
    return response.content.decode()


def greeting(content: str) -> str:
    return content.split('data-test="greeting">', 1)[1].split("</h1>", 1)[0]


def test_roles_are_separate_translated_badges_and_the_greeting_names_the_person(
    db: None, login: Callable[[User | None], Client]
) -> None:
    user = _user("anastasia@example.org", is_curator=True, is_superuser=True)
    user.first_name, user.last_name = "Анастасия", "Лебедева"
    user.save()
    content = dashboard(login(user))
    assert "Анастасия Лебедева" in greeting(content)
    assert "anastasia@example.org" not in greeting(content)
    badges = content.split('data-test="roles"', 1)[1].split("</ul>", 1)[0]
    assert badges.count("<li") == 2
    with translation.override("ru"):
        for role in (Role.CURATOR, Role.ADMIN):
            assert f'data-role="{role.value}">{str(role.label).capitalize()}</span>' in badges
            assert str(role.label) != role.value  # translated, not the code
    assert "curatoradmin" not in content


def test_a_member_without_an_account_name_is_greeted_by_their_entry(
    db: None, town: Town, industry: Industry, login: Callable[[User | None], Client]
) -> None:
    user = _user("potter@example.org", is_resident=True)
    user.first_name = ""
    user.save()
    make_member(user, town, [industry], display_name="Ольга Гончарова")
    assert "Ольга Гончарова" in greeting(dashboard(login(user)))


@pytest.mark.parametrize(
    ("role", "steps"),
    [
        ("curator", "curator-steps"),
        ("superuser", "curator-steps"),
        ("client", "client-steps"),
        ("resident", "roles"),
        ("partner", "roles"),
    ],
)
def test_people_with_a_role_are_not_asked_to_apply(
    cast: dict[str, User], login: Callable[[User | None], Client], role: str, steps: str
) -> None:
    content = dashboard(login(cast[role]))
    assert 'data-test="apply-step"' not in content
    assert f'data-test="{steps}"' in content


def test_a_superuser_without_the_curator_flag_is_offered_the_curators_pages(
    superuser: User, login: Callable[[User | None], Client]
) -> None:
    # The pages let them in (`is_curator`); the menu read the flag alone and hid them.
    menu = dashboard(login(superuser)).split('id="nav"', 1)[1].split("</ul>", 1)[0]
    assert reverse("members:application_queue") in menu
    assert reverse("matching:network") in menu
    assert 'id="nav-projects"' in menu
    assert 'id="nav-orders"' in menu


def test_a_person_with_no_role_is_asked_to_apply(
    outsider: User, login: Callable[[User | None], Client]
) -> None:
    content = dashboard(login(outsider))
    assert 'data-test="apply-step"' in content
    assert 'data-test="curator-steps"' not in content
    assert 'data-test="client-steps"' not in content


def test_accepting_an_application_keeps_the_persons_own_name(
    db: None, town: Town, industry: Industry, curator: User
) -> None:
    from members.services import ApplicationData, do_accept_application, do_submit_application

    user = _user("lebedeva@example.org")
    user.first_name = ""
    user.save()
    application = do_submit_application(
        user,
        ApplicationData(
            role="resident",
            kind=Kind.ORGANISATION,
            full_name="Лебедева Анастасия Игоревна",
            organisation="Мастерская подарков",
            legal_form="ooo",
            inn="5103000017",
            town=town,
            about="Делаем подарочные наборы.",
            wants="Ищем фотографа.",
            industries=[industry],
            jobs=2,
            consent_public_profile=True,
        ),
        consent_version="2026-11",
        ip="127.0.0.1",
    )
    member = do_accept_application(application, curator)
    user.refresh_from_db()
    assert user.get_full_name() == "Лебедева Анастасия Игоревна"
    assert member.display_name == "Мастерская подарков"
    assert member.acting_person == "Лебедева Анастасия Игоревна, Мастерская подарков"
