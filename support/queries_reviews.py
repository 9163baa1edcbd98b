"""Reads of reviewers and curators: the reviewer's queue, one application's scores, the board.

Each read runs a fixed number of queries, however many applications and reviewers there are:
the scores are loaded in one go and summed by `support.scoring`.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Hashable, Iterable
from dataclasses import dataclass, field
from decimal import Decimal

from django.db.models import Count, Prefetch, Q, QuerySet
from django.http import Http404

from core.roles import is_curator
from members.models import User
from support.access import UNSENT, AnyUser, access_application, is_applicant, is_reviewer
from support.models import (
    GRANTED_STATUSES,
    Application,
    Criterion,
    Measure,
    Review,
    Reviewer,
    Score,
)
from support.scoring import Entry, Marks, Rubric, Summary, rank, summarise, weighted


def rubric(criteria: Iterable[Criterion]) -> list[Rubric]:
    return [Rubric(c.pk, c.weight, c.min_score, c.max_score) for c in criteria]


def marks(review: Review) -> Marks:
    """Return the review's marks for `support.scoring`; needs its scores prefetched."""
    values = {s.criterion_id: s.value for s in review.scores.all()}
    return Marks(review.reviewer_id, values, conflict=review.has_conflict)


def reviews_with_scores() -> QuerySet[Review]:
    return Review.objects.select_related("reviewer").prefetch_related(
        Prefetch(
            "scores",
            queryset=Score.objects.select_related("criterion").order_by(
                "criterion__position", "criterion_id"
            ),
        )
    )


def may_review_measure(user: AnyUser, measure: Measure) -> bool:
    """Return whether the person is assigned to score the measure; asks the database only for
    curators and partners, the only people who can be assigned."""
    if not (is_curator(user) or getattr(user, "is_partner", False)):
        return False
    return is_reviewer(user, measure)


# --- The reviewer's queue ------------------------------------------------------------------


@dataclass
class QueueItem:
    application: Application
    scored: int  # criteria the reviewer has scored
    criteria: int  # criteria of the measure
    review: Review | None


@dataclass
class Queue:
    to_score: list[QueueItem] = field(default_factory=list)
    scored: list[QueueItem] = field(default_factory=list)
    conflict: list[QueueItem] = field(default_factory=list)
    assigned: bool = False  # to any measure

    @property
    def total(self) -> int:
        return len(self.to_score) + len(self.scored) + len(self.conflict)


def queue_for(user: User) -> Queue:
    """Return the sent applications of the measures the person reviews, but their own, by
    what is left to do (4 queries: assignments, criteria, applications, reviews)."""
    measure_ids = list(Reviewer.objects.filter(user=user).values_list("measure_id", flat=True))
    queue = Queue(assigned=bool(measure_ids))
    if not measure_ids:
        return queue
    criteria = dict(
        Criterion.objects.filter(measure_id__in=measure_ids)
        .order_by()
        .values("measure_id")
        .annotate(n=Count("pk"))
        .values_list("measure_id", "n")
    )
    applications = list(
        Application.objects.sent()
        .filter(measure_id__in=measure_ids)
        .exclude(member__user=user)
        .select_related("measure", "member")
        .order_by("measure__deadline", "measure_id", "submitted_at", "pk")
    )
    reviews = {
        r.application_id: r
        for r in Review.objects.filter(reviewer=user, application__in=applications).annotate(
            n=Count("scores")
        )
    }
    for application in applications:
        review = reviews.get(application.pk)
        item = QueueItem(
            application,
            getattr(review, "n", 0),
            criteria.get(application.measure_id, 0),
            review,
        )
        if review is not None and review.has_conflict:
            queue.conflict.append(item)
        elif review is not None and review.submitted_at is not None:
            queue.scored.append(item)
        elif not application.is_decided:
            queue.to_score.append(item)
    return queue


# --- One application's scores --------------------------------------------------------------


@dataclass
class ScoreSheet:
    """The reviews of one application that the person may see, with the summary of them."""

    criteria: list[Criterion]
    mine: Review | None
    others: list[Review]
    summary: Summary | None  # None when the person may not see the others' scores
    may_see_others: bool

    def score_of(self, review: Review) -> float | None:
        return None if self.summary is None else self.summary.by_reviewer.get(review.reviewer_id)

    @property
    def others_scored(self) -> list[tuple[Review, float | None]]:
        return [(r, self.score_of(r)) for r in self.others]

    @property
    def my_score(self) -> float | None:
        if self.mine is None or self.mine.has_conflict:
            return None
        criteria = rubric(self.criteria)
        score = weighted(criteria, marks(self.mine).values)
        return None if score is None else float(score)


