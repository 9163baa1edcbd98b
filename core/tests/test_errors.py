"""Domain errors: the API's one handler answers each kind with its status and the same body;
pages put an error on the bound form they re-render."""

import importlib
import json

import pytest
from django import forms
from django.apps import apps
from django.conf import settings
from django.test import RequestFactory

from config.api import api
from core.api import ApiError
from core.errors import DomainError, Kind, add_to_form


def _answer(error: Exception) -> tuple[int, dict[str, object]]:
    response = api.on_exception(RequestFactory().post("/api/v1/anything"), error)
    return response.status_code, json.loads(response.content)


@pytest.mark.parametrize(
    ("kind", "status"),
    [("invalid", 422), ("forbidden", 403), ("not_found", 404), ("conflict", 409)],
)
def test_each_kind_answers_its_status_with_the_message_under_its_field(
    kind: Kind, status: int
) -> None:
    error = DomainError("some_code", "Some message.", "title", kind=kind)

    assert _answer(error) == (
        status,
        {"code": "some_code", "message": "Some message.", "details": {"title": ["Some message."]}},
    )


def test_an_error_about_no_field_in_particular_is_about_the_whole_input() -> None:
    assert _answer(DomainError("wrong_state", "Not now.", kind="conflict")) == (
        409,
        {"code": "wrong_state", "message": "Not now.", "details": {"__all__": ["Not now."]}},
    )


def test_an_error_about_no_input_has_no_details() -> None:
    error = DomainError("introduction_conflict", "Already asked.", None, kind="conflict")

    assert _answer(error) == (409, {"code": "introduction_conflict", "message": "Already asked."})


def test_a_subclass_decides_its_default_kind_and_a_raise_may_override_it() -> None:
    class StateError(DomainError):
        kind: Kind = "conflict"

    assert StateError("late", "Too late.").status == 409
    assert StateError("bad_code", "Unknown code.", "code", kind="invalid").status == 422


def test_an_api_handlers_own_error_keeps_its_status_and_details() -> None:
    error = ApiError("invalid_input", "Some fields are wrong.", 422, {"town": ["Unknown."]})

    assert _answer(error) == (
        422,
        {
            "code": "invalid_input",
            "message": "Some fields are wrong.",
            "details": {"town": ["Unknown."]},
        },
    )
    assert _answer(ApiError("not_a_member", "Members only.", 403)) == (
        403,
        {"code": "not_a_member", "message": "Members only."},
    )


class _TitleForm(forms.Form):
    title = forms.CharField()


def test_the_page_helper_puts_an_error_on_its_field() -> None:
    form = _TitleForm({"title": "x"})
    assert form.is_valid()

    add_to_form(form, DomainError("title_required", "Give it a title.", "title"))

    assert form.errors == {"title": ["Give it a title."]}
    assert form.has_error("title", "title_required")


@pytest.mark.parametrize("field", ["__all__", "budget"])
def test_the_page_helper_puts_an_error_on_the_whole_form_when_it_has_no_such_field(
    field: str,
) -> None:
    form = _TitleForm({"title": "x"})
    assert form.is_valid()

    add_to_form(form, DomainError("wrong_state", "Not now.", field, kind="conflict"))

    assert form.non_field_errors() == ["Not now."]
    assert "title" not in form.errors


def test_every_error_a_service_module_defines_is_a_domain_error() -> None:
    """A new app's error then gets its status where it is raised, not from a table of its own."""
    found = []
    for config in apps.get_app_configs():
        if not config.path.startswith(str(settings.BASE_DIR)):
            continue
        try:
            module = importlib.import_module(f"{config.name}.services")
        except ModuleNotFoundError as missing:
            if missing.name != f"{config.name}.services":
                raise
            continue
        for value in vars(module).values():
            if (
                isinstance(value, type)
                and issubclass(value, Exception)
                and value.__module__ == module.__name__
            ):
                found.append(value)

    assert found, "no service module defines an error"
    assert [error for error in found if not issubclass(error, DomainError)] == []
