"""Members and their resource maps from an agency's spreadsheets (two CSV files or one XLSX).

Everything is read and checked before anything is written: one bad row rejects the whole
import, with every problem found (file, line as a spreadsheet counts it, reason). Rows are
matched to members by the agency's own id (`Member.external_id`), so importing the same file
again updates members instead of duplicating them.
"""

from __future__ import annotations

import csv
import hashlib
import io
import re
import zipfile
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass, field
from datetime import date, datetime
from pathlib import Path
from typing import Any, TypeVar

from django import forms
from django.contrib.auth.hashers import make_password
from django.core.validators import validate_email
from django.db import connection, transaction
from django.utils.text import slugify
from django.utils.translation import gettext as _
from tqdm import tqdm

from core.models import Industry, Town
from members.forms import ORGANISATION_FORMS, clean_inn_for_legal_form
from members.models import JobsRecord, Kind, LegalForm, Member, User
from members.services import member_search_text
from resources.models import ITEM_TEXT_MAX, Direction, ItemType, ResourceChange, ResourceItem
from resources.signals import maps_imported

MEMBER_COLUMNS = (
    "id",
    "name",
    "role",
    "town",
    "industries",
    "legal_form",
    "inn",
    "jobs",
    "email",
    "about",
)
RESOURCE_COLUMNS = ("member_id", "direction", "type", "text")
MAX_ERRORS = 50
NAME_MAX = 200
ABOUT_MAX = 3000
EXTERNAL_ID_MAX = 100
PLACEHOLDER_DOMAIN = "import.invalid"
# Ids are looked up in chunks: SQLite refuses statements with too many parameters.
CHUNK = 900
BATCH = 2000

ROLES = {
    "resident": "resident",
    "резидент": "resident",
    "producer": "producer",
    "продюсер": "producer",
    "partner": "partner",
    "партнер": "partner",
}
LEGAL_FORMS: dict[str, str] = {
    **{form.value: form.value for form in LegalForm},
    "": LegalForm.NONE,
    "ип": LegalForm.IP,
    "индивидуальный предприниматель": LegalForm.IP,
    "самозанятый": LegalForm.SELF_EMPLOYED,
    "самозанятая": LegalForm.SELF_EMPLOYED,
    "нпд": LegalForm.SELF_EMPLOYED,
    "ооо": LegalForm.OOO,
    "ано": LegalForm.ANO,
    "нко": LegalForm.NKO,
    "муниципальное учреждение": LegalForm.MUNICIPAL,
    "му": LegalForm.MUNICIPAL,
    "мбу": LegalForm.MUNICIPAL,
    "мау": LegalForm.MUNICIPAL,
    "мку": LegalForm.MUNICIPAL,
    "ао": LegalForm.PAO,
    "пао": LegalForm.PAO,
    "нет": LegalForm.NONE,
    "не зарегистрирован": LegalForm.NONE,
    "не зарегистрирована": LegalForm.NONE,
}
DIRECTIONS: dict[str, str] = {
    "offer": Direction.OFFER,
    "предложение": Direction.OFFER,
    "need": Direction.NEED,
    "потребность": Direction.NEED,
}
ITEM_TYPES = {item_type.value for item_type in ItemType}

T = TypeVar("T")


def _key(value: str) -> str:
    """Return the value as names are compared: case-insensitive, ё as е, spaces collapsed."""
    return " ".join(value.casefold().replace("ё", "е").split())


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


@dataclass
class ImportResult:
    created: int = 0
    updated: int = 0
    items: int = 0


@dataclass
class _MemberRow:
    line: int
    external_id: str
    name: str
    roles: set[str]
    town: Town
    industries: list[Industry]
    legal_form: str
    inn: str
    jobs: int | None  # None: keep the current number (1 for a new member)
    email: str
    about: str
    member: Member | None = None  # the member this row updates
    user: User | None = None  # the existing account a new member joins


