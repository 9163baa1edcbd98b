from projects import stages
from projects.models import Stage


def facts(**overrides: object) -> stages.Facts:
    base = {
        "has_summary": True,
        "industries": 1,
        "confirmed_members": 2,
        "has_start_date": True,
        "steps": 1,
        "has_end_date": True,
        "comment": "",
    }
    base.update(overrides)
    return stages.Facts(**base)  # type: ignore[arg-type]


def test_the_stage_names_match_the_model() -> None:
    assert set(Stage.values) == set(stages.NEXT)


def test_only_the_next_stage_or_closing_is_reachable() -> None:
    assert stages.next_stages("idea") == ["pitch", "closed"]
    assert stages.next_stages("launched") == ["completed", "closed"]
    assert stages.next_stages("completed") == []
    assert stages.blockers("idea", "launched", facts()) == ["illegal_transition"]
    assert stages.blockers("closed", "idea", facts()) == ["illegal_transition"]


def test_entry_rules_name_what_is_missing() -> None:
    assert stages.blockers("idea", "pitch", facts(has_summary=False, industries=0)) == [
        "needs_summary",
        "needs_industry",
    ]
    assert stages.blockers("pitch", "team", facts(confirmed_members=1)) == ["needs_team"]
    assert stages.blockers("team", "launched", facts(has_start_date=False, steps=0)) == [
        "needs_start_date",
        "needs_plan_step",
    ]
    assert stages.blockers("launched", "completed", facts(has_end_date=False)) == ["needs_end_date"]
    assert stages.blockers("team", "closed", facts()) == ["needs_reason"]
    assert stages.blockers("team", "closed", facts(comment="Нет денег")) == []
