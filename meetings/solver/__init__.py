"""One-to-one meeting timetables: put requested meetings into slots and tables.

Every request is an unordered pair of participants with a weight. A timetable gives some
requests a slot and a table so that nobody is in two meetings at once, both people are free in
the slot, and no slot uses more tables than exist; the goal is the largest total weight.
Tables are identical, so the search decides slots only and numbers tables at the end.

The problem is NP-hard (a planar 3-dimensional assignment). `solve` first solves the capacity
relaxation, a small LP that forgets slots, and places the requests it picks first, hardest to
place first; then local search (insertions that move blocking meetings along short chains,
exchanges of lighter meetings for heavier ones, seeded kicks) and exact HiGHS re-solves of
small neighbourhoods around requests left out. Tiny instances are also solved exactly.
`upper_bound` gives a proven bound, so every result carries its own quality certificate.

Nothing here imports Django.
"""

from meetings.solver.instance import (
    Instance,
    InvalidInstance,
    Meeting,
    Participant,
    Request,
    Schedule,
    SlotId,
    parse_instance,
    parse_meetings,
    schedule_to_json,
)
from meetings.solver.lp import upper_bound
from meetings.solver.timetable import first_come_schedule, solve

__all__ = [
    "Instance",
    "InvalidInstance",
    "Meeting",
    "Participant",
    "Request",
    "Schedule",
    "SlotId",
    "first_come_schedule",
    "parse_instance",
    "parse_meetings",
    "schedule_to_json",
    "solve",
    "upper_bound",
]
