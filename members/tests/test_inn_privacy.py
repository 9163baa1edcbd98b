"""A person's ИНН is personal data: only its owner and the curators read it."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import pytest
from django.test import Client

from core.inn import with_check_digits
from members.models import Kind, LegalForm, Member, User

PERSONAL_INN = with_check_digits("5103012345")
ORGANISATION_INN = with_check_digits("510301234")


@pytest.fixture
def self_employed(resident: User) -> Member:
    member = resident.member
    member.legal_form = LegalForm.SELF_EMPLOYED
    member.inn = PERSONAL_INN
    member.save(update_fields=["legal_form", "inn"])
    return member


def _page_shows_inn(client: Client, member: Member) -> bool:
    response = client.get(f"/members/{member.pk}/")
    assert response.status_code == 200
    assert b'data-test="inn"' in response.content  # the row says the ИНН was checked
    return member.inn.encode() in response.content


def _api_inn(client: Client, member: Member) -> Any:
    response = client.get(f"/api/v1/members/{member.pk}")
    assert response.status_code == 200
    assert response.json()["inn_checked"] is True
    return response.json()["inn"]


@pytest.mark.parametrize("role", ["anonymous", "outsider", "client", "partner", "producer"])
def test_others_do_not_read_a_persons_inn(
    role: str,
    self_employed: Member,
    cast: dict[str, User],
    login: Callable[[User | None], Client],
) -> None:
    client = login(None if role == "anonymous" else cast[role])
    assert not _page_shows_inn(client, self_employed)
    assert _api_inn(client, self_employed) is None


@pytest.mark.parametrize("role", ["resident", "curator"])
def test_the_person_and_curators_read_it(
    role: str,
    self_employed: Member,
    cast: dict[str, User],
    login: Callable[[User | None], Client],
) -> None:
    client = login(cast[role])
    assert _page_shows_inn(client, self_employed)
    assert _api_inn(client, self_employed) == PERSONAL_INN


def test_a_superuser_without_the_curator_flag_reads_it(
    self_employed: Member, login: Callable[[User | None], Client]
) -> None:
    admin = User.objects.create_superuser("root@example.org", "x" * 12)
    assert _api_inn(login(admin), self_employed) == PERSONAL_INN


def test_a_sole_proprietors_inn_is_personal_too(
    self_employed: Member, login: Callable[[User | None], Client]
) -> None:
    self_employed.legal_form = LegalForm.IP
    self_employed.save(update_fields=["legal_form"])
    assert _api_inn(login(None), self_employed) is None


def test_an_organisations_inn_stays_public(
    partner: User, login: Callable[[User | None], Client]
) -> None:
    member = partner.member
    assert member.kind == Kind.ORGANISATION
    member.inn = ORGANISATION_INN
    member.save(update_fields=["inn"])
    client = login(None)
    assert _page_shows_inn(client, member)
    assert _api_inn(client, member) == ORGANISATION_INN


def test_a_member_without_an_inn_has_no_inn_row(
    resident: User, login: Callable[[User | None], Client]
) -> None:
    response = login(None).get(f"/api/v1/members/{resident.member.pk}")
    assert not response.json()["inn"]
    assert response.json()["inn_checked"] is False
    assert b'data-test="inn"' not in login(None).get(f"/members/{resident.member.pk}/").content
