"""Every paginated list, page or API, answers an absurd page number calmly: a page shows the
last page there is, the API a 404 or 422 with a code."""

from __future__ import annotations

from collections.abc import Callable

import pytest
from django.test import Client

from members.models import User

PAGES = [
    ("/members/", "outsider"),
    ("/orders/", "resident"),
    ("/curator/applications/", "curator"),
    ("/curator/network/", "curator"),
]
API_LISTS = ["/api/v1/members", "/api/v1/orders"]
ABSURD = [str(10**30), "-1", "abc", "0", "1e30", "2"]


@pytest.mark.parametrize("page", ABSURD)
@pytest.mark.parametrize(("url", "role"), PAGES)
def test_a_list_page_answers_the_last_page_for_any_page_number(
    cast: dict[str, User], login: Callable[[User | None], Client], url: str, role: str, page: str
) -> None:
    response = login(cast[role]).get(url, {"page": page})
    assert response.status_code == 200
    shown = response.context["page"]
    assert shown.number == 1  # each list here has a single page


@pytest.mark.parametrize("page", [str(10**30), "2"])
@pytest.mark.parametrize("url", API_LISTS)
def test_an_api_list_answers_404_past_its_last_page(
    cast: dict[str, User], login: Callable[[User | None], Client], url: str, page: str
) -> None:
    response = login(cast["curator"]).get(url, {"page": page})
    assert response.status_code in (404, 422)
    assert response.json()["code"] in ("page_not_found", "invalid_input")


@pytest.mark.parametrize("page", ["-1", "abc", "0", "1e30"])
@pytest.mark.parametrize("url", API_LISTS)
def test_an_api_list_refuses_a_page_that_is_not_a_positive_number(
    cast: dict[str, User], login: Callable[[User | None], Client], url: str, page: str
) -> None:
    response = login(cast["curator"]).get(url, {"page": page})
    assert response.status_code == 422
    assert response.json()["code"] == "invalid_input"
