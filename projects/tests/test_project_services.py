"""Projects through the service layer: stages, teams, visibility, conflicts, interest."""

from __future__ import annotations

from datetime import date
from decimal import Decimal
from typing import Any

import pytest

from core.models import Notification
from members.models import User
from projects.models import (
    Interest,
    MembershipStatus,
    Project,
    StageTransition,
    TeamMembership,
)
from projects.queries import visible_projects
from projects.services import (
    ConflictError,
    ProjectData,
    ProjectError,
    StageRequirementsError,
    check_add_need,
    check_add_role,
    check_add_step,
    check_answer_invitation,
    check_create_project,
    check_follow_up_interest,
    check_invite,
    check_move_project,
    check_record_interest,
    check_record_pitch,
    check_toggle_step,
    check_update_project,
)
from projects.tests.factories import add_confirmed, idea, new_member, project_at


def data_of(project: Project, **changes: Any) -> ProjectData:
    fields: dict[str, Any] = {
        "title": project.title,
        "summary": project.summary,
        "industries": list(project.industries.all()),
        "towns": list(project.towns.all()),
        "budget": project.budget,
        "starts_on": project.starts_on,
        "ends_on": project.ends_on,
    }
    fields.update(changes)
    return ProjectData(**fields)


def test_an_idea_starts_with_its_owner_on_the_team_and_a_partner_map(producer: User) -> None:
    project = idea(producer)
    assert project.stage == "idea"
    assert project.version == 1
    owner = project.memberships.get()
    assert owner.member == producer.member
    assert owner.status == MembershipStatus.CONFIRMED
    assert project.partner_map is not None
    assert list(project.partner_map.members.all()) == [producer.member]
    assert list(project.towns.all()) == [producer.member.town]
    assert list(project.transitions.values_list("from_stage", "to_stage")) == [("", "idea")]


@pytest.mark.parametrize(
    ("changes", "code"),
    [
        ({"budget": Decimal("-1")}, "negative_budget"),
        ({"title": "  "}, "title_required"),
        ({"starts_on": date(2026, 5, 1), "ends_on": date(2026, 4, 1)}, "ends_before_start"),
    ],
)
def test_bad_project_input_saves_nothing(producer: User, changes: dict, code: str) -> None:
    data = ProjectData(**{"title": "Идея", "summary": "", **changes})
    with pytest.raises(ProjectError) as raised:
        check_create_project(producer, data)
    assert raised.value.code == code
    assert not Project.objects.exists()


def test_people_outside_the_cluster_cannot_start_projects(client_user: User, partner: User) -> None:
    for user in (client_user, partner):
        with pytest.raises(ProjectError) as raised:
            idea(user)
        assert raised.value.code == "not_a_member"
    assert not Project.objects.exists()


def test_an_illegal_jump_is_refused_and_changes_nothing(producer: User) -> None:
    project = idea(producer)
    with pytest.raises(ProjectError) as raised:
        check_move_project(project, producer, "launched")
    assert raised.value.code == "illegal_transition"
    project.refresh_from_db()
    assert project.stage == "idea"
    assert project.version == 1
    assert project.transitions.count() == 1


def missing_codes(raised: pytest.ExceptionInfo[ProjectError]) -> list[str]:
    assert isinstance(raised.value, StageRequirementsError)
    assert raised.value.code == "stage_requirements_unmet"
    return [m.code for m in raised.value.missing]


