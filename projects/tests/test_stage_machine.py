"""A property-based walk through everything people can do to a project: whatever the order,
no illegal stage change is ever reached, and every change is recorded."""

from __future__ import annotations

from datetime import date
from itertools import pairwise

import pytest
from hypothesis import HealthCheck, settings
from hypothesis import strategies as st
from hypothesis.stateful import RuleBasedStateMachine, invariant, rule, run_state_machine_as_test

from members.models import Member, User
from projects import stages
from projects.models import MembershipStatus, Project, Stage
from projects.services import (
    ProjectData,
    ProjectError,
    check_add_step,
    check_answer_invitation,
    check_create_project,
    check_invite,
    check_move_project,
    check_remove_from_team,
    check_remove_step,
    check_update_project,
)
from projects.tests.factories import new_member

ALL_STAGES = [s.value for s in Stage]


def make_machine(owner: User, pool: list[Member]) -> type[RuleBasedStateMachine]:
    class ProjectLife(RuleBasedStateMachine):
        def __init__(self) -> None:
            super().__init__()
            self.project = check_create_project(
                owner, ProjectData(title="Идея", summary="", industries=[])
            )

        def refresh(self) -> Project:
            self.project = Project.objects.get(pk=self.project.pk)
            return self.project

        def oracle_allows(self, project: Project, target: str, comment: str) -> bool:
            # Written from the issue, independently of projects.stages.
            order = ["idea", "pitch", "team", "launched", "completed"]
            current = project.stage
            if current in ("completed", "closed"):
                return False
            if target == "closed":
                return bool(comment.strip())
            if target not in order or order.index(target) != order.index(current) + 1:
                return False
            if target == "pitch":
                return bool(project.summary.strip()) and project.industries.exists()
            if target == "team":
                return project.memberships.filter(status="confirmed").count() >= 2
            if target == "launched":
                return project.starts_on is not None and project.steps.exists()
            return project.ends_on is not None

        @rule(stage=st.sampled_from(ALL_STAGES), comment=st.sampled_from(["", "Нет денег"]))
        def move(self, stage: str, comment: str) -> None:
            before = self.refresh()
            expected = self.oracle_allows(before, stage, comment)
            history = before.transitions.count()
            try:
                check_move_project(before, owner, stage, comment)
            except ProjectError:
                after = self.refresh()
                assert not expected
                assert after.stage == before.stage and after.transitions.count() == history
            else:
                assert expected
                assert self.refresh().stage == stage

        @rule()
        def advance(self) -> None:
            # Random targets rarely walk far; this tries the next stage in the project's life.
            project = self.refresh()
            if project.stage in stages.ORDER[:-1]:
                following = stages.ORDER[stages.ORDER.index(project.stage) + 1]
                self.move(following, "")

        @rule(index=st.integers(0, 3), accept=st.booleans())
        def invite(self, index: int, accept: bool) -> None:
            member = pool[index]
            try:
                membership = check_invite(self.refresh(), owner, member)
            except ProjectError:
                return
            check_answer_invitation(membership, member.user, accept)

        @rule(index=st.integers(0, 3))
        def remove(self, index: int) -> None:
            membership = self.project.memberships.active().filter(member=pool[index]).first()
            if membership is not None:
                check_remove_from_team(membership, owner)

        @rule()
        def add_step(self) -> None:
            try:
                check_add_step(self.refresh(), owner, "Шаг")
            except ProjectError:
                assert self.project.stage in stages.FINAL

        @rule()
        def remove_step(self) -> None:
            step = self.project.steps.first()
            if step is not None:
                try:
                    check_remove_step(step, owner)
                except ProjectError as error:
                    assert error.code == "needs_plan_step"

        @rule()
        def prepare_everything(self) -> None:
            self.edit("Сувениры из глины", True, date(2026, 4, 1), date(2026, 9, 30))
            self.add_step()
            self.invite(0, True)

        @rule(
            summary=st.sampled_from(["", "Сувениры из глины"]),
            with_industry=st.booleans(),
            starts=st.sampled_from([None, date(2026, 4, 1)]),
            ends=st.sampled_from([None, date(2026, 9, 30)]),
        )
        def edit(
            self, summary: str, with_industry: bool, starts: date | None, ends: date | None
        ) -> None:
            from core.models import Industry

            project = self.refresh()
            data = ProjectData(
                title="Идея",
                summary=summary,
                industries=list(Industry.objects.all()[:1]) if with_industry else [],
                starts_on=starts,
                ends_on=ends,
            )
            try:
                check_update_project(project, owner, data, project.version)
            except ProjectError as error:
                assert error.code == "needs_start_date"

        @invariant()
        def history_is_legal_and_complete(self) -> None:
            project = self.refresh()
            history = list(project.transitions.order_by("created_at", "id"))
            assert history[0].from_stage == "" and history[0].to_stage == "idea"
            for previous, step in pairwise(history):
                assert step.from_stage == previous.to_stage
                assert step.to_stage in stages.NEXT[step.from_stage]
            assert history[-1].to_stage == project.stage
            assert (project.published_at is not None) == any(t.to_stage == "pitch" for t in history)

        @invariant()
        def launched_projects_keep_what_launching_needed(self) -> None:
            project = self.project
            if project.stage in ("launched", "completed"):
                assert project.starts_on is not None and project.steps.exists()
            if project.stage == "closed":
                assert project.closed_reason
            confirmed = project.memberships.filter(status=MembershipStatus.CONFIRMED)
            assert confirmed.filter(member=project.owner).exists()

    return ProjectLife


@pytest.mark.django_db
def test_no_illegal_transition_is_reachable(producer: User) -> None:
    pool = [new_member() for _ in range(4)]
    machine = make_machine(producer, pool)
    run_state_machine_as_test(
        machine,
        settings=settings(
            max_examples=50,
            stateful_step_count=30,
            deadline=None,
            suppress_health_check=[HealthCheck.too_slow],
        ),
    )
