"""Figures of a whole survey and its breakdowns by town, industry or role."""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from typing import Any, Final, Literal

from django.db.models import Count, QuerySet
from django.utils.translation import gettext as _

from core.models import Industry, Town
from surveys import aggregation as agg
from surveys.models import (
    CHOICE_KINDS,
    NO,
    NUMBER_KINDS,
    OTHER_VALUE,
    SMALL_CELL,
    TEXT_KINDS,
    YES,
    Answer,
    Invitation,
    Question,
    QuestionKind,
    Response,
    ResponseStatus,
    Section,
    Survey,
)

Dimension = Literal["town", "industry", "role"]
DIMENSIONS: Final[tuple[Dimension, ...]] = ("town", "industry", "role")
# The four roles a response records, in the order the pages list them.
ROLE_FLAGS: Final = ("is_resident", "is_producer", "is_partner", "is_client")
ROLE_KEYS: Final = ("resident", "producer", "partner", "client")
NOT_STATED: Final = ""  # the group key of a response without a town, industry or role
TEXTS_PER_PAGE: Final = 20


def dimension_label(by: Dimension) -> str:
    return {"town": _("By town"), "industry": _("By industry"), "role": _("By role")}[by]


def role_label(key: str) -> str:
    return {
        "resident": _("Residents"),
        "producer": _("Producers"),
        "partner": _("Partners"),
        "client": _("Clients"),
    }[key]


def question_options(question: Question) -> list[agg.Option]:
    """Return a choice question's options as results list them: its own, then "other"."""
    if question.kind == QuestionKind.YES_NO:
        return [agg.Option(YES, _("Yes")), agg.Option(NO, _("No"))]
    options = [
        agg.Option(str(c["value"]), str(c["label"]), str(c.get("need") or ""))
        for c in question.choices
    ]
    if question.allows_other:
        options.append(agg.Option(OTHER_VALUE, _("Other")))
    return options


def scale_of(question: Question) -> tuple[int, int] | None:
    if question.kind == QuestionKind.SCALE and question.scale_min is not None:
        return (question.scale_min, question.scale_max or question.scale_min)
    return None


def sent_answers(survey: Survey) -> QuerySet[Answer]:
    return Answer.objects.filter(
        response__survey_id=survey.pk, response__status=ResponseStatus.SUBMITTED
    )


def sent_responses(survey: Survey) -> QuerySet[Response]:
    return Response.objects.filter(survey_id=survey.pk, status=ResponseStatus.SUBMITTED)


# --- The whole survey ---------------------------------------------------------------------


@dataclass
class QuestionResult:
    """One question's figures: `choice` for choice kinds, `numbers` for scales and numbers;
    `texts` is how many texts it has (a text question's answers, a choice's "other: …")."""

    question: Question
    respondents: int
    choice: agg.ChoiceResult | None = None
    numbers: agg.NumberResult | None = None
    texts: int = 0

    @property
    def kind(self) -> str:
        return self.question.kind

    @property
    def is_choice(self) -> bool:
        return self.choice is not None

    @property
    def is_number(self) -> bool:
        return self.numbers is not None

    @property
    def is_text(self) -> bool:
        return self.question.kind in TEXT_KINDS


@dataclass
class SectionResults:
    section: Section
    questions: list[QuestionResult]


@dataclass
class SurveyResults:
    survey: Survey
    responses: int  # sent
    invited: int
    sections: list[SectionResults]
    hides_small_cells: bool

    @property
    def rate(self) -> float | None:
        return agg.share(self.responses, self.invited)

    @property
    def questions(self) -> list[QuestionResult]:
        return [q for s in self.sections for q in s.questions]


def survey_questions(survey: Survey) -> tuple[list[Section], list[Question]]:
    """Return the survey's sections and questions in order (2 queries)."""
    sections = list(Section.objects.filter(survey_id=survey.pk))
    return sections, questions_of(survey)


def questions_of(survey: Survey) -> list[Question]:
    """Return the survey's questions in order, each knowing its survey (1 query)."""
    questions = list(Question.objects.filter(survey_id=survey.pk))
    for question in questions:
        question.survey = survey
    return questions


def respondents_per_question(answers: QuerySet[Answer]) -> dict[int, int]:
    rows = answers.values("question_id").annotate(n=Count("response_id", distinct=True))
    return {row["question_id"]: row["n"] for row in rows}


def choice_counts(answers: QuerySet[Answer]) -> dict[int, dict[str, int]]:
    counts: dict[int, dict[str, int]] = defaultdict(dict)
    rows = (
        answers.filter(question__kind__in=CHOICE_KINDS)
        .values("question_id", "value")
        .annotate(n=Count("id"))
    )
    for row in rows:
        counts[row["question_id"]][row["value"]] = row["n"]
    return counts


