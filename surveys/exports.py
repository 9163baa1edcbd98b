"""A survey's answers as files for curators: XLSX (the answers and one sheet per breakdown)
and CSV (the answers).

The answers table has one row per sent response and one column per question: a multiple
choice lists the chosen labels joined by «; », an "other: …" answer reads «Другое: <text>»,
numbers stay numbers. A named survey adds who answered and their town (as they were when
answering). An **anonymous** survey's table has nothing that identifies a person: no name,
e-mail, id or time, no town, industry or role per row (a rare combination in a small town
could point to a person; the breakdown sheets give those as aggregates, with small cells
hidden as on the results page), and its rows come in a random order, not in answering order.

CSV is written for Excel as people in Russia open it: UTF-8 with a byte order mark (so
Cyrillic reads right), `;` between fields, a decimal comma in numbers, CRLF line ends. A text
starting with `=`, `+`, `-` or `@` gets a leading apostrophe so a spreadsheet does not run it
as a formula; in XLSX every text is written as a string, never as a formula.

Building the files (`answers_table`, `breakdown_table`, `xlsx_bytes`, `csv_bytes`) works on
plain rows, without the database; `read_answers` reads them in two queries.
"""

from __future__ import annotations

import csv
import io
import random
from collections.abc import Callable, Iterable, Iterator, Sequence
from dataclasses import dataclass, field
from typing import Any

from django.utils.translation import gettext as _
from django.utils.translation import pgettext
from openpyxl import Workbook
from openpyxl.cell import WriteOnlyCell
from openpyxl.cell.cell import Cell
from openpyxl.styles import Font
from openpyxl.utils import get_column_letter
from openpyxl.worksheet._write_only import WriteOnlyWorksheet

from surveys import aggregation as agg
from surveys.models import (
    NO,
    NUMBER_KINDS,
    OTHER_VALUE,
    YES,
    Question,
    QuestionKind,
    ResponseStatus,
    Survey,
)
from surveys.models import Answer as AnswerRow
from surveys.models import Response as ResponseRow
from surveys.results import Breakdown, Dimension

XLSX_TYPE = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
CSV_TYPE = "text/csv; charset=utf-8"
CSV_DELIMITER = ";"
FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")

Value = str | int | float | None
# The order of anonymous rows must say nothing, so not even a seeded generator orders them.
_SHUFFLE = random.SystemRandom().shuffle


@dataclass(frozen=True)
class Column:
    """A question as a column: what it asks, its kind and its options' labels."""

    question_id: int
    text: str
    kind: str
    labels: dict[str, str] = field(default_factory=dict)


@dataclass
class Respondent:
    """One sent response: who and where (named surveys only) and its answers by question,
    each answer a (value, number, text) triple as stored."""

    name: str = ""
    town: str = ""
    answers: dict[int, list[tuple[str, float | None, str]]] = field(default_factory=dict)


@dataclass(frozen=True)
class Table:
    header: list[str]
    rows: list[list[Value]]


def columns_of(questions: Iterable[Question]) -> list[Column]:
    return [Column(q.pk, q.text, q.kind, q.choice_labels) for q in questions]


def number_value(number: float) -> int | float:
    return int(number) if number == int(number) else number


def cell_value(column: Column, answers: Sequence[tuple[str, float | None, str]]) -> Value:
    """Return what a response's cell says for one question (None when not answered)."""
    if not answers:
        return None
    if column.kind in NUMBER_KINDS:
        number = answers[0][1]
        return None if number is None else number_value(number)
    if column.kind == QuestionKind.YES_NO:
        return {YES: _("Yes"), NO: _("No")}.get(answers[0][0], answers[0][0])
    if column.kind in (QuestionKind.SINGLE, QuestionKind.MULTIPLE):
        chosen = [(value, text) for value, _number, text in answers if value != OTHER_VALUE]
        order = list(column.labels)
        chosen.sort(key=lambda pair: order.index(pair[0]) if pair[0] in order else len(order))
        parts = [column.labels.get(value, value) for value, _text in chosen]
        parts += [
            _("Other: %(text)s") % {"text": text} if text else _("Other")
            for value, _number, text in answers
            if value == OTHER_VALUE
        ]
        return "; ".join(parts)
    return "\n".join(text for _value, _number, text in answers if text) or None


