"""The rules against a plain reference: every present key must hold, a list by any value."""

from __future__ import annotations

from datetime import date, timedelta
from typing import Any

from hypothesis import given
from hypothesis import strategies as st

from support.eligibility import (
    RULE_KEYS,
    MemberSnapshot,
    add_years,
    check_shape,
    evaluate,
)

TOWNS = ["kirovsk", "monchegorsk", "apatity"]
INDUSTRIES = ["folk-crafts", "design", "music", "gastronomy"]
GROUPS = ["heritage", "arts", "media"]
FORMS = ["ip", "self_employed", "ooo", "none"]
ROLES = ["resident", "producer", "partner"]
TODAY = date(2026, 12, 4)


def subset(values: list[str]) -> st.SearchStrategy[list[str]]:
    return st.lists(st.sampled_from(values), min_size=1, max_size=3, unique=True)


members = st.builds(
    MemberSnapshot,
    roles=st.frozensets(st.sampled_from(ROLES)),
    town=st.sampled_from(TOWNS),
    industries=st.frozensets(st.sampled_from(INDUSTRIES), max_size=3),
    industry_groups=st.frozensets(st.sampled_from(GROUPS), max_size=2),
    legal_form=st.sampled_from(FORMS),
    jobs=st.integers(0, 30),
    joined_on=st.dates(TODAY - timedelta(days=2000), TODAY),
    registered_on=st.none() | st.dates(date(2010, 1, 1), TODAY),
    has_launched_project=st.booleans(),
)

rules = st.fixed_dictionaries(
    {},
    optional={
        "roles": subset(ROLES),
        "towns": subset(TOWNS),
        "industries": subset(INDUSTRIES),
        "industry_groups": subset(GROUPS),
        "legal_forms": subset(FORMS),
        "min_jobs": st.integers(0, 20),
        "max_jobs": st.integers(0, 20),
        "min_membership_days": st.integers(0, 1500),
        "min_business_age_years": st.integers(0, 10),
        "max_business_age_years": st.integers(0, 10),
        "has_launched_project": st.booleans(),
    },
)


def reference(rules: dict[str, Any], m: MemberSnapshot, today: date) -> bool:
    """The rules as the issue states them, written as plainly as possible."""
    held = {
        "roles": set(m.roles),
        "towns": {m.town},
        "industries": set(m.industries),
        "industry_groups": set(m.industry_groups),
        "legal_forms": {m.legal_form},
    }
    for key, value in rules.items():
        if key in held and not set(value) & held[key]:
            return False
        if key == "min_jobs" and m.jobs < value:
            return False
        if key == "max_jobs" and m.jobs > value:
            return False
        if key == "min_membership_days" and (today - m.joined_on).days < value:
            return False
        if key == "has_launched_project" and m.has_launched_project != value:
            return False
        if key.endswith("business_age_years"):
            if m.registered_on is None:
                return False
            # Counted in whole days: the anniversary of registration `value` years on.
            anniversary = add_years(m.registered_on, value)
            if key.startswith("min") and today < anniversary:
                return False
            if key.startswith("max") and today > anniversary:
                return False
    return True


@given(rules, members)
def test_it_agrees_with_the_reference(rules: dict[str, Any], member: MemberSnapshot) -> None:
    verdict = evaluate(rules, member, TODAY)
    assert verdict.eligible == reference(rules, member, TODAY)


@given(rules, members)
def test_the_reasons_name_the_rules_that_decide(
    rules: dict[str, Any], member: MemberSnapshot
) -> None:
    verdict = evaluate(rules, member, TODAY)
    codes = [reason.code for reason in verdict.reasons]
    assert set(codes) <= set(rules)
    if verdict.eligible:
        assert sorted(codes) == sorted(rules)
        assert all(r.holds for r in verdict.reasons)
    else:
        assert verdict.reasons
        assert not any(r.holds for r in verdict.reasons)


@given(members)
def test_no_rules_let_everyone_in(member: MemberSnapshot) -> None:
    assert evaluate({}, member, TODAY).eligible


@given(rules)
def test_generated_rules_have_a_valid_shape_unless_bounds_cross(rules: dict[str, Any]) -> None:
    codes = {problem.code for problem in check_shape(rules)}
    assert codes <= {"min_above_max"}


def test_it_names_unknown_keys_and_wrong_types() -> None:
    problems = check_shape(
        {"towns": "kirovsk", "min_jobs": "3", "colour": "red", "has_launched_project": 1,
         "roles": ["boss"], "max_jobs": True, "industries": []}
    )  # fmt: skip
    found = {(problem.key, problem.code) for problem in problems}
    assert found == {
        ("towns", "not_a_list"),
        ("min_jobs", "not_a_whole_number"),
        ("colour", "unknown_key"),
        ("has_launched_project", "not_a_bool"),
        ("roles", "unknown_role"),
        ("max_jobs", "not_a_whole_number"),
        ("industries", "empty_list"),
    }
    assert set(RULE_KEYS) >= {key for key, _code in found if key != "colour"}


def test_a_business_registered_on_29_february_comes_of_age_on_28_february() -> None:
    member = MemberSnapshot(
        frozenset(), "kirovsk", frozenset(), frozenset(), "ip", 1, TODAY, date(2024, 2, 29), False
    )
    rule = {"min_business_age_years": 1}
    assert not evaluate(rule, member, date(2025, 2, 27)).eligible
    assert evaluate(rule, member, date(2025, 2, 28)).eligible
