"""Forms of applications: the applicant's form built from a measure's questions, and the
provider's set-up of those questions and of the rubric."""

from __future__ import annotations

from collections.abc import Mapping
from decimal import Decimal
from typing import Any

from django import forms
from django.utils.html import escape
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from core.uploads import ALLOWED_EXTENSIONS
from support.models import (
    Application,
    ApplicationFile,
    Criterion,
    FieldKind,
    FormField,
    Measure,
    Score,
    Unit,
)
from support.services.applications import (
    MAX_LENGTH,
    ApplicationError,
    clean_answer,
    field_name,
    parse_number,
)

ACCEPT = ",".join(ALLOWED_EXTENSIONS)


class ApplicationForm(forms.Form):
    """The measure's questions as fields named `field_<pk>`, and the amount asked for when
    the measure is in roubles.

    Saving a draft leaves every question optional; sending it (`sending=True`) requires the
    required ones, a required file only when none is attached yet. The service checks the
    same again: the form is there to show every mistake at once, next to its field.
    """

    # The browser must let a half-filled draft be saved.
    use_required_attribute = False

    def __init__(
        self,
        measure: Measure,
        questions: list[FormField],
        application: Application | None,
        stored: Mapping[int, ApplicationFile],
        data: Any = None,
        files: Any = None,
        *,
        sending: bool = False,
    ) -> None:
        answers = application.answers if application is not None else {}
        initial = {field_name(q): answers.get(str(q.pk), "") for q in questions}
        if application is not None:
            initial["requested_amount"] = application.requested_amount
        super().__init__(data, files, initial=initial)
        self.measure, self.questions, self.stored, self.sending = (
            measure,
            questions,
            stored,
            sending,
        )
        for question in questions:
            self.fields[field_name(question)] = self._field(question)
        if measure.unit == Unit.ROUBLES:
            # Text, read by `parse_number`: people write «150 000,50».
            self.fields["requested_amount"] = forms.CharField(
                label=_("Amount you ask for, roubles"),
                required=False,
                max_length=40,
                help_text=_("At most %(amount)s.") % {"amount": measure.volume}
                if measure.amount is not None
                else "",
                widget=forms.TextInput(attrs={"inputmode": "decimal"}),
            )

    def _field(self, question: FormField) -> forms.Field:
        # The hint is the provider's text: the field template marks help text safe.
        hint = escape(question.help_text)
        required = question.required
        common: dict[str, Any] = {"label": question.label, "help_text": hint}
        if question.kind == FieldKind.FILE:
            attached = self.stored.get(question.pk)
            if attached is not None:
                required = False
                note = escape(
                    _("Attached: %(name)s. A new file replaces it.") % {"name": attached.name}
                )
                common["help_text"] = f"{hint}<br>{note}" if hint else note
            field: forms.Field = forms.FileField(
                widget=forms.FileInput(attrs={"accept": ACCEPT}), **common
            )
        elif question.kind == FieldKind.CHOICE:
            choices = [("", _("Choose an option")), *((o, o) for o in question.option_list)]
            field = forms.ChoiceField(choices=choices, **common)
        elif question.kind == FieldKind.NUMBER:
            field = forms.CharField(
                max_length=40, widget=forms.TextInput(attrs={"inputmode": "decimal"}), **common
            )
        elif question.kind == FieldKind.LONG_TEXT:
            field = forms.CharField(
                max_length=MAX_LENGTH[FieldKind.LONG_TEXT],
                widget=forms.Textarea(attrs={"rows": 5}),
                **common,
            )
        else:
            field = forms.CharField(max_length=MAX_LENGTH[FieldKind.TEXT], **common)
        field.required = required
        return field

    def full_clean(self) -> None:
        # A draft may leave required questions empty; they keep their asterisk all the same.
        if self.sending:
            super().full_clean()
            return
        required = {name: field.required for name, field in self.fields.items()}
        for field in self.fields.values():
            field.required = False
        try:
            super().full_clean()
        finally:
            for name, field in self.fields.items():
                field.required = required[name]

    def clean_requested_amount(self) -> Decimal | None:
        raw = self.cleaned_data.get("requested_amount") or ""
        if not raw.strip():
            return None
        amount = parse_number(raw)
        if amount is None:
            raise forms.ValidationError(_("Enter the amount in roubles, e.g. 150000."))
        return amount

    def clean(self) -> dict[str, Any]:
        cleaned = super().clean() or {}
        for question in self.questions:
            name = field_name(question)
            if question.kind == FieldKind.FILE or name not in cleaned:
                continue
            try:
                cleaned[name] = clean_answer(question, cleaned[name])
            except ApplicationError as error:
                self.add_error(name, error.message)
        return cleaned

    def answers(self) -> dict[str, str]:
        """Return the answers keyed by question pk, as the service takes them."""
        return {
            str(q.pk): self.cleaned_data.get(field_name(q)) or ""
            for q in self.questions
            if q.kind != FieldKind.FILE
        }

    def files_by_question(self) -> dict[int, Any]:
        return {
            q.pk: self.cleaned_data[field_name(q)]
            for q in self.questions
            if q.kind == FieldKind.FILE and self.cleaned_data.get(field_name(q))
        }


