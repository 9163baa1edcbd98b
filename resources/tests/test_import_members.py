from __future__ import annotations

import csv
from datetime import date
from io import StringIO
from pathlib import Path

import openpyxl
import pytest
from django.core.management import call_command
from django.core.management.base import CommandError

from members.models import JobsRecord, Member, User
from resources.importing import (
    MEMBER_COLUMNS,
    RESOURCE_COLUMNS,
    ImportRejected,
    import_csv,
    import_xlsx,
    placeholder_email,
)
from resources.models import ResourceChange, ResourceItem

pytestmark = pytest.mark.django_db

IP_INN = "510302145644"  # valid, 12 digits
OOO_INN = "5118004577"  # valid, 10 digits


def member_row(**values: str) -> dict[str, str]:
    row = {
        "id": "KC-001",
        "name": "Гончарная мастерская «Хибинская глина»",
        "role": "резидент",
        "town": "кировск",
        "industries": "народные художественные промыслы и ремесла;PHOTOGRAPHY",
        "legal_form": "ИП",
        "inn": IP_INN,
        "jobs": "3",
        "email": "",
        "about": "Лепим посуду из местной глины.",
    }
    row.update(values)
    return row


def item_row(**values: str) -> dict[str, str]:
    row = {
        "member_id": "KC-001",
        "direction": "offer",
        "type": "knowledge",
        "text": "Мастер-классы",
    }
    row.update(values)
    return row


def write_csv(
    path: Path,
    rows: list[dict[str, str]],
    columns: tuple[str, ...] | list[str],
    encoding: str = "utf-8",
    delimiter: str = ",",
) -> Path:
    with path.open("w", encoding=encoding, newline="") as file:
        writer = csv.DictWriter(file, fieldnames=list(columns), delimiter=delimiter)
        writer.writeheader()
        writer.writerows(rows)
    return path


def files(
    tmp_path: Path, members: list[dict[str, str]], items: list[dict[str, str]] | None = None
) -> tuple[Path, Path | None]:
    members_path = write_csv(tmp_path / "members.csv", members, MEMBER_COLUMNS)
    if items is None:
        return members_path, None
    return members_path, write_csv(tmp_path / "resources.csv", items, RESOURCE_COLUMNS)


def counts() -> dict[str, int]:
    return {
        model.__name__: model.objects.count()
        for model in (User, Member, JobsRecord, ResourceItem, ResourceChange)
    }


def run_import(paths: tuple[Path, Path | None]) -> str:
    members, resources = paths
    args = ["--members", str(members)] + (["--resources", str(resources)] if resources else [])
    out = StringIO()
    call_command("import_members", *args, stdout=out)
    return out.getvalue()


def test_it_creates_members_and_items_with_towns_and_industries_named_in_either_language(
    tmp_path: Path,
) -> None:
    members = [
        member_row(),
        member_row(
            id="KC-002",
            name="ООО «Северный сувенир»",
            role="partner;Продюсер",
            town="MURMANSK",
            industries="Дизайн; galleries and the art market",
            legal_form="ооо",
            inn=OOO_INN,
            jobs="",
            email="Shop@Example.ru",
        ),
        member_row(id="KC-003", name="Фотостудия", town="apatity", legal_form="", inn=""),
    ]
    items = [
        item_row(),
        item_row(direction="need", type="skill", text="Нужен фотограф для каталога"),
        item_row(member_id="KC-002", type="Sales channel", text="Берём изделия на реализацию"),
    ]

    output = run_import(files(tmp_path, members, items))

    assert "3" in output
    assert "0" in output
    pottery = Member.objects.get(external_id="KC-001")
    assert pottery.town.slug == "kirovsk"
    assert {i.slug for i in pottery.industries.all()} == {"folk-crafts", "photography"}
    assert (pottery.legal_form, pottery.inn, pottery.jobs, pottery.kind) == (
        "ip",
        IP_INN,
        3,
        "person",
    )
    assert pottery.is_resident
    assert not pottery.is_partner
    assert pottery.user.is_resident
    assert pottery.user.email == placeholder_email("KC-001")
    assert not pottery.user.has_usable_password()
    assert "глина" in pottery.search_text
    shop = Member.objects.get(external_id="KC-002")
    assert shop.town.slug == "murmansk"
    assert {i.slug for i in shop.industries.all()} == {"design", "art-galleries"}
    assert (shop.kind, shop.jobs, shop.user.email) == ("organisation", 1, "shop@example.ru")
    assert shop.is_partner
    assert shop.is_producer
    assert shop.user.is_producer
    assert Member.objects.get(external_id="KC-003").legal_form == "none"
    assert sorted(pottery.resource_items.values_list("direction", "type")) == [
        ("need", "skill"),
        ("offer", "knowledge"),
    ]
    assert shop.resource_items.get().type == "sales_channel"
    assert JobsRecord.objects.count() == 3
    assert set(ResourceChange.objects.values_list("member_id", flat=True)) == set(
        Member.objects.values_list("pk", flat=True)
    )