def test_each_stage_checks_its_entry_rules(producer: User) -> None:
    project = idea(producer, summary="", industries=[])
    with pytest.raises(ProjectError) as raised:
        check_move_project(project, producer, "pitch")
    assert missing_codes(raised) == ["needs_summary", "needs_industry"]
    project = check_update_project(
        project, producer, data_of(project, summary="Сувениры"), project.version
    )
    with pytest.raises(ProjectError) as raised:
        check_move_project(project, producer, "pitch")
    assert missing_codes(raised) == ["needs_industry"]

    project = project_at("pitch", producer)
    with pytest.raises(ProjectError) as raised:
        check_move_project(project, producer, "team")
    assert missing_codes(raised) == ["needs_pitch", "needs_team"]
    check_record_pitch(project, producer)
    add_confirmed(project, producer)
    project = check_move_project(project, producer, "team")

    with pytest.raises(ProjectError) as raised:
        check_move_project(project, producer, "launched")
    assert missing_codes(raised) == ["needs_start_date", "needs_plan_step"]
    project = check_update_project(
        project, producer, data_of(project, starts_on=date(2026, 4, 1)), project.version
    )
    check_add_step(project, producer, "Пробная партия")
    project = check_move_project(project, producer, "launched", "Стартуем")

    last = project.transitions.last()
    assert last is not None
    assert (last.actor, last.from_stage, last.to_stage, last.comment, last.override) == (
        producer,
        "team",
        "launched",
        "Стартуем",
        False,
    )
    with pytest.raises(ProjectError) as raised:
        check_update_project(project, producer, data_of(project, starts_on=None), project.version)
    assert raised.value.code == "needs_start_date"

    with pytest.raises(ProjectError) as raised:
        check_move_project(project, producer, "completed")
    assert missing_codes(raised) == ["needs_steps_done", "needs_end_date"]
    assert raised.value.missing[0].items == ("Пробная партия",)  # type: ignore[attr-defined]
    check_toggle_step(project.steps.get(), producer)
    project = check_update_project(
        project, producer, data_of(project, ends_on=date(2026, 9, 30)), project.version
    )
    assert check_move_project(project, producer, "completed").stage == "completed"


def test_launching_names_the_open_roles_unanswered_invitations_and_uncovered_needs(
    producer: User,
) -> None:
    project = project_at("team", producer)
    project = check_update_project(
        project, producer, data_of(project, starts_on=date(2026, 4, 1)), project.version
    )
    check_add_step(project, producer, "Пробная партия")
    costumes = check_add_role(project, producer, "designer", "Художник по костюмам")
    photo = check_add_role(project, producer, "photographer", "Съёмка каталога")
    waiting = new_member()
    check_invite(project, producer, waiting, role=photo)
    check_add_need(project, producer, "equipment", "Печь для обжига")
    with pytest.raises(ProjectError) as raised:
        check_move_project(project, producer, "launched")
    missing = {m.code: m.items for m in raised.value.missing}  # type: ignore[attr-defined]
    assert missing == {
        "needs_roles_filled": ("Художник по костюмам",),
        "needs_invitations_answered": (f"{waiting.display_name} (Съёмка каталога)",),
        "needs_covered": ("Печь для обжига",),
    }
    assert waiting.display_name in raised.value.message
    project.refresh_from_db()
    assert project.stage == "team"
    assert project.transitions.count() == 3
    assert costumes.pk


def test_a_curator_moves_a_project_past_waivable_rules_with_a_recorded_reason(
    producer: User, curator: User, resident: User
) -> None:
    project = project_at("pitch", producer)
    for user, comment in ((resident, "Пора"), (producer, "Пора"), (curator, "  ")):
        with pytest.raises(ProjectError) as raised:
            check_move_project(project, user, "team", comment, curator_override=True)
        assert raised.value.code in ("not_curator", "needs_override_reason")
    assert not project.transitions.filter(to_stage="team").exists()
    with pytest.raises(ProjectError) as raised:
        check_move_project(project, curator, "launched", "Пора", curator_override=True)
    assert raised.value.code == "illegal_transition"

    reason = "Команда собрана на выездной сессии; питч будет в апреле"
    project = check_move_project(project, curator, "team", reason, curator_override=True)
    last = project.transitions.last()
    assert last is not None
    assert (last.actor, last.to_stage, last.override, last.comment) == (
        curator,
        "team",
        True,
        reason,
    )
    assert [w["code"] for w in last.waived] == ["needs_pitch", "needs_team"]

    # What the team writes on the card itself is never waived.
    with pytest.raises(ProjectError) as raised:
        check_move_project(project, curator, "launched", reason, curator_override=True)
    assert missing_codes(raised) == ["needs_start_date", "needs_plan_step"]


