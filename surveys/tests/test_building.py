"""The builder's rules: what a survey, a section and a question may be, and that once anyone
has answered only additions go through — every refusal leaving the object as it was."""

from __future__ import annotations

from datetime import timedelta
from typing import Any

import pytest
from django.forms.models import model_to_dict
from django.utils import timezone

from members.models import User
from surveys.models import BankQuestion, Question, Section, Survey
from surveys.ready import READY_SECTIONS
from surveys.services import (
    OptionData,
    QuestionData,
    SectionData,
    SurveyData,
    SurveyError,
    check_add_from_bank,
    check_add_question,
    check_add_section,
    check_copy_survey,
    check_create_survey,
    check_delete_question,
    check_delete_section,
    check_edit_question,
    check_edit_survey,
    check_move_question,
    check_move_section,
    check_save_to_bank,
)
from surveys.services.questions import slug_for
from surveys.tests.factories import add_question, add_response, make_survey, ready_survey

pytestmark = pytest.mark.django_db
TODAY = timezone.localdate()


def refused(code: str, call: Any, *args: Any) -> SurveyError:
    with pytest.raises(SurveyError) as error:
        call(*args)
    assert error.value.code == code
    return error.value


def snapshot(question: Question) -> dict[str, Any]:
    question.refresh_from_db()
    return model_to_dict(question)


def data_of(question: Question, **changes: Any) -> QuestionData:
    fields = {
        "kind": question.kind,
        "text": question.text,
        "help_text": question.help_text,
        "options": [OptionData(c["label"], c["value"], c["need"]) for c in question.choices],
        "allows_other": question.allows_other,
        "scale_min": question.scale_min,
        "scale_max": question.scale_max,
        "required": question.required,
        "show_if": question.show_if,
        "show_if_value": question.show_if_value,
    }
    return QuestionData(**{**fields, **changes})


def single(*labels: str, **changes: Any) -> QuestionData:
    fields = {"kind": "single", "text": "Что нужно?", **changes}
    return QuestionData(options=[OptionData(label) for label in labels], **fields)


def test_a_blank_survey_is_a_draft_with_one_section(curator: User) -> None:
    survey = check_create_survey(curator, SurveyData("Итоги года", TODAY, TODAY))
    assert survey.status == "draft"
    assert survey.created_by == curator
    assert list(survey.sections.values_list("position", flat=True)) == [1]


def test_it_refuses_a_survey_closing_before_it_opens(curator: User) -> None:
    error = refused(
        "closes_before_opening",
        check_create_survey,
        curator,
        SurveyData("Итоги", TODAY, TODAY - timedelta(days=1)),
    )
    assert error.field == "closes_on"
    assert not Survey.objects.exists()


def test_only_curators_build(resident: User) -> None:
    refused("not_allowed", check_create_survey, resident, SurveyData("Итоги", TODAY, TODAY))


def test_the_ready_copy_links_every_question_to_its_bank_entry_once(curator: User) -> None:
    first = ready_survey(curator)
    second = ready_survey(curator)
    codes = [q["code"] for s in READY_SECTIONS for q in s["questions"]]
    assert BankQuestion.objects.count() == len(codes)
    for survey in (first, second):
        questions = list(survey.questions.order_by("section__position", "position"))
        assert [q.bank_question.code for q in questions if q.bank_question] == codes
    hire = second.questions.get(bank_question__code="hire-how-many")
    assert hire.show_if is not None
    assert hire.show_if.survey_id == second.pk
    assert hire.show_if.bank_question is not None
    assert hire.show_if.bank_question.code == "plans-to-hire"
    assert hire.show_if_value == "yes"


def test_a_copy_of_an_earlier_survey_keeps_bank_links_and_skip_logic(curator: User) -> None:
    source = ready_survey(curator, target_roles=["resident"])
    copy = check_copy_survey(curator, source, TODAY, TODAY + timedelta(days=7))
    assert copy.copied_from == source
    assert copy.target_roles == ["resident"]
    pairs = lambda s: sorted(  # noqa: E731
        (q.bank_question_id, q.text, q.show_if.text if q.show_if else "") for q in s.questions.all()
    )
    assert pairs(copy) == pairs(source)
    assert not copy.questions.filter(show_if__survey=source).exists()
    assert copy.sections.count() == source.sections.count()