def test_it_reads_excel_csv_with_a_bom_and_semicolons(tmp_path: Path) -> None:
    path = write_csv(
        tmp_path / "members.csv", [member_row()], MEMBER_COLUMNS, "utf-8-sig", delimiter=";"
    )
    run_import((path, None))
    assert Member.objects.get(external_id="KC-001").industries.count() == 2


def test_reimporting_the_same_ids_updates_members_without_duplicating_them(
    tmp_path: Path,
) -> None:
    items = [item_row(), item_row(text="Обжиг в печи"), item_row(member_id="KC-002")]
    run_import(files(tmp_path, [member_row(), member_row(id="KC-002", name="Фото")], items))
    before = counts()

    changed = member_row(
        name="Мастерская «Глина»", town="Апатиты", industries="Design", jobs="5", role="partner"
    )
    output = run_import(
        files(tmp_path, [changed, member_row(id="KC-002", name="Фото")], [item_row(text="Новое")])
    )

    assert "2" in output
    after = counts()
    assert after["Member"] == before["Member"]
    assert after["User"] == before["User"]
    assert after["JobsRecord"] == before["JobsRecord"] + 1  # only KC-001's jobs changed
    member = Member.objects.get(external_id="KC-001")
    assert (member.display_name, member.town.slug, member.jobs) == (
        "Мастерская «Глина»",
        "apatity",
        5,
    )
    assert [i.slug for i in member.industries.all()] == ["design"]
    assert (member.is_resident, member.is_partner) == (False, True)
    assert (member.user.is_resident, member.user.is_partner) == (False, True)
    assert "мастерская" in member.search_text
    # The map of a member named in resources.csv is replaced; other maps stay as they were.
    assert list(member.resource_items.values_list("text", flat=True)) == ["Новое"]
    assert Member.objects.get(external_id="KC-002").resource_items.count() == 1


def test_it_adopts_the_profile_of_someone_who_joined_through_the_site(
    tmp_path: Path, resident: User
) -> None:
    run_import(files(tmp_path, [member_row(email="Resident@example.org")]))
    resident.member.refresh_from_db()
    assert resident.member.external_id == "KC-001"
    assert Member.objects.count() == 1


def test_resources_may_name_members_imported_earlier(tmp_path: Path) -> None:
    run_import(files(tmp_path, [member_row()]))
    resources = write_csv(tmp_path / "more.csv", [item_row(text="Глина")], RESOURCE_COLUMNS)
    members = write_csv(tmp_path / "none.csv", [], MEMBER_COLUMNS)
    run_import((members, resources))
    assert Member.objects.get(external_id="KC-001").resource_items.get().text == "Глина"


