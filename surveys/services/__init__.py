"""Writes for surveys, one module per part, re-exported here as they land."""

from surveys.services.answering import (
    AnswerError,
    Saved,
    check_may_answer,
    check_save_answers,
    check_submit_response,
)

__all__ = [
    "AnswerError",
    "Saved",
    "check_may_answer",
    "check_save_answers",
    "check_submit_response",
]