@dataclass
class _ItemRow:
    line: int
    external_id: str
    direction: str
    type: str
    text: str


@dataclass
class _Plan:
    members: list[_MemberRow]
    items: list[_ItemRow]
    # External ids of members already in the database that only resources.csv names.
    existing: dict[str, Member] = field(default_factory=dict)


class _Errors:
    def __init__(self) -> None:
        self.errors: list[RowError] = []

    def add(self, source: str, line: int | None, reason: str) -> None:
        self.errors.append(RowError(source, line, reason))

    def raise_if_any(self) -> None:
        if self.errors:
            sources = list(dict.fromkeys(error.source for error in self.errors))
            self.errors.sort(key=lambda error: (sources.index(error.source), error.line or 0))
            raise ImportRejected(self.errors[:MAX_ERRORS], total=len(self.errors))


# Reading ----------------------------------------------------------------------------------------


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
    try:
        records.extend(csv.reader(io.StringIO(text, newline=""), delimiter=delimiter))
    except csv.Error as error:
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
        sheets = {_key(sheet.title): sheet for sheet in workbook.worksheets}
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
            header = [_key(value) for value in values]
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
    if isinstance(value, datetime | date):
        return value.isoformat()
    return str(value)


def _table(source: str, records: list[list[str]]) -> Table:
    header = [_key(name) for name in records[0]] if records else []
    while header and not header[-1]:
        header.pop()
    rows = []
    for line, values in enumerate(records[1:], start=2):
        stripped = [value.strip() for value in values]
        if any(stripped):
            rows.append((line, stripped))
    return Table(source, header, rows)


# Checking ---------------------------------------------------------------------------------------


def _columns_fit(table: Table, expected: Sequence[str], errors: _Errors) -> bool:
    if not table.header:
        errors.add(table.source, None, _("the file is empty"))
        return False
    missing = [name for name in expected if name not in table.header]
    unexpected = [name or "?" for name in table.header if name not in expected]
    repeated = sorted({name for name in table.header if table.header.count(name) > 1})
    if not (missing or unexpected or repeated):
        return True
    problems = [
        template % ", ".join(names)
        for template, names in (
            (_("missing: %s"), missing),
            (_("unexpected: %s"), unexpected),
            (_("repeated: %s"), repeated),
        )
        if names
    ]
    reason = _("wrong columns (%(problems)s); the columns must be exactly: %(expected)s") % {
        "problems": "; ".join(problems),
        "expected": ",".join(expected),
    }
    errors.add(table.source, 1, reason)
    return False


def _records(table: Table, errors: _Errors) -> Iterator[tuple[int, dict[str, str]]]:
    width = len(table.header)
    for line, values in table.rows:
        if any(values[width:]):
            errors.add(table.source, line, _("more values than there are columns"))
            continue
        padded = values[:width] + [""] * (width - len(values))
        yield line, dict(zip(table.header, padded, strict=True))


def _name_lookup(rows: Iterable[Town] | Iterable[Industry]) -> dict[str, Any]:
    lookup: dict[str, Any] = {}
    for row in rows:
        for name in (row.slug, row.name_ru, row.name_en):
            lookup[_key(name)] = row
    return lookup


def _chunks(values: Sequence[T]) -> Iterator[Sequence[T]]:
    for start in range(0, len(values), CHUNK):
        yield values[start : start + CHUNK]


def _members_by_external_id(external_ids: Iterable[str]) -> dict[str, list[Member]]:
    found: dict[str, list[Member]] = {}
    for chunk in _chunks(sorted(set(external_ids))):
        for member in Member.objects.filter(external_id__in=chunk).select_related("user"):
            found.setdefault(member.external_id, []).append(member)
    return found


def _users_by_email(emails: Iterable[str]) -> dict[str, User]:
    found: dict[str, User] = {}
    for chunk in _chunks(sorted(set(emails))):
        for user in User.objects.filter(email__in=chunk).select_related("member"):
            found[user.email] = user
    return found