def test_it_imports_a_workbook_with_members_and_resources_sheets(tmp_path: Path) -> None:
    workbook = openpyxl.Workbook()
    members = workbook.active
    assert members is not None
    members.title = "members"
    members.append(list(MEMBER_COLUMNS))
    # Spreadsheets store ids, ИНН and jobs typed in cells as numbers.
    members.append(
        [101, "Ателье", "resident", "Lovozero", "Мода", "ip", int(IP_INN), 2.0, None, ""]
    )
    resources = workbook.create_sheet("Resources")
    resources.append(list(RESOURCE_COLUMNS))
    resources.append([101, "need", "materials", "Сукно для пошива"])
    path = tmp_path / "cluster.xlsx"
    workbook.save(path)

    call_command("import_members", "--xlsx", str(path))

    member = Member.objects.get(external_id="101")
    assert (member.town.slug, member.inn, member.jobs) == ("lovozero", IP_INN, 2)
    assert member.resource_items.get().text == "Сукно для пошива"


def test_a_workbook_error_names_the_sheet_and_row(tmp_path: Path) -> None:
    workbook = openpyxl.Workbook()
    sheet = workbook.active
    assert sheet is not None
    sheet.title = "members"
    sheet.append(list(MEMBER_COLUMNS))
    sheet.append(["1", "Ателье", "resident", "Атлантида", "", "", "", "", "", ""])
    path = tmp_path / "cluster.xlsx"
    workbook.save(path)

    with pytest.raises(ImportRejected) as rejected:
        import_xlsx(path)
    [error] = rejected.value.errors
    assert "cluster.xlsx" in error.source
    assert "members" in error.source
    assert (error.line, "Атлантида" in error.reason) == (2, True)
    assert not Member.objects.exists()


BAD_INPUTS = [
    # members rows, resource rows, the (file, line) of each problem, the offending value
    pytest.param(
        [member_row(), member_row(id="KC-2", town="Атлантида")],
        None,
        [("members.csv", 3)],
        "Атлантида",
        id="unknown town",
    ),
    pytest.param(
        [member_row(industries="Дизайн;Балет на льду")],
        None,
        [("members.csv", 2)],
        "Балет на льду",
        id="unknown industry",
    ),
    pytest.param(
        [member_row(), member_row(name="Другая")],
        None,
        [("members.csv", 3)],
        "KC-001",
        id="duplicate ids",
    ),
    pytest.param(
        [member_row(inn="510302145645")],
        None,
        [("members.csv", 2)],
        "510302145645",
        id="invalid inn",
    ),
    pytest.param(
        [member_row(inn=OOO_INN)],
        None,
        [("members.csv", 2)],
        OOO_INN,
        id="organisation inn for a sole proprietor",
    ),
    pytest.param(
        [member_row(role="директор")], None, [("members.csv", 2)], "директор", id="unknown role"
    ),
    pytest.param(
        [member_row(legal_form="ГУП")], None, [("members.csv", 2)], "ГУП", id="unknown legal form"
    ),
    pytest.param([member_row(jobs="-3")], None, [("members.csv", 2)], "-3", id="negative jobs"),
    pytest.param(
        [member_row(email="not-an-email")],
        None,
        [("members.csv", 2)],
        "not-an-email",
        id="invalid email",
    ),
    pytest.param(
        [member_row()],
        [item_row(), item_row(member_id="KC-999")],
        [("resources.csv", 3)],
        "KC-999",
        id="resource for unknown member",
    ),
    pytest.param([member_row()], [item_row(text="")], [("resources.csv", 2)], "", id="empty text"),
    pytest.param(
        [member_row()],
        [item_row(text="я" * 5000)],
        [("resources.csv", 2)],
        "5000",
        id="5,000-character text",
    ),
    pytest.param(
        [member_row()], [item_row(type="tool")], [("resources.csv", 2)], "tool", id="unknown type"
    ),
    pytest.param(
        [member_row()],
        [item_row(direction="give")],
        [("resources.csv", 2)],
        "give",
        id="unknown direction",
    ),
    pytest.param(
        [member_row(town="Атлантида"), member_row(id="KC-2", inn="1")],
        [item_row(type="tool"), item_row(member_id="KC-3")],
        [("members.csv", 2), ("members.csv", 3), ("resources.csv", 2), ("resources.csv", 3)],
        "Атлантида",
        id="every problem at once",
    ),
]