def answers_table(
    columns: Sequence[Column],
    respondents: Iterable[Respondent],
    *,
    named: bool,
    shuffle: Callable[[list[list[Value]]], None] | None = None,
    advance: Callable[[], None] = lambda: None,
) -> Table:
    """Return the answers table. Named: who and their town first, rows as given. Anonymous:
    the questions only, rows shuffled (`shuffle`) so their order says nothing."""
    header = [_("Member"), _("Town")] if named else []
    header += [column.text for column in columns]
    rows: list[list[Value]] = []
    for respondent in respondents:
        row: list[Value] = [respondent.name, respondent.town] if named else []
        row += [cell_value(c, respondent.answers.get(c.question_id, [])) for c in columns]
        rows.append(row)
        advance()
    if not named:
        (shuffle or _SHUFFLE)(rows)
    return Table(header, rows)


def read_answers(survey: Survey) -> tuple[list[Column], Iterator[Respondent]]:
    """Return the survey's questions as columns and its sent responses, named ones by name.

    Queries (3): questions, responses (named: with the person and town), answers. An
    anonymous survey reads neither person nor town: the export cannot leak what it never
    loaded."""
    columns = columns_of(Question.objects.filter(survey_id=survey.pk))
    responses = ResponseRow.objects.filter(survey_id=survey.pk, status=ResponseStatus.SUBMITTED)
    named = not survey.is_anonymous
    people: dict[int, Respondent] = {}
    if named:
        for response in responses.select_related("user__member", "town"):
            people[response.pk] = Respondent(
                name=response.user.display_name if response.user else "",
                town=response.town.name if response.town else "",
            )
    else:
        # In answering order here; `answers_table` shuffles them.
        people = {pk: Respondent() for pk in responses.order_by("pk").values_list("pk", flat=True)}
    answers = AnswerRow.objects.filter(
        response__survey_id=survey.pk, response__status=ResponseStatus.SUBMITTED
    ).values_list("response_id", "question_id", "value", "number", "text")
    for response_id, question_id, value, number, text in answers.order_by("id").iterator(2000):
        person = people.get(response_id)
        if person is not None:
            person.answers.setdefault(question_id, []).append((value, number, text))
    ordered = sorted(people.values(), key=lambda p: (p.name.casefold(), p.town))
    return columns, iter(ordered if named else list(people.values()))


# --- Breakdowns --------------------------------------------------------------------------


def sheet_title(by: Dimension) -> str:
    return {
        "town": pgettext("export sheet", "By town"),
        "industry": pgettext("export sheet", "By industry"),
        "role": pgettext("export sheet", "By role"),
    }[by]


@dataclass(frozen=True)
class Share:
    """A share in a breakdown sheet: a fraction the XLSX shows as a percentage."""

    value: float


class Hidden:
    """A hidden cell of a breakdown, written as words."""


HIDDEN = Hidden()
SheetValue = str | int | float | Share | Hidden | None


def breakdown_notes(breakdown: Breakdown) -> list[str]:
    notes = []
    if breakdown.hides_small_cells:
        notes.append(
            _(
                "The survey is anonymous: a figure of fewer than %(n)s answers is hidden, and "
                "so is one more where the hidden one could be worked out, so nobody can be "
                "recognised."
            )
            % {"n": breakdown.small_cell}
        )
    if breakdown.overlapping:
        notes.append(_("A person in several groups counts in each, so the groups add up to more."))
    return notes


def _cell(cell: agg.Cell) -> tuple[SheetValue, SheetValue]:
    if cell.hidden is not None:
        return HIDDEN, HIDDEN
    return cell.count, None if cell.share is None else Share(cell.share)