def test_values_are_slugs_of_labels_kept_once_made(curator: User) -> None:
    survey = make_survey(curator)
    section = survey.sections.get()
    question = check_add_question(curator, section, single("Помещение", "Обучение и курсы"))
    assert [c["value"] for c in question.choices] == ["pomeschenie", "obuchenie_i_kursy"]
    renamed = data_of(question)
    renamed.options[0].label = "Мастерская"
    renamed.options.append(OptionData("Другое"))
    question = check_edit_question(curator, question, renamed)
    assert [c["value"] for c in question.choices] == ["pomeschenie", "obuchenie_i_kursy", "drugoe"]
    assert question.choices[0]["label"] == "Мастерская"


def test_slugs_stay_unique_and_leave_other_free() -> None:
    assert slug_for("Other", set()) == "other_2"
    assert slug_for("Да", {"da"}) == "da_2"
    assert slug_for("!!!", set()) == "option"


@pytest.mark.parametrize(
    ("data", "code", "field"),
    [
        (single("Одно"), "two_options", "options"),
        (single("Одно", " одно "), "duplicate_option", "options"),
        (single("Одно", "Два", text=" "), "text_required", "text"),
        (QuestionData(kind="scale", text="Оценка", scale_min=1, scale_max=7), "scale", "scale"),
        (QuestionData(kind="scale", text="Оценка"), "scale", "scale"),
        (
            QuestionData(kind="number", text="Сколько", scale_min=10, scale_max=2),
            "bounds",
            "scale_max",
        ),
        (QuestionData(kind="dance", text="Что"), "unknown_kind", "kind"),
        (
            QuestionData(
                kind="single", text="Что", options=[OptionData("А", need="yacht"), OptionData("Б")]
            ),
            "unknown_need",
            "options",
        ),
    ],
)
def test_it_refuses_a_wrong_question(
    curator: User, data: QuestionData, code: str, field: str
) -> None:
    survey = make_survey(curator)
    error = refused(code, check_add_question, curator, survey.sections.get(), data)
    assert error.field == field
    assert not Question.objects.exists()


def test_the_number_may_be_bounded_on_one_side(curator: User) -> None:
    survey = make_survey(curator)
    data = QuestionData(kind="number", text="Сколько человек?", scale_min=0)
    question = check_add_question(curator, survey.sections.get(), data)
    assert (question.scale_min, question.scale_max) == (0, None)
    scale = QuestionData(kind="scale", text="Оценка", scale_min=0, scale_max=10, options=[])
    assert check_add_question(curator, survey.sections.get(), scale).scale_max == 10


def test_skip_logic_needs_an_earlier_question_with_options_and_its_value(curator: User) -> None:
    survey = make_survey(curator)
    section = survey.sections.get()
    choice = add_question(survey, "single")
    text = add_question(survey, "short_text")
    later = add_question(survey, "yes_no")
    other_survey = add_question(make_survey(curator), "yes_no")
    cases = [
        (QuestionData(kind="long_text", text="Почему?", show_if=text), "condition_question"),
        (
            QuestionData(kind="long_text", text="Почему?", show_if=choice, show_if_value="x"),
            "condition_value",
        ),
        (
            QuestionData(
                kind="long_text", text="Почему?", show_if=other_survey, show_if_value="yes"
            ),
            "condition_question",
        ),
    ]
    for data, code in cases:
        refused(code, check_add_question, curator, section, data)
    before = snapshot(choice)
    data = data_of(choice, show_if=later, show_if_value="yes")
    refused("condition_not_earlier", check_edit_question, curator, choice, data)
    refused(
        "condition_question",
        check_edit_question,
        curator,
        choice,
        data_of(choice, show_if=choice, show_if_value="o1"),
    )
    assert snapshot(choice) == before
    shown = check_add_question(
        curator,
        section,
        QuestionData(kind="long_text", text="Почему?", show_if=later, show_if_value="no"),
    )
    assert shown.show_if == later
    assert shown.position == 4