@pytest.mark.parametrize(("members", "items", "expected", "value"), BAD_INPUTS)
def test_bad_input_is_rejected_with_file_line_and_reason_and_nothing_changes(
    members: list[dict[str, str]],
    items: list[dict[str, str]] | None,
    expected: list[tuple[str, int]],
    value: str,
    tmp_path: Path,
    resident: User,
) -> None:
    before = counts()
    with pytest.raises(ImportRejected) as rejected:
        import_csv(*files(tmp_path, members, items))
    assert [(e.source, e.line) for e in rejected.value.errors] == expected
    assert value in " ".join(e.reason for e in rejected.value.errors)
    assert counts() == before


def test_lines_are_counted_as_spreadsheet_rows_even_with_line_breaks_in_a_cell(
    tmp_path: Path,
) -> None:
    members = [member_row(about="Первая строка\nвторая строка"), member_row(id="2", town="Марс")]
    with pytest.raises(ImportRejected) as rejected:
        import_csv(*files(tmp_path, members))
    assert [(e.source, e.line) for e in rejected.value.errors] == [("members.csv", 3)]


def test_an_unclosed_quote_is_named_on_the_line_where_it_opens(tmp_path: Path) -> None:
    rows = [member_row(), member_row(id="KC-002")]
    path = write_csv(tmp_path / "members.csv", rows, MEMBER_COLUMNS)
    lines = path.read_text(encoding="utf-8").splitlines(keepends=True)
    lines[2] = lines[2].replace("Гончарная", '"Гончарная', 1)  # the second member's name
    path.write_text("".join(lines), encoding="utf-8")
    before = counts()
    with pytest.raises(ImportRejected) as rejected:
        import_csv(path, None)
    [error] = rejected.value.errors
    assert error.line == 3
    assert "не закрыта" in error.reason
    assert counts() == before


def test_an_email_of_another_imported_member_is_rejected(tmp_path: Path) -> None:
    run_import(files(tmp_path, [member_row(email="a@example.ru")]))
    before = counts()
    with pytest.raises(ImportRejected) as rejected:
        import_csv(*files(tmp_path, [member_row(id="KC-002", email="a@example.ru")]))
    assert [(e.line, "KC-001" in e.reason) for e in rejected.value.errors] == [(2, True)]
    assert counts() == before


def test_wrong_columns_are_rejected_naming_them(tmp_path: Path) -> None:
    columns = [c for c in MEMBER_COLUMNS if c != "about"] + ["phone"]
    row = {**{c: v for c, v in member_row().items() if c != "about"}, "phone": "+7"}
    path = write_csv(tmp_path / "members.csv", [row], columns)
    with pytest.raises(ImportRejected) as rejected:
        import_csv(path)
    [error] = rejected.value.errors
    assert (error.source, error.line) == ("members.csv", 1)
    assert "about" in error.reason
    assert "phone" in error.reason


def test_a_file_in_another_encoding_is_rejected(tmp_path: Path, resident: User) -> None:
    path = write_csv(tmp_path / "members.csv", [member_row()], MEMBER_COLUMNS, "cp1251")
    before = counts()
    with pytest.raises(ImportRejected) as rejected:
        import_csv(path)
    assert [(e.source, e.line) for e in rejected.value.errors] == [("members.csv", None)]
    assert "UTF-8" in rejected.value.errors[0].reason
    assert counts() == before


def test_the_command_fails_with_every_problem_and_writes_nothing(tmp_path: Path) -> None:
    members = [member_row(town="Атлантида"), member_row(id="KC-2", industries="Балет")]
    paths = files(tmp_path, members, [item_row(member_id="KC-404")])
    with pytest.raises(CommandError) as error:
        run_import(paths)
    message = str(error.value)
    assert error.value.returncode == 1
    for fragment in ("members.csv", "resources.csv", "Атлантида", "Балет", "KC-404"):
        assert fragment in message
    assert not Member.objects.exists()


