"""A question from the bank against its earlier run: this year against last."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import cast

from django.db.models import Q

from surveys import aggregation as agg
from surveys.models import (
    TEXT_KINDS,
    Answer,
    Question,
    ResponseStatus,
    Survey,
    SurveyStatus,
)
from surveys.results.figures import (
    QuestionResult,
    choice_counts,
    number_counts,
    question_result,
    questions_of,
    respondents_per_question,
    text_counts,
)

# --- This run against the earlier one -----------------------------------------------------


@dataclass
class RunComparison:
    """A question from the bank against its earlier run: shares side by side (`rows`) for
    choices, both runs' figures for scales and numbers."""

    question: Question
    earlier_question: Question
    current: QuestionResult
    earlier: QuestionResult
    rows: list[agg.ShareChange] = field(default_factory=list)

    @property
    def earlier_survey(self) -> Survey:
        return self.earlier_question.survey


def _earlier_questions(survey: Survey, questions: list[Question]) -> dict[int, Question]:
    """Return, per question of the survey from the bank, the same bank question in the
    earlier run: the survey it was copied from if it asked it, else the latest survey opening
    before this one that did (1 query; none without bank questions)."""
    bank_ids = {q.bank_question_id for q in questions if q.bank_question_id}
    if not bank_ids:
        return {}
    candidates = (
        Question.objects.filter(bank_question_id__in=bank_ids)
        .exclude(survey_id=survey.pk)
        .exclude(survey__status=SurveyStatus.DRAFT)
        .filter(Q(survey_id=survey.copied_from_id) | Q(survey__opens_on__lte=survey.opens_on))
        .select_related("survey")
        .order_by("-survey__opens_on", "-survey_id", "id")
    )
    chosen: dict[int, Question] = {}
    for candidate in candidates:
        bank_id = cast(int, candidate.bank_question_id)
        current = chosen.get(bank_id)
        if current is None or (
            candidate.survey_id == survey.copied_from_id
            and current.survey_id != survey.copied_from_id
        ):
            chosen[bank_id] = candidate
    return {q.pk: chosen[q.bank_question_id] for q in questions if q.bank_question_id in chosen}


def _results_of(questions: list[Question]) -> dict[int, QuestionResult]:
    """Return the figures of questions from any surveys (4 queries; none for no questions)."""
    if not questions:
        return {}
    answers = Answer.objects.filter(
        question_id__in=[q.pk for q in questions], response__status=ResponseStatus.SUBMITTED
    )
    respondents = respondents_per_question(answers)
    choices = choice_counts(answers)
    numbers = number_counts(answers)
    texts = text_counts(answers)
    return {
        q.pk: question_result(
            q,
            respondents.get(q.pk, 0),
            choices.get(q.pk, {}),
            numbers.get(q.pk, {}),
            texts.get(q.pk, 0),
        )
        for q in questions
    }


def survey_comparisons(
    survey: Survey, questions: list[Question] | None = None
) -> dict[int, RunComparison]:
    """Return, per question id, the comparison with its earlier run, for the questions from
    the bank asked before (text questions are not compared). Queries: questions unless
    given, 1 for the earlier runs, 4 for both runs' figures when there are any."""
    if questions is None:
        questions = questions_of(survey)
    questions = [q for q in questions if q.kind not in TEXT_KINDS]
    earlier = _earlier_questions(survey, questions)
    if not earlier:
        return {}
    figures = _results_of([q for q in questions if q.pk in earlier] + list(earlier.values()))
    out = {}
    for question in questions:
        if question.pk not in earlier:
            continue
        before = earlier[question.pk]
        now, then = figures[question.pk], figures[before.pk]
        rows = (
            agg.compare_choices(now.choice, then.choice)
            if now.choice is not None and then.choice is not None
            else []
        )
        out[question.pk] = RunComparison(question, before, now, then, rows)
    return out


def compare_runs(question: Question) -> RunComparison | None:
    """Return the question against its earlier run, None if it has none."""
    return survey_comparisons(question.survey, [question]).get(question.pk)