def test_a_question_cannot_move_before_the_one_it_depends_on(curator: User) -> None:
    survey = make_survey(curator)
    first = add_question(survey, "yes_no")
    second = add_question(survey, "short_text", show_if=first, show_if_value="yes")
    refused("order_breaks_condition", check_move_question, curator, second, -1)
    refused("order_breaks_condition", check_move_question, curator, first, 1)
    assert [first.pk, second.pk] == list(
        survey.questions.order_by("position").values_list("pk", flat=True)
    )


def test_questions_and_sections_move_up_and_down(curator: User) -> None:
    survey = make_survey(curator)
    a, b = add_question(survey, "short_text"), add_question(survey, "long_text")
    check_move_question(curator, b, -1)
    assert list(survey.questions.order_by("position").values_list("pk", flat=True)) == [b.pk, a.pk]
    second = check_add_section(curator, survey, SectionData("Планы"))
    check_move_question(curator, Question.objects.get(pk=a.pk), 1)
    assert Question.objects.get(pk=a.pk).section == second
    check_move_section(curator, second, -1)
    assert survey.sections.order_by("position").values_list("pk", flat=True).first() == second.pk


def test_a_dependency_keeps_its_option_and_its_question(curator: User) -> None:
    survey = make_survey(curator)
    choice = add_question(
        survey,
        "single",
        choices=[
            {"value": "a", "label": "А", "need": ""},
            {"value": "b", "label": "Б", "need": ""},
            {"value": "c", "label": "В", "need": ""},
        ],
    )
    add_question(survey, "short_text", show_if=choice, show_if_value="c")
    before = snapshot(choice)
    data = data_of(choice)
    data.options = data.options[:2]
    refused("has_dependants", check_edit_question, curator, choice, data)
    refused(
        "has_dependants", check_edit_question, curator, choice, data_of(choice, kind="short_text")
    )
    refused("has_dependants", check_delete_question, curator, choice)
    assert snapshot(choice) == before


def test_before_answers_anything_may_change_and_go(curator: User) -> None:
    survey = make_survey(curator)
    question = add_question(survey, "single", required=True)
    changed = check_edit_question(
        curator,
        question,
        data_of(question, kind="scale", text="Оцените", scale_min=0, scale_max=10, options=[]),
    )
    assert (changed.kind, changed.choices, changed.scale_max) == ("scale", [], 10)
    check_delete_question(curator, changed)
    extra = check_add_section(curator, survey, SectionData("Ещё"))
    check_delete_section(curator, extra)
    assert survey.sections.count() == 1
    assert not survey.questions.exists()
    refused("last_section", check_delete_section, curator, survey.sections.get())


@pytest.fixture
def answered(curator: User, resident: User) -> tuple[Survey, Question, Question]:
    survey = make_survey(curator, status="published", target_roles=["resident"])
    choice = add_question(survey, "multiple", allows_other=True, help_text="Все подходящие")
    scale = add_question(survey, "scale", required=False)
    add_response(survey, resident, submitted=False)  # even a draft response locks
    return survey, choice, scale


@pytest.mark.parametrize(
    ("change", "code", "field"),
    [
        ({"kind": "single"}, "kind_locked", "kind"),
        ({"text": "Другой вопрос?"}, "text_locked", "text"),
        ({"allows_other": False}, "other_removed", "allows_other"),
        ({"required": True}, "required_locked", "required"),
        ({"show_if_value": "o1", "show_if": "scale"}, "condition_question", "show_if"),
    ],
)
def test_with_answers_a_choice_question_only_grows(
    curator: User,
    answered: tuple[Survey, Question, Question],
    change: dict[str, Any],
    code: str,
    field: str,
) -> None:
    _survey, choice, scale = answered
    if change.get("show_if") == "scale":
        change["show_if"] = scale
    before = snapshot(choice)
    error = refused(code, check_edit_question, curator, choice, data_of(choice, **change))
    assert error.field == field
    assert snapshot(choice) == before


