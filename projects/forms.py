"""Forms shared by the pages and the API: they parse and check input, services decide."""

from __future__ import annotations

from datetime import date
from decimal import Decimal
from typing import Any

from django import forms
from django.db.models import QuerySet
from django.utils import formats, timezone
from django.utils.translation import gettext_lazy as _

from core.models import Industry, Town
from core.widgets import industry_checkboxes, town_checkboxes
from events.models import Event
from members.models import Member
from members.queries import AnyUser
from projects.models import (
    InterestKind,
    InterestStatus,
    Pitch,
    Product,
    Project,
    ProjectNeed,
    Stage,
    TeamRole,
    TeamRoleKind,
)
from projects.queries import pitch_events
from projects.services import MakerShare, ProductData, ProjectData
from resources.models import ItemType

MONEY = {"min_value": Decimal("0"), "max_digits": 14, "decimal_places": 2}


class ProjectForm(forms.ModelForm[Project]):
    industries = forms.ModelMultipleChoiceField(
        queryset=Industry.objects.select_related("group"),
        required=False,
        label=_("Creative industries"),
        widget=industry_checkboxes(),
    )
    towns = forms.ModelMultipleChoiceField(
        queryset=Town.objects.all(),
        required=False,
        label=_("Towns"),
        widget=town_checkboxes(),
    )
    budget = forms.DecimalField(
        label=_("Budget, roubles"),
        required=False,
        **MONEY,  # type: ignore[arg-type]
        help_text=_("In roubles; leave empty if it is not known yet."),
        error_messages={"min_value": _("The budget cannot be negative.")},
        widget=forms.NumberInput(attrs={"min": "0", "step": "0.01", "inputmode": "decimal"}),
    )
    version = forms.IntegerField(widget=forms.HiddenInput, required=False)

    class Meta:
        model = Project
        fields = ["title", "summary", "industries", "towns", "budget", "starts_on", "ends_on"]
        widgets = {
            "summary": forms.Textarea(attrs={"rows": 4}),
            "starts_on": forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
            "ends_on": forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
        }
        help_texts = {"summary": _("What you want to make, for whom, and what it needs.")}

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["towns"].help_text = _("Leave empty for your own town.")
        if self.instance.pk and not self.is_bound:
            self.initial["version"] = self.instance.version

    def clean(self) -> dict[str, Any]:
        cleaned = super().clean() or {}
        starts, ends = cleaned.get("starts_on"), cleaned.get("ends_on")
        if starts and ends and ends < starts:
            self.add_error("ends_on", _("The end date is before the start."))
        return cleaned

    def _post_clean(self) -> None:
        # The services save; the model's own validation would only repeat the form's.
        pass

    def to_data(self) -> ProjectData:
        c = self.cleaned_data
        return ProjectData(
            title=c["title"],
            summary=c.get("summary", ""),
            industries=list(c.get("industries") or []),
            towns=list(c.get("towns") or []),
            budget=c.get("budget"),
            starts_on=c.get("starts_on"),
            ends_on=c.get("ends_on"),
        )


class MoveForm(forms.Form):
    stage = forms.ChoiceField(choices=Stage.choices, widget=forms.HiddenInput)
    comment = forms.CharField(
        label=_("Comment"), required=False, max_length=2000, widget=forms.Textarea({"rows": 2})
    )
    # A curator moving the project although rules are not met; the comment is the reason.
    override = forms.BooleanField(required=False, widget=forms.HiddenInput)


class RoleForm(forms.Form):
    kind = forms.ChoiceField(label=_("Role"), choices=TeamRoleKind.choices)
    description = forms.CharField(label=_("What the role does"), required=False, max_length=500)


class InviteForm(forms.Form):
    member = forms.IntegerField(widget=forms.HiddenInput)
    role = forms.IntegerField(widget=forms.HiddenInput, required=False)
    need = forms.IntegerField(widget=forms.HiddenInput, required=False)
    message = forms.CharField(label=_("Message"), required=False, max_length=2000)

    def resolved(self, project: Project) -> dict[str, Any]:
        """Return the member, role and need the ids point to (None where they point nowhere)."""
        c = self.cleaned_data
        return {
            "invitee": Member.objects.filter(pk=c["member"]).first(),
            "role": TeamRole.objects.filter(pk=c["role"], project=project).first()
            if c.get("role")
            else None,
            "need": ProjectNeed.objects.filter(pk=c["need"], project=project).first()
            if c.get("need")
            else None,
            "message": c.get("message", ""),
        }


class StepForm(forms.Form):
    title = forms.CharField(label=_("Step"), max_length=300)
    due_on = forms.DateField(
        label=_("Due"), required=False, widget=forms.DateInput(attrs={"type": "date"})
    )


class NeedForm(forms.Form):
    type = forms.ChoiceField(label=_("Type"), choices=ItemType.choices)
    text = forms.CharField(
        label=_("What is needed"),
        max_length=1000,
        help_text=_("In your own words: «помещение для мастер-классов», «печь для обжига»."),
    )


def on_day(title: str, day: date) -> str:
    """Return «title, 1 декабря 2026»: the day in words of the page's language."""
    return _("%(title)s, %(date)s") % {"title": title, "date": formats.date_format(day, "j E Y")}


class EventChoiceField(forms.ModelChoiceField[Event]):
    def label_from_instance(self, obj: Event) -> str:
        return on_day(obj.title, timezone.localdate(obj.starts_at))