def number_counts(answers: QuerySet[Answer]) -> dict[int, dict[float, int]]:
    counts: dict[int, dict[float, int]] = defaultdict(dict)
    rows = (
        answers.filter(question__kind__in=NUMBER_KINDS, number__isnull=False)
        .values("question_id", "number")
        .annotate(n=Count("id"))
    )
    for row in rows:
        # Never null here (filtered out); `or 0` only tells the type checker.
        counts[row["question_id"]][float(row["number"] or 0)] = row["n"]
    return counts


def text_counts(answers: QuerySet[Answer]) -> dict[int, int]:
    rows = answers.exclude(text="").values("question_id").annotate(n=Count("id"))
    return {row["question_id"]: row["n"] for row in rows}


def question_result(
    question: Question,
    respondents: int,
    choices: Mapping[str, int],
    numbers: Mapping[float, int],
    texts: int,
) -> QuestionResult:
    """Return one question's figures from its counts (no query)."""
    result = QuestionResult(question, respondents, texts=texts)
    if question.kind in CHOICE_KINDS:
        result.choice = agg.choice_result(
            question_options(question),
            choices,
            respondents,
            multiple=question.kind == QuestionKind.MULTIPLE,
        )
    elif question.kind in NUMBER_KINDS:
        result.numbers = agg.number_result(numbers, scale_of(question))
    return result


def survey_results(survey: Survey, questions: list[Question] | None = None) -> SurveyResults:
    """Return every question's figures. Queries (8, one less with `questions` given):
    sections, questions, sent responses, invitations, respondents per question, option
    counts, number counts, text counts."""
    sections = list(Section.objects.filter(survey_id=survey.pk))
    if questions is None:
        questions = questions_of(survey)
    responses = sent_responses(survey).count()
    invited = Invitation.objects.filter(survey_id=survey.pk).count()
    answers = sent_answers(survey)
    respondents = respondents_per_question(answers)
    choices = choice_counts(answers)
    numbers = number_counts(answers)
    texts = text_counts(answers)
    by_section: dict[int, list[QuestionResult]] = defaultdict(list)
    for question in questions:
        by_section[question.section_id].append(
            question_result(
                question,
                respondents.get(question.pk, 0),
                choices.get(question.pk, {}),
                numbers.get(question.pk, {}),
                texts.get(question.pk, 0),
            )
        )
    return SurveyResults(
        survey=survey,
        responses=responses,
        invited=invited,
        sections=[SectionResults(s, by_section[s.pk]) for s in sections if by_section[s.pk]],
        hides_small_cells=survey.is_anonymous,
    )


# --- Breakdowns ---------------------------------------------------------------------------


@dataclass
class QuestionBreakdownResult:
    question: Question
    figures: agg.QuestionBreakdown

    @property
    def is_choice(self) -> bool:
        return self.question.kind in CHOICE_KINDS


@dataclass
class Breakdown:
    """A survey across the groups of one dimension. `overlapping`: a respondent may be in
    several groups (industries, roles), so group figures do not add up to the total."""

    survey: Survey
    by: Dimension
    groups: list[agg.Group]
    rates: list[agg.GroupRate]
    questions: list[QuestionBreakdownResult]
    hides_small_cells: bool
    small_cell: int = SMALL_CELL

    @property
    def overlapping(self) -> bool:
        return self.by != "town"

    @property
    def label(self) -> str:
        return dimension_label(self.by)


def _group_field(by: Dimension, prefix: str) -> list[str]:
    """Return the fields to group rows by for a dimension (the role flags for roles)."""
    if by == "town":
        return [f"{prefix}town_id"]
    if by == "industry":
        return [f"{prefix}industries"]
    return [f"{prefix}{flag}" for flag in ROLE_FLAGS]


def _group_keys(by: Dimension, row: Mapping[str, Any], prefix: str) -> list[str]:
    """Return the group keys a grouped row belongs to: one town or industry ("" if none),
    every role it holds ("" if none)."""
    if by == "role":
        keys = [key for key, flag in zip(ROLE_KEYS, ROLE_FLAGS, strict=True) if row[prefix + flag]]
        return keys or [NOT_STATED]
    value = row[_group_field(by, prefix)[0]]
    return [str(value) if value is not None else NOT_STATED]


def grouped(
    rows: Iterable[Mapping[str, Any]], by: Dimension, prefix: str, *fields: str
) -> dict[tuple[Any, ...], dict[str, int]]:
    """Return {(fields…): {group key: n}} from grouped rows with an `n`, spreading each row
    over the groups it belongs to (role combinations over each role)."""
    out: dict[tuple[Any, ...], dict[str, int]] = defaultdict(lambda: defaultdict(int))
    for row in rows:
        for key in _group_keys(by, row, prefix):
            out[tuple(row[f] for f in fields)][key] += row["n"]
    return out


