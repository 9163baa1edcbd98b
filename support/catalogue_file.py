"""The catalogue as a JSON file agencies exchange: reading and checking it, writing it out.

The format is fixed so agencies can exchange catalogues (README, "Import support measures"):
`{"measures": [...]}`, each with `id`, `title`, `kind`, `provider` and optionally `amount_rub`,
`opens`, `deadline`, `places` and `rules`; a few more optional keys carry the rest of a measure.
Everything is checked before anything is written: one problem rejects the whole file, and every
problem is reported with the measure's index and field."""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date
from decimal import Decimal, InvalidOperation
from typing import Any

from django.db import transaction
from django.utils.translation import gettext as _

from core.models import ClusterSettings
from members.models import Member
from resources.importing.tables import name_key
from support.models import (
    ConsultationTopic,
    Measure,
    MeasureKind,
    MeasureStatus,
    ProviderKind,
    Unit,
)
from support.rules import RuleLookups, canonical_rules
from support.services import MeasureData, do_write_measure

REQUIRED = ("id", "title", "kind", "provider")
OPTIONAL = (
    "amount_rub",
    "opens",
    "deadline",
    "places",
    "rules",
    # Beyond the exchanged minimum: what the platform's own export also writes.
    "provider_kind",
    "topic",
    "description",
    "amount",
    "unit",
    "budget_rub",
    "documents",
    "status",
)
ID_PATTERN = re.compile(r"[a-z0-9][a-z0-9_-]{0,99}")
TOPICS = ["", *ConsultationTopic.values]
TEXT_LIMITS = {"title": 200, "provider": 300, "description": 10000}


@dataclass(frozen=True)
class Problem:
    index: int | None  # the measure's place in the list, from 0; None for the whole file
    field: str
    message: str

    def __str__(self) -> str:
        where = "" if self.index is None else f"measures[{self.index}]"
        place = ".".join(part for part in (where, self.field) if part)
        return f"{place}: {self.message}" if place else self.message


class CatalogueRejected(Exception):
    def __init__(self, problems: list[Problem]) -> None:
        super().__init__("\n".join(str(p) for p in problems))
        self.problems = problems


@dataclass
class Entry:
    data: MeasureData
    rules: dict[str, Any]


@dataclass(frozen=True)
class ImportResult:
    created: int
    updated: int


