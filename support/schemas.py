"""JSON shapes of support measures. Money is a decimal string in roubles ("300000.00")."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from typing import Any

from django.urls import reverse
from django.utils import timezone
from ninja import Field, Schema

from core.api import current_user
from support.application_queries import application_answers, status_label
from support.models import Application, Measure
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


# --- Applications: the applicant's side ------------------------------------------------------

APPLICATION_STATUSES = (
    "draft, submitted, under_review, granted, partially_granted, declined, waiting_list or "
    "withdrawn"
)


class SupportApplicationOut(Schema):
    id: int = Field(description="Application number, as in its page's address.")
    measure_id: int = Field(description="The measure applied to.")
    measure_title: str = Field(description="The measure's title.")
    member_id: int = Field(description="The applicant member.")
    status: str = Field(description=f"Status: {APPLICATION_STATUSES}.")
    status_label: str = Field(description="The status in words, in the caller's language.")
    may_withdraw: bool = Field(description="Whether the applicant may still withdraw it.")
    requested_amount: Decimal | None = Field(description="Amount asked for, roubles; or null.")
    created_at: dt.datetime = Field(description="When the draft was started.")
    submitted_at: dt.datetime | None = Field(description="When it was sent; null for a draft.")
    withdrawn_at: dt.datetime | None = Field(description="When it was withdrawn, if it was.")
    decided_at: dt.datetime | None = Field(description="When the decision was made, if it was.")
    granted_amount: Decimal | None = Field(
        description="Amount granted, roubles, once granted; otherwise null."
    )
    decision_reason: str = Field(description="The decision's reason; empty until decided.")

    @staticmethod
    def resolve_measure_title(obj: Application) -> str:
        return obj.measure.title

    @staticmethod
    def resolve_status_label(obj: Application) -> str:
        return status_label(obj.status)

    @staticmethod
    def resolve_decision_reason(obj: Application) -> str:
        return obj.decision_reason if obj.is_decided else ""

    @staticmethod
    def resolve_granted_amount(obj: Application) -> Decimal | None:
        return obj.granted_amount if obj.is_decided else None


class SupportApplicationPageOut(Schema):
    page: int = Field(description="This page's number, from 1.")
    has_next: bool = Field(description="Whether another page follows (no total is counted).")
    results: list[SupportApplicationOut] = Field(description="My applications, the newest first.")


class SupportAnswerOut(Schema):
    field_id: int = Field(description="The question's number (a key of `answers` when saving).")
    question: str = Field(description="The question as the form asks it.")
    kind: str = Field(description="text, long_text, number, choice or file.")
    required: bool = Field(description="Whether it must be answered before sending.")
    options: list[str] = Field(description="For a choice: the options; otherwise empty.")
    answer: str = Field(description="The answer; for a file, its name; empty when none yet.")
    file_url: str = Field(description="For an attached file: where to download it; else empty.")


class SupportApplicationDetailOut(SupportApplicationOut):
    answers: list[SupportAnswerOut] = Field(
        description="Every question of the form with its answer."
    )

    @staticmethod
    def resolve_answers(obj: Application) -> list[dict[str, Any]]:
        rows = application_answers(obj, list(obj.files.all()))
        return [
            {
                "field_id": row.question.pk,
                "question": row.question.label,
                "kind": row.question.kind,
                "required": row.question.required,
                "options": row.question.option_list,
                "answer": row.file.name if row.file else row.text,
                "file_url": reverse("support:application_file", args=[obj.pk, row.file.pk])
                if row.file
                else "",
            }
            for row in rows
        ]


class SupportApplicationDraftIn(Schema):
    answers: dict[str, str] = Field(
        default_factory=dict,
        description="Answers by question number (`field_id`), merged into the draft's; an "
        "empty answer removes one. Files are sent one by one to the files endpoint.",
    )
    requested_amount: Decimal | None = Field(
        None, description="Amount asked for, roubles; null or absent: none."
    )
