"""Reviewers: who is assigned, what they may score, conflicts of interest."""

from __future__ import annotations

from typing import Any

import pytest

from members.models import User
from support.models import Application, ApplicationStatus, Criterion, Review, Reviewer, Score
from support.services import (
    ReviewError,
    check_assign_reviewer,
    check_declare_conflict,
    check_remove_reviewer,
    check_save_scores,
)
from support.tests.factories import make_application, make_criteria, make_measure


@pytest.fixture
def setup(curator: User, resident: User, partner: User) -> dict[str, Any]:
    measure = make_measure(budget_cap=1_000_000)
    criteria = make_criteria(measure, (2, 0, 10), (1, 1, 5))
    application = make_application(measure, resident.member)
    check_assign_reviewer(curator, measure, partner)
    return {"measure": measure, "criteria": criteria, "application": application}


def all_scores(criteria: list[Criterion], value: int = 4) -> dict[int, tuple[int, str]]:
    return {c.pk: (value, "Хорошо") for c in criteria}


def assert_refused(code: str, call: Any, *args: Any) -> ReviewError:
    before = (Score.objects.count(), Review.objects.count(), Reviewer.objects.count())
    statuses = list(Application.objects.values_list("status", flat=True))
    with pytest.raises(ReviewError) as raised:
        call(*args)
    assert raised.value.code == code
    assert raised.value.message
    assert (Score.objects.count(), Review.objects.count(), Reviewer.objects.count()) == before
    assert list(Application.objects.values_list("status", flat=True)) == statuses
    return raised.value


def test_a_curator_assigns_curators_and_partners_but_nobody_twice(
    setup: dict[str, Any], curator: User, partner: User, resident: User, producer: User
) -> None:
    measure = setup["measure"]
    assert check_assign_reviewer(curator, measure, curator).assigned_by == curator
    error = assert_refused("already_reviewer", check_assign_reviewer, curator, measure, partner)
    assert error.kind == "conflict"
    assert_refused("not_a_reviewer", check_assign_reviewer, curator, measure, resident)
    assert_refused("not_allowed", check_assign_reviewer, partner, measure, curator)
    assert_refused("not_allowed", check_assign_reviewer, producer, measure, producer)


def test_a_partner_who_left_cannot_be_assigned(curator: User, partner: User) -> None:
    partner.member.is_active = False
    partner.member.save(update_fields=["is_active"])
    assert_refused("not_a_reviewer", check_assign_reviewer, curator, make_measure(), partner)


def test_a_reviewer_is_removed_only_before_scoring(
    setup: dict[str, Any], curator: User, partner: User
) -> None:
    reviewer = Reviewer.objects.get(user=partner)
    check_save_scores(partner, setup["application"], {setup["criteria"][0].pk: (3, "")})
    assert_refused("reviewer_has_scores", check_remove_reviewer, curator, reviewer)
    assert_refused("not_allowed", check_remove_reviewer, partner, reviewer)
    curator_reviewer = check_assign_reviewer(curator, setup["measure"], curator)
    check_declare_conflict(curator, setup["application"], "Мой родственник")
    check_remove_reviewer(curator, curator_reviewer)
    assert not Reviewer.objects.filter(user=curator).exists()
    assert not Review.objects.filter(reviewer=curator).exists()


def test_the_first_score_starts_the_review_and_the_last_submits_it(
    setup: dict[str, Any], partner: User
) -> None:
    application, (first, second) = setup["application"], setup["criteria"]
    review = check_save_scores(partner, application, {first.pk: (7, " Сильная команда ")})
    application.refresh_from_db()
    assert application.status == ApplicationStatus.UNDER_REVIEW
    assert not application.may_withdraw
    assert review.submitted_at is None
    review = check_save_scores(partner, application, {second.pk: (5, ""), first.pk: (8, "")})
    assert review.submitted_at is not None
    assert {s.criterion_id: s.value for s in review.scores.all()} == {first.pk: 8, second.pk: 5}


