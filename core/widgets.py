"""Form widgets of the cluster's design that Django does not have."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from django import forms
from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _


class FoldedCheckboxes(forms.CheckboxSelectMultiple):
    """Checkboxes folded into one `<details>` per group, so a long list fits a phone screen.

    A group opens by itself when one of its boxes is ticked or the field has an error, so
    nothing chosen or wrong hides behind a fold. `<details>` folds and unfolds from the keyboard
    and without JavaScript; a small script only keeps the "chosen" counts current.
    """

    template_name = "core/widgets/folded_checkboxes.html"

    def __init__(
        self,
        attrs: dict[str, Any] | None = None,
        choices: Any = (),
        *,
        group_by: Callable[[Any], object] | None = None,
        fold_label: str | Promise = "",
    ) -> None:
        super().__init__(attrs, choices)
        # `group_by` takes a model choice's instance and returns its group; without it, all
        # choices share one fold called `fold_label`.
        self.group_by = group_by
        self.fold_label = fold_label

    def get_context(self, name: str, value: Any, attrs: dict[str, Any] | None) -> dict[str, Any]:
        context = super().get_context(name, value, attrs)
        invalid = (attrs or {}).get("aria-invalid") == "true"
        folds: dict[str, dict[str, Any]] = {}
        for _group, options, _index in context["widget"]["optgroups"]:
            for option in options:
                label = self._group_label(option["value"])
                fold = folds.setdefault(label, {"name": label, "options": [], "chosen": 0})
                fold["options"].append(option)
                fold["chosen"] += bool(option["selected"])
        for fold in folds.values():
            fold["total"] = len(fold["options"])
            fold["open"] = invalid or fold["chosen"] > 0
        context["widget"]["folds"] = list(folds.values())
        return context

    def _group_label(self, value: Any) -> str:
        instance = getattr(value, "instance", None)
        if self.group_by is None or instance is None:
            return str(self.fold_label)
        return str(self.group_by(instance))


def industry_checkboxes() -> FoldedCheckboxes:
    """Return the widget for a choice of creative industries, folded by industry group.

    The field's queryset should `select_related("group")`, or each industry costs a query.
    """
    return FoldedCheckboxes(group_by=lambda industry: industry.group.name)


def town_checkboxes() -> FoldedCheckboxes:
    """Return the widget for a choice of several towns, folded into one list."""
    return FoldedCheckboxes(fold_label=_("Choose towns"))