def test_only_the_first_fifty_problems_are_listed(tmp_path: Path) -> None:
    members = [member_row(id=str(n), town="Марс") for n in range(60)]
    with pytest.raises(ImportRejected) as rejected:
        import_csv(*files(tmp_path, members))
    assert (len(rejected.value.errors), rejected.value.total) == (50, 60)


WITH_DATE = (*MEMBER_COLUMNS, "registered_on")


def test_the_registration_date_is_optional_and_read_in_either_format(tmp_path: Path) -> None:
    rows = [
        member_row(id="KC-1", registered_on="18.04.2022"),
        member_row(id="KC-2", registered_on="2023-11-05"),
        member_row(id="KC-3", registered_on=""),
    ]
    import_csv(write_csv(tmp_path / "members.csv", rows, WITH_DATE))
    dates = dict(Member.objects.values_list("external_id", "registered_on"))
    assert dates == {"KC-1": date(2022, 4, 18), "KC-2": date(2023, 11, 5), "KC-3": None}
    # Without the column, or with an empty cell, the profile keeps its date.
    import_csv(*files(tmp_path, [member_row(id="KC-1", jobs="4")]))
    rows = [
        member_row(id="KC-2", registered_on=""),
        member_row(id="KC-3", registered_on="1.2.2020"),
    ]
    import_csv(write_csv(tmp_path / "members.csv", rows, WITH_DATE))
    dates = dict(Member.objects.values_list("external_id", "registered_on"))
    assert dates == {"KC-1": date(2022, 4, 18), "KC-2": date(2023, 11, 5), "KC-3": date(2020, 2, 1)}
    assert Member.objects.get(external_id="KC-1").jobs == 4


@pytest.mark.parametrize("written", ["31.02.2022", "2022/04/18", "18 апреля 2022", "2099-01-01"])
def test_a_bad_registration_date_is_rejected_with_its_line(tmp_path: Path, written: str) -> None:
    rows = [member_row(id="KC-1"), member_row(id="KC-2", registered_on=written)]
    before = counts()
    with pytest.raises(ImportRejected) as rejected:
        import_csv(write_csv(tmp_path / "members.csv", rows, WITH_DATE))
    [error] = rejected.value.errors
    assert (error.source, error.line) == ("members.csv", 3)
    assert written in error.reason
    assert counts() == before


def test_wrong_columns_name_the_optional_one_too(tmp_path: Path) -> None:
    columns = [*MEMBER_COLUMNS, "registered"]
    path = write_csv(tmp_path / "members.csv", [member_row(registered="2022-01-01")], columns)
    with pytest.raises(ImportRejected) as rejected:
        import_csv(path)
    [error] = rejected.value.errors
    assert "registered_on" in error.reason  # the column it may have
    assert error.reason.count("registered") == 2  # and the one it has


def test_a_workbook_date_cell_is_a_registration_date(tmp_path: Path) -> None:
    workbook = openpyxl.Workbook()
    sheet = workbook.active
    assert sheet is not None
    sheet.title = "members"
    sheet.append(list(WITH_DATE))
    sheet.append(["1", "Ателье", "resident", "Кировск", "", "ip", "", 1, "", "", date(2021, 3, 9)])
    path = tmp_path / "cluster.xlsx"
    workbook.save(path)
    import_xlsx(path)
    assert Member.objects.get(external_id="1").registered_on == date(2021, 3, 9)


def test_the_example_files_of_the_readme_import(tmp_path: Path) -> None:
    example = Path(__file__).resolve().parents[2] / "docs" / "import-example"
    result = import_csv(example / "members.csv", example / "resources.csv")
    assert result.created == Member.objects.count() > 0
    assert Member.objects.get(external_id="KC-001").registered_on == date(2022, 4, 18)