class _Reader:
    def __init__(self) -> None:
        self.problems: list[Problem] = []
        self.lookups = RuleLookups.load()
        self.members: dict[str, Member] = {}
        settings = ClusterSettings.objects.first()
        self.agency_names = {
            name_key(name)
            for name in ((settings.agency_ru, settings.agency_en) if settings else ())
            if name
        }

    def add(self, index: int | None, field: str, message: str) -> None:
        self.problems.append(Problem(index, field, message))

    def text(self, i: int, raw: dict[str, Any], key: str, required: bool = False) -> str:
        raw_value = raw.get(key, "")
        if not isinstance(raw_value, str):
            self.add(i, key, _("must be text"))
            return ""
        value = raw_value.strip()
        if required and not value:
            self.add(i, key, _("is empty"))
        elif key in TEXT_LIMITS and len(value) > TEXT_LIMITS[key]:
            self.add(i, key, _("is longer than %d characters") % TEXT_LIMITS[key])
        return value

    def choice(self, i: int, raw: dict[str, Any], key: str, values: list[str], default: str) -> str:
        value = raw.get(key, default)
        if value not in values:
            reason = _("unknown value «%(value)s»; use one of: %(values)s")
            self.add(i, key, reason % {"value": value, "values": ", ".join(values)})
            return default
        return str(value)

    def number(self, i: int, raw: dict[str, Any], key: str) -> Decimal | None:
        value = raw.get(key)
        if value is None:
            return None
        if isinstance(value, bool) or not isinstance(value, int | float | str):
            self.add(i, key, _("must be a number"))
            return None
        try:
            amount = Decimal(str(value))
        except InvalidOperation:
            self.add(i, key, _("must be a number"))
            return None
        if not amount.is_finite() or amount < 0 or amount >= Decimal(10) ** 12:
            self.add(i, key, _("must be a number from 0 to 999,999,999,999"))
            return None
        return amount.quantize(Decimal("0.01"))

    def whole(self, i: int, raw: dict[str, Any], key: str) -> int | None:
        value = raw.get(key)
        if value is None:
            return None
        if isinstance(value, bool) or not isinstance(value, int) or value < 0:
            self.add(i, key, _("must be a whole number, zero or more"))
            return None
        return value

    def day(self, i: int, raw: dict[str, Any], key: str) -> date | None:
        value = raw.get(key)
        if value is None:
            return None
        if isinstance(value, str) and re.fullmatch(r"\d{4}-\d{2}-\d{2}", value):
            try:
                return date.fromisoformat(value)
            except ValueError:
                pass
        self.add(i, key, _("must be a date written YYYY-MM-DD, e.g. 2026-12-31"))
        return None

    def provider(self, i: int, raw: dict[str, Any]) -> tuple[str, str, Member | None]:
        name = self.text(i, raw, "provider", required=True)
        kind_given = "provider_kind" in raw
        kind = self.choice(i, raw, "provider_kind", ProviderKind.values, ProviderKind.OTHER)
        member = self.members.get(name)
        if member is not None:
            return (kind if kind_given else ProviderKind.PARTNER), "", member
        if kind_given and kind == ProviderKind.PARTNER:
            self.add(i, "provider", _("no member with the id «%s»") % name)
        if not kind_given and name_key(name) in self.agency_names:
            kind = ProviderKind.AGENCY
        return kind, name, None

    def documents(self, i: int, raw: dict[str, Any]) -> str:
        value = raw.get("documents", [])
        if not isinstance(value, list) or not all(isinstance(v, str) for v in value):
            self.add(i, "documents", _("must be a list of texts"))
            return ""
        return "\n".join(v.strip() for v in value if v.strip())

    def measure(self, i: int, raw: Any) -> Entry | None:
        if not isinstance(raw, dict):
            self.add(i, "", _("must be an object"))
            return None
        before = len(self.problems)
        for key in raw:
            if key not in REQUIRED and key not in OPTIONAL:
                self.add(i, key, _("unknown field"))
        for key in REQUIRED:
            if key not in raw:
                self.add(i, key, _("is missing"))
        external_id = raw.get("id", "")
        if "id" in raw and not (isinstance(external_id, str) and ID_PATTERN.fullmatch(external_id)):
            self.add(
                i,
                "id",
                _("must be Latin small letters, digits, dashes or underscores (at most 100)"),
            )
        if "amount_rub" in raw and "amount" in raw:
            self.add(i, "amount", _("give either amount_rub or amount with its unit"))
        provider_kind, provider_name, provider_member = self.provider(i, raw)
        amount = self.number(i, raw, "amount_rub")
        unit: str = Unit.ROUBLES
        if "amount" in raw:
            amount = self.number(i, raw, "amount")
            unit = self.choice(i, raw, "unit", Unit.values, Unit.ROUBLES)
        data = MeasureData(
            external_id=external_id if isinstance(external_id, str) else "",
            title=self.text(i, raw, "title", required=True),
            kind=self.choice(i, raw, "kind", MeasureKind.values, MeasureKind.OTHER),
            provider_kind=provider_kind,
            provider_name=provider_name,
            provider_member=provider_member,
            topic=self.choice(i, raw, "topic", TOPICS, "") if "topic" in raw else "",
            description=self.text(i, raw, "description"),
            amount=amount,
            unit=unit,
            opens=self.day(i, raw, "opens"),
            deadline=self.day(i, raw, "deadline"),
            places=self.whole(i, raw, "places"),
            budget_cap=self.number(i, raw, "budget_rub"),
            documents=self.documents(i, raw),
            status=self.choice(i, raw, "status", MeasureStatus.values, MeasureStatus.OPEN),
        )
        if data.opens and data.deadline and data.deadline < data.opens:
            self.add(i, "deadline", _("is before the opening date"))
        rules, errors = canonical_rules(raw.get("rules", {}), self.lookups)
        for error in errors:
            self.add(i, f"rules.{error.key}" if error.key else "rules", error.message)
        return Entry(data, rules) if len(self.problems) == before else None


