"""Forms of reviewers and curators. The ranges and rules are checked by the services, whose
messages name the criterion; the forms only parse and place those messages."""

from __future__ import annotations

from decimal import Decimal
from typing import Any

from django import forms
from django.db.models import QuerySet
from django.utils.translation import gettext_lazy as _

from members.models import User
from support.models import DECISIONS, ApplicationStatus, Criterion, Review


class ScoresForm(forms.Form):
    """A score and a comment per criterion: `value_<id>`, `comment_<id>`. A criterion left
    blank keeps its earlier score, so a reviewer may score in several sittings."""

    def __init__(
        self, criteria: list[Criterion], review: Review | None, *args: Any, **kwargs: Any
    ) -> None:
        super().__init__(*args, **kwargs)
        self.criteria = criteria
        given = {s.criterion_id: s for s in review.scores.all()} if review else {}
        for criterion in criteria:
            earlier = given.get(criterion.pk)
            self.fields[f"value_{criterion.pk}"] = forms.IntegerField(
                label=_("Score"),
                required=False,
                initial=earlier.value if earlier else None,
                widget=forms.NumberInput(
                    attrs={
                        "min": criterion.min_score,
                        "max": criterion.max_score,
                        "inputmode": "numeric",
                    }
                ),
            )
            self.fields[f"comment_{criterion.pk}"] = forms.CharField(
                label=_("Comment"),
                required=False,
                max_length=2000,
                initial=earlier.comment if earlier else "",
                widget=forms.Textarea(attrs={"rows": 2}),
            )

    def rows(self) -> list[tuple[Criterion, forms.BoundField, forms.BoundField]]:
        return [(c, self[f"value_{c.pk}"], self[f"comment_{c.pk}"]) for c in self.criteria]

    def to_scores(self) -> dict[int, tuple[int, str]]:
        data = self.cleaned_data
        return {
            c.pk: (data[f"value_{c.pk}"], data[f"comment_{c.pk}"] or "")
            for c in self.criteria
            if data.get(f"value_{c.pk}") is not None
        }


class ConflictForm(forms.Form):
    note = forms.CharField(
        label=_("What is the conflict of interest?"),
        max_length=500,
        widget=forms.Textarea(attrs={"rows": 2}),
        help_text=_("For example: a relative, a colleague, a business partner of the applicant."),
    )


class DecisionForm(forms.Form):
    decision = forms.ChoiceField(
        label=_("Decision"),
        choices=[("", _("Choose a decision"))]
        + [(d.value, ApplicationStatus(d).label) for d in DECISIONS],
    )
    amount = forms.DecimalField(
        label=_("Amount granted, roubles"),
        required=False,
        max_digits=14,
        decimal_places=2,
        widget=forms.NumberInput(attrs={"inputmode": "decimal", "step": "0.01"}),
    )
    reason = forms.CharField(
        label=_("Reason"),
        required=False,
        max_length=3000,
        widget=forms.Textarea(attrs={"rows": 2}),
        help_text=_("The applicant reads it. Required when declining."),
    )

    def to_args(self) -> tuple[str, Decimal | None, str]:
        c = self.cleaned_data
        return c["decision"], c["amount"], c["reason"]


class ReviewerChoiceField(forms.ModelChoiceField[User]):
    def label_from_instance(self, obj: User) -> str:
        member = getattr(obj, "member", None)
        name = obj.get_full_name() or obj.email
        if member is not None and member.is_partner:
            return f"{name} · {member.display_name}"
        return f"{name} · {_('curator')}"


class ReviewerForm(forms.Form):
    def __init__(self, candidates: QuerySet[User], *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["user"] = ReviewerChoiceField(
            label=_("Reviewer"),
            queryset=candidates,
            empty_label=_("Choose a curator or a partner"),
        )
