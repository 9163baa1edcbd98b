"""Project and product pages: they render for the people who may see them, refuse bad input
with a clear message, and read lists in a fixed number of queries."""

from __future__ import annotations

from collections.abc import Callable
from decimal import Decimal
from pathlib import Path
from typing import Any

import pytest
from django.urls import reverse

from members.models import User
from projects.models import Project, ProjectStep, TeamMembership
from projects.services import (
    MakerShare,
    ProductData,
    check_add_need,
    check_add_role,
    check_create_product,
    check_record_interest,
    check_record_pitch,
)
from projects.tests.factories import add_confirmed, idea, project_at


@pytest.fixture(autouse=True)
def _media(settings: Any, tmp_path: Path) -> None:
    settings.MEDIA_ROOT = tmp_path


@pytest.fixture
def pitched(producer: User, resident: User, partner: User) -> Project:
    project = project_at("pitch", producer)
    add_confirmed(project, producer, resident.member)
    check_add_role(project, producer, "photographer", "Снять каталог")
    check_add_need(project, producer, "premises", "Помещение для мастер-классов")
    check_record_pitch(project, producer)
    check_record_interest(project, partner, "fund", amount=Decimal("50000"))
    check_create_product(
        producer,
        ProductData(
            "Набор «Хибины»",
            Decimal("3500"),
            "set",
            [
                MakerShare(producer.member, Decimal("70")),
                MakerShare(resident.member, Decimal("30")),
            ],
            project=project,
            is_listed=True,
        ),
    )
    return project


def test_every_project_page_renders(
    pitched: Project, producer: User, resident: User, login: Callable[..., Any]
) -> None:
    owner = login(producer)
    product = pitched.products.get()
    pages = [
        reverse("projects:list"),
        reverse("projects:create"),
        reverse("projects:detail", args=[pitched.pk]),
        reverse("projects:edit", args=[pitched.pk]),
        reverse("projects:team", args=[pitched.pk]),
        reverse("projects:invitations"),
        reverse("projects:portfolio", args=[producer.member.pk]),
        reverse("projects:catalogue"),
        reverse("projects:catalogue") + "?mine=1",
        reverse("projects:product_create"),
        reverse("projects:product_detail", args=[product.pk]),
        reverse("projects:product_edit", args=[product.pk]),
    ]
    for url in pages:
        response = owner.get(url)
        assert response.status_code == 200, url
        assert b"<h1" in response.content


def test_a_producer_saves_an_idea_from_the_form(producer: User, login: Callable[..., Any]) -> None:
    response = login(producer).post(
        reverse("projects:create"),
        {"title": "Ярмарка ремёсел", "summary": "Летняя ярмарка", "budget": "150000"},
    )
    project = Project.objects.get()
    assert response.status_code == 302
    assert response.url == reverse("projects:team", args=[project.pk])
    assert project.owner == producer.member
    assert project.budget == Decimal("150000")


def test_a_negative_budget_is_shown_on_the_form_and_saves_nothing(
    producer: User, login: Callable[..., Any]
) -> None:
    response = login(producer).post(
        reverse("projects:create"), {"title": "Ярмарка", "summary": "", "budget": "-5"}
    )
    assert response.status_code == 200
    assert "budget" in response.context["form"].errors
    assert not Project.objects.exists()


def test_an_illegal_jump_from_the_page_changes_nothing(
    producer: User, login: Callable[..., Any]
) -> None:
    project = idea(producer)
    response = login(producer).post(
        reverse("projects:move", args=[project.pk]), {"stage": "launched"}, follow=True
    )
    assert response.status_code == 200
    assert [m.level_tag for m in response.context["messages"]] == ["error"]
    project.refresh_from_db()
    assert project.stage == "idea"


def test_a_stale_edit_shows_both_versions_and_keeps_the_typed_text(
    producer: User, resident: User, login: Callable[..., Any]
) -> None:
    project = idea(producer)
    add_confirmed(project, producer, resident.member)
    url = reverse("projects:edit", args=[project.pk])
    first = {"title": project.title, "summary": "Версия продюсера", "version": "1"}
    assert login(producer).post(url, first).status_code == 302

    second = {"title": project.title, "summary": "Версия мастера", "version": "1"}
    response = login(resident).post(url, second)
    assert response.status_code == 409
    assert response.context["theirs"].summary == "Версия продюсера"
    form = response.context["form"]
    assert form["summary"].value() == "Версия мастера"
    assert form["version"].value() == "2"
    project.refresh_from_db()
    assert project.summary == "Версия продюсера"

    resend = {**second, "version": form["version"].value()}
    assert login(resident).post(url, resend).status_code == 302
    project.refresh_from_db()
    assert (project.summary, project.version) == ("Версия мастера", 3)


