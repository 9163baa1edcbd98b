"""The needs named in a survey, per town: the input for the annual plan."""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass

from django.db.models import Count

from surveys import aggregation as agg
from surveys.models import (
    CHOICE_KINDS,
    SMALL_CELL,
    Question,
    Survey,
)
from surveys.results.figures import (
    grouped,
    groups_of,
    question_options,
    responses_per_group,
    sent_answers,
)

# --- Needs per town -----------------------------------------------------------------------


@dataclass(frozen=True)
class NeedRow:
    """A need (an option that names one) across the towns; `total` over all towns."""

    question: Question
    value: str
    label: str
    total: int
    cells: list[agg.Cell]


@dataclass
class NeedsByTown:
    survey: Survey
    towns: list[agg.Group]
    answered: list[agg.Cell]  # respondents per town to the need questions
    rows: list[NeedRow]
    hides_small_cells: bool

    def top(self, column: int, size: int = 3) -> list[NeedRow]:
        """Return the most common needs of one town (hidden cells left out)."""
        shown = [r for r in self.rows if (r.cells[column].count or 0) > 0]
        return sorted(shown, key=lambda r: -(r.cells[column].count or 0))[:size]


def needs_by_town(survey: Survey) -> NeedsByTown:
    """Return how many named each need per town, most named first: the options carrying a
    `need`, in every choice question of the survey. Shares are of the town's respondents to
    that question; small cells hidden as in the town breakdown. Queries (5): questions,
    option counts per town, respondents per town, responses per town, towns."""
    questions = [
        q
        for q in Question.objects.filter(survey_id=survey.pk, kind__in=CHOICE_KINDS)
        if any(c.get("need") for c in q.choices)
    ]
    answers = sent_answers(survey).filter(question_id__in=[q.pk for q in questions])
    choice_rows = answers.values("question_id", "value", "response__town_id").annotate(
        n=Count("id")
    )
    counts = grouped(choice_rows, "town", "response__", "question_id", "value")
    answered_rows = answers.values("question_id", "response__town_id").annotate(
        n=Count("response_id", distinct=True)
    )
    answered = grouped(answered_rows, "town", "response__", "question_id")
    responses = responses_per_group(survey, "town")
    towns = groups_of("town", set(responses))
    rows: list[NeedRow] = []
    answered_cells: list[agg.Cell] = []
    for question in questions:
        options = question_options(question)
        needs = {o.value for o in options if o.need}
        per_group: dict[str, dict[str, int]] = defaultdict(dict)
        for (qid, value), by_town in counts.items():
            if qid == question.pk:
                for key, n in by_town.items():
                    per_group[key][value] = n
        figures = agg.breakdown_choice(
            options,
            per_group,
            answered.get((question.pk,), {}),
            towns,
            kind=question.kind,
            partition=True,
            hide=survey.is_anonymous,
            small_cell=SMALL_CELL,
        )
        if not answered_cells:
            answered_cells = figures.answered
        for row in figures.rows:
            if row.value not in needs:
                continue
            total = sum(counts.get((question.pk, row.value), {}).values())
            rows.append(NeedRow(question, row.value, row.label, total, row.cells))
    rows.sort(key=lambda r: -r.total)
    return NeedsByTown(survey, towns, answered_cells, rows, survey.is_anonymous)
