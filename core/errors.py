"""Domain errors: what a service refuses, with a stable code and the kind of refusal.

Services raise them and never build HTTP answers. The API answers every one in one handler
(`config.api`): the kind's status and {"code", "message", "details"}. Pages put them on the
bound form they re-render (`add_to_form`) or show the message.
"""

from __future__ import annotations

from typing import Any, Literal

from django import forms
from django.core.exceptions import NON_FIELD_ERRORS

Kind = Literal["invalid", "forbidden", "not_found", "conflict"]

# invalid: the input breaks a rule; forbidden: the person's place does not allow it (they may
# see the object); not_found: nothing the person may see; conflict: the object's state does
# not allow it now.
STATUS: dict[Kind, int] = {"invalid": 422, "forbidden": 403, "not_found": 404, "conflict": 409}


class DomainError(Exception):
    """An action the rules do not allow, with a stable `code` for scripts and a `message`
    for people. `field` names the input it is about: `"__all__"` for the whole form, None
    when it concerns no input (the API then sends no `details`).

    A subclass may set its own default `kind`; a raise gives another with `kind=`.
    """

    kind: Kind = "invalid"

    def __init__(
        self,
        code: str,
        message: str,
        field: str | None = NON_FIELD_ERRORS,
        *,
        kind: Kind | None = None,
    ) -> None:
        super().__init__(message)
        self.code, self.message, self.field = code, message, field
        if kind is not None:
            self.kind = kind

    @property
    def status(self) -> int:
        return STATUS[self.kind]

    def details(self) -> Any:
        """Return the API's `details`: the message under its field, or None."""
        return None if self.field is None else {self.field: [self.message]}


def add_to_form(form: forms.BaseForm, error: DomainError) -> None:
    """Put the error on its field, or on the whole form when the form has no such field, so
    the page re-renders the bound form with the message where the person looks."""
    field = error.field if error.field in form.fields else None
    form.add_error(field, forms.ValidationError(error.message, code=error.code))
