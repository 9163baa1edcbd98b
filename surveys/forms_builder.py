"""Forms of the builder: they parse what a curator typed into the services' data; the rules
themselves are the services' (`surveys.services.building`)."""

from __future__ import annotations

from datetime import timedelta
from typing import Any, cast

from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from core.models import Industry, Town
from core.widgets import industry_checkboxes, town_checkboxes
from members.models import Member, Role
from resources.models import ItemType
from surveys.models import Question, QuestionKind, Survey
from surveys.services import OptionData, QuestionData, SectionData, SurveyData, Targeting
from surveys.services.building import value_label
from surveys.services.questions import LISTED_KINDS

DATE = forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")
ROLE_CHOICES = [
    (r.value, r.label) for r in (Role.RESIDENT, Role.PRODUCER, Role.PARTNER, Role.CLIENT)
]
SCALE_CHOICES = [("1-5", _("from 1 to 5")), ("0-10", _("from 0 to 10"))]
NEED_CHOICES = [("", _("not a need")), *ItemType.choices]
START_CHOICES = [
    ("ready", _("Copy the ready needs questionnaire")),
    ("copy", _("Copy an earlier survey")),
    ("blank", _("Start from a blank survey")),
]
# Empty option rows offered below the filled ones.
SPARE_OPTIONS = 3


class SurveyForm(forms.ModelForm[Survey]):
    class Meta:
        model = Survey
        fields = ["title", "description", "opens_on", "closes_on", "is_anonymous"]
        widgets = {
            "description": forms.Textarea(attrs={"rows": 4}),
            "opens_on": DATE,
            "closes_on": DATE,
        }

    def to_data(self) -> SurveyData:
        c = self.cleaned_data
        return SurveyData(
            title=c["title"],
            opens_on=c["opens_on"],
            closes_on=c["closes_on"],
            description=c["description"],
            is_anonymous=c["is_anonymous"],
        )


class NewSurveyForm(forms.Form):
    start = forms.ChoiceField(
        label=_("Start from"), choices=START_CHOICES, initial="ready", widget=forms.RadioSelect
    )
    source = forms.ModelChoiceField(
        queryset=Survey.objects.order_by("-created_at", "-id"),
        required=False,
        label=_("The survey to copy"),
        empty_label=_("Choose a survey"),
        help_text=_("Its questions keep their question bank links, so the results compare."),
    )
    title = forms.CharField(
        label=_("Title"),
        max_length=200,
        required=False,
        help_text=_("For a blank survey; a copy keeps its title, you can change it later."),
    )
    opens_on = forms.DateField(label=_("Opens on"), widget=DATE)
    closes_on = forms.DateField(label=_("Closes on"), widget=DATE)

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        today = timezone.localdate()
        self.fields["opens_on"].initial = today
        self.fields["closes_on"].initial = today + timedelta(days=21)

    def clean(self) -> dict[str, Any]:
        cleaned = super().clean() or {}
        start = cleaned.get("start")
        if start == "copy" and cleaned.get("source") is None:
            self.add_error("source", _("Choose the survey to copy."))
        if start == "blank" and not (cleaned.get("title") or "").strip():
            self.add_error("title", _("Give the survey a title."))
        return cleaned


class TargetingForm(forms.Form):
    roles = forms.MultipleChoiceField(
        label=_("Roles"),
        choices=ROLE_CHOICES,
        required=False,
        widget=forms.CheckboxSelectMultiple,
        help_text=_("Everyone with any of the ticked roles."),
    )
    towns = forms.ModelMultipleChoiceField(
        queryset=Town.objects.all(),
        required=False,
        label=_("Only in the towns"),
        widget=town_checkboxes(),
        help_text=_("None ticked: every town."),
    )
    industries = forms.ModelMultipleChoiceField(
        queryset=Industry.objects.select_related("group"),
        required=False,
        label=_("Only in the creative industries"),
        widget=industry_checkboxes(),
        help_text=_("None ticked: every industry."),
    )
    # Rendered by the page itself: the picked members ticked, and a search for more.
    members = forms.ModelMultipleChoiceField(
        queryset=Member.objects.filter(is_active=True),
        required=False,
        label=_("Members picked by hand"),
    )

    def to_targeting(self) -> Targeting:
        c = self.cleaned_data
        return Targeting(
            list(c["roles"]), list(c["towns"]), list(c["industries"]), list(c["members"])
        )


def targeting_initial(survey: Survey) -> dict[str, Any]:
    return {
        "roles": survey.target_roles,
        "towns": list(survey.target_towns.all()),
        "industries": list(survey.target_industries.all()),
        "members": list(survey.target_members.all()),
    }


class SectionForm(forms.Form):
    title = forms.CharField(label=_("Section title"), max_length=200)
    description = forms.CharField(
        label=_("Description"), max_length=1000, required=False, widget=forms.Textarea({"rows": 2})
    )

    def to_data(self) -> SectionData:
        return SectionData(self.cleaned_data["title"], self.cleaned_data["description"])


