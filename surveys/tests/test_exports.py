"""Survey exports: the XLSX opened and read cell by cell, the CSV parsed back, an anonymous
survey's files checked for anything that could identify a person."""

from __future__ import annotations

import csv
import io
from collections.abc import Callable
from typing import Any

import pytest
from django.test import Client
from django.urls import reverse
from openpyxl import load_workbook
from openpyxl.workbook.workbook import Workbook

from core.models import BackgroundJob, Industry, JobStatus, Town
from members.models import User
from surveys import exports
from surveys.exports import Column, Respondent, answers_table, cell_value, csv_text_value
from surveys.models import QuestionKind, Survey
from surveys.tests.results_factories import (
    add_question,
    make_survey,
    needs_question,
    obstacle_question,
    respond,
)

pytestmark = pytest.mark.django_db

NEEDS = Column(1, "Нужды", QuestionKind.MULTIPLE, {"premises": "Помещение", "sales": "Продажи"})


def test_a_cell_says_the_answer_as_people_read_it() -> None:
    assert cell_value(NEEDS, []) is None
    chosen = [("sales", None, ""), ("other", None, "Сушилка"), ("premises", None, "")]
    assert cell_value(NEEDS, chosen) == "Помещение; Продажи; Другое: Сушилка"
    single = Column(2, "Что мешает?", QuestionKind.SINGLE, {"no_money": "Нет денег"})
    assert cell_value(single, [("no_money", None, "")]) == "Нет денег"
    assert cell_value(single, [("gone", None, "")]) == "gone"  # an option removed since
    assert cell_value(Column(3, "", QuestionKind.YES_NO), [("yes", None, "")]) == "Да"
    assert cell_value(Column(4, "", QuestionKind.NUMBER), [("", 40.0, "")]) == 40
    assert cell_value(Column(4, "", QuestionKind.NUMBER), [("", 2.5, "")]) == 2.5
    assert cell_value(Column(5, "", QuestionKind.LONG_TEXT), [("", None, "Склад")]) == "Склад"


def test_a_csv_text_that_looks_like_a_formula_is_defused() -> None:
    assert csv_text_value("=HYPERLINK(1)") == "'=HYPERLINK(1)"
    assert csv_text_value("-нет") == "'-нет"
    assert csv_text_value("Нет") == "Нет"
    assert csv_text_value(-3) == "-3"  # numbers are numbers
    assert csv_text_value(2.5) == "2,5"
    assert csv_text_value(None) == ""


def test_anonymous_rows_are_shuffled_and_say_nobody() -> None:
    people = [Respondent("Анна", "Кировск", {1: [("sales", None, "")]}) for _ in range(20)]
    for number, person in enumerate(people):
        person.answers[9] = [("", float(number), "")]
    columns = [NEEDS, Column(9, "Сколько?", QuestionKind.NUMBER)]
    named = answers_table(columns, people, named=True)
    assert named.header == ["Участник", "Город", "Нужды", "Сколько?"]
    assert [row[3] for row in named.rows] == list(range(20))
    anonymous = answers_table(columns, people, named=False)
    assert anonymous.header == ["Нужды", "Сколько?"]
    assert all(row[0] == "Продажи" for row in anonymous.rows)
    assert sorted(row[1] for row in anonymous.rows) == list(range(20))  # type: ignore[type-var]
    assert [row[1] for row in anonymous.rows] != list(range(20))  # 1 chance in 20!


# --- Through the pages, on a small hand-made survey ------------------------------------------


@pytest.fixture
def survey(
    resident: User, producer: User, town: Town, other_town: Town, industry: Industry
) -> Survey:
    return _survey(False, resident, producer, town, other_town, industry)


def _survey(
    anonymous: bool,
    resident: User,
    producer: User,
    town: Town,
    other_town: Town,
    industry: Industry,
) -> Survey:
    survey = make_survey(anonymous=anonymous)
    needs = needs_question(survey, position=1)
    obstacle = obstacle_question(survey, position=2)
    area = add_question(survey, QuestionKind.NUMBER, "Площадь, м²", position=3)
    useful = add_question(
        survey, QuestionKind.SCALE, "Польза", position=4, scale_min=1, scale_max=5
    )
    hire = add_question(survey, QuestionKind.YES_NO, "Наймёте?", position=5)
    words = add_question(survey, QuestionKind.LONG_TEXT, "Что ещё?", position=6)
    respond(
        survey,
        {
            needs: ["premises", "sales"],
            obstacle: "no_money",
            area: 40,
            useful: 4,
            hire: "yes",
            words: "=нужен склад",
        },
        town=town,
        industries=[industry],
        user=None if anonymous else resident,
    )
    respond(
        survey,
        {needs: ["sales", ("other", "Сушильная камера")], obstacle: "no_sales", hire: "no"},
        town=other_town,
        industries=[industry],
        roles=("resident", "producer"),
        user=None if anonymous else producer,
    )
    respond(survey, {needs: ["training"]}, town=town, status="draft")  # not sent: left out
    return survey


