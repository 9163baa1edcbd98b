"""Eligibility rules of support measures: checking their shape and evaluating them. Pure.

Rules are a dict; each key is optional and every present key must hold (AND). A list holds
when the member has any of its values (OR). Values are canonical: town and industry slugs,
industry group slugs, legal form codes, role codes (the Django side turns names into them).

`evaluate` answers eligible or not with the reasons as codes and parameters, never words:
`support.reasons` says them in the reader's language. No Django import here, so the rules
can be tested against a plain reference and benchmarked alone.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from datetime import date
from typing import Any

# In the order reasons are said: "подходит: резидент, ИП, Кировск, 3 рабочих места".
LIST_KEYS = ("roles", "legal_forms", "towns", "industries", "industry_groups")
INT_KEYS = (
    "min_jobs",
    "max_jobs",
    "min_membership_days",
    "min_business_age_years",
    "max_business_age_years",
)
BOOL_KEYS = ("has_launched_project",)
RULE_KEYS = (*LIST_KEYS, *INT_KEYS, *BOOL_KEYS)
ROLES = ("resident", "producer", "partner")

Rules = Mapping[str, Any]


@dataclass(frozen=True, slots=True)
class MemberSnapshot:
    """What the rules read about a member, as plain values."""

    roles: frozenset[str]
    town: str
    industries: frozenset[str]
    industry_groups: frozenset[str]
    legal_form: str
    jobs: int
    joined_on: date
    registered_on: date | None  # the business's registration date; None if not given
    has_launched_project: bool


@dataclass(frozen=True, slots=True)
class Reason:
    """One rule's answer: `holds`, the rule's `code` (its key) and what to say about it."""

    code: str
    holds: bool
    params: Mapping[str, Any] = field(default_factory=dict)


@dataclass(frozen=True, slots=True)
class Verdict:
    eligible: bool
    reasons: tuple[Reason, ...]  # the rules that hold when eligible, else the ones that fail

    @property
    def fitting(self) -> tuple[Reason, ...]:
        return tuple(reason for reason in self.reasons if reason.holds)

    @property
    def failing(self) -> tuple[Reason, ...]:
        return tuple(reason for reason in self.reasons if not reason.holds)


@dataclass(frozen=True, slots=True)
class RuleProblem:
    key: str  # the rule key, e.g. "towns"; "" for the rules as a whole
    # not_an_object, unknown_key, not_a_list, empty_list, not_text, not_a_whole_number,
    # negative, not_a_bool, min_above_max, unknown_role
    code: str
    value: Any = None


def check_shape(rules: Any) -> list[RuleProblem]:
    """Return what is wrong with the rules' keys and value types (empty when nothing is)."""
    if not isinstance(rules, dict):
        return [RuleProblem("", "not_an_object", rules)]
    problems: list[RuleProblem] = []
    for key, value in rules.items():
        if key not in RULE_KEYS:
            problems.append(RuleProblem(key, "unknown_key", key))
        elif key in LIST_KEYS:
            if not isinstance(value, list):
                problems.append(RuleProblem(key, "not_a_list", value))
            elif not value:
                problems.append(RuleProblem(key, "empty_list", value))
            elif not all(isinstance(item, str) and item.strip() for item in value):
                problems.append(RuleProblem(key, "not_text", value))
            elif key == "roles":
                problems.extend(
                    RuleProblem(key, "unknown_role", v) for v in value if v not in ROLES
                )
        elif key in INT_KEYS:
            if isinstance(value, bool) or not isinstance(value, int):
                problems.append(RuleProblem(key, "not_a_whole_number", value))
            elif value < 0:
                problems.append(RuleProblem(key, "negative", value))
        elif not isinstance(value, bool):
            problems.append(RuleProblem(key, "not_a_bool", value))
    for low, high in (
        ("min_jobs", "max_jobs"),
        ("min_business_age_years", "max_business_age_years"),
    ):
        bounds = rules.get(low), rules.get(high)
        numbers = [b for b in bounds if isinstance(b, int) and not isinstance(b, bool)]
        if len(numbers) == 2 and numbers[0] > numbers[1]:
            problems.append(RuleProblem(low, "min_above_max", bounds))
    return problems


def add_years(day: date, years: int) -> date:
    """Return the same day `years` later; 29 February becomes 28 February in other years."""
    try:
        return day.replace(year=day.year + years)
    except ValueError:
        return day.replace(year=day.year + years, day=28)


def full_years(since: date, today: date) -> int:
    years = today.year - since.year
    return years - 1 if (today.month, today.day) < (since.month, since.day) else years


def evaluate(rules: Rules, member: MemberSnapshot, today: date) -> Verdict:
    """Return whether the member qualifies and why: with no rules everyone does.

    The rules must have passed `check_shape`."""
    reasons = [
        reason
        for key in RULE_KEYS
        if key in rules
        for reason in (_check(key, rules[key], member, today),)
    ]
    failing = tuple(reason for reason in reasons if not reason.holds)
    return Verdict(eligible=not failing, reasons=failing or tuple(reasons))


def _any_of(code: str, wanted: list[str], held: frozenset[str] | set[str]) -> Reason:
    matched = [value for value in wanted if value in held]
    return Reason(code, bool(matched), {"wanted": tuple(wanted), "matched": tuple(matched)})


def _check(key: str, value: Any, m: MemberSnapshot, today: date) -> Reason:
    if key == "roles":
        return _any_of(key, value, m.roles)
    if key == "towns":
        return _any_of(key, value, {m.town})
    if key == "industries":
        return _any_of(key, value, m.industries)
    if key == "industry_groups":
        return _any_of(key, value, m.industry_groups)
    if key == "legal_forms":
        return _any_of(key, value, {m.legal_form})
    if key == "min_jobs":
        return Reason(key, m.jobs >= value, {"limit": value, "jobs": m.jobs})
    if key == "max_jobs":
        return Reason(key, m.jobs <= value, {"limit": value, "jobs": m.jobs})
    if key == "min_membership_days":
        days = (today - m.joined_on).days
        return Reason(key, days >= value, {"limit": value, "days": days})
    if key in ("min_business_age_years", "max_business_age_years"):
        if m.registered_on is None:
            return Reason(key, False, {"limit": value, "missing": True})
        anniversary = add_years(m.registered_on, value)
        holds = today >= anniversary if key.startswith("min") else today <= anniversary
        years = full_years(m.registered_on, today)
        return Reason(key, holds, {"limit": value, "years": years})
    return Reason(key, m.has_launched_project == value, {"wanted": value})
