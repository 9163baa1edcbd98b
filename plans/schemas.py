"""JSON shapes of plans. Amounts are decimal strings in the goal's unit ("300000.00")."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

from ninja import Field, Schema

from plans.queries import GoalView, PlanView

KINDS = "revenue, jobs, new_product, sales_channel, premises, training or other"
UNITS = "rub, people, pieces, points_of_sale, m2, percent or other"
STATUSES = "planned, in_progress, done or dropped"
VISIBILITIES = "private (only the member), curators (the default) or public (on the profile)"


class PlanSummaryOut(Schema):
    id: int = Field(description="Plan number, as in the page's address.")
    year: int = Field(description="The plan's year.")
    visibility: str = Field(description=f"Who sees the plan: {VISIBILITIES}.")
    status: str = Field(description="open, or closed with a review at the year's end.")
    goal_count: int = Field(description="How many goals the plan has.")


class PlanStepOut(Schema):
    id: int = Field(description="Step number.")
    title: str = Field(description="What to do.")
    due: dt.date | None = Field(description="Due date, YYYY-MM-DD, within the plan's year.")
    status: str = Field(description=f"Status: {STATUSES}.")
    notes: str = Field(description="The member's notes.")
    position: int = Field(description="Place among the goal's steps, from 1.")
    late: bool = Field(description="Whether the due date passed and the step is not finished.")
    files: list[str] = Field(description="Names of the files attached (downloaded on the page).")


class PlanUpdateOut(Schema):
    id: int = Field(description="Update number.")
    value: Decimal = Field(description="The value reached, in the goal's unit.")
    date: dt.date = Field(description="The day it was reached, YYYY-MM-DD.")
    comment: str = Field(description="The member's comment.")


class PlanGoalOut(Schema):
    id: int = Field(description="Goal number.")
    title: str = Field(description="The goal.")
    kind: str = Field(description=f"Kind of goal: {KINDS}.")
    measure: str = Field(description="How it is measured, in the member's words.")
    baseline: Decimal = Field(description="Where the member starts, in `unit`.")
    target: Decimal = Field(description="The target, in `unit`.")
    unit: str = Field(description=f"Unit: {UNITS}.")
    due: dt.date | None = Field(description="Due date; null for the end of the plan's year.")
    position: int = Field(description="Place among the plan's goals, from 1.")
    latest: Decimal | None = Field(description="The value of the latest update; null if none.")
    percent: int = Field(description="How far from the baseline to the target, 0–100.")
    support_measure_id: int | None = Field(description="The support measure it relies on.")
    event_id: int | None = Field(description="The event it relies on.")
    project_id: int | None = Field(description="The project it belongs to.")
    order_id: int | None = Field(description="The order it relies on.")
    partner_id: int | None = Field(description="The partner member it relies on.")
    outcome: str = Field(
        description="At the year's close: reached, partly, missed or carried; else empty."
    )
    outcome_note: str = Field(description="What was reached, in the member's words.")
    steps: list[PlanStepOut] = Field(description="The goal's steps in order.")
    updates: list[PlanUpdateOut] = Field(description="Progress updates, oldest first.")

    @staticmethod
    def from_view(view: GoalView) -> PlanGoalOut:
        goal = view.goal
        return PlanGoalOut(
            id=goal.pk,
            title=goal.title,
            kind=goal.kind,
            measure=goal.measure,
            baseline=goal.baseline,
            target=goal.target,
            unit=goal.unit,
            due=goal.due,
            position=goal.position,
            latest=view.latest,
            percent=view.percent,
            support_measure_id=goal.support_measure_id,
            event_id=goal.event_id,
            project_id=goal.project_id,
            order_id=goal.order_id,
            partner_id=goal.partner_id,
            outcome=goal.outcome,
            outcome_note=goal.outcome_note,
            steps=[
                PlanStepOut(
                    id=row.step.pk,
                    title=row.step.title,
                    due=row.step.due,
                    status=row.step.status,
                    notes=row.step.notes,
                    position=row.step.position,
                    late=row.late,
                    files=[stored.name for stored in row.step.files.all()],
                )
                for row in view.steps
            ],
            updates=[
                PlanUpdateOut(id=u.pk, value=u.value, date=u.date, comment=u.comment)
                for u in view.updates
            ],
        )


class PlanOut(Schema):
    id: int = Field(description="Plan number, as in the page's address.")
    member_id: int = Field(description="The member whose plan it is.")
    member: str = Field(description="The member's name.")
    year: int = Field(description="The plan's year.")
    visibility: str = Field(description=f"Who sees the plan: {VISIBILITIES}.")
    status: str = Field(description="open, or closed with a review at the year's end.")
    review: str = Field(description="The review of the year, once closed.")
    started_from_id: int | None = Field(description="The earlier plan this one continues.")
    goals: list[PlanGoalOut] = Field(description="The goals in order, with steps and updates.")

    @staticmethod
    def from_view(view: PlanView) -> PlanOut:
        plan = view.plan
        return PlanOut(
            id=plan.pk,
            member_id=plan.member_id,
            member=plan.member.display_name,
            year=plan.year,
            visibility=plan.visibility,
            status=plan.status,
            review=plan.review,
            started_from_id=plan.started_from_id,
            goals=[PlanGoalOut.from_view(goal) for goal in view.goals],
        )


class PlanStartIn(Schema):
    year: int = Field(description="The year: this one, or from October the next.")
    visibility: str = Field("curators", description=f"Who sees the plan: {VISIBILITIES}.")
    from_plan_id: int | None = Field(
        None, description="An earlier plan of yours to continue: its goals not reached carry over."
    )


class PlanVisibilityIn(Schema):
    visibility: str = Field(description=f"Who sees the plan: {VISIBILITIES}.")


class PlanGoalIn(Schema):
    title: str = Field(max_length=200, description="The goal.")
    kind: str = Field(description=f"Kind of goal: {KINDS}.")
    target: Decimal = Field(description="The target, in `unit`: whole for people and pieces.")
    unit: str = Field(description=f"Unit: {UNITS}. Jobs are people; revenue is roubles.")
    baseline: Decimal = Field(Decimal(0), description="Where you start, in `unit`.")
    measure: str = Field("", max_length=300, description="How it is measured.")
    due: dt.date | None = Field(None, description="Due date within the plan's year.")
    support_measure_id: int | None = Field(None, description="A support measure you may see.")
    event_id: int | None = Field(None, description="An event you may see.")
    project_id: int | None = Field(None, description="A project you may see.")
    order_id: int | None = Field(None, description="One of your orders.")
    partner_id: int | None = Field(None, description="A member you may see.")


class PlanTemplateIn(Schema):
    template: str = Field(
        description="A goal template's slug: second-point-of-sale, hire-one-person, "
        "product-line, joint-product, producer-training, workshop-premises or grow-revenue."
    )


class PlanStepIn(Schema):
    title: str = Field(max_length=200, description="What to do.")
    due: dt.date | None = Field(None, description="Due date within the plan's year.")
    notes: str = Field("", max_length=3000, description="Notes.")


class PlanStepPatchIn(Schema):
    title: str | None = Field(None, max_length=200, description="What to do.")
    due: dt.date | None = Field(None, description="Due date within the plan's year.")
    notes: str | None = Field(None, max_length=3000, description="Notes.")
    status: str | None = Field(None, description=f"Status: {STATUSES}.")


class PlanUpdateIn(Schema):
    value: Decimal = Field(description="The value reached, in the goal's unit.")
    date: dt.date = Field(
        description="The day it was reached: within the plan's year, not later than today."
    )
    comment: str = Field("", max_length=1000, description="A comment.")
