"""Writing a checked plan in bulk, and the two ways in: CSV files or one workbook."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any, NoReturn

from django.contrib.auth.hashers import make_password
from django.db import connection, transaction
from django.utils.translation import gettext as _
from tqdm import tqdm

from members.models import ORGANISATION_FORMS, JobsRecord, Kind, Member, User
from members.services import member_search_text
from resources.importing.checks import MemberRow, Plan, check_tables, chunks, placeholder_email
from resources.importing.tables import Errors, ImportRejected, Table, read_csv, read_xlsx
from resources.models import ResourceChange, ResourceItem
from resources.signals import maps_imported

BATCH = 2000


@dataclass
class ImportResult:
    created: int = 0
    updated: int = 0
    items: int = 0


def _apply_member_fields(member: Member, row: MemberRow) -> None:
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
    if row.registered_on is not None:
        member.registered_on = row.registered_on
    member.search_text = member_search_text(member, row.industries)


def _apply_roles(user: User, row: MemberRow) -> None:
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
    # Names come from the model and are quoted by the backend; values go as parameters.
    sql = f"UPDATE {quote(meta.db_table)} SET {assignments} WHERE {quote(meta.pk.column)} = %s"  # type: ignore[arg-type]  # noqa: S608
    params = [
        [column.get_db_prep_save(getattr(row, column.attname), connection) for column in columns]
        + [row.pk]
        for row in rows
    ]
    with connection.cursor() as cursor:
        cursor.executemany(sql, params)


def _write_users(rows: list[MemberRow]) -> None:
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


def _write_members(rows: list[MemberRow], bar: tqdm[NoReturn]) -> list[Member]:
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
        "is_resident", "is_producer", "is_partner", "jobs", "registered_on", "search_text",
    ]  # fmt: skip
    _update_rows(updated, fields)
    JobsRecord.objects.bulk_create(jobs_records, batch_size=BATCH)
    through = Member.industries.through
    for chunk in chunks([member.pk for member in updated]):
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


def _write_items(plan: Plan, bar: tqdm[NoReturn]) -> None:
    member_of = {row.external_id: row.member for row in plan.members} | plan.existing
    member_ids = sorted({member_of[row.external_id].pk for row in plan.items})  # type: ignore[union-attr]
    item_industries = ResourceItem.industries.through
    for chunk in chunks(member_ids):
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
    plan = check_tables(members, resources, show_progress)
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
    errors = Errors()
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
