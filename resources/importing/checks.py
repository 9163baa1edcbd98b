"""Checking the rows of both tables against the rules and the database, before any write.

The result is a `Plan`: every member row with its town, industries and the member or account
it updates, and every item row; or `ImportRejected` with every problem found.
"""

from __future__ import annotations

import hashlib
import re
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass, field
from datetime import date, datetime
from typing import NoReturn, TypeVar

from django import forms
from django.core.validators import validate_email
from django.utils import timezone
from django.utils.text import slugify
from django.utils.translation import gettext as _
from tqdm import tqdm

from core.models import Industry, Town
from members.forms import clean_inn_for_legal_form
from members.models import LegalForm, Member, User
from resources.importing.tables import Errors, Table, name_key, name_lookup
from resources.models import ITEM_TEXT_MAX, Direction, ItemType

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
# Columns a members file may leave out; an empty cell keeps what the member's profile says.
OPTIONAL_MEMBER_COLUMNS = ("registered_on",)
RESOURCE_COLUMNS = ("member_id", "direction", "type", "text")
NAME_MAX = 200
ABOUT_MAX = 3000
EXTERNAL_ID_MAX = 100
PLACEHOLDER_DOMAIN = "import.invalid"
# Ids are looked up in chunks: SQLite refuses statements with too many parameters.
CHUNK = 900

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


@dataclass
class MemberRow:
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
    registered_on: date | None = None  # None: keep the profile's date (none for a new member)
    member: Member | None = None  # the member this row updates
    user: User | None = None  # the existing account a new member joins


@dataclass
class ItemRow:
    line: int
    external_id: str
    direction: str
    type: str
    text: str


@dataclass
class Plan:
    members: list[MemberRow]
    items: list[ItemRow]
    # External ids of members already in the database that only resources.csv names.
    existing: dict[str, Member] = field(default_factory=dict)


def _columns_fit(
    table: Table, expected: Sequence[str], errors: Errors, optional: Sequence[str] = ()
) -> bool:
    if not table.header:
        errors.add(table.source, None, _("the file is empty"))
        return False
    missing = [name for name in expected if name not in table.header]
    unexpected = [name or "?" for name in table.header if name not in (*expected, *optional)]
    repeated = sorted({name for name in table.header if table.header.count(name) > 1})
    if not (missing or unexpected or repeated):
        return True
    problems = "; ".join(
        template % ", ".join(names)
        for template, names in (
            (_("missing: %s"), missing),
            (_("unexpected: %s"), unexpected),
            (_("repeated: %s"), repeated),
        )
        if names
    )
    if optional:
        reason = _(
            "wrong columns (%(problems)s); the columns must be: %(expected)s, "
            "optionally also %(optional)s"
        ) % {"problems": problems, "expected": ",".join(expected), "optional": ",".join(optional)}
    else:
        reason = _("wrong columns (%(problems)s); the columns must be exactly: %(expected)s") % {
            "problems": problems,
            "expected": ",".join(expected),
        }
    errors.add(table.source, 1, reason)
    return False


def _records(table: Table, errors: Errors) -> Iterator[tuple[int, dict[str, str]]]:
    width = len(table.header)
    for line, values in table.rows:
        if any(values[width:]):
            errors.add(table.source, line, _("more values than there are columns"))
            continue
        padded = values[:width] + [""] * (width - len(values))
        yield line, dict(zip(table.header, padded, strict=True))


def chunks(values: Sequence[T]) -> Iterator[Sequence[T]]:
    for start in range(0, len(values), CHUNK):
        yield values[start : start + CHUNK]


def _members_by_external_id(external_ids: Iterable[str]) -> dict[str, list[Member]]:
    found: dict[str, list[Member]] = {}
    for chunk in chunks(sorted(set(external_ids))):
        for member in Member.objects.filter(external_id__in=chunk).select_related("user"):
            found.setdefault(member.external_id, []).append(member)
    return found


def _users_by_email(emails: Iterable[str]) -> dict[str, User]:
    found: dict[str, User] = {}
    for chunk in chunks(sorted(set(emails))):
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
        self.towns = name_lookup(Town.objects.all())
        self.industries = name_lookup(Industry.objects.all())


