"""Forms of the plan pages: they read what people type; the services decide what is allowed."""

from __future__ import annotations

from decimal import Decimal
from typing import Any, cast

from django import forms
from django.apps import apps
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from events.queries import visible_events
from members.models import Member, User
from plans import progress
from plans.models import Goal, GoalKind, GoalUnit, Outcome, StepStatus, Visibility
from plans.services import GoalData, GoalOutcome, StepData
from plans.templates_data import TEMPLATES

DATE = forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")


class AmountField(forms.Field):
    """A number as people type it: «300 000», «1 500,50»."""

    def __init__(self, **kwargs: Any) -> None:
        attrs = {"inputmode": "decimal", "maxlength": "30"}
        kwargs.setdefault("widget", forms.TextInput(attrs=attrs))
        super().__init__(**kwargs)

    def to_python(self, value: Any) -> Decimal | None:
        text = str(value or "").strip()
        if not text:
            return None
        if len(text) > 30:
            raise forms.ValidationError(_("Enter a number, e.g. 1500 or 2,5."), code="too_long")
        number = progress.parse_amount(text)
        if number is None:
            raise forms.ValidationError(_("Enter a number, e.g. 1500 or 2,5."), code="not_a_number")
        return number

    def prepare_value(self, value: Any) -> Any:
        if isinstance(value, Decimal):
            return f"{value.normalize():f}"
        return value


