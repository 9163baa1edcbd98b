from __future__ import annotations

import io
from collections.abc import Callable
from typing import Any

from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from PIL import Image

from members.models import JobsRecord, User


def profile_form(user: User, **overrides: Any) -> dict[str, Any]:
    member = user.member
    data: dict[str, Any] = {
        "display_name": member.display_name,
        "organisation": member.organisation,
        "town": member.town_id,
        "industries": [i.pk for i in member.industries.all()],
        "about": member.about,
        "wants": member.wants,
        "jobs": member.jobs,
        "link_vk": "",
        "link_telegram": "",
        "link_site": "",
        "public_profile": "on",
    }
    data.update(overrides)
    return data


def png_bytes(size: tuple[int, int] = (40, 40)) -> bytes:
    buffer = io.BytesIO()
    Image.new("RGB", size, (20, 107, 140)).save(buffer, "PNG")
    return buffer.getvalue()


def test_a_change_in_jobs_is_kept_with_its_date(resident: User, login: Callable[..., Any]) -> None:
    client = login(resident)
    response = client.post(reverse("members:profile_edit"), profile_form(resident, jobs=4))
    assert response.status_code == 302
    client.post(reverse("members:profile_edit"), profile_form(resident, jobs=4, about="Новое"))
    client.post(reverse("members:profile_edit"), profile_form(resident, jobs=6))
    history = list(JobsRecord.objects.filter(member=resident.member).values_list("jobs", flat=True))
    assert history == [6, 4]
    resident.member.refresh_from_db()
    assert resident.member.jobs == 6


def test_search_text_follows_the_profile(resident: User, login: Callable[..., Any]) -> None:
    login(resident).post(
        reverse("members:profile_edit"),
        profile_form(resident, about="Шьём валенки и войлочные игрушки"),
    )
    resident.member.refresh_from_db()
    assert " валенок " in resident.member.search_text or " валенки " in resident.member.search_text
    found = login(None).get(reverse("members:directory"), {"q": "валенками"})
    assert [m.pk for m in found.context["page"].object_list] == [resident.member.pk]


def test_an_avatar_image_is_saved(
    resident: User, login: Callable[..., Any], settings: Any, tmp_path: Any
) -> None:
    settings.MEDIA_ROOT = tmp_path
    avatar = SimpleUploadedFile("me.png", png_bytes(), content_type="image/png")
    response = login(resident).post(
        reverse("members:profile_edit"), {**profile_form(resident), "avatar": avatar}
    )
    assert response.status_code == 302
    resident.member.refresh_from_db()
    assert str(resident.member.avatar.name).startswith("avatars/")


def test_it_rejects_a_file_that_is_not_an_image(resident: User, login: Callable[..., Any]) -> None:
    fake = SimpleUploadedFile("me.png", b"%PDF-1.4 not an image", content_type="image/png")
    response = login(resident).post(
        reverse("members:profile_edit"), {**profile_form(resident), "avatar": fake}
    )
    assert response.status_code == 200
    assert "изображение" in " ".join(response.context["form"].errors["avatar"]).lower()
    resident.member.refresh_from_db()
    assert not resident.member.avatar


def test_it_rejects_an_oversized_avatar(
    resident: User, login: Callable[..., Any], settings: Any
) -> None:
    settings.AVATAR_MAX_BYTES = 1000
    big = SimpleUploadedFile("big.png", png_bytes((400, 400)), content_type="image/png")
    response = login(resident).post(
        reverse("members:profile_edit"), {**profile_form(resident, jobs=9), "avatar": big}
    )
    assert response.status_code == 200
    assert "слишком" in " ".join(response.context["form"].errors["avatar"]).lower()
    resident.member.refresh_from_db()
    assert resident.member.jobs == 1  # nothing saved


def test_html_in_the_profile_is_shown_escaped(resident: User, login: Callable[..., Any]) -> None:
    login(resident).post(
        reverse("members:profile_edit"),
        profile_form(resident, about='<img src=x onerror="alert(1)"> керамика'),
    )
    page = login(None).get(reverse("members:detail", args=[resident.member.pk])).content.decode()
    assert "<img src=x" not in page
    assert "&lt;img src=x onerror=" in page
