from __future__ import annotations

from typing import Any, cast

from django import forms
from django.utils.translation import gettext_lazy as _

from core.models import Industry, Town
from core.widgets import industry_checkboxes
from members.models import Member
from resources.models import ITEM_TEXT_MAX, Direction, PartnerMap, ResourceItem
from resources.services import ItemData


class ResourceItemForm(forms.ModelForm[ResourceItem]):
    industries = forms.ModelMultipleChoiceField(
        queryset=Industry.objects.select_related("group"),
        required=False,
        label=_("Creative industries"),
        widget=industry_checkboxes(),
    )

    class Meta:
        model = ResourceItem
        fields = ["direction", "type", "text", "quantity", "town", "visibility", "industries"]
        widgets = {
            "direction": forms.RadioSelect,
            "text": forms.Textarea(attrs={"rows": 2, "maxlength": ITEM_TEXT_MAX}),
        }
        help_texts = {
            "text": _(
                "In your own words: «муфельная печь для обжига», «ищу фотографа для каталога»."
            ),
        }
        error_messages = {
            "text": {
                "max_length": _(
                    "Keep it short: at most %(limit_value)d characters (now %(show_value)d)."
                )
            }
        }

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        town = cast(forms.ModelChoiceField[Town], self.fields["town"])
        town.queryset = Town.objects.all()
        town.empty_label = _("— my town —")
        # A radio needs no blank «---------» choice: the field is required anyway.
        direction = cast(forms.ChoiceField, self.fields["direction"])
        direction.choices = Direction.choices

    def clean_text(self) -> str:
        text = (self.cleaned_data.get("text") or "").strip()
        if not text:
            raise forms.ValidationError(_("Describe what you have or look for."), code="required")
        return text

    def to_data(self) -> ItemData:
        c = self.cleaned_data
        return ItemData(
            direction=c["direction"],
            type=c["type"],
            text=c["text"],
            visibility=c["visibility"],
            town=c.get("town"),
            quantity=c.get("quantity", ""),
            industries=list(c.get("industries") or []),
        )


class PartnerMapForm(forms.ModelForm[PartnerMap]):
    members = forms.ModelMultipleChoiceField(
        queryset=Member.objects.none(),
        label=_("Members of the partnership"),
        widget=forms.CheckboxSelectMultiple,
    )

    class Meta:
        model = PartnerMap
        fields = ["title", "members"]

    def __init__(self, *args: Any, members: Any = None, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        field = cast(forms.ModelMultipleChoiceField[Member], self.fields["members"])
        field.queryset = members if members is not None else Member.objects.none()

    def clean_members(self) -> Any:
        members = self.cleaned_data["members"]
        if len(members) < 2:
            raise forms.ValidationError(_("A partnership has at least two members."))
        return members