def breakdown_table(breakdown: Breakdown) -> list[list[SheetValue]]:
    """Return a breakdown sheet's rows: response rates, then each choice or number question
    with a count and a share per group, as the results page shows them (hidden cells
    hidden). No query: the breakdown holds every figure."""
    groups = breakdown.groups
    rows: list[list[SheetValue]] = [[note] for note in breakdown_notes(breakdown)]
    rows.append([])
    header: list[SheetValue] = [""]
    for group in groups:
        header += [group.label, ""]
    rows.append(header)
    units: list[SheetValue] = [""]
    rows.append(units + [_("count"), _("share")] * len(groups))
    invited: list[SheetValue] = [_("Invited")]
    answered: list[SheetValue] = [_("Answered")]
    for rate in breakdown.rates:
        invited += [rate.invited, None]
        answered += [
            rate.responses,
            Share(rate.responses / rate.invited) if rate.invited else None,
        ]
    rows += [invited, answered, []]
    for result in breakdown.questions:
        figures = result.figures
        rows.append([result.question.text])
        respondents: list[SheetValue] = [_("Answered the question")]
        for cell in figures.answered:
            respondents += [HIDDEN if cell.hidden else cell.count, None]
        rows.append(respondents)
        for option in figures.rows:
            line: list[SheetValue] = [option.label]
            for cell in option.cells:
                line += list(_cell(cell))
            rows.append(line)
        if figures.means:
            rows.append([_("Mean"), *_numbers(figures.means, figures.answered)])
            rows.append([_("Median"), *_numbers(figures.medians, figures.answered)])
        rows.append([])
    return rows


def _numbers(values: Sequence[float | None], answered: Sequence[agg.Cell]) -> list[SheetValue]:
    out: list[SheetValue] = []
    for value, cell in zip(values, answered, strict=True):
        shown: SheetValue = HIDDEN if cell.hidden else value
        out += [round(shown, 2) if isinstance(shown, float) else shown, None]
    return out


# --- Files ---------------------------------------------------------------------------------


def _text_cell(sheet: WriteOnlyWorksheet, value: str, bold: bool = False) -> Cell:
    cell = WriteOnlyCell(sheet, value=value)
    cell.data_type = "s"  # never a formula, whatever the text starts with
    if bold:
        cell.font = Font(bold=True)
    return cell


def _sheet_cell(sheet: WriteOnlyWorksheet, value: SheetValue, bold: bool = False) -> Any:
    if isinstance(value, Hidden):
        cell = _text_cell(sheet, _("hidden"))
        cell.font = Font(italic=True, color="6C757D")
        return cell
    if isinstance(value, Share):
        cell = WriteOnlyCell(sheet, value=value.value)
        cell.number_format = "0%"
        return cell
    if isinstance(value, str):
        return _text_cell(sheet, value, bold)
    return value


def xlsx_bytes(
    answers: Table,
    breakdowns: Sequence[tuple[str, list[list[SheetValue]]]],
) -> bytes:
    """Return the workbook: «Ответы», then one sheet per breakdown (title, rows)."""
    book = Workbook(write_only=True)
    sheet = book.create_sheet(pgettext("export sheet", "Answers"))
    sheet.freeze_panes = "A2"
    for index, text in enumerate(answers.header, start=1):
        sheet.column_dimensions[get_column_letter(index)].width = min(40, max(12, len(text)))
    sheet.append([_text_cell(sheet, text, bold=True) for text in answers.header])
    for row in answers.rows:
        sheet.append([_text_cell(sheet, v) if isinstance(v, str) else v for v in row])
    for title, lines in breakdowns:
        sheet = book.create_sheet(title)
        sheet.column_dimensions["A"].width = 48
        for line in lines:
            sheet.append([_sheet_cell(sheet, value) for value in line])
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()


def csv_text_value(value: Value) -> str:
    if value is None:
        return ""
    if isinstance(value, float):
        return agg.format_number(value)
    if isinstance(value, int):
        return str(value)
    return "'" + value if value.startswith(FORMULA_STARTS) else value


def csv_bytes(answers: Table) -> bytes:
    """Return the answers as CSV for Excel: UTF-8 with BOM, `;`, CRLF (see the module)."""
    out = io.StringIO()
    writer = csv.writer(out, delimiter=CSV_DELIMITER, lineterminator="\r\n")
    writer.writerow([csv_text_value(text) for text in answers.header])
    for row in answers.rows:
        writer.writerow([csv_text_value(value) for value in row])
    return out.getvalue().encode("utf-8-sig")
