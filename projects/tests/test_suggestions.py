"""The matching engine suggests members for open roles and needs, with reasons."""

from __future__ import annotations

from members.models import User
from projects.queries import open_needs, role_slots, team_of
from projects.services import check_add_need, check_add_role, check_invite
from projects.suggestions import team_gaps
from projects.tests.factories import idea, new_member
from resources.services import ItemData, do_add_item


def test_open_roles_and_needs_get_members_with_reasons(producer: User, resident: User) -> None:
    photographer = new_member()
    do_add_item(
        photographer,
        ItemData("offer", "skill", "Предметная фотосъёмка изделий для каталогов", "members"),
    )
    do_add_item(
        resident.member,
        ItemData("offer", "premises", "Помещение для мастер-классов по керамике", "members"),
    )
    project = idea(producer)
    role = check_add_role(project, producer, "photographer", "Снять каталог изделий")
    need = check_add_need(project, producer, "premises", "Помещение для мастер-классов")

    members = team_of(project)
    roles = [slot.role for slot in role_slots(project, members) if slot.is_open]
    gaps = team_gaps(project, roles, open_needs(project), members, viewer=producer)

    by_role = next(g for g in gaps if g.role == role)
    assert by_role.candidates[0].member == photographer
    assert "Предметная фотосъёмка изделий для каталогов" in by_role.candidates[0].reasons
    by_need = next(g for g in gaps if g.need == need)
    assert by_need.candidates[0].member == resident.member
    assert "Помещение для мастер-классов по керамике" in by_need.candidates[0].reasons


def test_people_already_invited_are_not_suggested_again(producer: User) -> None:
    photographer = new_member()
    do_add_item(
        photographer, ItemData("offer", "skill", "Предметная фотосъёмка изделий", "members")
    )
    project = idea(producer)
    role = check_add_role(project, producer, "photographer")
    check_invite(project, producer, photographer)
    members = team_of(project)
    gaps = team_gaps(project, [role], [], members, viewer=producer)
    assert all(c.member != photographer for c in gaps[0].candidates)
