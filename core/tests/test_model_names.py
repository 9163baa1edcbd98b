"""The admin names every model of ours in the curator's language, one and many."""

from __future__ import annotations

import pytest
from django.apps import apps
from django.utils import translation

OUR_APPS = ["core", "members", "resources", "matching", "events", "meetings", "projects", "orders"]
# One-row settings: «настройки» is the same word for one and many.
SETTINGS = {"core.ClusterSettings", "orders.OrderSettings"}
MODELS = [model for app in OUR_APPS for model in apps.get_app_config(app).get_models()]


@pytest.mark.parametrize("model", MODELS, ids=lambda m: m._meta.label)
def test_every_model_has_its_names_translated(model: type) -> None:
    meta = model._meta  # type: ignore[attr-defined]
    # Django's defaults («feedbacks», «jobs records») are English and cannot be translated.
    assert "verbose_name" in meta.original_attrs, meta.label
    assert "verbose_name_plural" in meta.original_attrs, meta.label
    with translation.override("en"):
        english = str(meta.verbose_name), str(meta.verbose_name_plural)
    with translation.override("ru"):
        russian = str(meta.verbose_name), str(meta.verbose_name_plural)
    assert russian[0] != english[0], meta.label
    assert russian[1] != english[1], meta.label
    assert russian[0] != russian[1] or meta.label in SETTINGS, meta.label