def placeholder_email(external_id: str) -> str:
    """Return the address of an account imported without email: unique per id, never mailed."""
    if re.fullmatch(r"[a-z0-9][a-z0-9_-]{0,59}", external_id):
        return f"{external_id}@{PLACEHOLDER_DOMAIN}"
    # Ids differing only in case or in letters a slug drops stay apart through the hash.
    digest = hashlib.sha256(external_id.encode()).hexdigest()[:8]
    readable = slugify(external_id)[:40] or "id"
    return f"{readable}-{digest}@{PLACEHOLDER_DOMAIN}"


class _Lookups:
    def __init__(self) -> None:
        self.towns: dict[str, Town] = _name_lookup(Town.objects.all())
        self.industries: dict[str, Industry] = _name_lookup(Industry.objects.all())


def _check_member(
    line: int, record: dict[str, str], lookups: _Lookups, problems: list[str]
) -> _MemberRow | None:
    """Return the row in model terms, or None after adding what is wrong to `problems`."""
    external_id, name = record["id"], record["name"]
    if not external_id:
        problems.append(_("the id is empty"))
    elif len(external_id) > EXTERNAL_ID_MAX:
        problems.append(_("the id is longer than %d characters") % EXTERNAL_ID_MAX)
    if not name:
        problems.append(_("the name is empty"))
    elif len(name) > NAME_MAX:
        problems.append(_("the name is longer than %d characters") % NAME_MAX)
    roles = set()
    for part in filter(None, (part.strip() for part in record["role"].split(";"))):
        if _key(part) in ROLES:
            roles.add(ROLES[_key(part)])
        else:
            problems.append(_("unknown role «%s»; use resident, producer or partner") % part)
    if not record["role"].strip(" ;"):
        problems.append(_("no role; use resident, producer or partner"))
    town = lookups.towns.get(_key(record["town"]))
    if town is None:
        problems.append(_("unknown town «%s»") % record["town"])
    industries: list[Industry] = []
    for part in filter(None, (part.strip() for part in record["industries"].split(";"))):
        industry = lookups.industries.get(_key(part))
        if industry is None:
            problems.append(_("unknown creative industry «%s»") % part)
        elif industry not in industries:
            industries.append(industry)
    legal_form = LEGAL_FORMS.get(_key(record["legal_form"]).rstrip("."))
    if legal_form is None:
        problems.append(_("unknown legal form «%s»") % record["legal_form"])
    inn = record["inn"]
    if inn and legal_form is not None:
        try:
            inn = clean_inn_for_legal_form(inn, legal_form)
        except forms.ValidationError as error:
            reason = _("invalid INN «%(inn)s»: %(reason)s")
            problems.append(reason % {"inn": inn, "reason": error.messages[0]})
    jobs = None
    if record["jobs"]:
        if record["jobs"].isdigit() and record["jobs"].isascii():
            jobs = int(record["jobs"])
        else:
            reason = _("the number of jobs «%s» is not a whole number, zero or more")
            problems.append(reason % record["jobs"])
    email = record["email"].lower()
    if email:
        try:
            validate_email(email)
        except forms.ValidationError:
            problems.append(_("invalid email «%s»") % record["email"])
    if len(record["about"]) > ABOUT_MAX:
        problems.append(_("“about” is longer than %d characters") % ABOUT_MAX)
    if problems or town is None or legal_form is None:
        return None
    return _MemberRow(
        line, external_id, name, roles, town, industries, legal_form, inn, jobs, email,
        record["about"],
    )  # fmt: skip