class PitchChoiceField(forms.ModelChoiceField[Pitch]):
    def label_from_instance(self, obj: Pitch) -> str:
        return on_day(obj.event.title if obj.event else str(_("Pitch")), obj.held_on)


class PitchForm(forms.Form):
    event = EventChoiceField(
        queryset=Event.objects.none(),
        label=_("At an event"),
        required=False,
        empty_label=_("— not at an event —"),
    )
    held_on = forms.DateField(
        label=_("Date"),
        required=False,
        widget=forms.DateInput(attrs={"type": "date"}),
        help_text=_("Leave empty for today, or for the event's day."),
    )
    note = forms.CharField(
        label=_("What was presented"),
        required=False,
        max_length=3000,
        widget=forms.Textarea({"rows": 2}),
    )

    def __init__(self, *args: Any, user: AnyUser, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        # A whole queryset, never a slice: the field looks the chosen event up in it.
        self.fields["event"].queryset = pitch_events(user).select_related("town")  # type: ignore[attr-defined]


class InterestForm(forms.Form):
    kind = forms.ChoiceField(label=_("We are"), choices=InterestKind.choices)
    amount = forms.DecimalField(
        label=_("Amount, roubles"),
        required=False,
        **MONEY,  # type: ignore[arg-type]
        error_messages={"min_value": _("The amount cannot be negative.")},
        widget=forms.NumberInput(attrs={"min": "0", "step": "0.01", "inputmode": "decimal"}),
    )
    comment = forms.CharField(
        label=_("Comment"), required=False, max_length=3000, widget=forms.Textarea({"rows": 2})
    )
    pitch = PitchChoiceField(
        queryset=Pitch.objects.none(),
        label=_("At the pitch"),
        required=False,
        empty_label=_("— not at a pitch —"),
    )

    def __init__(self, *args: Any, project: Project | None = None, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        if project is not None:
            self.fields["pitch"].queryset = project.pitches.select_related("event")  # type: ignore[attr-defined]


class FollowUpForm(forms.Form):
    text = forms.CharField(
        label=_("Message"), required=False, max_length=3000, widget=forms.Textarea({"rows": 2})
    )
    status = forms.ChoiceField(
        label=_("Status"),
        required=False,
        choices=[("", _("— no change —"))]
        + [(s.value, s.label) for s in InterestStatus if s != InterestStatus.OPEN],
    )


class ProductForm(forms.ModelForm[Product]):
    project = forms.ModelChoiceField(
        queryset=Project.objects.none(),
        required=False,
        label=_("Project"),
        empty_label=_("— my own product —"),
    )
    price = forms.DecimalField(
        label=_("Price, roubles"),
        min_value=Decimal("0"),
        max_digits=12,
        decimal_places=2,
        error_messages={"min_value": _("The price cannot be negative.")},
        widget=forms.NumberInput(attrs={"min": "0", "step": "0.01", "inputmode": "decimal"}),
    )

    class Meta:
        model = Product
        fields = ["title", "description", "price", "unit", "is_listed", "project"]
        widgets = {
            "description": forms.Textarea(attrs={"rows": 3}),
        }

    def __init__(
        self, *args: Any, projects: QuerySet[Project] | None = None, **kwargs: Any
    ) -> None:
        super().__init__(*args, **kwargs)
        if projects is not None:
            self.fields["project"].queryset = projects  # type: ignore[attr-defined]
        if self.instance.pk:
            # A product stays where it belongs; only its card changes.
            del self.fields["project"]

    def _post_clean(self) -> None:
        pass

    def to_data(self, makers: list[MakerShare]) -> ProductData:
        c = self.cleaned_data
        return ProductData(
            title=c["title"],
            description=c.get("description", ""),
            price=c["price"],
            unit=c["unit"],
            is_listed=bool(c.get("is_listed")),
            project=c.get("project"),
            makers=makers,
        )


class MakerForm(forms.Form):
    member = forms.ModelChoiceField(
        queryset=Member.objects.none(), label=_("Maker"), required=False
    )
    share = forms.DecimalField(
        label=_("Share, %"),
        required=False,
        min_value=Decimal("0.01"),
        max_value=Decimal("100"),
        max_digits=5,
        decimal_places=2,
        widget=forms.NumberInput(attrs={"step": "0.01", "inputmode": "decimal"}),
    )

    def __init__(self, *args: Any, members: QuerySet[Member] | None = None, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["member"].queryset = members if members is not None else Member.objects.none()  # type: ignore[attr-defined]

    def clean(self) -> dict[str, Any]:
        cleaned = super().clean() or {}
        if (cleaned.get("member") is None) != (cleaned.get("share") is None):
            raise forms.ValidationError(_("Give each maker a share."), code="incomplete")
        return cleaned


MakerFormSet = forms.formset_factory(MakerForm, extra=0, max_num=12)


def makers_from(formset: Any) -> list[MakerShare]:
    """Return the filled rows of a valid makers formset (rows left empty are skipped)."""
    return [
        MakerShare(form.cleaned_data["member"], form.cleaned_data["share"])
        for form in formset.forms
        if form.cleaned_data.get("member") is not None and form.cleaned_data.get("share")
    ]


class PhotoForm(forms.Form):
    image = forms.FileField(
        label=_("Photo"),
        widget=forms.ClearableFileInput(attrs={"accept": "image/png,image/jpeg,image/webp"}),
    )
