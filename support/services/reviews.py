"""Writes of reviewers: assigning them to a measure, their conflicts of interest and scores.

A conflict of interest declared after scoring removes no score: the scores stay on record (who
scored what is part of the file), but they no longer count towards the mean, the reviewer can
no longer change them, and they no longer see the other reviewers' scores on it.
"""

from __future__ import annotations

from collections.abc import Mapping

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from core.errors import DomainError
from core.roles import is_curator
from members.models import User
from members.queries import member_of
from support.access import UNSENT, is_applicant, may_decide
from support.models import (
    Application,
    ApplicationStatus,
    Criterion,
    Measure,
    Review,
    Reviewer,
    Score,
)

CONFLICT_NOTE_LENGTH = 500
COMMENT_LENGTH = 2000


class ReviewError(DomainError):
    pass


def may_review(user: User) -> bool:
    """Return whether the person may be a reviewer: a curator, or an active partner's user."""
    if is_curator(user):
        return True
    member = member_of(user)
    return member is not None and member.is_active and member.is_partner and user.is_active


def _only_curators(actor: User, measure: Measure) -> None:
    if not may_decide(actor, measure):
        raise ReviewError(
            "not_allowed", _("Only curators assign reviewers."), None, kind="forbidden"
        )


@transaction.atomic
def check_assign_reviewer(actor: User, measure: Measure, user: User) -> Reviewer:
    """Return the new assignment of `user` to score the measure's applications."""
    _only_curators(actor, measure)
    if not may_review(user):
        raise ReviewError(
            "not_a_reviewer",
            _("A reviewer must be a curator or a partner of the cluster."),
            "user",
        )
    if Reviewer.objects.filter(measure=measure, user=user).exists():
        raise ReviewError(
            "already_reviewer",
            _("%(name)s already reviews this measure.") % {"name": user.get_full_name() or user},
            "user",
            kind="conflict",
        )
    return Reviewer.objects.create(measure=measure, user=user, assigned_by=actor)


@transaction.atomic
def check_remove_reviewer(actor: User, reviewer: Reviewer) -> None:
    """Remove the assignment; raise ReviewError once the reviewer scored anything, so that
    no score is ever lost. Their conflict declarations (no scores) go with them."""
    _only_curators(actor, reviewer.measure)
    reviews = Review.objects.filter(
        reviewer_id=reviewer.user_id, application__measure_id=reviewer.measure_id
    )
    if Score.objects.filter(review__in=reviews).exists():
        raise ReviewError(
            "reviewer_has_scores",
            _("This reviewer has already scored applications; their scores must stay."),
            None,
            kind="conflict",
        )
    reviews.delete()
    reviewer.delete()


def _check_reviewer_of(actor: User, application: Application) -> None:
    if not Reviewer.objects.filter(measure_id=application.measure_id, user=actor).exists():
        raise ReviewError(
            "not_a_reviewer",
            _("You are not a reviewer of this measure."),
            None,
            kind="forbidden",
        )
    if is_applicant(actor, application):
        raise ReviewError(
            "own_application",
            _("You cannot review your own application."),
            None,
            kind="forbidden",
        )
    if application.status in UNSENT:
        raise ReviewError(
            "not_sent", _("This application has not been sent."), None, kind="conflict"
        )


def _locked(application: Application) -> Application:
    return Application.objects.select_for_update().get(pk=application.pk)


@transaction.atomic
def check_declare_conflict(actor: User, application: Application, note: str) -> Review:
    """Return the reviewer's review of the application with a conflict of interest declared."""
    _check_reviewer_of(actor, application)
    note = note.strip()
    if not note:
        raise ReviewError(
            "conflict_note_required", _("Say briefly what the conflict of interest is."), "note"
        )
    if len(note) > CONFLICT_NOTE_LENGTH:
        raise ReviewError(
            "conflict_note_too_long",
            _("Keep the note within %(n)s characters.") % {"n": CONFLICT_NOTE_LENGTH},
            "note",
        )
    _locked(application)
    review, _created = Review.objects.select_for_update().get_or_create(
        application=application, reviewer=actor
    )
    if review.has_conflict:
        raise ReviewError(
            "conflict_declared",
            _("You have already declared a conflict of interest here."),
            None,
            kind="conflict",
        )
    review.conflict_declared_at = review.updated_at = timezone.now()
    review.conflict_note = note
    review.save(update_fields=["conflict_declared_at", "conflict_note", "updated_at"])
    return review


def _check_values(criteria: dict[int, Criterion], scores: Mapping[int, tuple[int, str]]) -> None:
    if not scores:
        raise ReviewError("no_scores", _("Score at least one criterion."))
    for key, (value, comment) in scores.items():
        criterion = criteria.get(key)
        if criterion is None:
            raise ReviewError(
                "unknown_criterion", _("There is no such criterion in this measure's rubric.")
            )
        if not criterion.min_score <= value <= criterion.max_score:
            raise ReviewError(
                "score_out_of_range",
                _("«%(criterion)s» is scored from %(min)s to %(max)s.")
                % {
                    "criterion": criterion.title,
                    "min": criterion.min_score,
                    "max": criterion.max_score,
                },
                f"value_{key}",
            )
        if len(comment) > COMMENT_LENGTH:
            raise ReviewError(
                "comment_too_long",
                _("Keep the comment within %(n)s characters.") % {"n": COMMENT_LENGTH},
                f"comment_{key}",
            )


@transaction.atomic
def check_save_scores(
    actor: User, application: Application, scores: Mapping[int, tuple[int, str]]
) -> Review:
    """Return the reviewer's review with these scores (criterion id -> value, comment) saved.

    The first score of a submitted application starts its review: the applicant can no longer
    withdraw it. The review is submitted once every criterion has a score."""
    _check_reviewer_of(actor, application)
    locked = _locked(application)  # against a withdrawal or decision at the same moment
    if locked.status in UNSENT:
        raise ReviewError(
            "not_sent", _("This application has not been sent."), None, kind="conflict"
        )
    if locked.is_decided:
        raise ReviewError(
            "already_decided",
            _("A decision has been made on this application; scores can no longer change."),
            None,
            kind="conflict",
        )
    criteria = {c.pk: c for c in Criterion.objects.filter(measure_id=application.measure_id)}
    _check_values(criteria, scores)
    review, _created = Review.objects.select_for_update().get_or_create(
        application=application, reviewer=actor
    )
    if review.has_conflict:
        raise ReviewError(
            "conflict_declared",
            _("You declared a conflict of interest and cannot score this application."),
            None,
            kind="forbidden",
        )
    for key, (value, comment) in sorted(scores.items()):
        Score.objects.update_or_create(
            review=review, criterion_id=key, defaults={"value": value, "comment": comment.strip()}
        )
    now = timezone.now()
    review.updated_at = now
    if review.submitted_at is None and review.scores.count() == len(criteria):
        review.submitted_at = now
    review.save(update_fields=["submitted_at", "updated_at"])
    if locked.status == ApplicationStatus.SUBMITTED:
        locked.status, locked.updated_at = ApplicationStatus.UNDER_REVIEW, now
        locked.save(update_fields=["status", "updated_at"])
        application.status = locked.status
    return review
