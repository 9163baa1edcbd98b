"""Forms shared by the order pages and the API: the formats are checked here, the rules (budget
range, deadline, shares) by the services they feed."""

from __future__ import annotations

from decimal import Decimal
from typing import Any

from django import forms
from django.core.files.uploadedfile import UploadedFile
from django.utils.translation import gettext_lazy as _

from core.errors import add_to_form
from core.models import Industry, Town
from core.uploads import ALLOWED_EXTENSIONS
from core.widgets import industry_checkboxes
from members.models import Member
from orders.models import OrderStatus
from orders.queries import teams_of
from orders.services import (
    OrderData,
    OrderError,
    ProposalData,
    ShareData,
    check_order_data,
    check_proposal_data,
    check_proposal_shares,
    check_teammates,
    proposal_field_errors,
)
from projects.models import Project

RATINGS = [(n, str(n)) for n in range(1, 6)]
MONEY_FIELD: dict[str, Any] = {"max_digits": 12, "decimal_places": 2}


class MultipleFileInput(forms.ClearableFileInput):
    allow_multiple_selected = True


class MultipleFileField(forms.FileField):
    """Several files in one input; each is checked by `core.uploads` in the service."""

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        kwargs.setdefault(
            "widget", MultipleFileInput(attrs={"accept": ",".join(ALLOWED_EXTENSIONS)})
        )
        kwargs.setdefault("required", False)
        super().__init__(*args, **kwargs)

    def clean(self, data: Any, initial: Any = None) -> list[UploadedFile[bytes]]:
        if not data:
            return []
        files = data if isinstance(data, list | tuple) else [data]
        return [super(MultipleFileField, self).clean(item, initial) for item in files]


# --- Orders ------------------------------------------------------------------------------


class OrderForm(forms.Form):
    title = forms.CharField(label=_("What needs doing"), max_length=200)
    brief = forms.CharField(
        label=_("Brief"),
        max_length=5000,
        widget=forms.Textarea(attrs={"rows": 6}),
        help_text=_("What, how many, for whom, and what matters to you. Members read this."),
    )
    industries = forms.ModelMultipleChoiceField(
        queryset=Industry.objects.select_related("group"),
        label=_("Creative industries"),
        widget=industry_checkboxes(),
        required=False,
        to_field_name="slug",
    )
    town = forms.ModelChoiceField(
        queryset=Town.objects.all(), label=_("Town"), to_field_name="slug"
    )
    budget_min = forms.DecimalField(label=_("Budget from, ₽"), **MONEY_FIELD)
    budget_max = forms.DecimalField(label=_("Budget up to, ₽"), **MONEY_FIELD)
    deadline = forms.DateField(
        label=_("Deadline"), widget=forms.DateInput(format="%Y-%m-%d", attrs={"type": "date"})
    )
    attachments = MultipleFileField(
        label=_("Files"),
        help_text=_("Sketches, references, technical requirements: images, PDF, office files."),
    )

    def clean(self) -> dict[str, Any]:
        cleaned = super().clean() or {}
        if not self.errors:
            try:
                check_order_data(self.order_data())
            except OrderError as error:
                add_to_form(self, error)
        return cleaned

    def order_data(self) -> OrderData:
        c = self.cleaned_data
        return OrderData(
            title=c["title"],
            brief=c["brief"],
            town=c["town"],
            budget_min=c["budget_min"],
            budget_max=c["budget_max"],
            deadline=c["deadline"],
            industries=list(c.get("industries") or []),
        )


class BoardFilterForm(forms.Form):
    q = forms.CharField(label=_("Words"), max_length=100, required=False)
    town = forms.ModelChoiceField(
        queryset=Town.objects.all(),
        label=_("Town"),
        required=False,
        to_field_name="slug",
        empty_label=_("All towns"),
    )
    industry = forms.ModelChoiceField(
        queryset=Industry.objects.select_related("group"),
        label=_("Industry"),
        required=False,
        to_field_name="slug",
        empty_label=_("All industries"),
    )
    budget_from = forms.DecimalField(
        label=_("Pays at least, ₽"), min_value=Decimal(0), required=False, **MONEY_FIELD
    )
    status = forms.ChoiceField(
        label=_("State"), choices=[("", _("open")), *OrderStatus.choices], required=False
    )
    for_me = forms.BooleanField(label=_("Only orders sent to me"), required=False)


class NoteForm(forms.Form):
    note = forms.CharField(
        label=_("Note"), max_length=1000, required=False, widget=forms.Textarea(attrs={"rows": 2})
    )


ACTIONS = [
    "publish",
    "cancel",
    "approve",
    "return_to_draft",
    "start",
    "accept_delivery",
    "request_changes",
    "dispute",
    "resolve",
    "close",
]


class ActionForm(forms.Form):
    """One state change on an order, with a note where the action needs one."""

    action = forms.ChoiceField(choices=[(a, a) for a in ACTIONS])
    note = forms.CharField(max_length=1000, required=False)
    outcome = forms.ChoiceField(
        choices=[("", "—"), ("continue", "continue"), ("accept", "accept"), ("cancel", "cancel")],
        required=False,
    )


