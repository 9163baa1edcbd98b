"""Results snapshots: a survey's figures counted once and kept until its answers change.

Counting a survey of 10,000 responses takes the database about a second on SQLite (fourteen
grouped queries over ~90,000 answers, see docs/benchmarks.md), too slow to do on every view
of the results page. A snapshot keeps what `surveys.results` computed, in the cache, under a
*stamp* read in three cheap queries: the survey's questions as they are (a question added or
reworded changes it), the number and the highest id of its sent responses with the latest
sending time, and the number and highest id of its invitations. A new or withdrawn response,
a named response sent again after an edit, a new invitation or a changed question give a new
stamp, so the next view counts again; nothing needs clearing.

The page says when its figures were counted and offers to count them again (`fresh=True`),
for the one change a stamp cannot see cheaply: answers of a sent named response changed
without it being sent again.
"""

from __future__ import annotations

import hashlib
from dataclasses import dataclass
from datetime import datetime
from typing import Final

from django.core.cache import cache
from django.db.models import Count, Max, Q
from django.utils import timezone

from surveys import results
from surveys.models import Invitation, Question, Response, ResponseStatus, Survey

CACHE_SECONDS: Final = 24 * 3600


@dataclass
class Snapshot:
    """The results page's figures, counted at `counted_at`."""

    figures: results.SurveyResults
    comparisons: dict[int, results.RunComparison]
    breakdown: results.Breakdown
    counted_at: datetime


@dataclass
class BreakdownSnapshot:
    breakdown: results.Breakdown
    counted_at: datetime


def stamp(survey: Survey) -> tuple[str, list[Question]]:
    """Return what the survey's figures depend on, as a short key, and its questions
    (3 queries: questions, responses, invitations)."""
    questions = results.questions_of(survey)
    sent = Response.objects.filter(survey_id=survey.pk).aggregate(
        sent=Count("id", filter=Q(status=ResponseStatus.SUBMITTED)),
        last=Max("id"),
        at=Max("submitted_at"),
    )
    invited = Invitation.objects.filter(survey_id=survey.pk).aggregate(
        n=Count("id"), last=Max("id")
    )
    shape = [
        (q.pk, q.kind, q.text, q.choices, q.allows_other, q.scale_min, q.scale_max)
        for q in questions
    ]
    raw = repr(
        (survey.is_anonymous, survey.title, shape, sorted(sent.items()), sorted(invited.items()))
    )
    return hashlib.sha256(raw.encode()).hexdigest()[:32], questions


def _key(survey: Survey, what: str, key: str) -> str:
    return f"surveys:results:{survey.pk}:{what}:{key}"


def page_snapshot(survey: Survey, by: results.Dimension, *, fresh: bool = False) -> Snapshot:
    """Return the results page's figures: from the snapshot if the survey's stamp is the
    same, else counted now and kept. Queries: 3 for the stamp (and the survey's questions);
    when counted, those of `survey_results`, `survey_comparisons` and `breakdown`."""
    key, questions = stamp(survey)
    cache_key = _key(survey, f"page:{by}", key)
    found = None if fresh else cache.get(cache_key)
    if isinstance(found, Snapshot):
        return found
    figures = results.survey_results(survey, questions)
    snapshot = Snapshot(
        figures=figures,
        comparisons=results.survey_comparisons(survey, questions),
        breakdown=results.breakdown(survey, by, questions),
        counted_at=timezone.now(),
    )
    cache.set(cache_key, snapshot, CACHE_SECONDS)
    return snapshot


def breakdown_snapshot(
    survey: Survey, by: results.Dimension, *, fresh: bool = False
) -> BreakdownSnapshot:
    """Return one breakdown, from its snapshot while the stamp holds (as `page_snapshot`)."""
    key, questions = stamp(survey)
    cache_key = _key(survey, f"breakdown:{by}", key)
    found = None if fresh else cache.get(cache_key)
    if isinstance(found, BreakdownSnapshot):
        return found
    snapshot = BreakdownSnapshot(results.breakdown(survey, by, questions), timezone.now())
    cache.set(cache_key, snapshot, CACHE_SECONDS)
    return snapshot


@dataclass
class NeedsSnapshot:
    needs: results.NeedsByTown
    counted_at: datetime


def needs_snapshot(survey: Survey, *, fresh: bool = False) -> NeedsSnapshot:
    """Return the needs per town, from their snapshot while the stamp holds."""
    key, _questions = stamp(survey)
    cache_key = _key(survey, "needs", key)
    found = None if fresh else cache.get(cache_key)
    if isinstance(found, NeedsSnapshot):
        return found
    snapshot = NeedsSnapshot(results.needs_by_town(survey), timezone.now())
    cache.set(cache_key, snapshot, CACHE_SECONDS)
    return snapshot
