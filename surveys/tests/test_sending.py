"""Targeting, publishing, invitations and reminders, against hand-worked sets of people."""

from __future__ import annotations

from datetime import timedelta
from typing import Any

import pytest
from django.utils import timezone

from conftest import make_member
from core.models import Industry, Notification, Town
from members.models import User
from surveys.models import Invitation
from surveys.services import (
    SurveyError,
    Targeting,
    check_publish_survey,
    check_remind_survey,
    check_set_targeting,
    do_send_invitations,
    do_send_reminders,
    targeted_users,
)
from surveys.tasks import remind_closing_surveys, send_survey_reminders
from surveys.tests.factories import add_question, add_response, make_survey

pytestmark = pytest.mark.django_db


def emails(targeting: Targeting) -> set[str]:
    return {user.email.split("@")[0] for user in targeted_users(targeting)}


@pytest.fixture
def region(
    cast: dict[str, User], town: Town, other_town: Town, industry: Industry
) -> dict[str, Any]:
    """The cast plus: a resident in Kirovsk in another industry, a resident who left, a
    deactivated account, a client with a directory entry in Kirovsk."""
    design = Industry.objects.exclude(pk=industry.pk).first()
    assert design is not None
    woodwork = User.objects.create_user("wood@example.org", "x" * 12, is_resident=True)
    make_member(woodwork, town, [design])
    left = User.objects.create_user("left@example.org", "x" * 12, is_resident=True)
    make_member(left, town, [industry], is_active=False)
    off = User.objects.create_user("off@example.org", "x" * 12, is_resident=True, is_active=False)
    make_member(off, town, [industry])
    shopper = User.objects.create_user("shopper@example.org", "x" * 12, is_client=True)
    make_member(shopper, town, [design])
    return {"town": town, "other_town": other_town, "industry": industry, "design": design}


def test_roles_are_any_of_and_need_an_active_entry(region: dict[str, Any]) -> None:
    assert emails(Targeting(roles=["resident"])) == {"resident", "producer", "wood"}
    assert emails(Targeting(roles=["producer", "partner"])) == {"producer", "partner"}
    assert emails(Targeting(roles=["client"])) == {"client", "shopper"}
    assert emails(Targeting()) == set()


def test_towns_and_industries_restrict(region: dict[str, Any]) -> None:
    kirovsk = Targeting(roles=["resident", "client"], towns=[region["town"]])
    assert emails(kirovsk) == {"resident", "wood", "shopper"}
    crafts = Targeting(roles=["resident", "client"], industries=[region["industry"]])
    assert emails(crafts) == {"resident", "producer"}
    both = Targeting(
        roles=["resident"],
        towns=[region["town"]],
        industries=[region["industry"], region["design"]],
    )
    assert emails(both) == {"resident", "wood"}


def test_hand_picked_members_are_added_regardless(
    region: dict[str, Any], cast: dict[str, User]
) -> None:
    partner = cast["partner"].member
    left = User.objects.get(email="left@example.org").member
    picked = Targeting(roles=["resident"], towns=[region["town"]], members=[partner, left])
    assert emails(picked) == {"resident", "wood", "partner"}
    assert emails(Targeting(members=[partner])) == {"partner"}


def test_publishing_needs_questions_and_someone_targeted(curator: User, resident: User) -> None:
    survey = make_survey(curator, target_roles=["resident"])
    with pytest.raises(SurveyError) as error:
        check_publish_survey(curator, survey)
    assert error.value.code == "no_questions"
    add_question(survey, "yes_no")
    survey.target_roles = ["partner"]
    survey.save()
    with pytest.raises(SurveyError) as error:
        check_publish_survey(curator, survey)
    assert error.value.code == "nobody_targeted"
    survey.refresh_from_db()
    assert survey.status == "draft"
    assert not Invitation.objects.exists()


def test_publishing_invites_and_notifies_everyone_once(
    curator: User, region: dict[str, Any], django_capture_on_commit_callbacks: Any
) -> None:
    survey = make_survey(curator, target_roles=["resident"])
    add_question(survey, "yes_no")
    with django_capture_on_commit_callbacks(execute=True):
        check_publish_survey(curator, survey)
    invited = set(Invitation.objects.values_list("user__email", flat=True))
    assert invited == {"resident@example.org", "producer@example.org", "wood@example.org"}
    notes = Notification.objects.filter(url=f"/surveys/{survey.pk}/")
    assert notes.count() == 3
    assert do_send_invitations(survey.pk) == 0
    assert Invitation.objects.count() == 3
    assert notes.count() == 3
    with pytest.raises(SurveyError) as error:
        check_publish_survey(curator, survey)
    assert error.value.code == "already_published"