@pytest.mark.parametrize(
    ("value", "criterion"), [(11, 0), (-1, 0), (0, 1), (6, 1)], ids=["high", "low", "min", "max"]
)
def test_a_score_outside_the_range_names_the_criterion_and_its_range(
    setup: dict[str, Any], partner: User, value: int, criterion: int
) -> None:
    chosen = setup["criteria"][criterion]
    error = assert_refused(
        "score_out_of_range",
        check_save_scores,
        partner,
        setup["application"],
        {chosen.pk: (value, "")},
    )
    assert chosen.title in error.message
    assert f"{chosen.min_score} до {chosen.max_score}" in error.message
    assert error.field == f"value_{chosen.pk}"


def test_an_unknown_criterion_or_no_score_is_refused(
    setup: dict[str, Any], partner: User, curator: User
) -> None:
    elsewhere = make_criteria(make_measure())[0]
    application = setup["application"]
    assert_refused(
        "unknown_criterion", check_save_scores, partner, application, {elsewhere.pk: (1, "")}
    )
    assert_refused("no_scores", check_save_scores, partner, application, {})


def test_only_assigned_reviewers_score(
    setup: dict[str, Any], curator: User, producer: User
) -> None:
    scores = all_scores(setup["criteria"])
    for person in (curator, producer):
        error = assert_refused(
            "not_a_reviewer", check_save_scores, person, setup["application"], scores
        )
        assert error.kind == "forbidden"


def test_nobody_scores_their_own_application(
    setup: dict[str, Any], curator: User, partner: User
) -> None:
    own = make_application(setup["measure"], partner.member)
    assert_refused(
        "own_application", check_save_scores, partner, own, all_scores(setup["criteria"])
    )
    assert_refused("own_application", check_declare_conflict, partner, own, "Моя заявка")


@pytest.mark.parametrize(
    ("status", "code"),
    [
        (ApplicationStatus.DRAFT, "not_sent"),
        (ApplicationStatus.WITHDRAWN, "not_sent"),
        (ApplicationStatus.GRANTED, "already_decided"),
        (ApplicationStatus.DECLINED, "already_decided"),
        (ApplicationStatus.WAITING_LIST, "already_decided"),
    ],
)
def test_unsent_and_decided_applications_are_not_scored(
    setup: dict[str, Any], partner: User, status: str, code: str
) -> None:
    application = setup["application"]
    Application.objects.filter(pk=application.pk).update(status=status)
    application.refresh_from_db()
    assert_refused(code, check_save_scores, partner, application, all_scores(setup["criteria"]))


def test_a_declared_conflict_stops_scoring(setup: dict[str, Any], partner: User) -> None:
    application = setup["application"]
    review = check_declare_conflict(partner, application, "  Работал у заявителя  ")
    assert review.has_conflict
    assert review.conflict_note == "Работал у заявителя"
    error = assert_refused(
        "conflict_declared", check_save_scores, partner, application, all_scores(setup["criteria"])
    )
    assert error.kind == "forbidden"
    assert_refused("conflict_declared", check_declare_conflict, partner, application, "Ещё раз")


def test_a_conflict_needs_a_note_and_an_assignment(
    setup: dict[str, Any], partner: User, curator: User
) -> None:
    application = setup["application"]
    error = assert_refused(
        "conflict_note_required", check_declare_conflict, partner, application, " "
    )
    assert error.field == "note"
    assert_refused(
        "conflict_note_too_long", check_declare_conflict, partner, application, "а" * 501
    )
    assert_refused("not_a_reviewer", check_declare_conflict, curator, application, "Родственник")


def test_a_conflict_declared_after_scoring_keeps_the_scores(
    setup: dict[str, Any], partner: User
) -> None:
    application = setup["application"]
    check_save_scores(partner, application, all_scores(setup["criteria"]))
    review = check_declare_conflict(partner, application, "Вспомнил, что знаком")
    assert review.scores.count() == 2
    assert review.has_conflict
