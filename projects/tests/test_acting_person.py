"""Where a person acts for an organisation (invites, answers), pages and notifications name the
person and the organisation: «Анастасия Лебедева, Мастерская подарков»."""

from __future__ import annotations

from collections.abc import Callable

from django.test import Client

from conftest import _user, make_member
from core.models import Industry, Notification, Town
from members.models import Kind, LegalForm, User
from projects.services import check_invite
from projects.tests.factories import idea, new_member

ACTING = "Анастасия Лебедева, Мастерская подарков"


def organisation_producer(town: Town, industry: Industry) -> User:
    user = _user("lebedeva@example.org", is_producer=True)
    user.first_name, user.last_name = "Анастасия", "Лебедева"
    user.save()
    make_member(
        user,
        town,
        [industry],
        display_name="Мастерская подарков",
        kind=Kind.ORGANISATION,
        legal_form=LegalForm.OOO,
    )
    return user


def test_the_producer_who_invites_is_named_with_the_organisation(
    town: Town, industry: Industry, login: Callable[[User | None], Client]
) -> None:
    producer = organisation_producer(town, industry)
    project = idea(producer)
    invitee = new_member()
    check_invite(project, producer, invitee)
    notification = Notification.objects.get(user=invitee.user)
    assert notification.text.startswith(ACTING)
    client = login(invitee.user)
    assert ACTING in client.get("/projects/invitations/").content.decode()
    assert ACTING in client.get(f"/projects/{project.pk}/").content.decode()


def test_a_person_is_named_alone(resident: User, login: Callable[[User | None], Client]) -> None:
    project = idea(resident)
    content = login(resident).get(f"/projects/{project.pk}/").content.decode()
    assert 'data-test="producer">Гончарная мастерская «Хибины»</a>' in content


def test_the_team_list_and_history_name_the_person_acting(
    town: Town, industry: Industry, curator: User, login: Callable[[User | None], Client]
) -> None:
    from projects.models import Stage, StageTransition

    producer = organisation_producer(town, industry)
    project = idea(producer)
    StageTransition.objects.create(
        project=project, actor=producer, from_stage=Stage.IDEA, to_stage=Stage.PITCH
    )
    content = login(curator).get(f"/projects/{project.pk}/").content.decode()
    team = content.split('data-test="needs"')[1]
    assert f">{ACTING}" in team.split("</section>")[0]  # the team list: the owner first
    history = content.split('data-test="transition"')[1].split("</li>")[0]
    assert ACTING in history


def test_a_meetings_participant_is_named_with_the_organisation(
    town: Town, industry: Industry
) -> None:
    from events.tests.factories import make_event
    from meetings.models import Participant

    producer = organisation_producer(town, industry)
    participant = Participant(event=make_event(), user=producer)
    assert participant.name == ACTING


def test_a_partners_interest_names_the_person_acting_for_the_partner(
    producer: User, other_town: Town, industry: Industry, login: Callable[[User | None], Client]
) -> None:
    from projects.services import check_follow_up_interest, check_record_interest
    from projects.tests.factories import project_at

    partner = _user("sadovnikov@example.org", is_partner=True)
    partner.first_name, partner.last_name = "Игорь", "Садовников"
    partner.save()
    make_member(
        partner,
        other_town,
        [industry],
        display_name="Администрация Кировска",
        kind=Kind.ORGANISATION,
        legal_form=LegalForm.MUNICIPAL,
    )
    project = project_at("pitch", producer)
    interest = check_record_interest(project, partner, "fund")
    check_follow_up_interest(interest, partner, text="Готовы обсудить грант")
    page = login(producer).get(f"/projects/{project.pk}/").content.decode()
    # The interest's author and the author of its message.
    assert page.count("Игорь Садовников, Администрация Кировска") == 2
