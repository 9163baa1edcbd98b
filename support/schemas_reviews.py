"""JSON shapes of reviews and decisions. Weighted scores are on 0–100; money is a decimal
string in roubles ("300000.00")."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

from ninja import Field, Schema

DECISION_CODES = "granted, partially_granted, declined or waiting_list"
STATUS_CODES = (
    "submitted, under_review, granted, partially_granted, declined, waiting_list (sent ones)"
)


class CriterionScoreIn(Schema):
    criterion_id: int = Field(description="The criterion of the measure's rubric.")
    value: int = Field(description="The score, within the criterion's lowest and highest.")
    comment: str = Field("", max_length=2000, description="Why this score; may be empty.")


class ScoresIn(Schema):
    scores: list[CriterionScoreIn] = Field(
        description="Scores to save; criteria left out keep their earlier score.", min_length=1
    )


class ConflictDeclarationIn(Schema):
    note: str = Field(max_length=500, description="What the conflict of interest is.")


class ApplicationDecisionIn(Schema):
    decision: str = Field(description=f"The decision: {DECISION_CODES}.")
    amount: Decimal | None = Field(
        None, description="Roubles granted; required above zero for a (partial) grant."
    )
    reason: str = Field("", max_length=3000, description="The reason; required to decline.")


class CriterionScoreOut(Schema):
    criterion_id: int = Field(description="The criterion.")
    criterion: str = Field(description="The criterion's title.")
    value: int = Field(description="The score given.")
    comment: str = Field(description="The reviewer's comment; may be empty.")


class ApplicationReviewOut(Schema):
    reviewer_id: int = Field(description="The reviewer's user number.")
    reviewer: str = Field(description="The reviewer's name.")
    conflict: bool = Field(description="Whether the reviewer declared a conflict of interest.")
    conflict_note: str = Field(description="What the conflict is; only to curators and oneself.")
    complete: bool = Field(description="Whether every criterion is scored.")
    weighted_score: float | None = Field(
        description="The weighted score on 0–100; null while incomplete or with a conflict."
    )
    scores: list[CriterionScoreOut] = Field(
        description="Scores per criterion, in the rubric's order."
    )


class ScoreSheetOut(Schema):
    application_id: int = Field(description="The application.")
    mine: ApplicationReviewOut | None = Field(
        description="The caller's own review, if they started one."
    )
    others_visible: bool = Field(
        description="Whether the caller may see the other reviews: curators always, reviewers "
        "once they scored every criterion, never with a conflict of interest."
    )
    others: list[ApplicationReviewOut] = Field(
        description="The other reviewers' reviews, when visible."
    )
    mean: float | None = Field(
        description="Weighted mean of complete reviews without a conflict; null when hidden."
    )
    spread: float | None = Field(description="Highest minus lowest reviewer's score.")
    stdev: float | None = Field(description="Standard deviation of the reviewers' scores.")


class ReviewQueueItemOut(Schema):
    application_id: int = Field(description="The application.")
    measure_id: int = Field(description="Its measure.")
    measure: str = Field(description="The measure's title.")
    applicant: str = Field(description="The applicant member's name.")
    submitted_at: dt.datetime | None = Field(description="When it was sent.")
    state: str = Field(description="to_score, scored or conflict.")
    scored: int = Field(description="Criteria the caller has scored.")
    criteria: int = Field(description="Criteria of the measure's rubric.")


class ApplicationDecisionOut(Schema):
    id: int = Field(description="The application.")
    status: str = Field(description=f"Its status: {STATUS_CODES}.")
    granted_amount: Decimal | None = Field(description="Roubles granted; null if none.")
    decision_reason: str = Field(description="The reason given.")
    decided_at: dt.datetime | None = Field(description="When the decision was made.")


class MeasureReviewerOut(Schema):
    id: int = Field(description="The assignment.")
    user_id: int = Field(description="The reviewer's user number.")
    name: str = Field(description="The reviewer's name.")


class DecisionBoardCellOut(Schema):
    reviewer_id: int = Field(description="The reviewer's user number.")
    score: float | None = Field(description="Their weighted score; null if not complete.")
    conflict: bool = Field(description="Whether they declared a conflict of interest.")


class DecisionBoardRowOut(Schema):
    place: int = Field(description="Place in the ranking, from 1.")
    application_id: int = Field(description="The application.")
    applicant: str = Field(description="The applicant member's name.")
    status: str = Field(description=f"Status: {STATUS_CODES}.")
    submitted_at: dt.datetime | None = Field(description="When it was sent.")
    requested_amount: Decimal | None = Field(description="Roubles asked for; null if not given.")
    granted_amount: Decimal | None = Field(description="Roubles granted; null if none.")
    mean: float | None = Field(description="Weighted mean on 0–100; null before any review.")
    spread: float | None = Field(description="Highest minus lowest reviewer's score.")
    stdev: float | None = Field(description="Standard deviation of the reviewers' scores.")
    missing: int = Field(description="Assigned reviewers who have not finished.")
    scores: list[DecisionBoardCellOut] = Field(description="Each reviewer's score, as `reviewers`.")


class DecisionBoardOut(Schema):
    measure_id: int = Field(description="The measure.")
    budget_cap: Decimal | None = Field(description="Budget cap in roubles; null for none.")
    granted: Decimal = Field(description="Roubles granted so far.")
    left: Decimal | None = Field(description="Roubles left under the cap; null for no cap.")
    reviewers: list[MeasureReviewerOut] = Field(description="The assigned reviewers.")
    applications: list[DecisionBoardRowOut] = Field(description="Sent applications, best first.")