# --- Setting up the form and the rubric -----------------------------------------------------


def field_in_use(form_field: FormField) -> bool:
    """Return whether an application answered the question or attached its file (2 queries)."""
    answered = Application.objects.filter(
        measure_id=form_field.measure_id, answers__has_key=str(form_field.pk)
    )
    return answered.exists() or ApplicationFile.objects.filter(field=form_field).exists()


class FormFieldForm(forms.ModelForm[FormField]):
    class Meta:
        model = FormField
        fields = ["label", "kind", "help_text", "options", "required", "position"]
        labels = {
            "label": _("Question"),
            "kind": _("Kind of answer"),
            "help_text": _("Hint"),
            "options": _("Options"),
            "required": _("Required to send the application"),
            "position": pgettext_lazy("place in a list", "Order"),
        }
        help_texts = {
            "options": _("For a choice: one option per line."),
            "position": _("Smaller numbers come first."),
        }
        widgets = {"options": forms.Textarea(attrs={"rows": 3})}

    def clean(self) -> dict[str, Any]:
        cleaned = super().clean() or {}
        options = [line.strip() for line in cleaned.get("options", "").splitlines()]
        if cleaned.get("kind") == FieldKind.CHOICE and not any(options):
            self.add_error("options", _("A choice needs its options, one per line."))
        changed_kind = self.instance.pk and "kind" in self.changed_data
        if changed_kind and field_in_use(self.instance):
            self.add_error(
                "kind", _("Applications have already answered this question; its kind stays.")
            )
        return cleaned


class CriterionForm(forms.ModelForm[Criterion]):
    class Meta:
        model = Criterion
        fields = ["title", "description", "weight", "min_score", "max_score", "position"]
        labels = {
            "title": _("Criterion"),
            "description": _("What to look at"),
            "weight": _("Weight, from 1 to 100"),
            "min_score": _("Lowest score"),
            "max_score": _("Highest score"),
            "position": pgettext_lazy("place in a list", "Order"),
        }

    def clean(self) -> dict[str, Any]:
        cleaned = super().clean() or {}
        low, high = cleaned.get("min_score"), cleaned.get("max_score")
        if low is not None and high is not None and low >= high:
            self.add_error("max_score", _("The highest score must be above the lowest."))
        return cleaned


class _GuardedDeletes(forms.BaseInlineFormSet):  # type: ignore[type-arg]
    """Refuse deleting a row that applications or reviews already use."""

    in_use_message: Any = ""

    def in_use(self, instance: Any) -> bool:
        raise NotImplementedError

    def clean(self) -> None:
        super().clean()
        # A row marked for deletion has its own errors ignored: the refusal is the formset's.
        refused = [
            f"«{form.instance}»: {self.in_use_message}"
            for form in self.forms
            if self.can_delete
            and getattr(form, "cleaned_data", {}).get("DELETE")
            and form.instance.pk
            and self.in_use(form.instance)
        ]
        if refused:
            raise forms.ValidationError(refused, code="in_use")


class FormFieldFormSetBase(_GuardedDeletes):
    in_use_message = _(
        "Applications have already answered this question, so it cannot be deleted. "
        "Make it optional instead."
    )

    def in_use(self, instance: FormField) -> bool:
        return field_in_use(instance)


class CriterionFormSetBase(_GuardedDeletes):
    in_use_message = _("Reviewers have already scored by this criterion; it cannot be deleted.")

    def in_use(self, instance: Criterion) -> bool:
        return Score.objects.filter(criterion=instance).exists()


FormFieldFormSet = forms.inlineformset_factory(
    Measure,
    FormField,
    form=FormFieldForm,
    formset=FormFieldFormSetBase,
    extra=1,
    can_delete=True,
    max_num=50,
)
CriterionFormSet = forms.inlineformset_factory(
    Measure,
    Criterion,
    form=CriterionForm,
    formset=CriterionFormSetBase,
    extra=1,
    can_delete=True,
    max_num=30,
)