class OptionForm(forms.Form):
    value = forms.CharField(required=False, widget=forms.HiddenInput, max_length=80)
    label = forms.CharField(label=_("Option"), required=False, max_length=200)
    need = forms.ChoiceField(label=_("Need"), choices=NEED_CHOICES, required=False)


OptionFormSet = forms.formset_factory(OptionForm, extra=0, max_num=60, absolute_max=60)


def option_formset(data: Any, question: Question | None) -> Any:
    initial = [
        {"value": c["value"], "label": c["label"], "need": c.get("need", "")}
        for c in (question.choices if question is not None else [])
    ]
    initial += [{"value": "", "label": "", "need": ""}] * SPARE_OPTIONS
    if question is None:
        initial.append({"value": "", "label": "", "need": ""})
    if data is not None:
        # Bound: every posted row counts as typed (with initial rows, Django would skip a row
        # posted unchanged from its initial value).
        return OptionFormSet(data, prefix="options")
    return OptionFormSet(initial=initial, prefix="options")


def condition_choices(earlier: list[Question]) -> list[Any]:
    """Return the condition's choices: always, or one option of an earlier question."""
    groups: list[Any] = [("", _("Always shown"))]
    for question in earlier:
        values = [c["value"] for c in question.choices] or ["yes", "no"]
        groups.append(
            (
                question.text,
                [(f"{question.pk}:{v}", value_label(question, v)) for v in values],
            )
        )
    return groups


class QuestionForm(forms.Form):
    kind = forms.ChoiceField(label=_("Kind of answer"), choices=QuestionKind.choices)
    text = forms.CharField(
        label=_("Question"), max_length=500, widget=forms.Textarea(attrs={"rows": 2})
    )
    help_text = forms.CharField(label=_("Help text"), max_length=500, required=False)
    required = forms.BooleanField(label=_("Required"), required=False)
    allows_other = forms.BooleanField(label=_("Add “other: …” with a text field"), required=False)
    scale = forms.ChoiceField(label=_("Scale"), choices=SCALE_CHOICES, required=False)
    lowest = forms.IntegerField(
        label=_("Lowest number"), required=False, min_value=-1_000_000_000, max_value=1_000_000_000
    )
    highest = forms.IntegerField(
        label=_("Highest number"), required=False, min_value=-1_000_000_000, max_value=1_000_000_000
    )
    condition = forms.ChoiceField(
        label=_("Show this question"),
        required=False,
        help_text=_("Only when the answer to an earlier question includes the option chosen."),
    )

    def __init__(self, *args: Any, earlier: list[Question], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.earlier = {q.pk: q for q in earlier}
        cast(forms.ChoiceField, self.fields["condition"]).choices = condition_choices(earlier)

    def to_data(self, options: list[OptionData]) -> QuestionData:
        c = self.cleaned_data
        kind = c["kind"]
        low, high = c["lowest"], c["highest"]
        if kind == QuestionKind.SCALE:
            low, high = (0, 10) if c["scale"] == "0-10" else (1, 5)
        show_if, value = None, ""
        if c["condition"]:
            question_id, value = c["condition"].split(":", 1)
            show_if = self.earlier[int(question_id)]
        return QuestionData(
            kind=kind,
            text=c["text"],
            help_text=c["help_text"],
            options=options if kind in LISTED_KINDS else [],
            allows_other=c["allows_other"],
            scale_min=low,
            scale_max=high,
            required=c["required"],
            show_if=show_if,
            show_if_value=value,
        )


def question_initial(question: Question) -> dict[str, Any]:
    scale = "0-10" if question.scale_min == 0 and question.kind == QuestionKind.SCALE else "1-5"
    return {
        "kind": question.kind,
        "text": question.text,
        "help_text": question.help_text,
        "required": question.required,
        "allows_other": question.allows_other,
        "scale": scale,
        "lowest": question.scale_min if question.kind == QuestionKind.NUMBER else None,
        "highest": question.scale_max if question.kind == QuestionKind.NUMBER else None,
        "condition": f"{question.show_if_id}:{question.show_if_value}"
        if question.show_if_id
        else "",
    }


def options_of(formset: Any) -> list[OptionData]:
    return [
        OptionData(
            f.cleaned_data.get("label", ""),
            f.cleaned_data.get("value", ""),
            f.cleaned_data.get("need", ""),
        )
        for f in formset.forms
        if f.cleaned_data.get("label", "").strip()
    ]


class BankSearchForm(forms.Form):
    q = forms.CharField(label=_("Find in the question bank"), required=False, max_length=100)


class MemberSearchForm(forms.Form):
    q = forms.CharField(label=_("Find a member"), required=False, max_length=100)