def test_a_completed_project_records_no_more_pitches(producer: User) -> None:
    project = project_at("completed", producer)
    with pytest.raises(ProjectError) as raised:
        check_record_pitch(project, producer)
    assert raised.value.code == "project_finished"


def test_closing_needs_a_reason_and_curators_may_close(producer: User, curator: User) -> None:
    project = idea(producer)
    with pytest.raises(ProjectError) as raised:
        check_move_project(project, producer, "closed", "  ")
    assert raised.value.code == "needs_reason"
    project = check_move_project(project, curator, "closed", "Команда распалась")
    assert project.stage == "closed"
    assert project.closed_reason == "Команда распалась"
    with pytest.raises(ProjectError):
        check_move_project(project, producer, "pitch")


def test_only_the_owner_moves_the_project(producer: User, resident: User) -> None:
    project = idea(producer)
    add_confirmed(project, producer, resident.member)
    with pytest.raises(ProjectError) as raised:
        check_move_project(project, resident, "pitch")
    assert raised.value.code == "not_owner"
    assert Project.objects.get().stage == "idea"


def test_drafts_are_private_until_the_pitch(
    producer: User, resident: User, partner: User, curator: User, outsider: User
) -> None:
    project = idea(producer)
    assert list(visible_projects(producer)) == [project]
    assert list(visible_projects(curator)) == [project]
    for user in (resident, partner, outsider):
        assert not visible_projects(user).exists()
    invited = new_member()
    check_invite(project, producer, invited)
    assert list(visible_projects(invited.user)) == [project]

    project = check_move_project(project, producer, "pitch")
    for user in (resident, partner):
        assert list(visible_projects(user)) == [project]
    assert not visible_projects(outsider).exists()


def test_inviting_a_non_member_or_the_same_person_twice_is_refused(
    producer: User, client_user: User, partner: User
) -> None:
    project = idea(producer)
    maker = new_member()
    for invitee in (None, partner.member):
        with pytest.raises(ProjectError) as raised:
            check_invite(project, producer, invitee)
        assert raised.value.code == "not_a_member"
    check_invite(project, producer, maker)
    with pytest.raises(ProjectError) as raised:
        check_invite(project, producer, maker)
    assert raised.value.code == "already_invited"
    with pytest.raises(ProjectError) as raised:
        check_invite(project, producer, producer.member)
    assert raised.value.code == "already_invited"
    assert TeamMembership.objects.filter(project=project).count() == 2


def test_a_declined_invitation_can_be_sent_again(producer: User) -> None:
    project = idea(producer)
    maker = new_member()
    check_answer_invitation(check_invite(project, producer, maker), maker.user, accept=False)
    again = check_invite(project, producer, maker)
    assert again.status == MembershipStatus.INVITED
    with pytest.raises(ProjectError) as raised:
        check_answer_invitation(again, producer, accept=True)
    assert raised.value.code == "not_invited"


def test_invitations_and_answers_are_told_in_the_site_and_by_email(
    producer: User, mailoutbox: list, django_capture_on_commit_callbacks: Any
) -> None:
    project = idea(producer)
    maker = new_member()
    with django_capture_on_commit_callbacks(execute=True):
        membership = check_invite(project, producer, maker)
    assert Notification.objects.filter(user=maker.user).count() == 1
    assert [m.to for m in mailoutbox] == [[maker.user.email]]
    with django_capture_on_commit_callbacks(execute=True):
        check_answer_invitation(membership, maker.user, accept=True)
    assert Notification.objects.filter(user=producer).count() == 1
    assert mailoutbox[-1].to == [producer.email]
    project.refresh_from_db()
    assert project.partner_map is not None
    assert maker in project.partner_map.members.all()


