"""Writes for support: measures, applications to them, reviews and decisions."""

from support.services.applications import (
    ApplicationError,
    check_may_apply,
    check_save_draft,
    check_submit_application,
    check_withdraw_application,
)
from support.services.measures import (
    MeasureData,
    MeasureError,
    check_measure_data,
    check_save_measure,
    do_write_measure,
)

__all__ = [
    "ApplicationError",
    "MeasureData",
    "MeasureError",
    "check_may_apply",
    "check_measure_data",
    "check_save_draft",
    "check_save_measure",
    "check_submit_application",
    "check_withdraw_application",
    "do_write_measure",
]
