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
        "pitches": 1,
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
    assert stages.blockers("pitch", "team", facts(pitches=0, confirmed_members=1)) == [
        "needs_pitch",
        "needs_team",
    ]
    assert stages.blockers("team", "launched", facts(has_start_date=False, steps=0)) == [
        "needs_start_date",
        "needs_plan_step",
    ]
    assert stages.blockers("launched", "completed", facts(has_end_date=False)) == ["needs_end_date"]
    assert stages.blockers("team", "closed", facts()) == ["needs_reason"]
    assert stages.blockers("team", "closed", facts(comment="Нет денег")) == []


def test_launching_lists_the_concrete_things_missing() -> None:
    found = stages.missing(
        "team",
        "launched",
        facts(
            confirmed_members=1,
            open_roles=("Художник по костюмам",),
            pending_invitations=("Екатерина Зуева",),
            uncovered_needs=("Печь для обжига", "Помещение"),
        ),
    )
    assert found == [
        stages.Missing("needs_team"),
        stages.Missing("needs_roles_filled", ("Художник по костюмам",)),
        stages.Missing("needs_invitations_answered", ("Екатерина Зуева",)),
        stages.Missing("needs_covered", ("Печь для обжига", "Помещение")),
    ]
    assert stages.can_waive(found)
    done = stages.missing("launched", "completed", facts(unfinished_steps=("Съёмка",)))
    assert done == [stages.Missing("needs_steps_done", ("Съёмка",))]


def test_a_curator_may_waive_what_depends_on_others_never_the_card_or_the_order() -> None:
    assert not stages.can_waive(stages.missing("team", "launched", facts(has_start_date=False)))
    assert not stages.can_waive(stages.missing("idea", "pitch", facts(has_summary=False)))
    assert not stages.can_waive(stages.missing("idea", "launched", facts()))
    assert not stages.can_waive(stages.missing("team", "closed", facts()))


def test_only_a_launched_project_can_complete() -> None:
    for stage in ("idea", "pitch", "team", "closed", "completed"):
        assert stages.blockers(stage, "completed", facts()) == ["illegal_transition"]
    assert stages.blockers("launched", "completed", facts()) == []


def test_the_stage_table_imports_no_django() -> None:
    import ast
    from pathlib import Path

    tree = ast.parse(Path(stages.__file__).read_text())
    imported = {
        (node.module or "") if isinstance(node, ast.ImportFrom) else alias.name
        for node in ast.walk(tree)
        if isinstance(node, ast.Import | ast.ImportFrom)
        for alias in node.names
    }
    assert not any(name.startswith("django") for name in imported)