class ForwardForm(forms.Form):
    member = forms.ModelChoiceField(
        queryset=Member.objects.filter(is_active=True),
        label=_("Member's profile number"),
        widget=forms.NumberInput(attrs={"inputmode": "numeric"}),
    )
    note = forms.CharField(label=_("Why this member"), max_length=500, required=False)


class ProposalForm(forms.Form):
    price = forms.DecimalField(label=_("Price, ₽"), **MONEY_FIELD)
    days = forms.IntegerField(label=_("Working days needed"))
    message = forms.CharField(
        label=_("Message to the client"),
        max_length=3000,
        widget=forms.Textarea(attrs={"rows": 4}),
        help_text=_("How you will do it, what you have done before, what is included."),
    )
    team_name = forms.CharField(label=_("Team name"), max_length=200, required=False)
    project = forms.ModelChoiceField(
        queryset=Project.objects.none(), label=_("Project team"), required=False
    )

    def __init__(self, author: Member, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.author = author
        teams = teams_of(author)
        if teams.exists():
            self.fields["project"].queryset = teams  # type: ignore[attr-defined]
        else:
            # Someone outside any producer team answers alone; the team fields would only puzzle.
            del self.fields["team_name"], self.fields["project"]
        self.share_rows: list[ShareData] = []

    def clean(self) -> dict[str, Any]:
        cleaned = super().clean() or {}
        # Each field's rule comes back with the other fields' errors, not one after another.
        price, days, message = (cleaned.get(name) for name in ("price", "days", "message"))
        for error in proposal_field_errors(price, days, message):
            add_to_form(self, error)
        return cleaned

    def proposal_data(self, shares: list[ShareData] | None = None) -> ProposalData:
        c = self.cleaned_data
        return ProposalData(
            price=c["price"],
            days=c["days"],
            message=c["message"],
            shares=shares if shares is not None else self.share_rows,
            team_name=c.get("team_name", ""),
            project=c.get("project"),
        )

    def check(self, shares: list[ShareData] | None) -> bool:
        """Return whether the proposal passes the rules, adding their errors to the form.

        `shares` is None when a share row is invalid (its errors are on the row).
        """
        valid = self.is_valid()
        if shares is None:
            return False
        self.share_rows = shares
        if not valid:
            # The shares' mistake comes with the fields' ones, not on the next submit.
            try:
                check_proposal_shares(self.author, shares, self.cleaned_data.get("project"))
            except OrderError as error:
                add_to_form(self, error)
            return False
        try:
            check_proposal_data(self.author, self.proposal_data())
        except OrderError as error:
            add_to_form(self, error)
            return False
        return True


class ShareForm(forms.Form):
    # Any active member's number parses; whether they may share is the service's rule
    # (`check_teammates`), so the page and the API refuse an outsider with one message.
    member = forms.ModelChoiceField(
        queryset=Member.objects.filter(is_active=True), label=_("Team member")
    )
    share = forms.DecimalField(label=_("Share, %"), max_digits=5, decimal_places=2)
    role = forms.CharField(label=_("Role"), max_length=200, required=False)

    def __init__(self, *args: Any, author: Member, teammates: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.author = author
        member = self.fields["member"]
        member.widget.choices = [  # the list offers teammates only
            ("", member.empty_label),  # type: ignore[attr-defined]
            *((m.pk, m.acting_person) for m in teammates),
        ]
        if self.empty_permitted:
            # An extra row left empty is no mistake; a half-filled one is (see `clean`).
            for name in ("member", "share"):
                self.fields[name].required = False

    def clean(self) -> dict[str, Any]:
        cleaned = super().clean() or {}
        # Django cleans an optional row only once something is typed in it.
        if self.empty_permitted:
            for name in ("member", "share"):
                if cleaned.get(name) in (None, "") and name not in self.errors:
                    message = self.fields[name].error_messages["required"]
                    self.add_error(name, forms.ValidationError(message, code="required"))
        return cleaned

    def clean_member(self) -> Member | None:
        member: Member | None = self.cleaned_data["member"]
        if member is None:
            return None
        try:
            check_teammates(self.author, [member])
        except OrderError as error:
            raise forms.ValidationError(error.message, code=error.code) from error
        return member


ShareFormSet = forms.formset_factory(ShareForm, extra=4, max_num=10, validate_max=True)


def share_rows(formset: Any) -> list[ShareData] | None:
    """Return the filled share rows, or None if a row is invalid."""
    if not formset.is_valid():
        return None
    return [
        ShareData(
            form.cleaned_data["member"], form.cleaned_data["share"], form.cleaned_data["role"]
        )
        for form in formset.forms
        if form.cleaned_data and form.cleaned_data.get("member")
    ]


class MessageForm(forms.Form):
    text = forms.CharField(
        label=_("Message"), max_length=3000, widget=forms.Textarea(attrs={"rows": 3})
    )


class DeliveryForm(forms.Form):
    note = forms.CharField(
        label=_("What you hand over"), max_length=3000, widget=forms.Textarea(attrs={"rows": 3})
    )
    attachments = MultipleFileField(label=_("Files"))


class ReviewForm(forms.Form):
    rating = forms.TypedChoiceField(
        label=_("Rating"), choices=RATINGS, coerce=int, widget=forms.RadioSelect
    )
    text = forms.CharField(
        label=_("Review"), max_length=3000, required=False, widget=forms.Textarea(attrs={"rows": 3})
    )
