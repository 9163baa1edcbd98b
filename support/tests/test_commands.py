from __future__ import annotations

import json
from decimal import Decimal
from io import StringIO
from pathlib import Path
from typing import Any

import pytest
from django.conf import settings
from django.core.management import CommandError, call_command

from members.models import User
from support.catalogue_file import catalogue_json
from support.models import Measure
from support.tests.factories import make_measure

EXAMPLE = Path(settings.BASE_DIR) / "docs" / "import-example" / "measures.json"
ISSUE_EXAMPLE = {
    "id": "grant-start-2026", "title": "Грант «Старт»", "kind": "grant",
    "provider": "Агентство развития", "amount_rub": 300000, "opens": "2026-01-15",
    "deadline": "2026-12-31", "places": 10,
    "rules": {"roles": ["resident"], "towns": ["kirovsk", "Мончегорск"],
              "industries": ["folk-crafts"], "industry_groups": ["heritage"],
              "legal_forms": ["ip", "self_employed"], "min_jobs": 1, "max_jobs": 15,
              "min_membership_days": 90, "max_business_age_years": 3,
              "has_launched_project": False},
}  # fmt: skip


def write(tmp_path: Path, measures: list[dict[str, Any]]) -> Path:
    path = tmp_path / "measures.json"
    path.write_text(json.dumps({"measures": measures}, ensure_ascii=False), encoding="utf-8")
    return path


def test_it_imports_the_issue_example_and_updates_on_the_same_id(
    reference_data: None, tmp_path: Path
) -> None:
    call_command("import_measures", str(write(tmp_path, [ISSUE_EXAMPLE])), stdout=StringIO())
    measure = Measure.objects.get(external_id="grant-start-2026")
    assert measure.amount == Decimal(300000)
    assert measure.places == 10
    assert measure.rules["towns"] == ["kirovsk", "monchegorsk"]
    assert measure.status == "open"
    assert measure.provider == "Агентство развития"
    changed = {**ISSUE_EXAMPLE, "title": "Грант «Старт-2»"}
    call_command("import_measures", str(write(tmp_path, [changed])), stdout=StringIO())
    assert Measure.objects.get().title == "Грант «Старт-2»"


def test_the_example_in_docs_imports_and_links_a_partner_member(
    reference_data: None, partner: User
) -> None:
    member = partner.member
    member.external_id = "arina-solovyova"
    member.save(update_fields=["external_id"])
    out = StringIO()
    call_command("import_measures", str(EXAMPLE), stdout=out)
    shelf = Measure.objects.get(external_id="shelf-kirovsk")
    assert shelf.provider_member == member
    assert shelf.provider_kind == "partner"
    assert shelf.rules == {"industry_groups": ["heritage"]}
    assert shelf.unit == "places"
    assert Measure.objects.count() == 3


def test_every_problem_is_named_with_its_index_and_field_and_nothing_is_imported(
    reference_data: None, tmp_path: Path
) -> None:
    bad = [
        ISSUE_EXAMPLE,
        {**ISSUE_EXAMPLE, "id": "b", "rules": {"towns": ["Атлантида"], "colour": ["red"]}},
        {**ISSUE_EXAMPLE, "id": "c", "kind": "gift", "rules": {"min_jobs": "3"}},
        {**ISSUE_EXAMPLE, "id": "d", "deadline": "31.12.2026",
         "rules": {"legal_forms": ["ЗАО"], "industries": ["alchemy"]}},
        {**ISSUE_EXAMPLE, "colour": "red"},
    ]  # fmt: skip
    with pytest.raises(CommandError) as raised:
        call_command("import_measures", str(write(tmp_path, bad)), stdout=StringIO())
    message = str(raised.value)
    for place in (
        "measures[1].rules.towns",
        "measures[1].rules.colour",
        "measures[2].kind",
        "measures[2].rules.min_jobs",
        "measures[3].deadline",
        "measures[3].rules.legal_forms",
        "measures[3].rules.industries",
        "measures[4].colour",
        "measures[4].id",
    ):
        assert place in message, place
    for name in ("Атлантида", "colour", "gift", "ЗАО", "alchemy"):
        assert name in message
    assert not Measure.objects.exists()


def test_export_reads_back_to_the_same_catalogue(reference_data: None, tmp_path: Path) -> None:
    call_command("import_measures", str(EXAMPLE), stdout=StringIO())
    first = catalogue_json()
    path = tmp_path / "out.json"
    call_command("export_measures", "--out", str(path))
    Measure.objects.all().delete()
    call_command("import_measures", str(path), stdout=StringIO())
    assert catalogue_json() == first


def test_eligible_measures_prints_the_issue_json(resident: User) -> None:
    member = resident.member
    member.external_id = "khibiny-pottery"
    member.save(update_fields=["external_id"])
    make_measure(external_id="a-for-kirovsk", rules={"towns": ["kirovsk"]})
    make_measure(external_id="b-closed", status="closed", rules={"min_jobs": 10})
    out = StringIO()
    call_command("eligible_measures", "--member", "khibiny-pottery", "--format", "json", stdout=out)
    rows = json.loads(out.getvalue())
    assert [set(row) for row in rows] == [{"measure", "eligible", "open", "reasons"}] * 2
    assert [(r["measure"], r["eligible"], r["open"]) for r in rows] == [
        ("a-for-kirovsk", True, True),
        ("b-closed", False, False),
    ]
    assert all(row["reasons"] for row in rows)
    table = StringIO()
    call_command("eligible_measures", "--member", "khibiny-pottery", stdout=table)
    assert "a-for-kirovsk" in table.getvalue()
    with pytest.raises(CommandError):
        call_command("eligible_measures", "--member", str(member.pk))
