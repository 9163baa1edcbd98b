"""Survey results for curators: the reads behind the results pages, the API and the exports.

Every figure counts *sent* responses only (a draft is not an answer yet). The database does
the counting: each function costs a fixed number of grouped queries whatever the number of
responses (named in each docstring), and `surveys.aggregation` (pure) turns the counts into
shares, distributions and breakdowns with small-cell hiding.

Public interface (the exports build on it):

- `survey_results(survey) -> SurveyResults`: every question's counts and shares,
  distributions with mean and median, how many texts it has.
- `breakdown(survey, by) -> Breakdown`: the same per town, industry or role
  (`by` in `DIMENSIONS`), with the response rate per group. Small cells are hidden in
  anonymous surveys (`Breakdown.hides_small_cells`); in named surveys every figure is shown,
  as only curators, who may see each named response anyway, see results.
- `question_texts(question, query, page) -> TextPage`: the free texts of a text question (or
  the "other: …" texts of a choice question), newest first, searched by word forms.
- `all_texts(survey) -> dict[question id, list[TextAnswer]]`: every text, for exports.
- `survey_comparisons(survey)` / `compare_runs(question) -> RunComparison | None`: a question
  from the bank against its earlier run.
- `needs_by_town(survey) -> NeedsByTown`: how often each need was named, per town.

A respondent with several industries counts once in each of their industries; a person with
several roles once in each role: industry and role groups overlap, towns do not.
"""

from __future__ import annotations

from surveys.results.figures import (
    DIMENSIONS,
    NOT_STATED,
    ROLE_FLAGS,
    ROLE_KEYS,
    TEXTS_PER_PAGE,
    Breakdown,
    Dimension,
    QuestionBreakdownResult,
    QuestionResult,
    SectionResults,
    SurveyResults,
    breakdown,
    dimension_label,
    invitations_per_group,
    question_options,
    question_result,
    questions_of,
    responses_per_group,
    role_label,
    scale_of,
    sent_answers,
    sent_responses,
    survey_questions,
    survey_results,
)
from surveys.results.needs import NeedRow, NeedsByTown, needs_by_town
from surveys.results.runs import RunComparison, compare_runs, survey_comparisons
from surveys.results.texts import TextAnswer, TextPage, all_texts, matches, question_texts

__all__ = [
    "DIMENSIONS",
    "NOT_STATED",
    "ROLE_FLAGS",
    "ROLE_KEYS",
    "TEXTS_PER_PAGE",
    "Breakdown",
    "Dimension",
    "NeedRow",
    "NeedsByTown",
    "QuestionBreakdownResult",
    "QuestionResult",
    "RunComparison",
    "SectionResults",
    "SurveyResults",
    "TextAnswer",
    "TextPage",
    "all_texts",
    "breakdown",
    "compare_runs",
    "dimension_label",
    "invitations_per_group",
    "matches",
    "needs_by_town",
    "question_options",
    "question_result",
    "question_texts",
    "questions_of",
    "responses_per_group",
    "role_label",
    "scale_of",
    "sent_answers",
    "sent_responses",
    "survey_comparisons",
    "survey_questions",
    "survey_results",
]