def _export(client: Client, survey: Survey, file_format: str, capture: Any) -> BackgroundJob:
    with capture(execute=True):
        response = client.post(
            reverse("surveys:export_start", args=[survey.pk]), {"format": file_format}
        )
    job = BackgroundJob.objects.get()
    assert response.status_code == 302
    assert response["Location"] == reverse("core:job", args=[job.pk])
    assert job.status == JobStatus.DONE, job.error
    return job


def _download(client: Client, job: BackgroundJob) -> bytes:
    response = client.get(reverse("core:job_download", args=[job.pk]))
    assert response.status_code == 200
    return b"".join(response.streaming_content)  # type: ignore[attr-defined]


def _rows(book: Workbook, title: str) -> list[tuple[Any, ...]]:
    return [row for row in book[title].iter_rows(values_only=True) if any(row)]


def _row(rows: list[tuple[Any, ...]], label: str, after: str = "") -> tuple[Any, ...]:
    start = next(i for i, row in enumerate(rows) if row[0] == after) if after else 0
    return next(row for row in rows[start:] if row[0] == label)


def test_the_named_xlsx_has_every_answer_and_the_breakdowns(
    survey: Survey,
    curator: User,
    login: Callable[[User | None], Client],
    django_capture_on_commit_callbacks: Any,
) -> None:
    client = login(curator)
    job = _export(client, survey, "xlsx", django_capture_on_commit_callbacks)
    assert job.result_name == f"survey-{survey.pk}-2026.xlsx"
    assert (job.done, job.total) == (5, 5)  # 2 responses and 3 breakdowns
    page = client.get(reverse("core:job", args=[job.pk])).content.decode()
    assert "Ответы на «Что нужно вашему делу?», XLSX" in page
    book = load_workbook(io.BytesIO(_download(client, job)))
    assert book.sheetnames == ["Ответы", "По городам", "По отраслям", "По ролям"]
    answers = list(book["Ответы"].iter_rows(values_only=True))
    assert answers[0] == (
        "Участник",
        "Город",
        "Что нужно вашему бизнесу?",
        "Что мешает?",
        "Площадь, м²",
        "Польза",
        "Наймёте?",
        "Что ещё?",
    )
    assert answers[1:] == [
        (
            "Гончарная мастерская «Хибины»",
            "Кировск",
            "Помещение; Каналы продаж",
            "Не хватает денег",
            40,
            4,
            "Да",
            "=нужен склад",  # a text, not a formula
        ),
        (
            "Продюсерский центр «Север»",
            "Мончегорск",
            "Каналы продаж; Другое: Сушильная камера",
            "Мало покупателей",
            None,
            None,
            "Нет",
            None,
        ),
    ]
    assert book["Ответы"]["H2"].data_type == "s"
    towns = _rows(book, "По городам")
    assert towns[0][:5] == (None, "Кировск", None, "Мончегорск", None)
    assert _row(towns, "Ответили")[1:5] == (1, None, 1, None)  # nobody invited
    assert _row(towns, "Помещение")[1:5] == (1, 1.0, 0, 0.0)
    assert _row(towns, "Каналы продаж")[1:5] == (1, 1.0, 1, 1.0)
    assert _row(towns, "Среднее", after="Площадь, м²")[1:4] == (40, None, None)
    sheet = book["По городам"]
    premises = next(c.row for c in sheet["A"] if c.value == "Помещение")
    assert sheet.cell(row=premises, column=3).number_format == "0%"  # a share, as a percentage
    roles = _rows(book, "По ролям")
    assert roles[1][:5] == (None, "Резиденты", None, "Продюсеры", None)
    assert _row(roles, "Помещение")[1:5] == (1, 0.5, 0, 0.0)
    assert "скрыто" not in {cell for row in towns for cell in row}  # named: all shown


