"""Writes for support: measures, applications to them, reviews and decisions."""

from support.services.applications import (
    ApplicationError,
    check_may_apply,
    check_save_draft,
    check_submit_application,
    check_withdraw_application,
)
from support.services.decisions import DecisionError, check_decide, granted_so_far
from support.services.measures import (
    MeasureData,
    MeasureError,
    check_measure_data,
    check_save_measure,
    do_write_measure,
)
from support.services.reviews import (
    ReviewError,
    check_assign_reviewer,
    check_declare_conflict,
    check_remove_reviewer,
    check_save_scores,
    may_review,
)

__all__ = [
    "ApplicationError",
    "DecisionError",
    "MeasureData",
    "MeasureError",
    "ReviewError",
    "check_assign_reviewer",
    "check_decide",
    "check_declare_conflict",
    "check_may_apply",
    "check_measure_data",
    "check_remove_reviewer",
    "check_save_draft",
    "check_save_measure",
    "check_save_scores",
    "check_submit_application",
    "check_withdraw_application",
    "do_write_measure",
    "granted_so_far",
    "may_review",
]
