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

from collections import defaultdict
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from typing import Any, Final, Literal, cast

from django.db.models import Count, Q, QuerySet
from django.utils.translation import gettext as _

from core.models import Industry, Town
from core.pagination import offset_page
from core.textnorm import search_terms, tokens
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
    SurveyStatus,
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


def _respondents_per_question(answers: QuerySet[Answer]) -> dict[int, int]:
    rows = answers.values("question_id").annotate(n=Count("response_id", distinct=True))
    return {row["question_id"]: row["n"] for row in rows}


def _choice_counts(answers: QuerySet[Answer]) -> dict[int, dict[str, int]]:
    counts: dict[int, dict[str, int]] = defaultdict(dict)
    rows = (
        answers.filter(question__kind__in=CHOICE_KINDS)
        .values("question_id", "value")
        .annotate(n=Count("id"))
    )
    for row in rows:
        counts[row["question_id"]][row["value"]] = row["n"]
    return counts


def _number_counts(answers: QuerySet[Answer]) -> dict[int, dict[float, int]]:
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


def _text_counts(answers: QuerySet[Answer]) -> dict[int, int]:
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
    respondents = _respondents_per_question(answers)
    choices = _choice_counts(answers)
    numbers = _number_counts(answers)
    texts = _text_counts(answers)
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


def _grouped(
    rows: Iterable[Mapping[str, Any]], by: Dimension, prefix: str, *fields: str
) -> dict[tuple[Any, ...], dict[str, int]]:
    """Return {(fields…): {group key: n}} from grouped rows with an `n`, spreading each row
    over the groups it belongs to (role combinations over each role)."""
    out: dict[tuple[Any, ...], dict[str, int]] = defaultdict(lambda: defaultdict(int))
    for row in rows:
        for key in _group_keys(by, row, prefix):
            out[tuple(row[f] for f in fields)][key] += row["n"]
    return out


def _groups(by: Dimension, keys: set[str]) -> list[agg.Group]:
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
    choices = _grouped(choice_rows, by, "response__", "question_id", "value")
    answered_rows = answers.values("question_id", *group_fields).annotate(
        n=Count("response_id", distinct=True)
    )
    answered = _grouped(answered_rows, by, "response__", "question_id")
    number_rows = (
        answers.filter(question__kind__in=NUMBER_KINDS, number__isnull=False)
        .values("question_id", "number", *group_fields)
        .annotate(n=Count("id"))
    )
    numbers = _grouped(number_rows, by, "response__", "question_id", "number")
    responses = responses_per_group(survey, by)
    invited = invitations_per_group(survey, by)
    groups = _groups(by, set(responses) | set(invited))
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


# --- Texts --------------------------------------------------------------------------------


@dataclass(frozen=True)
class TextAnswer:
    """A free text. `author` and `town` only for named surveys: an anonymous survey's texts
    are shown without anything about who wrote them."""

    text: str
    author: str = ""
    town: str = ""


@dataclass
class TextPage:
    question: Question
    query: str
    items: list[TextAnswer]
    number: int
    has_next: bool
    matched: int | None = None  # how many texts match the search (None without a search)

    @property
    def has_previous(self) -> bool:
        return self.number > 1


def _texts(question: Question) -> QuerySet[Answer]:
    answers = Answer.objects.filter(
        question_id=question.pk, response__status=ResponseStatus.SUBMITTED
    ).exclude(text="")
    return answers.order_by("-id")


def _text_answer(answer: Answer, named: bool) -> TextAnswer:
    if not named or answer.response.user is None:
        return TextAnswer(answer.text)
    user = answer.response.user
    town = answer.response.town.name if answer.response.town else ""
    return TextAnswer(answer.text, user.display_name, town)


def matches(text: str, terms: list[str]) -> bool:
    """Return whether a text has every search term among its words' dictionary forms (or
    among its words as written, for a search of stop words only: «нет»)."""
    found = set(search_terms(text)) | set(tokens(text))
    return all(term in found for term in terms)


def question_texts(question: Question, query: str = "", page: int = 1) -> TextPage:
    """Return a page of a question's texts, newest first: a text question's answers, or the
    "other: …" texts of a choice question. `query` keeps the texts holding all its words in
    any form ("гончара" finds "гончару"). Queries: 1 for a page (named surveys: with the
    author and town); with a search, 1 for the texts' ids and words plus 1 for the page."""
    named = not question.survey.is_anonymous
    answers = _texts(question)
    if named:
        answers = answers.select_related("response__user__member", "response__town")
    query = query.strip()[:200]
    terms = (search_terms(query) or tokens(query)) if query else []
    if not terms:
        rows, number, has_next = offset_page(answers, page, TEXTS_PER_PAGE)
        return TextPage(question, query, [_text_answer(a, named) for a in rows], number, has_next)
    ids = [pk for pk, text in _texts(question).values_list("id", "text") if matches(text, terms)]
    pages = max(1, -(-len(ids) // TEXTS_PER_PAGE))
    number = min(max(1, page), pages)
    chosen = ids[(number - 1) * TEXTS_PER_PAGE : number * TEXTS_PER_PAGE]
    rows = list(answers.filter(id__in=chosen)) if chosen else []
    return TextPage(
        question,
        query,
        [_text_answer(a, named) for a in rows],
        number,
        number < pages,
        matched=len(ids),
    )


def all_texts(survey: Survey) -> dict[int, list[TextAnswer]]:
    """Return every text of the survey per question id, newest first (1 query), authors only
    for named surveys."""
    named = not survey.is_anonymous
    answers = sent_answers(survey).exclude(text="").order_by("question_id", "-id")
    if named:
        answers = answers.select_related("response__user__member", "response__town")
    out: dict[int, list[TextAnswer]] = defaultdict(list)
    for answer in answers:
        out[answer.question_id].append(_text_answer(answer, named))
    return dict(out)


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
    respondents = _respondents_per_question(answers)
    choices = _choice_counts(answers)
    numbers = _number_counts(answers)
    texts = _text_counts(answers)
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
    counts = _grouped(choice_rows, "town", "response__", "question_id", "value")
    answered_rows = answers.values("question_id", "response__town_id").annotate(
        n=Count("response_id", distinct=True)
    )
    answered = _grouped(answered_rows, "town", "response__", "question_id")
    responses = responses_per_group(survey, "town")
    towns = _groups("town", set(responses))
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