def _check_members(table: Table, lookups: _Lookups, errors: _Errors, bar: tqdm) -> list[_MemberRow]:
    rows: list[_MemberRow] = []
    first_line: dict[str, int] = {}
    email_line: dict[str, int] = {}
    for line, record in _records(table, errors):
        bar.update()
        problems: list[str] = []
        row = _check_member(line, record, lookups, problems)
        external_id, email = record["id"], record["email"].lower()
        if external_id in first_line:
            reason = _("duplicate id «%(id)s» (first on line %(line)d)")
            problems.append(reason % {"id": external_id, "line": first_line[external_id]})
        elif external_id:
            first_line[external_id] = line
        if email and email in email_line:
            reason = _("duplicate email «%(email)s» (first on line %(line)d)")
            problems.append(reason % {"email": email, "line": email_line[email]})
        elif email:
            email_line[email] = line
        for problem in problems:
            errors.add(table.source, line, problem)
        if row is not None and not problems:
            rows.append(row)
    return rows


def _match_accounts(rows: list[_MemberRow], source: str, errors: _Errors) -> None:
    """Find the member each row updates and the account each new member joins."""
    existing = _members_by_external_id(row.external_id for row in rows)
    for row in rows:
        if len(existing.get(row.external_id, [])) > 1:
            reason = _("several members already have the id «%s»; ask an administrator")
            errors.add(source, row.line, reason % row.external_id)
        elif row.external_id in existing:
            row.member = existing[row.external_id][0]
    users = _users_by_email(row.email or placeholder_email(row.external_id) for row in rows)
    for row in rows:
        email = row.email or placeholder_email(row.external_id)
        owner = users.get(email)
        if row.member is not None:
            if row.email and owner is not None and owner.pk != row.member.user_id:
                reason = _("the email «%s» belongs to another account")
                errors.add(source, row.line, reason % row.email)
            continue
        owner_member = getattr(owner, "member", None) if owner is not None else None
        if owner_member is not None and owner_member.external_id:
            reason = _("the email «%(email)s» belongs to the member with id «%(id)s»")
            errors.add(source, row.line, reason % {"email": email, "id": owner_member.external_id})
        elif owner_member is not None:
            # Someone who joined through the site: the agency's row adopts their profile.
            row.member = owner_member
        else:
            row.user = owner


def _check_items(
    table: Table, known_ids: set[str], errors: _Errors, bar: tqdm
) -> tuple[list[_ItemRow], dict[str, Member]]:
    rows: list[_ItemRow] = []
    unknown: dict[str, list[int]] = {}
    for line, record in _records(table, errors):
        bar.update()
        problems: list[str] = []
        external_id = record["member_id"]
        if not external_id:
            problems.append(_("member_id is empty"))
        elif external_id not in known_ids:
            unknown.setdefault(external_id, []).append(line)
        direction = DIRECTIONS.get(_key(record["direction"]))
        if direction is None:
            reason = _("unknown direction «%s»; use offer or need")
            problems.append(reason % record["direction"])
        item_type = re.sub(r"[\s-]+", "_", _key(record["type"]))
        if item_type not in ITEM_TYPES:
            reason = _("unknown type «%(type)s»; use one of: %(types)s")
            problems.append(reason % {"type": record["type"], "types": ", ".join(ItemType.values)})
        text = record["text"]
        if not text:
            problems.append(_("the text is empty"))
        elif len(text) > ITEM_TEXT_MAX:
            reason = _("the text is too long: %(length)d characters, at most %(limit)d")
            problems.append(reason % {"length": len(text), "limit": ITEM_TEXT_MAX})
        for problem in problems:
            errors.add(table.source, line, problem)
        if not problems and direction is not None:
            rows.append(_ItemRow(line, external_id, direction, item_type, text))
    existing = _members_by_external_id(unknown)
    for external_id, lines in unknown.items():
        if external_id in existing and len(existing[external_id]) == 1:
            continue
        if external_id in existing:
            reason = _("several members already have the id «%s»; ask an administrator")
        else:
            reason = _("no member with the id «%s» in the members file or among imported members")
        for line in lines:
            errors.add(table.source, line, reason % external_id)
    return rows, {key: members[0] for key, members in existing.items()}