def test_someone_off_the_team_cannot_edit(
    pitched: Project, partner: User, login: Callable[..., Any]
) -> None:
    # The partner sees the pitched project; its edit page answers as for a missing one.
    url = reverse("projects:edit", args=[pitched.pk])
    assert login(partner).get(reverse("projects:detail", args=[pitched.pk])).status_code == 200
    assert login(partner).get(url).status_code == 404
    assert login(partner).post(url, {"title": "Чужое", "version": "1"}).status_code == 404
    pitched.refresh_from_db()
    assert pitched.title != "Чужое"


def test_inviting_from_the_suggestions_and_accepting(
    pitched: Project, producer: User, login: Callable[..., Any]
) -> None:
    from projects.tests.factories import new_member

    maker = new_member()
    role = pitched.roles.get(kind="photographer")
    response = login(producer).post(
        reverse("projects:invite", args=[pitched.pk]), {"member": maker.pk, "role": role.pk}
    )
    assert response.status_code == 302
    invitation = TeamMembership.objects.get(member=maker)
    again = login(producer).post(
        reverse("projects:invite", args=[pitched.pk]), {"member": maker.pk}, follow=True
    )
    assert [m.level_tag for m in again.context["messages"]] == ["error"]
    response = login(maker.user).post(
        reverse("projects:answer_invitation", args=[invitation.pk]), {"answer": "accept"}
    )
    assert response.url == reverse("projects:detail", args=[pitched.pk])
    invitation.refresh_from_db()
    assert invitation.status == "confirmed"


def test_the_project_list_runs_constant_queries(
    producer: User, partner: User, login: Callable[..., Any], django_assert_num_queries: Any
) -> None:
    for number in range(4):
        project_at("pitch", producer) if number % 2 else idea(producer)
    client = login(partner)
    # session, user, partner's member (for visibility), unread notifications, cluster settings,
    # whether the partner reviews support applications (the menu); projects with owner and
    # town and team size; their industries
    with django_assert_num_queries(8):
        response = client.get(reverse("projects:list"))
    assert len(response.context["projects"]) == 2


def test_the_catalogue_runs_constant_queries(
    pitched: Project,
    resident: User,
    login: Callable[..., Any],
    django_assert_num_queries: Any,
) -> None:
    for number in range(3):
        check_create_product(
            resident,
            ProductData(
                f"Кружка {number}",
                Decimal("900"),
                "piece",
                [MakerShare(resident.member, Decimal("100"))],
                is_listed=True,
            ),
        )
    client = login(None)
    # cluster settings (base page); products with owner and project; makers with members; photos
    with django_assert_num_queries(4):
        response = client.get(reverse("projects:catalogue"))
    assert len(response.context["products"]) == 4


def test_plan_steps_from_the_page(
    pitched: Project, producer: User, login: Callable[..., Any]
) -> None:
    client = login(producer)
    client.post(reverse("projects:add_step", args=[pitched.pk]), {"title": "Пробная партия"})
    step = ProjectStep.objects.get()
    client.post(reverse("projects:toggle_step", args=[step.pk]))
    step.refresh_from_db()
    assert step.done_at is not None


def test_a_joint_product_is_made_and_edited_from_the_form(
    pitched: Project, producer: User, resident: User, login: Callable[..., Any]
) -> None:
    client = login(producer)
    form = {
        "title": "Подсвечник",
        "description": "Кованый",
        "price": "2200",
        "unit": "piece",
        "is_listed": "on",
        "project": str(pitched.pk),
        "makers-TOTAL_FORMS": "3",
        "makers-INITIAL_FORMS": "0",
        "makers-0-member": str(producer.member.pk),
        "makers-0-share": "60",
        "makers-1-member": str(resident.member.pk),
        "makers-1-share": "30",
        "makers-2-member": "",
        "makers-2-share": "",
    }
    short = client.post(reverse("projects:product_create"), form)
    assert short.status_code == 200
    assert short.context["form"].non_field_errors()
    form["makers-1-share"] = "40"
    response = client.post(reverse("projects:product_create"), form)
    product = pitched.products.get(title="Подсвечник")
    assert response.url == reverse("projects:product_detail", args=[product.pk])
    assert sorted(product.makers.values_list("share", flat=True)) == [Decimal("40"), Decimal("60")]

    page = client.get(reverse("projects:product_edit", args=[product.pk])).content.decode()
    assert 'value="60.00"' in page
    assert 'value="40.00"' in page
    unshared = {**form, "makers-1-share": ""}
    response = client.post(reverse("projects:product_edit", args=[product.pk]), unshared)
    assert response.status_code == 200
    assert product.makers.count() == 2