def test_with_answers_options_are_not_removed_nor_their_values_renamed(
    curator: User, answered: tuple[Survey, Question, Question]
) -> None:
    _survey, choice, _scale = answered
    before = snapshot(choice)
    fewer = data_of(choice)
    fewer.options = [*fewer.options[:1], OptionData("Новый вариант")]
    refused("option_removed", check_edit_question, curator, choice, fewer)
    renamed = data_of(choice)
    renamed.options[0].value = "brand_new"
    refused("option_removed", check_edit_question, curator, choice, renamed)
    assert snapshot(choice) == before


def test_with_answers_the_scale_and_skip_logic_stay(
    curator: User, resident: User, answered: tuple[Survey, Question, Question]
) -> None:
    _survey, choice, scale = answered
    before = snapshot(scale)
    data = data_of(scale, scale_min=0, scale_max=10)
    refused("bounds_locked", check_edit_question, curator, scale, data)
    refused(
        "condition_locked",
        check_edit_question,
        curator,
        scale,
        data_of(scale, show_if=choice, show_if_value="o1"),
    )
    assert snapshot(scale) == before


def test_with_answers_nothing_is_deleted_and_anonymity_stays(
    curator: User, answered: tuple[Survey, Question, Question]
) -> None:
    survey, choice, _scale = answered
    refused("answered", check_delete_question, curator, choice)
    refused("answered", check_delete_section, curator, choice.section)
    data = SurveyData(survey.title, survey.opens_on, survey.closes_on, "", is_anonymous=True)
    error = refused("anonymity_locked", check_edit_survey, curator, survey, data)
    assert error.kind == "conflict"
    survey.refresh_from_db()
    assert not survey.is_anonymous
    assert survey.questions.count() == 2
    assert Section.objects.filter(survey=survey).count() == 1


def test_with_answers_additions_go_through(
    curator: User, answered: tuple[Survey, Question, Question]
) -> None:
    survey, choice, _scale = answered
    grown = data_of(choice, help_text="Отметьте всё, что нужно")
    grown.options.append(OptionData("Склад", need="premises"))
    grown.options[0].label = "Да, очень"
    saved = check_edit_question(curator, choice, grown)
    assert [c["value"] for c in saved.choices] == ["o1", "o2", "sklad"]
    assert saved.choices[2]["need"] == "premises"
    section = check_add_section(curator, survey, SectionData("Дополнительно"))
    added = check_add_question(curator, section, QuestionData(kind="long_text", text="Что ещё?"))
    assert added.section == section
    edited = check_edit_survey(
        curator, survey, SurveyData("Новое имя", survey.opens_on, survey.closes_on, "Введение")
    )
    assert edited.description == "Введение"


def test_with_answers_a_new_question_is_optional(
    curator: User, answered: tuple[Survey, Question, Question]
) -> None:
    survey, *_ = answered
    data = QuestionData(kind="long_text", text="Что ещё?", required=True)
    error = refused(
        "required_after_answers", check_add_question, curator, survey.sections.get(), data
    )
    assert error.field == "required"
    assert survey.questions.count() == 2


def test_the_bank_gives_and_takes_questions(curator: User) -> None:
    survey = make_survey(curator)
    question = add_question(survey, "single", text="Сколько лет вашему делу?")
    bank = check_save_to_bank(curator, question)
    assert bank.code == "skolko-let-vashemu-delu"
    assert question.bank_question == bank
    refused("already_in_bank", check_save_to_bank, curator, question)
    other = make_survey(curator)
    taken = check_add_from_bank(curator, other.sections.get(), bank)
    assert taken.bank_question == bank
    assert taken.choices == bank.choices
    again = check_save_to_bank(curator, add_question(other, "short_text", text=question.text))
    assert again.code == "skolko-let-vashemu-delu-2"