class StartPlanForm(forms.Form):
    year = forms.TypedChoiceField(label=_("Year"), coerce=int, choices=[])
    visibility = forms.ChoiceField(
        label=_("Who sees the plan"), choices=Visibility.choices, initial=Visibility.CURATORS
    )

    def __init__(self, *args: Any, years: list[int], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        year_field = cast(forms.TypedChoiceField, self.fields["year"])
        year_field.choices = [(year, str(year)) for year in years]


class VisibilityForm(forms.Form):
    visibility = forms.ChoiceField(
        label=_("Who sees the plan"), choices=Visibility.choices, widget=forms.RadioSelect
    )


class TemplateForm(forms.Form):
    template = forms.ChoiceField(
        label=_("Goal template"), choices=[(t.slug, t.title) for t in TEMPLATES]
    )


def _optional_id(value: str) -> int | None:
    return int(value) if value else None


class GoalForm(forms.Form):
    title = forms.CharField(label=_("Goal"), max_length=200)
    kind = forms.ChoiceField(label=_("Kind of goal"), choices=GoalKind.choices)
    measure = forms.CharField(
        label=_("How you will measure it"),
        max_length=300,
        required=False,
        help_text=_("For example: points where our goods are sold."),
    )
    baseline = AmountField(label=_("Where you start"), required=False)
    target = AmountField(label=_("Target"))
    unit = forms.ChoiceField(label=_("Unit"), choices=GoalUnit.choices)
    due = forms.DateField(label=_("Due date"), required=False, widget=DATE)
    support_measure = forms.TypedChoiceField(
        label=_("Support measure"), coerce=int, required=False, empty_value=None, choices=[]
    )
    event = forms.TypedChoiceField(
        label=_("Event"), coerce=int, required=False, empty_value=None, choices=[]
    )
    project = forms.TypedChoiceField(
        label=_("Project"), coerce=int, required=False, empty_value=None, choices=[]
    )
    order = forms.TypedChoiceField(
        label=_("Order"), coerce=int, required=False, empty_value=None, choices=[]
    )
    partner = forms.TypedChoiceField(
        label=_("Partner"), coerce=int, required=False, empty_value=None, choices=[]
    )

    def __init__(
        self, *args: Any, actor: User, member: Member, goal: Goal | None = None, **kwargs: Any
    ) -> None:
        if goal is not None and "initial" not in kwargs:
            kwargs["initial"] = {
                "title": goal.title,
                "kind": goal.kind,
                "measure": goal.measure,
                "baseline": goal.baseline,
                "target": goal.target,
                "unit": goal.unit,
                "due": goal.due,
                "support_measure": goal.support_measure_id,
                "event": goal.event_id,
                "project": goal.project_id,
                "order": goal.order_id,
                "partner": goal.partner_id,
            }
        super().__init__(*args, **kwargs)
        for name, choices in link_choices(actor, member, goal).items():
            link = cast(forms.TypedChoiceField, self.fields[name])
            link.choices = [("", _("— none —")), *choices]
        if not apps.is_installed("support"):
            del self.fields["support_measure"]

    def data_for_service(self) -> GoalData:
        data = self.cleaned_data
        return GoalData(
            title=data["title"],
            kind=data["kind"],
            target=data["target"],
            unit=data["unit"],
            baseline=data["baseline"] if data.get("baseline") is not None else Decimal(0),
            measure=data["measure"],
            due=data["due"],
            support_measure_id=data.get("support_measure"),
            event_id=data["event"],
            project_id=data["project"],
            order_id=data["order"],
            partner_id=data["partner"],
        )


def link_choices(
    actor: User, member: Member, goal: Goal | None = None
) -> dict[str, list[tuple[int, str]]]:
    """Return what a goal may link to, for the select boxes: open measures, upcoming events,
    the member's projects and orders, and the partners they have introductions with (plus
    whatever the goal already links to). Five queries (four without support)."""
    from matching.models import Introduction, IntroductionStatus
    from orders.models import Order
    from projects.queries import visible_projects

    now = timezone.now()
    choices: dict[str, list[tuple[int, str]]] = {}
    if apps.is_installed("support"):
        from support.queries import visible_measures

        measures = visible_measures(actor).filter(
            Q(status="open") | Q(pk=goal.support_measure_id if goal else None)
        )
        choices["support_measure"] = list(measures.values_list("pk", "title")[:100])
    events = visible_events(actor).filter(
        Q(ends_at__gte=now) | Q(pk=goal.event_id if goal else None)
    )
    choices["event"] = list(events.order_by("starts_at").values_list("pk", "title")[:100])
    projects = visible_projects(actor).filter(
        Q(owner=member) | Q(memberships__member=member) | Q(pk=goal.project_id if goal else None)
    )
    choices["project"] = list(projects.distinct().values_list("pk", "title")[:100])
    orders = Order.objects.filter(
        Q(client=actor) | Q(performer=member) | Q(pk=goal.order_id if goal else None)
    ).order_by("-created_at")
    choices["order"] = list(orders.values_list("pk", "title")[:100])
    introduced = Introduction.objects.exclude(status=IntroductionStatus.DECLINED).filter(
        Q(requester=member) | Q(recipient=member)
    )
    partner_ids = {
        pk
        for pair in introduced.values_list("requester_id", "recipient_id")
        for pk in pair
        if pk != member.pk
    }
    if goal is not None and goal.partner_id:
        partner_ids.add(goal.partner_id)
    partners = Member.objects.filter(pk__in=partner_ids).order_by("display_name")
    choices["partner"] = list(partners.values_list("pk", "display_name"))
    return choices


class StepForm(forms.Form):
    title = forms.CharField(label=_("Step"), max_length=200)
    due = forms.DateField(label=_("Due date"), required=False, widget=DATE)
    notes = forms.CharField(
        label=_("Notes"), max_length=3000, required=False, widget=forms.Textarea(attrs={"rows": 3})
    )

    def data_for_service(self) -> StepData:
        data = self.cleaned_data
        return StepData(title=data["title"], due=data["due"], notes=data["notes"])


class StepStatusForm(forms.Form):
    status = forms.ChoiceField(choices=StepStatus.choices)


class MoveForm(forms.Form):
    direction = forms.ChoiceField(choices=[("up", "up"), ("down", "down")])


class StepFileForm(forms.Form):
    file = forms.FileField(label=_("File"))


class UpdateForm(forms.Form):
    value = AmountField(label=_("Reached by now"))
    date = forms.DateField(label=_("On"), widget=DATE)
    comment = forms.CharField(
        label=_("Comment"),
        max_length=1000,
        required=False,
        widget=forms.Textarea(attrs={"rows": 2}),
    )


class CloseForm(forms.Form):
    review = forms.CharField(
        label=_("How did the year go?"),
        max_length=5000,
        required=False,
        widget=forms.Textarea(attrs={"rows": 4}),
    )

    def __init__(self, *args: Any, goals: list[Goal], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.goals = goals
        for goal in goals:
            self.fields[f"outcome_{goal.pk}"] = forms.ChoiceField(
                label=goal.title, choices=Outcome.choices, widget=forms.RadioSelect
            )
            self.fields[f"note_{goal.pk}"] = forms.CharField(
                label=_("What was reached"), max_length=1000, required=False
            )

    def outcomes(self) -> list[GoalOutcome]:
        data = self.cleaned_data
        return [
            GoalOutcome(goal.pk, data[f"outcome_{goal.pk}"], data[f"note_{goal.pk}"])
            for goal in self.goals
        ]
