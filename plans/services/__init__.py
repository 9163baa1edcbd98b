"""Writes for plans, one module per part (`plans.py`: plans, goals, steps and progress;
`help.py`: help requests and the curators' queue), re-exported here as they land."""

from plans.services.help import (
    AnswerData,
    AskData,
    HelpError,
    check_add_help_note,
    check_answer_help_request,
    check_ask_help,
    check_assign_help_requests,
    check_change_help_status,
    check_take_help_request,
    check_write_help_message,
)

__all__ = [
    "AnswerData",
    "AskData",
    "HelpError",
    "check_add_help_note",
    "check_answer_help_request",
    "check_ask_help",
    "check_assign_help_requests",
    "check_change_help_status",
    "check_take_help_request",
    "check_write_help_message",
]
