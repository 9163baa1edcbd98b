"""The folded checkboxes: long lists of industries and towns grouped into `<details>` folds."""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass, field
from html.parser import HTMLParser
from typing import Any

import pytest
from django import forms
from django.urls import reverse

from core.models import Industry, IndustryGroup, Town
from core.widgets import FoldedCheckboxes
from members.forms import ApplicationForm, ProfileForm
from members.models import User
from orders.forms import OrderForm
from projects.forms import ProjectForm
from projects.models import Project
from resources.forms import ResourceItemForm


@dataclass
class Fold:
    is_open: bool
    summary: str = ""
    values: list[str] = field(default_factory=list)
    checked: list[str] = field(default_factory=list)


class FoldParser(HTMLParser):
    """Collect the folds of one field: whether each is open, its summary and its boxes."""

    def __init__(self, name: str) -> None:
        super().__init__()
        self.name = name
        self.folds: list[Fold] = []
        self._in_summary = False

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        found = dict(attrs)
        if tag == "details" and "data-fold" in found:
            self.folds.append(Fold(is_open="open" in found))
        elif tag == "summary" and self.folds:
            self._in_summary = True
        elif tag == "input" and self.folds and found.get("name") == self.name:
            value = found.get("value") or ""
            self.folds[-1].values.append(value)
            if "checked" in found:
                self.folds[-1].checked.append(value)

    def handle_endtag(self, tag: str) -> None:
        if tag == "summary":
            self._in_summary = False

    def handle_data(self, data: str) -> None:
        if self._in_summary:
            self.folds[-1].summary += data


def folds_of(html: str, name: str) -> list[Fold]:
    # Only the folds of this field: each field's list is its own `data-field` block.
    start = html.index(f'data-field="{name}"')
    end = html.find('data-test="folded-choices"', start + 1)
    parser = FoldParser(name)
    parser.feed(html[start : end if end > 0 else len(html)].split(">", 1)[1])
    return [fold for fold in parser.folds if fold.values]


def test_industries_come_in_one_fold_per_group_with_its_name_and_count(
    reference_data: None,
) -> None:
    folk, music = Industry.objects.get(slug="folk-crafts"), Industry.objects.get(slug="music")
    form = ProjectForm(initial={"industries": [folk.pk, music.pk]})

    folds = folds_of(str(form["industries"]), "industries")

    groups = list(IndustryGroup.objects.order_by("position"))
    assert len(folds) == len(groups) == 4
    for fold, group in zip(folds, groups, strict=True):
        assert group.name in fold.summary
        assert sorted(fold.values) == sorted(str(i.pk) for i in group.industries.all())
    assert [f.checked for f in folds if f.checked] == [[str(folk.pk)], [str(music.pk)]]
    # A fold with a chosen industry is open and counts it; the others stay folded.
    assert [f.is_open for f in folds] == [True, True, False, False]
    assert re.search(r"\b1\b", folds[0].summary)
    assert re.search(r"\b0\b", folds[2].summary)


def test_every_fold_opens_when_the_field_has_an_error(reference_data: None) -> None:
    form = ApplicationForm({"industries": []})
    assert "industries" in form.errors

    folds = folds_of(str(form["industries"]), "industries")

    assert len(folds) == 4
    assert all(fold.is_open for fold in folds)


def test_the_towns_fold_into_one_list(reference_data: None) -> None:
    town = Town.objects.order_by("pk").first()
    assert town is not None
    form = ProjectForm(initial={"towns": [town.pk]})

    folds = folds_of(str(form["towns"]), "towns")

    assert len(folds) == 1
    assert len(folds[0].values) == Town.objects.count() == 21
    assert folds[0].checked == [str(town.pk)]
    assert folds[0].is_open


FORMS: list[tuple[type[forms.BaseForm], list[str]]] = [
    (ResourceItemForm, ["industries"]),
    (ProjectForm, ["industries", "towns"]),
    (OrderForm, ["industries"]),
    (ApplicationForm, ["industries"]),
    (ProfileForm, ["industries"]),
]


@pytest.mark.parametrize(("form_class", "names"), FORMS)
def test_each_form_folds_its_long_lists(
    form_class: type[forms.BaseForm], names: list[str], resident: User
) -> None:
    form: Any = form_class(instance=resident.member) if form_class is ProfileForm else form_class()
    for name in names:
        assert isinstance(form.fields[name].widget, FoldedCheckboxes)
        assert folds_of(str(form[name]), name)


@pytest.mark.parametrize(
    ("url_name", "who", "folded"),
    [
        ("resources:my_map", "resident", ["industries"]),
        ("projects:create", "producer", ["industries", "towns"]),
        ("orders:create", "client", ["industries"]),
        ("members:apply", "outsider", ["industries"]),
        ("members:profile_edit", "resident", ["industries"]),
    ],
)
def test_each_page_shows_the_folds(
    url_name: str,
    who: str,
    folded: list[str],
    cast: dict[str, User],
    login: Callable[[User | None], Any],
) -> None:
    html = login(cast[who]).get(reverse(url_name)).content.decode()

    assert html.count('data-test="folded-choices"') == len(folded)
    for name in folded:
        assert folds_of(html, name)
    assert "js/folded-checkboxes.js" in html


def test_a_project_form_round_trips_the_chosen_industries_and_towns(
    producer: User, login: Callable[[User | None], Any]
) -> None:
    folk, design = Industry.objects.get(slug="folk-crafts"), Industry.objects.get(slug="design")
    town = Town.objects.order_by("name_ru").last()
    assert town is not None
    client = login(producer)
    post = {"industries": [folk.pk, design.pk], "towns": [town.pk]}

    # A form sent back with an error keeps what was ticked, and the folds that hold it open.
    refused = client.post(reverse("projects:create"), {"title": "", **post})
    assert refused.status_code == 200
    html = refused.content.decode()
    industries = folds_of(html, "industries")
    chosen = sorted([str(folk.pk), str(design.pk)])
    assert sorted(v for f in industries for v in f.checked) == chosen
    assert [f.is_open for f in industries] == [True, False, False, True]
    assert folds_of(html, "towns")[0].checked == [str(town.pk)]

    saved = client.post(reverse("projects:create"), {"title": "Ярмарка", **post})
    assert saved.status_code == 302
    project = Project.objects.get(title="Ярмарка")
    assert set(project.industries.all()) == {folk, design}
    assert list(project.towns.all()) == [town]

    edit = client.get(reverse("projects:edit", args=[project.pk])).content.decode()
    assert sorted(v for f in folds_of(edit, "industries") for v in f.checked) == chosen
    assert folds_of(edit, "towns")[0].checked == [str(town.pk)]