def read_catalogue(document: Any) -> list[Entry]:
    """Return the file's measures checked; raise CatalogueRejected with every problem."""
    reader = _Reader()
    if not isinstance(document, dict) or not isinstance(document.get("measures"), list):
        raise CatalogueRejected([Problem(None, "", _('the file must be {"measures": [...]}'))])
    extra = sorted(set(document) - {"measures"})
    if extra:
        reader.add(None, extra[0], _("unknown field"))
    names = {raw.get("provider") for raw in document["measures"] if isinstance(raw, dict)}
    texts = sorted(name.strip() for name in names if isinstance(name, str) and name.strip())
    reader.members = {m.external_id: m for m in Member.objects.filter(external_id__in=texts)}
    entries: list[Entry] = []
    first: dict[str, int] = {}
    for index, raw in enumerate(document["measures"]):
        entry = reader.measure(index, raw)
        external_id = raw.get("id") if isinstance(raw, dict) else None
        if isinstance(external_id, str) and external_id in first:
            reason = _("the id «%(id)s» is already used by measures[%(first)d]")
            reader.add(index, "id", reason % {"id": external_id, "first": first[external_id]})
        elif isinstance(external_id, str):
            first[external_id] = index
        if entry is not None:
            entries.append(entry)
    if reader.problems:
        raise CatalogueRejected(reader.problems)
    return entries


@transaction.atomic
def do_import_catalogue(entries: list[Entry]) -> ImportResult:
    """Write checked measures: a known `id` updates its measure, a new one creates one."""
    existing = Measure.objects.select_for_update().in_bulk(
        [entry.data.external_id for entry in entries], field_name="external_id"
    )
    created = 0
    for entry in entries:
        measure = existing.get(entry.data.external_id)
        if measure is None:
            measure, created = Measure(), created + 1
        do_write_measure(measure, entry.data, entry.rules)
    return ImportResult(created=created, updated=len(entries) - created)


def _money(value: Decimal | None) -> int | float | None:
    if value is None:
        return None
    return int(value) if value == value.to_integral_value() else float(value)


def measure_json(measure: Measure) -> dict[str, Any]:
    """Return the measure in the file format; reading it back gives the same measure."""
    provider = (
        measure.provider_member.external_id
        if measure.provider_member is not None and measure.provider_member.external_id
        else measure.provider
    )
    row: dict[str, Any] = {
        "id": measure.external_id,
        "title": measure.title,
        "kind": measure.kind,
        "provider": provider,
        "provider_kind": measure.provider_kind,
        "status": measure.status,
    }
    if measure.amount is not None and measure.unit == Unit.ROUBLES:
        row["amount_rub"] = _money(measure.amount)
    elif measure.amount is not None:
        row["amount"], row["unit"] = _money(measure.amount), measure.unit
    for key, value in (
        ("opens", measure.opens and measure.opens.isoformat()),
        ("deadline", measure.deadline and measure.deadline.isoformat()),
        ("places", measure.places),
        ("budget_rub", _money(measure.budget_cap)),
        ("topic", measure.topic),
        ("description", measure.description),
        ("documents", measure.document_list),
    ):
        if value not in (None, "", []):
            row[key] = value
    row["rules"] = measure.rules
    return row


def catalogue_json() -> dict[str, Any]:
    measures = (
        Measure.objects.with_places_taken()
        .select_related("provider_member")
        .order_by("external_id")
    )
    return {"measures": [measure_json(measure) for measure in measures]}