def _check(members: Table, resources: Table | None, show_progress: bool) -> _Plan:
    errors = _Errors()
    tables = [(members, MEMBER_COLUMNS)] + ([(resources, RESOURCE_COLUMNS)] if resources else [])
    if not all([_columns_fit(table, columns, errors) for table, columns in tables]):
        errors.raise_if_any()
    total = len(members.rows) + (len(resources.rows) if resources else 0)
    with tqdm(total=total, desc=_("checking"), unit=" rows", disable=not show_progress) as bar:
        member_rows = _check_members(members, _Lookups(), errors, bar)
        _match_accounts(member_rows, members.source, errors)
        item_rows: list[_ItemRow] = []
        existing: dict[str, Member] = {}
        if resources is not None:
            # A row rejected above still names a member: report its items' own problems only.
            item_rows, existing = _check_items(resources, _listed_ids(members), errors, bar)
    errors.raise_if_any()
    return _Plan(member_rows, item_rows, existing)


def _listed_ids(members: Table) -> set[str]:
    position = members.header.index("id")
    return {values[position] for _line, values in members.rows if position < len(values)}


# Writing ----------------------------------------------------------------------------------------


def _apply_member_fields(member: Member, row: _MemberRow) -> None:
    member.external_id = row.external_id
    member.display_name = row.name
    member.kind = Kind.ORGANISATION if row.legal_form in ORGANISATION_FORMS else Kind.PERSON
    member.legal_form = row.legal_form
    member.inn = row.inn
    member.town = row.town
    member.about = row.about
    member.is_resident = "resident" in row.roles
    member.is_producer = "producer" in row.roles
    member.is_partner = "partner" in row.roles
    if row.jobs is not None:
        member.jobs = row.jobs
    member.search_text = member_search_text(member, row.industries)


def _apply_roles(user: User, row: _MemberRow) -> None:
    # Only the member roles: an imported row never makes or unmakes a curator.
    user.is_resident = "resident" in row.roles
    user.is_producer = "producer" in row.roles
    user.is_partner = "partner" in row.roles


def _update_rows(rows: Sequence[User | Member], fields: list[str]) -> None:
    """Save `fields` of every row with one prepared statement.

    `bulk_update` builds a CASE expression per field and row, which takes minutes at 10,000 rows.
    """
    if not rows:
        return
    meta = type(rows[0])._meta
    columns = [column for column in meta.concrete_fields if column.name in fields]
    quote = connection.ops.quote_name
    assignments = ", ".join(f"{quote(column.column)} = %s" for column in columns if column.column)
    sql = f"UPDATE {quote(meta.db_table)} SET {assignments} WHERE {quote(meta.pk.column)} = %s"  # type: ignore[arg-type]
    params = [
        [column.get_db_prep_save(getattr(row, column.attname), connection) for column in columns]
        + [row.pk]
        for row in rows
    ]
    with connection.cursor() as cursor:
        cursor.executemany(sql, params)


def _write_users(rows: list[_MemberRow]) -> None:
    """Create the accounts of new members and bring existing ones up to date."""
    new_users: list[User] = []
    changed: list[User] = []
    for row in rows:
        user = row.member.user if row.member is not None else row.user
        if user is None:
            user = User(
                email=row.email or placeholder_email(row.external_id),
                # Imported people set a password through "forgot password"; nobody is emailed.
                password=make_password(None),
                first_name=row.name[:150] if row.legal_form not in ORGANISATION_FORMS else "",
            )
            new_users.append(user)
        else:
            if row.email:
                user.email = row.email
            changed.append(user)
        _apply_roles(user, row)
        row.user = user
    User.objects.bulk_create(new_users, batch_size=BATCH)
    _update_rows(changed, ["email", "is_resident", "is_producer", "is_partner"])