def groups_of(by: Dimension, keys: set[str]) -> list[agg.Group]:
    """Return the groups that occur, in reading order, "not stated" last (1 query for towns
    and industries, none for roles)."""
    groups: list[agg.Group]
    ids = [int(k) for k in keys if k != NOT_STATED] if by != "role" else []
    if by == "town":
        groups = [agg.Group(str(t.pk), t.name) for t in Town.objects.filter(pk__in=ids)]
    elif by == "industry":
        groups = [agg.Group(str(i.pk), i.name) for i in Industry.objects.filter(pk__in=ids)]
    else:
        groups = [agg.Group(k, role_label(k)) for k in ROLE_KEYS if k in keys]
    if NOT_STATED in keys:
        groups.append(agg.Group(NOT_STATED, _("Not stated")))
    return groups


def invitations_per_group(survey: Survey, by: Dimension) -> dict[str, int]:
    """Return how many were invited per group, from each invited person's directory entry
    (town, industries) and account (roles) as they are now (1 query)."""
    if by == "role":
        fields = [f"user__{flag}" for flag in ROLE_FLAGS]
    elif by == "town":
        fields = ["user__member__town_id"]
    else:
        fields = ["user__member__industries"]
    rows = Invitation.objects.filter(survey_id=survey.pk).values(*fields).annotate(n=Count("id"))
    return _flat(rows, by)


def _flat(rows: Iterable[Mapping[str, Any]], by: Dimension) -> dict[str, int]:
    """Return {group key: n} from rows grouped by a dimension's fields (any prefix)."""
    out: dict[str, int] = defaultdict(int)
    for row in rows:
        renamed = {k.removeprefix("user__").removeprefix("member__"): v for k, v in row.items()}
        for key in _group_keys(by, renamed, ""):
            out[key] += row["n"]
    return dict(out)


def responses_per_group(survey: Survey, by: Dimension) -> dict[str, int]:
    """Return how many sent responses each group has (1 query)."""
    rows = sent_responses(survey).values(*_group_field(by, "")).annotate(n=Count("id"))
    return _flat(rows, by)


def breakdown(survey: Survey, by: Dimension, questions: list[Question] | None = None) -> Breakdown:
    """Return the survey across the groups of `by` (raise ValueError for another `by`).
    Queries (7 for towns and industries, 6 for roles; one less with `questions` given):
    questions, option counts per group, respondents per question and group, number counts
    per group, responses per group, invitations per group, the groups' names (towns,
    industries)."""
    if by not in DIMENSIONS:
        raise ValueError(by)
    if questions is None:
        questions = questions_of(survey)
    answers = sent_answers(survey)
    group_fields = _group_field(by, "response__")
    choice_rows = (
        answers.filter(question__kind__in=CHOICE_KINDS)
        .values("question_id", "value", *group_fields)
        .annotate(n=Count("id"))
    )
    choices = grouped(choice_rows, by, "response__", "question_id", "value")
    answered_rows = answers.values("question_id", *group_fields).annotate(
        n=Count("response_id", distinct=True)
    )
    answered = grouped(answered_rows, by, "response__", "question_id")
    number_rows = (
        answers.filter(question__kind__in=NUMBER_KINDS, number__isnull=False)
        .values("question_id", "number", *group_fields)
        .annotate(n=Count("id"))
    )
    numbers = grouped(number_rows, by, "response__", "question_id", "number")
    responses = responses_per_group(survey, by)
    invited = invitations_per_group(survey, by)
    groups = groups_of(by, set(responses) | set(invited))
    hide = survey.is_anonymous
    partition = by == "town"
    results = []
    for question in questions:
        if question.kind in CHOICE_KINDS:
            per_group: dict[str, dict[str, int]] = defaultdict(dict)
            for (qid, value), counts in choices.items():
                if qid == question.pk:
                    for key, n in counts.items():
                        per_group[key][value] = n
            figures = agg.breakdown_choice(
                question_options(question),
                per_group,
                answered.get((question.pk,), {}),
                groups,
                kind=question.kind,
                partition=partition,
                hide=hide,
                small_cell=SMALL_CELL,
            )
        elif question.kind in NUMBER_KINDS:
            per_number: dict[str, dict[float, int]] = defaultdict(dict)
            for (qid, number), counts in numbers.items():
                if qid == question.pk:
                    for key, n in counts.items():
                        per_number[key][float(number)] = n
            figures = agg.breakdown_number(
                per_number, groups, partition=partition, hide=hide, small_cell=SMALL_CELL
            )
        else:
            continue
        results.append(QuestionBreakdownResult(question, figures))
    return Breakdown(
        survey=survey,
        by=by,
        groups=groups,
        rates=agg.response_rates(groups, responses, invited),
        questions=results,
        hides_small_cells=hide,
    )
