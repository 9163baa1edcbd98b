"""`members.queries.member_of`: the one answer to "does this person act as a member"."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from django.contrib.auth.models import AnonymousUser
from django.urls import reverse

from members.models import Member, User
from members.queries import member_of


def test_it_names_the_entry_of_an_active_member_only(
    resident: User, client_user: User, superuser: User
) -> None:
    assert member_of(resident) == resident.member
    assert member_of(client_user) is None
    assert member_of(superuser) is None
    assert member_of(AnonymousUser()) is None
    Member.objects.filter(user=resident).update(is_active=False)
    assert member_of(User.objects.get(pk=resident.pk)) is None


def test_a_member_who_left_acts_as_no_member_on_orders_and_projects_pages(
    resident: User, login: Callable[..., Any]
) -> None:
    member = login(resident)
    assert member.get(reverse("orders:for_me")).status_code == 200
    assert member.get(reverse("projects:product_create")).status_code == 200
    Member.objects.filter(user=resident).update(is_active=False)
    # The orders pages already refused them; the projects pages read the entry alone.
    assert member.get(reverse("orders:for_me")).status_code == 404
    assert member.get(reverse("projects:product_create")).status_code == 404
    assert member.get(reverse("projects:create")).status_code == 404