def test_a_published_survey_widens_but_does_not_narrow(
    curator: User,
    region: dict[str, Any],
    cast: dict[str, User],
    django_capture_on_commit_callbacks: Any,
) -> None:
    survey = make_survey(curator, target_roles=["resident"])
    add_question(survey, "yes_no")
    kirovsk = Targeting(roles=["resident"], towns=[region["town"]])
    check_set_targeting(curator, survey, kirovsk)
    with django_capture_on_commit_callbacks(execute=True):
        check_publish_survey(curator, survey)
    assert Invitation.objects.count() == 2
    with pytest.raises(SurveyError) as error:
        check_set_targeting(curator, survey, Targeting(roles=["client"], towns=[region["town"]]))
    assert error.value.code == "narrowed"
    assert error.value.kind == "conflict"
    survey.refresh_from_db()
    assert survey.target_roles == ["resident"]
    wider = Targeting(roles=["resident"], towns=[region["town"]], members=[cast["partner"].member])
    with django_capture_on_commit_callbacks(execute=True):
        check_set_targeting(curator, survey, wider)
    assert set(Invitation.objects.values_list("user__email", flat=True)) == {
        "resident@example.org",
        "wood@example.org",
        "partner@example.org",
    }


def test_reminders_skip_the_answered_and_the_recently_reminded(
    curator: User, cast: dict[str, User]
) -> None:
    survey = make_survey(curator, status="published", target_roles=["resident"])
    now = timezone.now()
    answered = Invitation.objects.create(survey=survey, user=cast["resident"], answered=True)
    recent = Invitation.objects.create(
        survey=survey, user=cast["producer"], reminded_at=now - timedelta(days=2)
    )
    due = Invitation.objects.create(
        survey=survey, user=cast["partner"], reminded_at=now - timedelta(days=4)
    )
    never = Invitation.objects.create(survey=survey, user=cast["client"])
    assert send_survey_reminders.delay(survey.pk).get() == 2
    reminded = {n.user_id for n in Notification.objects.filter(url=f"/surveys/{survey.pk}/")}
    assert reminded == {cast["partner"].pk, cast["client"].pk}
    for invitation in (answered, recent, due, never):
        invitation.refresh_from_db()
    assert answered.reminded_at is None
    assert recent.reminded_at is not None
    assert recent.reminded_at < now
    assert due.reminded_at is not None
    assert due.reminded_at >= now
    assert never.reminded_at is not None
    assert never.reminded_at >= now
    assert do_send_reminders(survey.pk) == 0
    survey.refresh_from_db()
    assert survey.reminded_at is not None


def test_an_answered_named_response_ends_the_reminders(curator: User, resident: User) -> None:
    survey = make_survey(curator, status="published")
    Invitation.objects.create(survey=survey, user=resident)
    add_response(survey, resident)
    assert do_send_reminders(survey.pk) == 0


def test_only_an_open_survey_is_reminded_of(curator: User, resident: User) -> None:
    today = timezone.localdate()
    later = make_survey(
        curator,
        status="published",
        opens_on=today + timedelta(days=2),
        closes_on=today + timedelta(days=9),
    )
    Invitation.objects.create(survey=later, user=resident)
    with pytest.raises(SurveyError) as error:
        check_remind_survey(curator, later)
    assert error.value.code == "not_open"
    assert do_send_reminders(later.pk) == 0


def test_the_daily_reminder_goes_to_surveys_closing_within_three_days(
    curator: User, resident: User
) -> None:
    today = timezone.localdate()
    soon = make_survey(curator, status="published", closes_on=today + timedelta(days=3))
    far = make_survey(curator, status="published", closes_on=today + timedelta(days=4))
    draft = make_survey(curator, closes_on=today + timedelta(days=1))
    for survey in (soon, far, draft):
        Invitation.objects.create(survey=survey, user=resident)
    assert remind_closing_surveys.delay().get() == 1
    assert Notification.objects.get().url == f"/surveys/{soon.pk}/"
