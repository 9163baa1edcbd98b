from __future__ import annotations

from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from events.models import Event

RATINGS = [(n, str(n)) for n in range(1, 6)]


class RegistrationForm(forms.Form):
    """The event's own questions, one text field each."""

    def __init__(self, event: Event, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.questions = event.question_list
        for number, question in enumerate(self.questions):
            self.fields[f"q{number}"] = forms.CharField(
                label=question, max_length=1000, required=False
            )

    def answers(self) -> dict[str, str]:
        return {q: self.cleaned_data.get(f"q{n}", "") for n, q in enumerate(self.questions)}


class CheckInForm(forms.Form):
    code = forms.CharField(
        label=_("Code"),
        max_length=20,
        widget=forms.TextInput(
            attrs={
                "autofocus": True,
                "autocomplete": "off",
                "autocapitalize": "characters",
                "spellcheck": "false",
                "enterkeyhint": "go",
                "class": "form-control form-control-lg cc-code-input",
            }
        ),
    )


class WalkInForm(forms.Form):
    name = forms.CharField(label=_("Name of the person who came"), max_length=200)


class FeedbackForm(forms.Form):
    rating = forms.TypedChoiceField(
        label=_("How was the event overall?"),
        choices=RATINGS,
        coerce=int,
        widget=forms.RadioSelect,
    )
    usefulness = forms.TypedChoiceField(
        label=_("How useful was it for your business?"),
        choices=RATINGS,
        coerce=int,
        widget=forms.RadioSelect,
    )
    text = forms.CharField(
        label=_("What should we keep, and what should we change?"),
        max_length=3000,
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
    )


class CapacityForm(forms.Form):
    capacity = forms.IntegerField(label=_("Places"), min_value=0, required=False)
