"""Reading an agency's files into tables of text: CSV in any of the usual dialects, or XLSX.

Problems found here, and later while checking rows, are collected as `RowError`s (file, line
as a spreadsheet counts it, reason) and raised together as `ImportRejected`.
"""

from __future__ import annotations

import csv
import io
import zipfile
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date, datetime
from pathlib import Path
from typing import Any, Protocol, TypeVar

from django.utils.translation import gettext as _

MAX_ERRORS = 50


def name_key(value: str) -> str:
    """Return the value as names are compared: case-insensitive, ё as е, spaces collapsed."""
    return " ".join(value.casefold().replace("ё", "е").split())


class Named(Protocol):
    slug: str
    name_ru: str
    name_en: str


NamedT = TypeVar("NamedT", bound=Named)


def name_lookup(rows: Iterable[NamedT]) -> dict[str, NamedT]:
    """Return the rows (towns, industries, groups) by slug and by either name, as `name_key`
    compares them."""
    lookup: dict[str, NamedT] = {}
    for row in rows:
        for name in (row.slug, row.name_ru, row.name_en):
            lookup[name_key(name)] = row
    return lookup


@dataclass(frozen=True)
class RowError:
    source: str  # "members.csv", or "region.xlsx, sheet members"
    line: int | None  # the row as a spreadsheet numbers it (the header is 1); None: whole file
    reason: str

    def __str__(self) -> str:
        if self.line is None:
            return f"{self.source}: {self.reason}"
        return _("%(source)s, line %(line)d: %(reason)s") % {
            "source": self.source,
            "line": self.line,
            "reason": self.reason,
        }


class ImportRejected(Exception):
    """The files have problems; nothing was written."""

    def __init__(self, errors: list[RowError], total: int | None = None) -> None:
        self.errors = errors  # the first MAX_ERRORS problems
        self.total = len(errors) if total is None else total
        super().__init__("\n".join(str(error) for error in errors))


@dataclass(frozen=True)
class Table:
    source: str
    header: list[str]
    rows: list[tuple[int, list[str]]]  # (line, values); blank rows are left out


class Errors:
    def __init__(self) -> None:
        self.errors: list[RowError] = []

    def add(self, source: str, line: int | None, reason: str) -> None:
        self.errors.append(RowError(source, line, reason))

    def raise_if_any(self) -> None:
        if self.errors:
            sources = list(dict.fromkeys(error.source for error in self.errors))
            self.errors.sort(key=lambda error: (sources.index(error.source), error.line or 0))
            raise ImportRejected(self.errors[:MAX_ERRORS], total=len(self.errors))


def read_csv(path: Path) -> Table:
    """Return the rows of a UTF-8 CSV file (with or without a BOM; commas or semicolons).

    Raise ImportRejected if the file cannot be read, is in another encoding or is malformed.
    """
    source = path.name
    try:
        text = path.read_bytes().decode("utf-8-sig")
    except OSError as error:
        reason = _("cannot read the file: %s") % error.strerror
        raise ImportRejected([RowError(source, None, reason)]) from error
    except UnicodeDecodeError as error:
        reason = _("the file is not in UTF-8 encoding; save it as “CSV UTF-8”")
        raise ImportRejected([RowError(source, None, reason)]) from error
    first_line = text.split("\n", 1)[0]
    # Excel with Russian settings separates values with semicolons.
    delimiter = ";" if first_line.count(";") > first_line.count(",") else ","
    records: list[list[str]] = []
    # Strict: an unclosed quote is an error at the end of the file, where the lenient reader
    # would swallow every later line into one value and the row would seem to lack columns.
    reader = csv.reader(io.StringIO(text, newline=""), delimiter=delimiter, strict=True)
    try:
        records.extend(reader)
    except csv.Error as error:
        if str(error) == "unexpected end of data":
            reason = _('a quote («"») opened on this line is never closed')
        else:
            reason = _("malformed CSV: %s") % error
        raise ImportRejected([RowError(source, len(records) + 1, reason)]) from error
    return _table(source, records)


def read_xlsx(path: Path) -> tuple[Table, Table | None]:
    """Return the sheets `members` and `resources` (which may be missing) of a workbook.

    Raise ImportRejected if the file is not a workbook or has no `members` sheet.
    """
    import openpyxl
    from openpyxl.utils.exceptions import InvalidFileException

    try:
        workbook = openpyxl.load_workbook(path, read_only=True, data_only=True)
    except OSError as error:
        reason = _("cannot read the file: %s") % error.strerror
        raise ImportRejected([RowError(path.name, None, reason)]) from error
    except (InvalidFileException, zipfile.BadZipFile, KeyError, ValueError) as error:
        reason = _("not an Excel workbook (.xlsx)")
        raise ImportRejected([RowError(path.name, None, reason)]) from error
    try:
        sheets = {name_key(sheet.title): sheet for sheet in workbook.worksheets}
        if "members" not in sheets:
            reason = _("the workbook has no sheet named “members”")
            raise ImportRejected([RowError(path.name, None, reason)])
        tables = {
            name: _table(
                _("%(file)s, sheet %(sheet)s") % {"file": path.name, "sheet": name},
                _sheet_records(sheets[name].iter_rows(values_only=True)),
            )
            for name in ("members", "resources")
            if name in sheets
        }
    finally:
        workbook.close()
    return tables["members"], tables.get("resources")


def _sheet_records(rows: Iterable[tuple[Any, ...]]) -> list[list[str]]:
    records: list[list[str]] = []
    inn_position = -1
    for row in rows:
        values = [_cell_text(value) for value in row]
        if not records:
            header = [name_key(value) for value in values]
            inn_position = header.index("inn") if "inn" in header else -1
        elif 0 <= inn_position < len(row) and isinstance(row[inn_position], int | float):
            # A number cell drops the leading zero of an ИНН such as 0105…; put it back.
            digits = values[inn_position]
            values[inn_position] = digits.zfill(10 if len(digits) <= 10 else 12)
        records.append(values)
    return records


def _cell_text(value: Any) -> str:
    if value is None:
        return ""
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    if isinstance(value, datetime) and value.time() == datetime.min.time():
        return value.date().isoformat()  # a date cell: Excel keeps dates as midnight
    if isinstance(value, datetime | date):
        return value.isoformat()
    return str(value)


def _table(source: str, records: list[list[str]]) -> Table:
    header = [name_key(name) for name in records[0]] if records else []
    while header and not header[-1]:
        header.pop()
    rows = []
    for line, values in enumerate(records[1:], start=2):
        stripped = [value.strip() for value in values]
        if any(stripped):
            rows.append((line, stripped))
    return Table(source, header, rows)
