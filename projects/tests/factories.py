"""Small builders for project tests: members, and projects at a given stage."""

from __future__ import annotations

from datetime import date
from itertools import count
from typing import Any

from conftest import PASSWORD, make_member
from core.models import Industry, Town
from members.models import Member, User
from projects.models import Project
from projects.services import (
    ProjectData,
    check_add_step,
    check_answer_invitation,
    check_create_project,
    check_invite,
    check_move_project,
    check_record_pitch,
    check_toggle_step,
    check_update_project,
)

_numbers = count(1)


def new_member(**roles: bool) -> Member:
    """Return a fresh member (a resident unless other roles are given) in Kirovsk."""
    number = next(_numbers)
    roles = roles or {"is_resident": True}
    user = User.objects.create_user(f"maker{number}@example.org", PASSWORD, **roles)
    user.emailaddress_set.create(email=user.email, verified=True, primary=True)  # type: ignore[attr-defined]
    return make_member(
        user,
        Town.objects.get(slug="kirovsk"),
        [Industry.objects.get(slug="folk-crafts")],
        display_name=f"Мастер {number}",
    )


def idea(owner: User, **fields: Any) -> Project:
    data = ProjectData(
        title=fields.pop("title", "Сувениры из керамики"),
        summary=fields.pop("summary", "Серия сувениров из хибинской глины для лавки."),
        industries=fields.pop("industries", [Industry.objects.get(slug="folk-crafts")]),
        **fields,
    )
    return check_create_project(owner, data)


def add_confirmed(project: Project, owner: User, member: Member | None = None) -> Member:
    member = member or new_member()
    membership = check_invite(project, owner, member)
    check_answer_invitation(membership, member.user, accept=True)
    return member


def project_at(stage: str, owner: User) -> Project:
    """Return a project moved through the stages, legally, up to `stage`."""
    project = idea(owner)
    path = ["pitch", "team", "launched", "completed"]
    for target in path[: path.index(stage) + 1] if stage in path else []:
        if target == "team":
            check_record_pitch(project, owner)
            add_confirmed(project, owner)
        if target == "launched":
            data = ProjectData(
                title=project.title,
                summary=project.summary,
                industries=list(project.industries.all()),
                towns=list(project.towns.all()),
                starts_on=date(2026, 4, 1),
                ends_on=date(2026, 9, 30),
            )
            project = check_update_project(project, owner, data, project.version)
            check_add_step(project, owner, "Сделать пробную партию")
        if target == "completed":
            for step in project.steps.all():
                check_toggle_step(step, owner)
        project = check_move_project(project, owner, target)
    return project


def pitched_project_with_everything(cast: dict[str, User]) -> dict[str, list[Any]]:
    """Return URL arguments for every project page, for the permission matrix.

    The producer owns a pitched project with the resident confirmed on its team, a step, a
    need, a pitch and the partner's interest; the resident owns a product with a photo and is
    invited to a second project.
    """
    from decimal import Decimal

    from django.core.files.uploadedfile import SimpleUploadedFile

    from projects.services import (
        MakerShare,
        ProductData,
        check_add_need,
        check_add_photo,
        check_create_product,
        check_record_interest,
    )

    producer, resident = cast["producer"], cast["resident"]
    project = project_at("pitch", producer)
    membership = check_invite(project, producer, resident.member)
    check_answer_invitation(membership, resident, accept=True)
    step = check_add_step(project, producer, "Сделать пробную партию")
    need = check_add_need(project, producer, "premises", "Помещение для мастер-классов")
    check_record_pitch(project, producer)
    interest = check_record_interest(project, cast["partner"], "sell")
    second = idea(producer, title="Вторая идея")
    invitation = check_invite(second, producer, resident.member)
    product = check_create_product(
        resident,
        ProductData(
            "Кружка «Хибины»",
            Decimal("900"),
            "piece",
            [MakerShare(resident.member, Decimal("100"))],
            is_listed=True,
        ),
    )
    photo = check_add_photo(product, resident, SimpleUploadedFile("mug.png", png_bytes()))
    on_project = {
        name: [project.pk]
        for name in (
            "detail", "edit", "move", "add_step", "team", "add_role", "invite", "add_need",
            "add_pitch", "add_interest",
        )
    }  # fmt: skip
    on_product = {name: [product.pk] for name in ("product_detail", "product_edit", "add_photo")}
    args = {
        **on_project,
        **on_product,
        "answer_invitation": [invitation.pk],
        "toggle_step": [step.pk],
        "remove_step": [step.pk],
        "remove_need": [need.pk],
        "remove_member": [membership.pk],
        "follow_up": [interest.pk],
        "portfolio": [producer.member.pk],
        "remove_photo": [photo.pk],
    }
    return {f"projects:{name}": value for name, value in args.items()}


def png_bytes(size: tuple[int, int] = (64, 48)) -> bytes:
    import io

    from PIL import Image

    buffer = io.BytesIO()
    Image.new("RGB", size, (20, 107, 140)).save(buffer, "PNG")
    return buffer.getvalue()