def test_editing_a_project_you_are_not_on_is_refused(producer: User, resident: User) -> None:
    project = project_at("pitch", producer)
    with pytest.raises(ProjectError) as raised:
        check_update_project(project, resident, data_of(project, title="Моё"), project.version)
    assert raised.value.code == "not_on_team"
    assert Project.objects.get().title == project.title


def test_the_second_of_two_concurrent_edits_gets_a_conflict(producer: User, resident: User) -> None:
    project = idea(producer)
    add_confirmed(project, producer, resident.member)
    mine = Project.objects.get(pk=project.pk)
    theirs = Project.objects.get(pk=project.pk)

    check_update_project(mine, producer, data_of(mine, budget=Decimal("100000")), mine.version)
    with pytest.raises(ConflictError) as raised:
        check_update_project(theirs, resident, data_of(theirs, title="Новое имя"), theirs.version)
    assert raised.value.current.budget == Decimal("100000")

    saved = Project.objects.get(pk=project.pk)
    assert saved.budget == Decimal("100000")
    assert saved.title == project.title
    # Starting again from the version they were shown keeps both changes.
    check_update_project(
        saved, resident, data_of(saved, title="Новое имя"), raised.value.current.version
    )
    saved.refresh_from_db()
    assert (saved.title, saved.budget, saved.version) == ("Новое имя", Decimal("100000"), 3)


def test_partners_record_interest_and_the_team_answers_until_agreed(
    producer: User,
    resident: User,
    partner: User,
    mailoutbox: list,
    django_capture_on_commit_callbacks: Any,
) -> None:
    project = idea(producer)
    with pytest.raises(ProjectError) as raised:
        check_record_interest(project, partner, "fund")
    assert raised.value.code == "not_pitched"
    project = check_move_project(project, producer, "pitch")
    with pytest.raises(ProjectError) as raised:
        check_record_interest(project, resident, "buy")
    assert raised.value.code == "not_a_partner"
    with pytest.raises(ProjectError) as raised:
        check_record_interest(project, partner, "fund", amount=Decimal("-5"))
    assert raised.value.code == "negative_amount"
    assert not Interest.objects.exists()

    with django_capture_on_commit_callbacks(execute=True):
        interest = check_record_interest(
            project, partner, "fund", amount=Decimal("300000"), comment="Грант"
        )
    assert mailoutbox[-1].to == [producer.email]
    assert Notification.objects.filter(user=producer, url__contains=str(project.pk)).exists()

    check_follow_up_interest(interest, producer, "Спасибо, обсудим")
    interest.refresh_from_db()
    assert interest.status == "in_talks"
    with pytest.raises(ProjectError) as raised:
        check_follow_up_interest(interest, resident, "Я тут ни при чём")
    assert raised.value.code == "not_involved"
    check_follow_up_interest(interest, partner, "Подписываем", "agreed")
    with pytest.raises(ProjectError) as raised:
        check_follow_up_interest(interest, producer, "Ещё вопрос")
    assert raised.value.code == "interest_closed"
    assert list(interest.messages.values_list("status", flat=True)) == ["", "agreed"]


def test_stage_changes_tell_the_team_and_interested_partners(
    producer: User, resident: User, partner: User
) -> None:
    project = project_at("pitch", producer)
    add_confirmed(project, producer, resident.member)
    check_record_interest(project, partner, "mentor")
    check_record_pitch(project, producer)
    Notification.objects.all().delete()
    check_move_project(project, producer, "team")
    told = set(Notification.objects.values_list("user__email", flat=True))
    assert told == {resident.email, partner.email}
    assert StageTransition.objects.filter(project=project, to_stage="team").count() == 1