def _write_members(rows: list[_MemberRow], bar: tqdm) -> list[Member]:
    new_members: list[Member] = []
    updated: list[Member] = []
    jobs_records: list[JobsRecord] = []
    for row in rows:
        member = row.member
        if member is None:
            member = Member(user=row.user, jobs=row.jobs if row.jobs is not None else 1)
            new_members.append(member)
        else:
            if row.jobs is not None and row.jobs != member.jobs:
                jobs_records.append(JobsRecord(member=member, jobs=row.jobs))
            updated.append(member)
        _apply_member_fields(member, row)
        row.member = member
        bar.update()
    Member.objects.bulk_create(new_members, batch_size=BATCH)
    jobs_records += [JobsRecord(member=member, jobs=member.jobs) for member in new_members]
    fields = [
        "external_id", "display_name", "kind", "legal_form", "inn", "town", "about",
        "is_resident", "is_producer", "is_partner", "jobs", "search_text",
    ]  # fmt: skip
    _update_rows(updated, fields)
    JobsRecord.objects.bulk_create(jobs_records, batch_size=BATCH)
    through = Member.industries.through
    for chunk in _chunks([member.pk for member in updated]):
        through.objects.filter(member_id__in=chunk).delete()
    through.objects.bulk_create(
        (
            through(member_id=row.member.pk, industry_id=industry.pk)
            for row in rows
            if row.member is not None
            for industry in row.industries
        ),
        batch_size=BATCH,
    )
    return new_members


def _write_items(plan: _Plan, bar: tqdm) -> None:
    member_of = {row.external_id: row.member for row in plan.members} | plan.existing
    member_ids = sorted({member_of[row.external_id].pk for row in plan.items})  # type: ignore[union-attr]
    item_industries = ResourceItem.industries.through
    for chunk in _chunks(member_ids):
        item_industries.objects.filter(resourceitem__member_id__in=chunk).delete()
        ResourceItem.objects.filter(member_id__in=chunk)._raw_delete(ResourceItem.objects.db)
    for start in range(0, len(plan.items), BATCH):
        batch = plan.items[start : start + BATCH]
        ResourceItem.objects.bulk_create(
            ResourceItem(
                member=member_of[row.external_id],
                direction=row.direction,
                type=row.type,
                text=row.text,
            )
            for row in batch
        )
        bar.update(len(batch))


@transaction.atomic
def do_import_members(
    members: Table, resources: Table | None = None, *, show_progress: bool = False
) -> ImportResult:
    """Check both tables, then write all of it; raise ImportRejected (writing nothing) if any
    row is wrong. A member named in `resources` gets exactly the items listed there."""
    plan = _check(members, resources, show_progress)
    total = len(plan.members) + len(plan.items)
    with tqdm(total=total, desc=_("writing"), unit=" rows", disable=not show_progress) as bar:
        _write_users(plan.members)
        created = _write_members(plan.members, bar)
        _write_items(plan, bar)
    touched = {row.member.pk for row in plan.members if row.member is not None}
    touched |= {member.pk for member in plan.existing.values()}
    member_ids = sorted(touched)
    # Every process's matching index applies these members' changes on its next use.
    ResourceChange.objects.bulk_create(
        (ResourceChange(member_id=pk) for pk in member_ids), batch_size=BATCH
    )
    transaction.on_commit(lambda: maps_imported.send(sender=ResourceItem, member_ids=member_ids))
    return ImportResult(
        created=len(created), updated=len(plan.members) - len(created), items=len(plan.items)
    )


def import_csv(members: Path, resources: Path | None = None, **options: Any) -> ImportResult:
    """Import `members.csv` and, if given, `resources.csv`; raise ImportRejected if wrong."""
    errors = _Errors()
    tables: list[Table] = []
    for path in filter(None, (members, resources)):
        try:
            tables.append(read_csv(path))
        except ImportRejected as rejected:
            errors.errors += rejected.errors
    errors.raise_if_any()
    return do_import_members(tables[0], tables[1] if resources else None, **options)


def import_xlsx(path: Path, **options: Any) -> ImportResult:
    """Import the sheets `members` and `resources` of a workbook; raise ImportRejected if wrong."""
    members, resources = read_xlsx(path)
    return do_import_members(members, resources, **options)
