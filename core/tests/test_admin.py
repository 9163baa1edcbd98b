from __future__ import annotations

from collections.abc import Callable
from typing import Any

from members.models import User


def test_curators_edit_reference_data_pages_and_settings_in_the_admin(
    curator: User, login: Callable[..., Any]
) -> None:
    client = login(curator)
    for path in ("/admin/", "/admin/core/town/", "/admin/core/industry/", "/admin/core/page/"):
        assert client.get(path).status_code == 200, path
    assert client.get("/admin/core/clustersettings/add/").status_code == 200


def test_other_roles_are_sent_to_the_admin_login(
    cast: dict[str, User], login: Callable[..., Any]
) -> None:
    for role in ("resident", "producer", "partner", "client", "outsider"):
        response = login(cast[role]).get("/admin/core/town/")
        assert response.status_code == 302, role
        assert "/admin/login/" in response.url


def test_the_admin_speaks_russian_and_carries_the_clusters_name(
    db: None, login: Callable[..., Any]
) -> None:
    from core.models import ClusterSettings

    admin = User.objects.create_superuser("admin@example.org", "x" * 12)

    ClusterSettings.objects.create(
        name_ru="Кластер «Север»", name_en="North", region_ru="Мурман", region_en="Murman"
    )
    html = login(admin).get("/admin/").content.decode()
    assert "Кластер «Север»: администрирование" in html
    assert "Django" not in html
    assert "Блокировка входа" in html
    assert ">Кластер</a>" in html  # our own app keeps its name next to axes' config
    assert ">Axes<" not in html
