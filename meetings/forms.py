from __future__ import annotations

from datetime import datetime, timedelta
from typing import Any

from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from meetings.models import MeetingSlot, Priority


def slot_label(slot: MeetingSlot) -> str:
    start, end = timezone.localtime(slot.starts_at), timezone.localtime(slot.ends_at)
    return f"{start:%d.%m %H:%M}–{end:%H:%M}"


class SlotIdsField(forms.TypedMultipleChoiceField):
    """Slot ids; any id passes here, the service says which ones belong to the event."""

    def valid_value(self, value: Any) -> bool:
        return True


class AvailabilityForm(forms.Form):
    slots = SlotIdsField(
        label=_("I am free in these slots"),
        coerce=int,
        required=False,
        widget=forms.CheckboxSelectMultiple,
        help_text=_("Choose none if you are free all the time."),
    )

    def __init__(self, slots: list[MeetingSlot], *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["slots"].choices = [(s.pk, slot_label(s)) for s in slots]  # type: ignore[attr-defined]


class MeetingRequestForm(forms.Form):
    recipient = forms.IntegerField(widget=forms.HiddenInput)
    note = forms.CharField(
        label=_("Why meet"), max_length=500, required=False, widget=forms.TextInput()
    )
    priority = forms.TypedChoiceField(
        label=_("Priority"), choices=Priority.choices, coerce=int, initial=Priority.IMPORTANT
    )


class AnswerForm(forms.Form):
    request = forms.IntegerField()
    accept = forms.BooleanField(required=False)


class SetupForm(forms.Form):
    tables = forms.IntegerField(label=_("Tables"), min_value=1, max_value=500, initial=10)
    date = forms.DateField(label=_("Day"), widget=forms.DateInput(attrs={"type": "date"}))
    first_slot = forms.TimeField(
        label=_("First slot starts"), widget=forms.TimeInput(attrs={"type": "time"})
    )
    slot_count = forms.IntegerField(label=_("Number of slots"), min_value=1, max_value=48)
    slot_minutes = forms.IntegerField(
        label=_("Minutes per meeting"), min_value=5, max_value=120, initial=20
    )
    break_minutes = forms.IntegerField(
        label=_("Minutes between meetings"), min_value=0, max_value=60, initial=5
    )

    def slots(self) -> list[tuple[datetime, datetime]]:
        c = self.cleaned_data
        start = timezone.make_aware(datetime.combine(c["date"], c["first_slot"]))
        length, step = (
            timedelta(minutes=c["slot_minutes"]),
            timedelta(minutes=c["slot_minutes"] + c["break_minutes"]),
        )
        return [(start + k * step, start + k * step + length) for k in range(c["slot_count"])]
