"""Writes for support: measures, applications to them, reviews and decisions."""

from support.services.measures import (
    MeasureData,
    MeasureError,
    check_measure_data,
    check_save_measure,
    do_write_measure,
)

__all__ = [
    "MeasureData",
    "MeasureError",
    "check_measure_data",
    "check_save_measure",
    "do_write_measure",
]