def _check_date(text: str, problems: list[str]) -> date | None:
    """Return the registration date written as ДД.ММ.ГГГГ or YYYY-MM-DD (None if empty)."""
    if not text:
        return None
    for pattern in ("%d.%m.%Y", "%Y-%m-%d"):
        try:
            day = datetime.strptime(text, pattern).date()  # noqa: DTZ007 (a date, no time)
        except ValueError:
            continue
        if day > timezone.localdate():
            problems.append(_("the registration date «%s» is in the future") % text)
            return None
        return day
    reason = _("the registration date «%s» is not a date; write it as DD.MM.YYYY or YYYY-MM-DD")
    problems.append(reason % text)
    return None


def _check_member(
    line: int, record: dict[str, str], lookups: _Lookups, problems: list[str]
) -> MemberRow | None:
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
        if name_key(part) in ROLES:
            roles.add(ROLES[name_key(part)])
        else:
            problems.append(_("unknown role «%s»; use resident, producer or partner") % part)
    if not record["role"].strip(" ;"):
        problems.append(_("no role; use resident, producer or partner"))
    town = lookups.towns.get(name_key(record["town"]))
    if town is None:
        problems.append(_("unknown town «%s»") % record["town"])
    industries: list[Industry] = []
    for part in filter(None, (part.strip() for part in record["industries"].split(";"))):
        industry = lookups.industries.get(name_key(part))
        if industry is None:
            problems.append(_("unknown creative industry «%s»") % part)
        elif industry not in industries:
            industries.append(industry)
    legal_form = LEGAL_FORMS.get(name_key(record["legal_form"]).rstrip("."))
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
    registered_on = _check_date(record.get("registered_on", ""), problems)
    if problems or town is None or legal_form is None:
        return None
    return MemberRow(
        line, external_id, name, roles, town, industries, legal_form, inn, jobs, email,
        record["about"], registered_on,
    )  # fmt: skip


def _check_members(
    table: Table, lookups: _Lookups, errors: Errors, bar: tqdm[NoReturn]
) -> list[MemberRow]:
    rows: list[MemberRow] = []
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


def _match_accounts(rows: list[MemberRow], source: str, errors: Errors) -> None:
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
    table: Table, known_ids: set[str], errors: Errors, bar: tqdm[NoReturn]
) -> tuple[list[ItemRow], dict[str, Member]]:
    rows: list[ItemRow] = []
    unknown: dict[str, list[int]] = {}
    for line, record in _records(table, errors):
        bar.update()
        problems: list[str] = []
        external_id = record["member_id"]
        if not external_id:
            problems.append(_("member_id is empty"))
        elif external_id not in known_ids:
            unknown.setdefault(external_id, []).append(line)
        direction = DIRECTIONS.get(name_key(record["direction"]))
        if direction is None:
            reason = _("unknown direction «%s»; use offer or need")
            problems.append(reason % record["direction"])
        item_type = re.sub(r"[\s-]+", "_", name_key(record["type"]))
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
            rows.append(ItemRow(line, external_id, direction, item_type, text))
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


def check_tables(members: Table, resources: Table | None, show_progress: bool) -> Plan:
    errors = Errors()
    fits = _columns_fit(members, MEMBER_COLUMNS, errors, OPTIONAL_MEMBER_COLUMNS)
    if resources is not None:
        fits = _columns_fit(resources, RESOURCE_COLUMNS, errors) and fits
    if not fits:
        errors.raise_if_any()
    total = len(members.rows) + (len(resources.rows) if resources else 0)
    with tqdm(total=total, desc=_("checking"), unit=" rows", disable=not show_progress) as bar:
        member_rows = _check_members(members, _Lookups(), errors, bar)
        _match_accounts(member_rows, members.source, errors)
        item_rows: list[ItemRow] = []
        existing: dict[str, Member] = {}
        if resources is not None:
            # A row rejected above still names a member: report its items' own problems only.
            item_rows, existing = _check_items(resources, _listed_ids(members), errors, bar)
    errors.raise_if_any()
    return Plan(member_rows, item_rows, existing)


def _listed_ids(members: Table) -> set[str]:
    position = members.header.index("id")
    return {values[position] for _line, values in members.rows if position < len(values)}
