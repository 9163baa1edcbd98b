from __future__ import annotations

import re
from collections.abc import Callable
from typing import Any

import pytest
from django.urls import reverse

from conftest import make_member
from core.models import Industry, Town
from members.models import User


@pytest.fixture
def directory_cast(db: None, town: Town, other_town: Town, industry: Industry) -> dict[str, Any]:
    photo = Industry.objects.get(slug="photography")
    people = {
        "potter": (
            "Гончарная мастерская «Глина»",
            town,
            [industry],
            "Работаем на гончарном круге, обжигаем в печи.",
        ),
        "photographer": (
            "Студия «Северный свет»",
            other_town,
            [photo],
            "Предметная фотосъёмка для каталогов.",
        ),
        "carver": ("Резьба по кости", other_town, [industry], "Сувениры из кости и дерева."),
    }
    result = {}
    for key, (name, member_town, industries, about) in people.items():
        user = User.objects.create_user(f"{key}@example.org", "x" * 12, is_resident=True)
        result[key] = make_member(user, member_town, industries, display_name=name, about=about)
    return result


def names(response: Any) -> list[str]:
    return [member.display_name for member in response.context["page"].object_list]


def test_search_understands_russian_word_forms(
    directory_cast: dict[str, Any], login: Callable[..., Any]
) -> None:
    client = login(None)
    assert names(client.get(reverse("members:directory"), {"q": "гончара"})) == [
        "Гончарная мастерская «Глина»"
    ]
    assert names(client.get(reverse("members:directory"), {"q": "фотосъёмки"})) == [
        "Студия «Северный свет»"
    ]
    assert names(client.get(reverse("members:directory"), {"q": "каталог фотосъемка"})) == [
        "Студия «Северный свет»"
    ]
    assert names(client.get(reverse("members:directory"), {"q": "сувенирами"})) == [
        "Резьба по кости"
    ]
    assert names(client.get(reverse("members:directory"), {"q": "самолёт"})) == []


def test_filters_by_town_industry_role_and_legal_form(
    directory_cast: dict[str, Any], login: Callable[..., Any], other_town: Town
) -> None:
    client = login(None)
    url = reverse("members:directory")
    assert names(client.get(url, {"town": other_town.slug})) == [
        "Резьба по кости",
        "Студия «Северный свет»",
    ]
    assert names(client.get(url, {"industry": "photography"})) == ["Студия «Северный свет»"]
    assert names(client.get(url, {"industry": "folk-crafts", "town": other_town.slug})) == [
        "Резьба по кости"
    ]
    assert len(names(client.get(url, {"role": "resident"}))) == 3
    assert names(client.get(url, {"role": "producer"})) == []
    assert len(names(client.get(url, {"legal_form": "self_employed"}))) == 3
    assert names(client.get(url, {"legal_form": "ooo"})) == []


@pytest.mark.parametrize(
    "params",
    [{"town": "atlantis"}, {"industry": "alchemy"}, {"role": "wizard"}, {"legal_form": "llc"}],
)
def test_unknown_filter_values_get_a_field_message(
    directory_cast: dict[str, Any], login: Callable[..., Any], params: dict[str, str]
) -> None:
    response = login(None).get(reverse("members:directory"), params)
    assert response.status_code == 200
    field = next(iter(params))
    assert "Выберите корректный вариант" in " ".join(response.context["form"].errors[field])
    assert names(response) == []


def test_htmx_requests_get_only_the_results(
    directory_cast: dict[str, Any], login: Callable[..., Any]
) -> None:
    response = login(None).get(reverse("members:directory"), {"q": "кость"}, HTTP_HX_REQUEST="true")
    html = response.content.decode()
    assert "<html" not in html
    assert "Резьба по кости" in html


def test_the_list_page_runs_a_constant_number_of_queries(
    town: Town, industry: Industry, login: Callable[..., Any], django_assert_num_queries: Any
) -> None:
    for number in range(30):
        user = User.objects.create_user(f"m{number}@example.org", "x" * 12, is_resident=True)
        make_member(user, town, [industry], display_name=f"Мастер {number:02d}")
    client = login(None)
    # the town filter's lookup, count, members page, their industries, cluster settings,
    # towns and industries for the selects
    with django_assert_num_queries(7):
        response = client.get(reverse("members:directory"), {"q": "мастер", "town": town.slug})
    assert len(names(response)) == 24
    # the same without the town lookup, on the last page
    with django_assert_num_queries(6):
        response = client.get(reverse("members:directory"), {"page": 2})
    assert len(names(response)) == 6


def test_curators_also_see_hidden_profiles(
    directory_cast: dict[str, Any], curator: User, login: Callable[..., Any]
) -> None:
    hidden = directory_cast["carver"]
    hidden.public_profile = False
    hidden.save(update_fields=["public_profile"])
    assert "Резьба по кости" not in names(login(None).get(reverse("members:directory")))
    assert "Резьба по кости" in names(login(curator).get(reverse("members:directory")))


def test_a_search_stops_counting_at_the_cap(
    town: Town, industry: Industry, login: Callable[..., Any], settings: Any
) -> None:
    settings.SEARCH_COUNT_CAP = 5
    for number in range(8):
        user = User.objects.create_user(f"cap{number}@example.org", "x" * 12, is_resident=True)
        make_member(user, town, [industry], display_name=f"Гончар {number}")
    response = login(None).get(reverse("members:directory"), {"q": "гончар"})
    paginator = response.context["page"].paginator
    assert paginator.is_capped
    assert paginator.count == 5
    assert paginator.num_pages == 1
    assert len(names(response)) == 5
    body = login(None).get("/api/v1/members", {"q": "гончар"}).json()
    assert body["count"] == 5
    assert body["count_capped"] is True
    body = login(None).get("/api/v1/members", {"q": "гончар 7"}).json()
    assert body["count_capped"] is False


def _page_text(html: str) -> str:
    """The words a person copies or a screen reader reads: tags gone, nothing else added."""
    return re.sub(r"\s+", " ", re.sub(r"<[^>]+>", "", html))


def test_role_and_industry_tags_read_as_separate_words(
    town: Town, industry: Industry, client: Any
) -> None:
    photo = Industry.objects.get(slug="photography")
    user = User.objects.create_user(
        "both@example.org", "x" * 12, is_resident=True, is_producer=True
    )
    member = make_member(user, town, [industry, photo], display_name="Студия «Двое»")
    member.industries.set([industry, photo])
    first, second = sorted([industry.name, photo.name])
    detail = _page_text(client.get(reverse("members:detail", args=[member.pk])).content.decode())
    assert "резидент продюсер" in detail
    listing = _page_text(client.get(reverse("members:directory")).content.decode())
    for text in (detail, listing):
        assert first + second not in text
        assert second + first not in text
