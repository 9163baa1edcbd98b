"""JSON shapes of support measures. Money is a decimal string in roubles ("300000.00")."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from typing import Any

from django.utils import timezone
from ninja import Field, Schema

from core.api import current_user
from support.models import Measure
from support.queries import MeasureFit, shown_provider_member_id

KINDS = (
    "grant, subsidy, loan, consultation, training, premises, equipment, promotion, "
    "sales_channel, sponsorship or other"
)


class MeasureOut(Schema):
    id: int = Field(description="Measure number, as in the page's address.")
    external_id: str = Field(description="The catalogue's identifier, e.g. `grant-start-2026`.")
    title: str = Field(description="Title.")
    kind: str = Field(description=f"Kind of support: {KINDS}.")
    topic: str = Field(description="For a consultation: legal, accounting or marketing; or empty.")
    provider_kind: str = Field(
        description="Who provides it: agency, administration, general_partner, partner or other."
    )
    provider: str = Field(description="The provider's name as shown.")
    provider_member_id: int | None = Field(
        description="The partner member providing it, if any; null when the partner's profile "
        "is not public, except for curators and the partner."
    )
    amount: Decimal | None = Field(description="Amount or volume in `unit`; null if not given.")
    unit: str = Field(description="rub, hours, m2 or places.")
    opens: dt.date | None = Field(description="Opening date, YYYY-MM-DD.")
    deadline: dt.date | None = Field(description="Deadline, YYYY-MM-DD, the last day included.")
    places: int | None = Field(description="Number of places; null for no limit.")
    budget_cap: Decimal | None = Field(description="Budget cap in roubles; null for none.")
    status: str = Field(description="draft, open, closed or archived.")
    is_open: bool = Field(description="Whether one can apply today: status, dates and places.")
    rules: dict[str, Any] = Field(
        description="Eligibility rules with slugs and codes, as in the import format (README)."
    )

    @staticmethod
    def resolve_provider_member_id(obj: Measure, context: dict[str, Any]) -> int | None:
        if "caller" not in context:  # once per answer, not once per measure
            request = context["request"]
            context["caller"] = getattr(request, "auth", None) or current_user(request)
        return shown_provider_member_id(context["caller"], obj)

    @staticmethod
    def resolve_is_open(obj: Measure) -> bool:
        return obj.is_open_on(timezone.localdate())


class MeasureDetailOut(MeasureOut):
    description: str = Field(description="Description, Markdown as the curator wrote it.")
    documents: list[str] = Field(description="Documents to attach, one per item.")

    @staticmethod
    def resolve_documents(obj: Measure) -> list[str]:
        return obj.document_list


class MeasurePageOut(Schema):
    page: int = Field(description="This page's number, from 1.")
    has_next: bool = Field(description="Whether another page follows (no total is counted).")
    results: list[MeasureOut] = Field(description="Measures on this page, nearest deadline first.")


class EligibilityOut(Schema):
    measure: MeasureOut = Field(description="The measure.")
    eligible: bool = Field(description="Whether the caller meets the rules (dates aside).")
    open: bool = Field(description="Whether one can apply today: status, dates and places.")
    reasons: list[str] = Field(
        description="Why, in the caller's language: what fits, or each rule not met."
    )

    @staticmethod
    def resolve_eligible(obj: MeasureFit) -> bool:
        return obj.eligible

    @staticmethod
    def resolve_open(obj: MeasureFit) -> bool:
        return obj.is_open

    @staticmethod
    def resolve_reasons(obj: MeasureFit) -> list[str]:
        return obj.lines
