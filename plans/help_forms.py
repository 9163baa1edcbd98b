"""Forms of help requests: the member's request and reply, the curators' answer, status,
note, bulk assignment and the queue's filters. The services check the same again; the forms
show every mistake at once, next to its field."""

from __future__ import annotations

from typing import Any, cast

from django import forms
from django.db.models import QuerySet
from django.utils.translation import gettext_lazy as _

from core.models import Town
from events.models import Event
from matching.models import Introduction
from members.models import Member, User
from orders.forms import MultipleFileField
from plans.help_queries import QueueFilters
from plans.models import GoalKind, HelpStatus, Step
from plans.services.help import MAX_ANSWER, MAX_TEXT, AnswerData, AskData
from support.models import Measure


class DateInput(forms.DateInput):
    input_type = "date"

    def __init__(self) -> None:
        super().__init__(format="%Y-%m-%d")


class AskHelpForm(forms.Form):
    what = forms.CharField(
        label=_("What help do you need?"),
        max_length=MAX_TEXT,
        widget=forms.Textarea(attrs={"rows": 5}),
        help_text=_("For example: find a photographer for the new line, advise on a grant."),
    )
    step = forms.ModelChoiceField(
        queryset=Step.objects.none(),
        label=_("Step"),
        required=False,
        empty_label=_("the goal as a whole"),
    )
    needed_by = forms.DateField(label=_("Needed by"), required=False, widget=DateInput())
    attachments = MultipleFileField(label=_("Files"), help_text=_("Up to 10 files, 10 MB each."))

    def __init__(self, steps: QuerySet[Step], *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        cast(forms.ModelChoiceField, self.fields["step"]).queryset = steps  # type: ignore[type-arg]

    def to_data(self) -> AskData:
        step = self.cleaned_data.get("step")
        return AskData(
            what=self.cleaned_data["what"],
            needed_by=self.cleaned_data.get("needed_by"),
            step_id=step.pk if step is not None else None,
        )


class MessageForm(forms.Form):
    text = forms.CharField(
        label=_("Message"), max_length=MAX_TEXT, widget=forms.Textarea(attrs={"rows": 3})
    )
    attachments = MultipleFileField(label=_("Files"))


class NoteForm(forms.Form):
    text = forms.CharField(
        label=_("Internal note"),
        max_length=MAX_TEXT,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_("Only curators see notes; the member never does."),
    )


# The statuses a curator chooses; "new" is never chosen.
STATUS_CHOICES = [
    (HelpStatus.IN_PROGRESS.value, HelpStatus.IN_PROGRESS.label),
    (HelpStatus.WAITING_FOR_MEMBER.value, HelpStatus.WAITING_FOR_MEMBER.label),
    (HelpStatus.DONE.value, HelpStatus.DONE.label),
    (HelpStatus.DECLINED.value, HelpStatus.DECLINED.label),
]


class StatusForm(forms.Form):
    status = forms.ChoiceField(label=_("New status"), choices=STATUS_CHOICES)
    reason = forms.CharField(
        label=_("Reason for declining"),
        max_length=MAX_TEXT,
        required=False,
        widget=forms.Textarea(attrs={"rows": 2}),
        help_text=_("Needed when declining; the member reads it."),
    )

    def __init__(self, *args: Any, allowed: frozenset[str] | None = None, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        if allowed is not None:
            status = cast(forms.ChoiceField, self.fields["status"])
            status.choices = [(v, label) for v, label in STATUS_CHOICES if v in allowed]


class IntroductionChoice(forms.ModelChoiceField):  # type: ignore[type-arg]
    def __init__(self, member: Member, *args: Any, **kwargs: Any) -> None:
        self.member = member
        super().__init__(*args, **kwargs)

    def label_from_instance(self, obj: Any) -> str:
        other = obj.recipient if obj.requester_id == self.member.pk else obj.requester
        return str(other.display_name)


class AnswerForm(forms.Form):
    answer = forms.CharField(
        label=_("Answer to the member"),
        max_length=MAX_ANSWER,
        widget=forms.Textarea(attrs={"rows": 4}),
    )
    introduction = forms.ModelChoiceField(
        queryset=Introduction.objects.none(),
        label=_("One of the member's introductions"),
        required=False,
        empty_label=_("none"),
    )
    partner = forms.ModelChoiceField(
        queryset=Member.objects.none(),
        label=_("Or introduce the member to"),
        required=False,
        empty_label=_("nobody"),
        help_text=_("The member is asked to be introduced; the partner is told."),
    )
    support_measure = forms.ModelChoiceField(
        queryset=Measure.objects.none(),
        label=_("Support measure"),
        required=False,
        empty_label=_("none"),
    )
    event = forms.ModelChoiceField(
        queryset=Event.objects.none(), label=_("Event"), required=False, empty_label=_("none")
    )

    def __init__(
        self, member: Member, introductions: list[Introduction], *args: Any, **kwargs: Any
    ) -> None:
        super().__init__(*args, **kwargs)
        self.fields["introduction"] = IntroductionChoice(
            member,
            queryset=Introduction.objects.filter(pk__in=[i.pk for i in introductions]),
            label=_("One of the member's introductions"),
            required=False,
            empty_label=_("none"),
        )
        self._set(
            "partner",
            Member.objects.filter(is_active=True).exclude(pk=member.pk).order_by("display_name"),
        )
        self._set("support_measure", Measure.objects.order_by("title"))
        self._set("event", Event.objects.order_by("-starts_at"))

    def _set(self, name: str, queryset: QuerySet[Any]) -> None:
        cast(forms.ModelChoiceField, self.fields[name]).queryset = queryset  # type: ignore[type-arg]

    def to_data(self) -> AnswerData:
        data = self.cleaned_data

        def pk(name: str) -> int | None:
            value = data.get(name)
            return value.pk if value is not None else None

        return AnswerData(
            answer=data["answer"],
            introduction_id=pk("introduction"),
            partner_id=pk("partner"),
            support_measure_id=pk("support_measure"),
            event_id=pk("event"),
        )


class CuratorChoice(forms.ModelChoiceField):  # type: ignore[type-arg]
    def label_from_instance(self, obj: Any) -> str:
        return str(obj.get_full_name() or obj.email)


class AssignForm(forms.Form):
    assignee = CuratorChoice(queryset=User.objects.none(), label=_("Assign to"), empty_label=None)
    requests = forms.TypedMultipleChoiceField(coerce=int, label=_("Requests"))

    def __init__(self, curators: QuerySet[User], *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        cast(forms.ModelChoiceField, self.fields["assignee"]).queryset = curators  # type: ignore[type-arg]
        chosen = self.data.getlist("requests") if hasattr(self.data, "getlist") else []
        # Any number: the service reads only the requests that exist.
        requests = cast(forms.TypedMultipleChoiceField, self.fields["requests"])
        requests.choices = [(value, value) for value in chosen if str(value).isdigit()]
        requests.error_messages["required"] = _("Choose at least one request.")


QUEUE_STATUS_CHOICES = [
    ("", _("open")),
    *[(value, label) for value, label in HelpStatus.choices],
    ("all", _("all")),
]


class QueueFilterForm(forms.Form):
    mine = forms.BooleanField(label=_("Mine"), required=False)
    unassigned = forms.BooleanField(label=_("Unassigned"), required=False)
    overdue = forms.BooleanField(label=_("Overdue"), required=False)
    town = forms.ChoiceField(label=_("Town"), required=False)
    kind = forms.ChoiceField(
        label=_("Kind of goal"),
        required=False,
        choices=[("", _("all kinds")), *GoalKind.choices],
    )
    status = forms.ChoiceField(label=_("Status"), required=False, choices=QUEUE_STATUS_CHOICES)

    def __init__(self, towns: list[Town], *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        # The towns are read once for the select; checking a choice then costs no query.
        choices = [("", _("all towns")), *((town.slug, town.name) for town in towns)]
        cast(forms.ChoiceField, self.fields["town"]).choices = choices
        for name in ("town", "kind", "status"):
            self.fields[name].widget.attrs["class"] = "form-select"

    def to_filters(self) -> QueueFilters:
        """Return the filters asked for; a wrong value is left out rather than refused."""
        data: dict[str, Any] = {}
        if self.is_bound:
            self.is_valid()
            data = {name: self.cleaned_data.get(name) for name in self.fields}
        return QueueFilters(
            mine=bool(data.get("mine")),
            unassigned=bool(data.get("unassigned")),
            overdue=bool(data.get("overdue")),
            town=data.get("town") or "",
            kind=data.get("kind") or "",
            status=data.get("status") or "",
        )
