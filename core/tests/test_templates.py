"""Every template of the project compiles, and renders without an error.

Rendering goes through real requests, as people reach the templates: every address of the
permission matrix for every role (pages, then htmx fragments, then forms sent empty), the
account pages, the error pages and a locked-out login. The few fragments those requests cannot
reach with the matrix's objects (shown only for an accepted introduction or a routed order's
reasons) are rendered with a request and the context their includes pass (`MINIMAL_CONTEXT`),
and two of allauth's elements that its pages use only under other settings through allauth's
`element` tag (`ELEMENTS`).
A new template that none of these render fails `test_every_template_renders`: reach it through
a page (a matrix row), or add its minimal context here.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import pytest
from django.conf import settings
from django.template import Origin, RequestContext, Template
from django.template.loader import get_template, render_to_string
from django.test import Client, RequestFactory, override_settings
from django.test.signals import template_rendered
from django.urls import reverse

from conftest import PASSWORD
from core.tests.test_permissions_matrix import MATRIX, ROLES, url_args  # noqa: F401
from members.models import User

HTMX = {"HX-Request": "true"}


def _template_dirs() -> list[Path]:
    base = Path(settings.BASE_DIR)
    apps = [path.parent / "templates" for path in base.glob("*/apps.py")]
    return [base / "templates", *(path for path in apps if path.is_dir())]


def _our_templates() -> set[str]:
    return {
        path.relative_to(folder).as_posix()
        for folder in _template_dirs()
        for path in folder.rglob("*")
        if path.is_file() and path.suffix in {".html", ".txt"}
    }


def test_the_templates_are_found() -> None:
    # Guards the tests below: a wrong folder would make them pass on nothing.
    assert {"base.html", "members/directory.html", "orders/board.html"} <= _our_templates()


@pytest.mark.parametrize("name", sorted(_our_templates()))
def test_every_template_compiles(name: str) -> None:
    get_template(name)


def _reasons(cast: dict[str, User]) -> dict[str, Any]:
    kinds = [
        {"kind": "offer", "text": "Глазурь"},
        {"kind": "industry"},
        {"kind": "town", "km": 0},
        {"kind": "town", "km": 40},
        {"kind": "rating", "rating": 4.5, "count": 2},
        {"kind": "free"},
        {"kind": "producer"},
        {"kind": "curator", "text": "Подходит"},
    ]
    return {"reasons": kinds}


def _contacts(cast: dict[str, User]) -> dict[str, Any]:
    return {"partner": cast["producer"].member}


# Fragments the requests below cannot reach: template -> the context its include passes.
MINIMAL_CONTEXT: dict[str, Callable[[dict[str, User]], dict[str, Any]]] = {
    "orders/partials/reasons.html": _reasons,  # a routed order's reasons (`for_me`, detail)
    "matching/partials/contacts.html": _contacts,  # an accepted introduction
}


# allauth's elements that only its pages for other settings use (MFA, "already logged in"):
# rendered through allauth's own `element` tag, as its templates would.
ELEMENTS = {
    "allauth/elements/panel.html": (
        "{% element panel %}{% slot title %}T{% endslot %}{% slot body %}B{% endslot %}"
        "{% slot actions %}A{% endslot %}{% endelement %}"
    ),
    "allauth/elements/alert.html": (
        "{% element alert tags='warning' %}{% slot message %}M{% endslot %}{% endelement %}"
    ),
}


def _matrix_requests(
    cast: dict[str, User], args: dict[str, list[Any]], login: Callable[[User | None], Client]
) -> None:
    # Pages first, for every role, as forms sent later change what the pages show.
    clients = [login(None if role == "anonymous" else cast[role]) for role in ROLES]
    urls = {name: reverse(name, args=args.get(name, [])) for name in MATRIX}
    for method in ("GET", "POST"):
        for client in clients:
            for name, (row_method, _statuses) in MATRIX.items():
                if row_method != method:
                    continue
                if method == "GET":
                    client.get(urls[name])
                    client.get(urls[name], headers=HTMX)
                else:
                    client.post(urls[name], headers=HTMX)
                    client.post(urls[name])


def _account_and_error_requests(
    resident: User, token_url: str, login: Callable[[User | None], Client]
) -> None:
    member = login(resident)
    for url in ("/accounts/email/", "/accounts/login/", "/accounts/reauthenticate/"):
        member.get(url)
    member.put(token_url)  # 405
    guest = Client(raise_request_exception=False)
    for url in ("/accounts/login/", "/accounts/signup/", "/accounts/password/reset/"):
        guest.get(url)
    guest.post("/accounts/login/", {"login": "nobody@example.org", "password": "wrong"})
    for _attempt in range(settings.AXES_FAILURE_LIMIT + 1):  # ends on the locked-out page
        guest.post("/accounts/login/", {"login": resident.email, "password": PASSWORD + "?"})
    guest.get("/no-such-page/")
    guest.get("/members/", {"q": "гончар" * 1000})  # 414
    Client(enforce_csrf_checks=True).post("/accounts/login/", {"login": resident.email})
    with override_settings(ROOT_URLCONF="core.tests.error_urls"):
        for status in (400, 403, 500):
            guest.get(f"/test-errors/{status}/")


@pytest.fixture
def rendered() -> Iterator[set[str]]:
    names: set[str] = set()

    def record(sender: Any, template: Template, **kwargs: Any) -> None:
        if template.name:
            names.add(template.name)

    template_rendered.connect(record)
    yield names
    template_rendered.disconnect(record)


@pytest.mark.slow  # every address for every role, about 20 seconds
def test_every_template_renders(
    cast: dict[str, User],
    url_args: dict[str, list[Any]],  # noqa: F811
    login: Callable[[User | None], Client],
    rendered: set[str],
) -> None:
    _matrix_requests(cast, url_args, login)
    token_url = reverse("core:api_token_revoke", args=url_args["core:api_token_revoke"])
    _account_and_error_requests(cast["resident"], token_url, login)
    request = RequestFactory().get("/")
    request.user = cast["resident"]
    for name, context in MINIMAL_CONTEXT.items():
        render_to_string(name, context(cast), request)
    for snippet in ELEMENTS.values():
        origin = Origin("<snippet>", template_name="snippet.html")  # allauth names the caller
        Template("{% load allauth %}" + snippet, origin).render(RequestContext(request))
    assert _our_templates() - rendered == set(), "reach it through a page or MINIMAL_CONTEXT"