def score_sheet(user: User, application: Application) -> ScoreSheet:
    """Return what the person may see of the application's scores: a curator everything; a
    reviewer their own, and the others' once they scored every criterion without a conflict
    (3 queries: criteria, reviews, scores)."""
    criteria = list(Criterion.objects.filter(measure_id=application.measure_id))
    reviews = list(reviews_with_scores().filter(application=application))
    mine = next((r for r in reviews if r.reviewer_id == user.pk), None)
    others = [r for r in reviews if r.reviewer_id != user.pk]
    done = mine is not None and mine.submitted_at is not None and not mine.has_conflict
    if not (is_curator(user) or done):
        return ScoreSheet(criteria, mine, [], None, may_see_others=False)
    summary = summarise(rubric(criteria), [marks(r) for r in reviews])
    return ScoreSheet(criteria, mine, others, summary, may_see_others=True)


def access_review(user: AnyUser, application_id: int) -> Application:
    """Return the application for its reviewer's page: an assigned reviewer's, sent, not
    their own; 404 for everyone else."""
    application = access_application(user, application_id)
    if (
        not user.is_authenticated
        or is_applicant(user, application)
        or not Reviewer.objects.filter(measure_id=application.measure_id, user=user).exists()
        or application.status in UNSENT
    ):
        raise Http404
    return application


# --- The curator's decision board ----------------------------------------------------------


@dataclass
class Cell:
    """One reviewer's column on one application."""

    reviewer: Reviewer
    score: float | None
    conflict: bool
    started: bool  # scored at least one criterion


@dataclass
class Row:
    application: Application
    summary: Summary
    cells: list[Cell]
    place: int = 0


@dataclass
class Board:
    measure: Measure
    criteria: list[Criterion]
    reviewers: list[Reviewer]
    rows: list[Row]
    granted: Decimal

    @property
    def left(self) -> Decimal | None:
        cap = self.measure.budget_cap
        return None if cap is None else max(cap - self.granted, Decimal(0))


def access_board(user: AnyUser, measure_id: int) -> Measure:
    if not is_curator(user):
        raise Http404
    measure = Measure.objects.filter(pk=measure_id).first()
    if measure is None:
        raise Http404
    return measure


def board_for(measure: Measure) -> Board:
    """Return the board of the measure: its sent applications ranked by weighted mean, each
    reviewer's score side by side, and the budget (5 queries: criteria, reviewers with users,
    applications with members, reviews, scores)."""
    criteria = list(Criterion.objects.filter(measure=measure))
    reviewers = list(Reviewer.objects.filter(measure=measure).select_related("user"))
    applications = list(Application.objects.sent().filter(measure=measure).select_related("member"))
    reviews: dict[int, list[Review]] = defaultdict(list)
    for review in reviews_with_scores().filter(application__measure=measure):
        reviews[review.application_id].append(review)
    rubrics = rubric(criteria)
    expected = [r.user_id for r in reviewers]
    entries: list[Entry] = []
    rows: dict[Hashable, Row] = {}
    for application in applications:
        own = reviews[application.pk]
        # The applicant's own user is never expected to score their application.
        waiting = [u for u in expected if u != application.member.user_id]
        summary = summarise(rubrics, [marks(r) for r in own], waiting)
        by_user = {r.reviewer_id: r for r in own}
        cells = [
            Cell(
                reviewer,
                summary.by_reviewer.get(reviewer.user_id),
                by_user[reviewer.user_id].has_conflict if reviewer.user_id in by_user else False,
                reviewer.user_id in by_user and bool(by_user[reviewer.user_id].scores.all()),
            )
            for reviewer in reviewers
        ]
        rows[application.pk] = Row(application, summary, cells)
        entries.append(Entry(application.pk, summary, application.submitted_at, application.pk))
    ranked = [rows[entry.key] for entry in rank(entries)]
    for place, row in enumerate(ranked, start=1):
        row.place = place
    granted = sum(
        (a.granted_amount or Decimal(0) for a in applications if a.status in GRANTED_STATUSES),
        Decimal(0),
    )
    return Board(measure, criteria, reviewers, ranked, granted)


def reviewer_candidates(measure: Measure) -> QuerySet[User]:
    """Return the people a curator may add as reviewers: curators and the users of active
    partner members, not yet assigned."""
    return (
        User.objects.filter(is_active=True)
        .filter(
            Q(is_curator=True)
            | Q(is_superuser=True)
            | Q(member__is_partner=True, member__is_active=True)
        )
        .exclude(support_reviewing__measure=measure)
        .select_related("member")
        .order_by("first_name", "last_name", "email")
    )
