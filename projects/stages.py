"""Which stage changes a project may make, and what each move needs.

Plain Python without Django, so the rules read in one place and are tested alone; the services
gather the facts and enforce the answer, the pages and the API say what is missing in words.

    idea → pitch → team → launched → completed, and closed from any stage before completed.

What each move needs (docs/adr/0005 says why):

- to "pitch": a description of the idea and at least one creative industry;
- to "team" (leaving the pitch): at least one pitch held (its day has come), and two confirmed
  members;
- to "launched": still two confirmed members, every role held by a confirmed member, no
  invitation left unanswered, every need covered by the team or taken off the list, a start
  date and a step in the plan;
- to "completed" (only from "launched"): every plan step done and an end date;
- to "closed": a reason.

A curator may move a project although some rules are not met, with a reason that the history
keeps. Only what depends on other people can be waived (`WAIVABLE`): never the order of the
stages, never what the team writes on the card itself (description, industry, dates, a plan
step), never the reason for closing.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

IDEA, PITCH, TEAM, LAUNCHED, COMPLETED, CLOSED = (
    "idea",
    "pitch",
    "team",
    "launched",
    "completed",
    "closed",
)
ORDER = (IDEA, PITCH, TEAM, LAUNCHED, COMPLETED)
FINAL = frozenset({COMPLETED, CLOSED})

NEXT: dict[str, frozenset[str]] = {
    IDEA: frozenset({PITCH, CLOSED}),
    PITCH: frozenset({TEAM, CLOSED}),
    TEAM: frozenset({LAUNCHED, CLOSED}),
    LAUNCHED: frozenset({COMPLETED, CLOSED}),
    COMPLETED: frozenset(),
    CLOSED: frozenset(),
}

MIN_TEAM = 2

ILLEGAL = "illegal_transition"


@dataclass(frozen=True)
class Facts:
    """What the rules look at, read from the project under its row lock.

    The tuples name the concrete things that are missing (role, person, need, step), so a
    refusal can list them.
    """

    has_summary: bool
    industries: int
    confirmed_members: int
    has_start_date: bool
    steps: int
    has_end_date: bool
    comment: str = ""
    pitches: int = 0
    open_roles: tuple[str, ...] = ()
    pending_invitations: tuple[str, ...] = ()
    uncovered_needs: tuple[str, ...] = ()
    unfinished_steps: tuple[str, ...] = ()
    # Pitches set for a day still to come: they do not count yet, and the checklist names them.
    upcoming_pitches: tuple[str, ...] = ()


@dataclass(frozen=True)
class Missing:
    """A rule that stops a move, with the concrete things that break it (may be empty)."""

    code: str
    items: tuple[str, ...] = ()


def _flag(ok: bool) -> tuple[str, ...] | None:
    return None if ok else ()


# Each rule returns None when it is met, or the things that break it (empty if there is no list).
RULES: dict[str, Callable[[Facts], tuple[str, ...] | None]] = {
    "needs_summary": lambda f: _flag(f.has_summary),
    "needs_industry": lambda f: _flag(f.industries >= 1),
    "needs_pitch": lambda f: None if f.pitches >= 1 else f.upcoming_pitches,
    "needs_team": lambda f: _flag(f.confirmed_members >= MIN_TEAM),
    "needs_roles_filled": lambda f: f.open_roles or None,
    "needs_invitations_answered": lambda f: f.pending_invitations or None,
    "needs_covered": lambda f: f.uncovered_needs or None,
    "needs_start_date": lambda f: _flag(f.has_start_date),
    "needs_plan_step": lambda f: _flag(f.steps >= 1),
    "needs_steps_done": lambda f: f.unfinished_steps or None,
    "needs_end_date": lambda f: _flag(f.has_end_date),
    "needs_reason": lambda f: _flag(bool(f.comment.strip())),
}

# What entering each stage needs, in the order a person would fix it.
REQUIREMENTS: dict[str, tuple[str, ...]] = {
    IDEA: (),
    PITCH: ("needs_summary", "needs_industry"),
    TEAM: ("needs_pitch", "needs_team"),
    LAUNCHED: (
        "needs_team",
        "needs_roles_filled",
        "needs_invitations_answered",
        "needs_covered",
        "needs_start_date",
        "needs_plan_step",
    ),
    COMPLETED: ("needs_steps_done", "needs_end_date"),
    CLOSED: ("needs_reason",),
}

WAIVABLE = frozenset(
    {
        "needs_pitch",
        "needs_team",
        "needs_roles_filled",
        "needs_invitations_answered",
        "needs_covered",
        "needs_steps_done",
    }
)


def missing(current: str, target: str, facts: Facts) -> list[Missing]:
    """Return what stops `current → target`, in the order of `REQUIREMENTS`; empty: allowed."""
    if target not in NEXT.get(current, frozenset()):
        return [Missing(ILLEGAL)]
    found = []
    for code in REQUIREMENTS[target]:
        items = RULES[code](facts)
        if items is not None:
            found.append(Missing(code, items))
    return found


def blockers(current: str, target: str, facts: Facts) -> list[str]:
    """Return the codes of the rules that stop `current → target`; empty means allowed."""
    return [m.code for m in missing(current, target, facts)]


def can_waive(problems: list[Missing]) -> bool:
    """Return whether a curator may make the move despite `problems` (all are waivable)."""
    return all(m.code in WAIVABLE for m in problems)


def next_stages(current: str) -> list[str]:
    """Return the stages reachable in one step, in the order of the project's life."""
    return [stage for stage in (*ORDER, CLOSED) if stage in NEXT.get(current, frozenset())]


def needs_start_date(stage: str) -> bool:
    """Return whether a project at this stage must keep its start date (it launched)."""
    return stage in (LAUNCHED, COMPLETED)
