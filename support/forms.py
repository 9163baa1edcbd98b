from __future__ import annotations

from collections.abc import Iterable
from typing import Any, cast

from django import forms
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from core.models import Industry, IndustryGroup, Town
from core.widgets import industry_checkboxes
from members.models import LegalForm, Member, Role
from support.models import ConsultationTopic, Measure, MeasureKind, ProviderKind
from support.services import MeasureData

ROLE_CHOICES = [(r.value, r.label) for r in (Role.RESIDENT, Role.PRODUCER, Role.PARTNER)]
PROJECT_CHOICES = [
    ("", _("does not matter")),
    ("yes", _("only with a launched project")),
    ("no", _("only without a launched project yet")),
]
RULE_FIELDS = (
    "roles",
    "towns",
    "industries",
    "industry_groups",
    "legal_forms",
    "min_jobs",
    "max_jobs",
    "min_membership_days",
    "min_business_age_years",
    "max_business_age_years",
)


class CatalogueFilterForm(forms.Form):
    kind = forms.ChoiceField(
        required=False, label=_("Kind"), choices=[("", _("All kinds")), *MeasureKind.choices]
    )
    provider = forms.ChoiceField(
        required=False,
        label=_("Provider"),
        choices=[("", _("Any provider")), *ProviderKind.choices],
    )
    town = forms.ModelChoiceField(
        queryset=Town.objects.all(),
        to_field_name="slug",
        required=False,
        label=_("Town"),
        empty_label=_("All towns"),
    )
    industry = forms.ModelChoiceField(
        queryset=Industry.objects.select_related("group"),
        to_field_name="slug",
        required=False,
        label=_("Industry"),
        empty_label=_("All industries"),
    )
    open_now = forms.BooleanField(required=False, label=_("Open now"))

    def select_fields(self) -> list[tuple[Any, list[tuple[Any, str]]]]:
        """Return each select with its options as a list, read once (the page loops over it)."""
        names = ("kind", "provider", "town", "industry")
        return [
            (self[name], list(iter(cast(Iterable[tuple[Any, str]], self.fields[name].choices))))  # type: ignore[attr-defined]
            for name in names
        ]


def _multiple(label: Any, choices: Any = None, queryset: Any = None) -> forms.Field:
    if queryset is not None:
        return forms.ModelMultipleChoiceField(
            queryset=queryset,
            to_field_name="slug",
            required=False,
            label=label,
            widget=forms.CheckboxSelectMultiple,
        )
    return forms.MultipleChoiceField(
        choices=choices, required=False, label=label, widget=forms.CheckboxSelectMultiple
    )


class MeasureForm(forms.ModelForm[Measure]):
    """The measure's fields and its eligibility rules, one field per rule (empty: no rule)."""

    roles = _multiple(_("Only for the roles"), choices=ROLE_CHOICES)
    towns = _multiple(_("Only for members from"), queryset=Town.objects.all())
    industries = forms.ModelMultipleChoiceField(
        queryset=Industry.objects.select_related("group"),
        to_field_name="slug",
        required=False,
        label=_("Only for the industries"),
        widget=industry_checkboxes(),
    )
    industry_groups = _multiple(
        _("Only for the industry groups"), queryset=IndustryGroup.objects.all()
    )
    legal_forms = _multiple(_("Only for the legal forms"), choices=LegalForm.choices)
    min_jobs = forms.IntegerField(label=_("At least this many jobs"), min_value=0, required=False)
    max_jobs = forms.IntegerField(label=_("At most this many jobs"), min_value=0, required=False)
    min_membership_days = forms.IntegerField(
        label=_("At least this many days in the cluster"), min_value=0, required=False
    )
    min_business_age_years = forms.IntegerField(
        label=_("Business at least this many years old"), min_value=0, required=False
    )
    max_business_age_years = forms.IntegerField(
        label=_("Business at most this many years old"), min_value=0, required=False
    )
    has_launched_project = forms.ChoiceField(
        label=_("A launched project"), choices=PROJECT_CHOICES, required=False
    )

    class Meta:
        model = Measure
        fields = [
            "external_id",
            "title",
            "kind",
            "topic",
            "status",
            "provider_kind",
            "provider_name",
            "provider_member",
            "description",
            "amount",
            "unit",
            "opens",
            "deadline",
            "places",
            "budget_cap",
            "documents",
        ]
        widgets = {
            "description": forms.Textarea(attrs={"rows": 6}),
            "documents": forms.Textarea(attrs={"rows": 3}),
            "opens": forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
            "deadline": forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
        }
        help_texts = {
            "documents": _("One document per line."),
            "description": _("Markdown: *italics*, **bold**, lists, links."),
            "provider_member": _("For a measure a partner member provides."),
        }

    def __init__(self, *args: Any, may_choose_provider: bool = True, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        member_field = cast("forms.ModelChoiceField[Member]", self.fields["provider_member"])
        # Partners, and the members who already provide a measure (a shop's shelf).
        providing = Measure.objects.exclude(provider_member=None).values("provider_member_id")
        member_field.queryset = Member.objects.filter(
            Q(is_partner=True) | Q(pk__in=providing), is_active=True
        )
        member_field.empty_label = _("— no partner member —")
        topic = cast(forms.ChoiceField, self.fields["topic"])
        topic.choices = [("", _("— not a consultation —")), *ConsultationTopic.choices]
        if not may_choose_provider:
            # A partner member provides their own measures only.
            del self.fields["provider_member"]
        rules = self.instance.rules if self.instance.pk else {}
        for name in RULE_FIELDS:
            if name in rules:
                self.initial.setdefault(name, rules[name])
        launched = rules.get("has_launched_project")
        self.initial.setdefault(
            "has_launched_project", "" if launched is None else ("yes" if launched else "no")
        )

    def clean(self) -> dict[str, Any]:
        cleaned = super().clean() or {}
        low, high = cleaned.get("min_jobs"), cleaned.get("max_jobs")
        if low is not None and high is not None and low > high:
            self.add_error("max_jobs", _("The maximum cannot be below the minimum."))
        low, high = cleaned.get("min_business_age_years"), cleaned.get("max_business_age_years")
        if low is not None and high is not None and low > high:
            self.add_error("max_business_age_years", _("The maximum cannot be below the minimum."))
        return cleaned

    def rules(self) -> dict[str, Any]:
        c = self.cleaned_data
        rules: dict[str, Any] = {}
        for name in RULE_FIELDS:
            value = c.get(name)
            if value in (None, "", []) or (hasattr(value, "exists") and not value):
                continue
            if hasattr(value, "model"):  # a queryset of towns, industries or groups
                value = [row.slug for row in value]
            rules[name] = list(value) if isinstance(value, list | tuple) else value
        if c.get("has_launched_project"):
            rules["has_launched_project"] = c["has_launched_project"] == "yes"
        return rules

    def to_data(self) -> MeasureData:
        c = self.cleaned_data
        return MeasureData(
            external_id=c["external_id"],
            title=c["title"],
            kind=c["kind"],
            topic=c.get("topic") or "",
            status=c["status"],
            provider_kind=c["provider_kind"],
            provider_name=c.get("provider_name") or "",
            provider_member=c.get("provider_member"),
            description=c.get("description") or "",
            amount=c.get("amount"),
            unit=c["unit"],
            opens=c.get("opens"),
            deadline=c.get("deadline"),
            places=c.get("places"),
            budget_cap=c.get("budget_cap"),
            documents=c.get("documents") or "",
            rules=self.rules(),
        )
