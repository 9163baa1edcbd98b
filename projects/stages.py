"""Which stage changes a project may make, and what each stage needs on entry.

Plain Python without Django, so the rules read in one place and are tested alone; the services
gather the facts and enforce the answer.

    idea → pitch → team → launched → completed, and closed from any stage before completed.
"""

from __future__ import annotations

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


@dataclass(frozen=True)
class Facts:
    """What the entry rules look at, read from the project under its row lock."""

    has_summary: bool
    industries: int
    confirmed_members: int
    has_start_date: bool
    steps: int
    has_end_date: bool
    comment: str = ""


def blockers(current: str, target: str, facts: Facts) -> list[str]:
    """Return the codes of the rules that stop `current → target`; empty means allowed."""
    if target not in NEXT.get(current, frozenset()):
        return ["illegal_transition"]
    missing = []
    if target == PITCH:
        if not facts.has_summary:
            missing.append("needs_summary")
        if facts.industries < 1:
            missing.append("needs_industry")
    elif target == TEAM:
        if facts.confirmed_members < MIN_TEAM:
            missing.append("needs_team")
    elif target == LAUNCHED:
        if not facts.has_start_date:
            missing.append("needs_start_date")
        if facts.steps < 1:
            missing.append("needs_plan_step")
    elif target == COMPLETED:
        if not facts.has_end_date:
            missing.append("needs_end_date")
    elif target == CLOSED and not facts.comment.strip():
        missing.append("needs_reason")
    return missing


def next_stages(current: str) -> list[str]:
    """Return the stages reachable in one step, in the order of the project's life."""
    return [stage for stage in (*ORDER, CLOSED) if stage in NEXT.get(current, frozenset())]


def needs_start_date(stage: str) -> bool:
    """Return whether a project at this stage must keep its start date (it launched)."""
    return stage in (LAUNCHED, COMPLETED)
