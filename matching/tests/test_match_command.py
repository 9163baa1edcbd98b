from __future__ import annotations

import json
from io import StringIO
from pathlib import Path

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError

from members.models import Member, User
from resources.importing import MEMBER_COLUMNS, RESOURCE_COLUMNS, import_csv
from resources.models import ResourceItem
from resources.services import do_record_change

pytestmark = pytest.mark.django_db

MEMBERS = [
    ("KC-1", "Гончарная мастерская", "Кировск", "Лепим посуду из глины"),
    ("KC-2", "Фотостудия «Полярный свет»", "Апатиты", "Предметная съёмка"),
    ("KC-3", "Сувенирная лавка", "Мурманск", "Продаём изделия мастеров"),
]
ITEMS = [
    ("KC-1", "need", "skill", "Нужен фотограф для каталога керамики"),
    ("KC-1", "offer", "materials", "Керамическая посуда ручной лепки для магазинов"),
    ("KC-2", "offer", "skill", "Предметная фотосъёмка для каталогов"),
    ("KC-2", "need", "premises", "Ищу помещение под фотостудию"),
    ("KC-3", "need", "materials", "Ищем керамическую посуду ручной работы на реализацию"),
    ("KC-3", "offer", "sales_channel", "Берём изделия мастеров на реализацию"),
]


@pytest.fixture
def region(tmp_path: Path, resident: User) -> Member:
    """Return a member without an external id (joined through the site) beside three imported."""
    members = tmp_path / "members.csv"
    members.write_text(
        ",".join(MEMBER_COLUMNS)
        + "\n"
        + "".join(
            f"{i},{name},resident,{town},,,,1,,{about}\n" for i, name, town, about in MEMBERS
        ),
        encoding="utf-8",
    )
    resources = tmp_path / "resources.csv"
    resources.write_text(
        ",".join(RESOURCE_COLUMNS) + "\n" + "".join(",".join(row) + "\n" for row in ITEMS),
        encoding="utf-8",
    )
    import_csv(members, resources)
    member = resident.member
    ResourceItem.objects.create(
        member=member, direction="offer", type="premises", text="Сдаём помещение под фотостудию"
    )
    do_record_change(member.pk)
    return member


def run(*args: str) -> str:
    out = StringIO()
    call_command("match", *args, stdout=out)
    return out.getvalue()


def test_json_lists_partners_best_first_by_the_agencys_ids(region: Member) -> None:
    matches = json.loads(run("--member", "KC-2", "--top", "5", "--format", "json"))

    assert {match["partner"] for match in matches} == {"KC-1", region.pk}
    for match in matches:
        assert set(match) == {"partner", "score", "reasons"}
        assert isinstance(match["score"], float)
        assert match["reasons"]
        assert all(isinstance(reason, str) for reason in match["reasons"])
    scores = [match["score"] for match in matches]
    assert scores == sorted(scores, reverse=True)
    pottery = next(match for match in matches if match["partner"] == "KC-1")
    assert "Нужен фотограф для каталога керамики" in " ".join(pottery["reasons"])


def test_a_member_without_an_external_id_is_named_by_its_primary_key(region: Member) -> None:
    matches = json.loads(run("--member", str(region.pk), "--format", "json"))
    assert [match["partner"] for match in matches] == ["KC-2"]


def test_top_limits_the_number_of_partners(region: Member) -> None:
    assert len(json.loads(run("--member", "KC-2", "--top", "1", "--format", "json"))) == 1


def test_the_table_shows_id_name_town_score_and_first_reason(region: Member) -> None:
    output = run("--member", "KC-1", "--format", "table")
    _header, *rows = output.splitlines()
    assert [row.split()[0] for row in rows] == ["KC-3", "KC-2"]
    photo = rows[1]
    for fragment in ("Фотостудия «Полярный свет»", "Апатиты", "Нужен фотограф", "↔"):
        assert fragment in photo


@pytest.mark.parametrize("member_id", ["KC-404", "999999"])
def test_an_unknown_member_is_an_error_naming_the_id(region: Member, member_id: str) -> None:
    with pytest.raises(CommandError, match=member_id):
        run("--member", member_id)


def test_an_imported_member_is_not_found_by_its_primary_key(region: Member) -> None:
    imported = Member.objects.get(external_id="KC-1")
    with pytest.raises(CommandError):
        run("--member", str(imported.pk))


@pytest.mark.slow  # ranks everyone in compiled loops: the first run compiles them
def test_all_writes_one_json_line_per_member(region: Member, tmp_path: Path) -> None:
    out = tmp_path / "matches.jsonl"

    run("--all", "--top", "3", "--out", str(out))

    lines = [json.loads(line) for line in out.read_text(encoding="utf-8").splitlines()]
    assert sorted(str(line["member"]) for line in lines) == sorted(
        ["KC-1", "KC-2", "KC-3", str(region.pk)]
    )
    by_member = {line["member"]: line["matches"] for line in lines}
    assert by_member["KC-2"] == json.loads(
        run("--member", "KC-2", "--top", "3", "--format", "json")
    )


@pytest.mark.slow  # ranks everyone in compiled loops: the first run compiles them
def test_all_gives_the_same_lines_with_one_worker_or_two(region: Member, tmp_path: Path) -> None:
    one, two = tmp_path / "one.jsonl", tmp_path / "two.jsonl"

    run("--all", "--workers", "1", "--out", str(one))
    run("--all", "--workers", "2", "--out", str(two))

    assert one.read_text(encoding="utf-8") == two.read_text(encoding="utf-8")
    assert len(one.read_text(encoding="utf-8").splitlines()) == 4


def test_all_refuses_no_workers(region: Member) -> None:
    with pytest.raises(CommandError, match="--workers"):
        run("--all", "--workers", "0")