def test_the_anonymous_xlsx_identifies_nobody_and_hides_small_cells(
    resident: User,
    producer: User,
    town: Town,
    other_town: Town,
    industry: Industry,
    curator: User,
    login: Callable[[User | None], Client],
    django_capture_on_commit_callbacks: Any,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    survey = _survey(True, resident, producer, town, other_town, industry)
    monkeypatch.setattr(exports, "_SHUFFLE", lambda rows: rows.reverse())
    client = login(curator)
    job = _export(client, survey, "xlsx", django_capture_on_commit_callbacks)
    book = load_workbook(io.BytesIO(_download(client, job)))
    answers = list(book["Ответы"].iter_rows(values_only=True))
    assert answers[0][0] == "Что нужно вашему бизнесу?"  # no person, no town columns
    # Reversed by the shuffle: the order is not the answering order.
    assert [row[0] for row in answers[1:]] == [
        "Каналы продаж; Другое: Сушильная камера",
        "Помещение; Каналы продаж",
    ]
    everything = {
        str(cell) for sheet in book for row in sheet.iter_rows(values_only=True) for cell in row
    }
    for identifying in (
        "Гончарная мастерская «Хибины»",
        "Продюсерский центр «Север»",
        "resident@example.org",
        "producer@example.org",
        "2026-",  # no dates
    ):
        assert not any(identifying in cell for cell in everything), identifying
    towns = _rows(book, "По городам")
    assert "анонимный" in towns[0][0]
    assert _row(towns, "Помещение")[1:5] == ("скрыто",) * 4
    assert str(book["По городам"].cell(row=1, column=1).value).startswith("Опрос анонимный")


def test_the_csv_opens_in_russian_excel(
    survey: Survey,
    curator: User,
    login: Callable[[User | None], Client],
    django_capture_on_commit_callbacks: Any,
) -> None:
    client = login(curator)
    job = _export(client, survey, "csv", django_capture_on_commit_callbacks)
    assert job.result_type == "text/csv; charset=utf-8"
    assert (job.done, job.total) == (2, 2)
    data = _download(client, job)
    assert data.startswith(b"\xef\xbb\xbf")
    text = data.decode("utf-8-sig")
    assert "\r\n" in text
    rows = list(csv.reader(io.StringIO(text, newline=""), delimiter=";"))
    assert rows[0][:3] == ["Участник", "Город", "Что нужно вашему бизнесу?"]
    assert rows[1] == [
        "Гончарная мастерская «Хибины»",
        "Кировск",
        "Помещение; Каналы продаж",
        "Не хватает денег",
        "40",
        "4",
        "Да",
        "'=нужен склад",
    ]
    assert rows[2][2] == "Каналы продаж; Другое: Сушильная камера"
    assert rows[2][4:6] == ["", ""]
    assert len(rows) == 3


def test_the_page_offers_both_files_and_lists_recent_exports(
    survey: Survey,
    curator: User,
    login: Callable[[User | None], Client],
    django_capture_on_commit_callbacks: Any,
) -> None:
    client = login(curator)
    page = client.get(reverse("surveys:exports", args=[survey.pk])).content.decode()
    assert "Выгрузить XLSX" in page
    assert "Выгрузить CSV" in page
    assert "2 ответа отправлено" in page
    assert 'data-test="recent-exports"' not in page
    job = _export(client, survey, "csv", django_capture_on_commit_callbacks)
    page = client.get(reverse("surveys:exports", args=[survey.pk])).content.decode()
    assert reverse("core:job", args=[job.pk]) in page


def test_an_unknown_format_starts_nothing(
    survey: Survey, curator: User, login: Callable[[User | None], Client]
) -> None:
    response = login(curator).post(
        reverse("surveys:export_start", args=[survey.pk]), {"format": "pdf"}, follow=True
    )
    assert "Выберите формат файла" in response.content.decode()
    assert not BackgroundJob.objects.exists()


def test_members_cannot_export(
    survey: Survey, resident: User, login: Callable[[User | None], Client]
) -> None:
    client = login(resident)
    url = reverse("surveys:export_start", args=[survey.pk])
    assert client.post(url, {"format": "xlsx"}).status_code == 404
    assert not BackgroundJob.objects.exists()


def test_a_deleted_survey_fails_the_job_in_words(
    survey: Survey, curator: User, django_capture_on_commit_callbacks: Any
) -> None:
    from core.jobs import start_job
    from surveys.tasks_exports import export_survey

    with django_capture_on_commit_callbacks(execute=True):
        job = start_job(
            curator, "surveys.export_csv", "t", export_survey, survey_id=0, file_format="csv"
        )
    job.refresh_from_db()
    assert job.status == JobStatus.FAILED
    assert job.error == "Опрос удалён."


def test_answers_are_read_in_constant_queries(
    survey: Survey, town: Town, django_assert_num_queries: Any
) -> None:
    def read() -> int:
        _columns, people = exports.read_answers(survey)
        return len(list(people))

    # Questions, sent responses with the person and town, answers.
    with django_assert_num_queries(3):
        assert read() == 2
    question = survey.questions.first()
    assert question is not None
    for _n in range(5):
        respond(survey, {question: ["sales"]}, town=town)
    with django_assert_num_queries(3):
        assert read() == 7
