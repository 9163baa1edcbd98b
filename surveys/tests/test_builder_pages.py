"""The curators' builder pages: what each shows, what each form does and refuses, and the
list's constant number of queries."""

from __future__ import annotations

from collections.abc import Callable
from datetime import timedelta
from typing import Any

import pytest
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from core.models import Notification, Town
from members.models import User
from surveys.models import BankQuestion, Invitation, Question, Survey
from surveys.tests.factories import add_question, add_response, make_survey, ready_survey

pytestmark = pytest.mark.django_db
Login = Callable[[User | None], Client]
TODAY = timezone.localdate()


def url(name: str, *args: Any) -> str:
    return reverse(f"surveys:{name}", args=args)


def page(response: Any) -> str:
    return str(response.content.decode())


@pytest.mark.parametrize("n", [10, 50])
def test_the_list_runs_constant_queries(
    n: int, curator: User, resident: User, login: Login, django_assert_num_queries: Any
) -> None:
    for number in range(n):
        survey = make_survey(curator, status="published" if number % 2 else "draft")
        Invitation.objects.create(survey=survey, user=resident, answered=bool(number % 3))
    client = login(curator)
    # session, user (2); the count of surveys for the pages, the page's surveys with their
    # three counts in subqueries (2); unread notifications and the cluster's settings of the
    # base page (2).
    with django_assert_num_queries(6):
        response = client.get(url("builder"))
    assert page(response).count('data-test="survey"') == min(n, 20)
    # "surveys:builder" pages 20 a time; the counts stay the same on every page.


def test_the_list_shows_states_counts_and_rate(
    curator: User, resident: User, producer: User, login: Login
) -> None:
    sent = make_survey(curator, title="Итоги года", status="published")
    Invitation.objects.create(survey=sent, user=resident)
    Invitation.objects.create(survey=sent, user=producer)
    add_response(sent, resident)
    make_survey(curator, title="Набросок")
    make_survey(
        curator,
        title="Прошлый год",
        status="published",
        opens_on=TODAY - timedelta(days=30),
        closes_on=TODAY - timedelta(days=1),
    )
    html = page(login(curator).get(url("builder")))
    assert 'data-test="rate">ответили 50%<' in html
    assert html.count('data-state="open"') == 1
    assert html.count('data-state="closed"') == 1
    drafts = page(login(curator).get(url("builder") + "?state=draft"))
    assert "Набросок" in drafts
    assert "Итоги года" not in drafts
    closed = page(login(curator).get(url("builder") + "?state=closed"))
    assert "Прошлый год" in closed
    assert "Набросок" not in closed


def test_a_curator_copies_the_ready_questionnaire(curator: User, login: Login) -> None:
    data = {"start": "ready", "opens_on": TODAY, "closes_on": TODAY + timedelta(days=14)}
    response = login(curator).post(url("builder_new"), data)
    survey = Survey.objects.get()
    assert response.status_code == 302
    assert response["Location"] == url("builder_survey", survey.pk)
    assert survey.questions.filter(bank_question__isnull=False).count() == 9
    html = page(login(curator).get(url("builder_survey", survey.pk)))
    assert "Что нужно вашему бизнесу в этом году?" in html
    assert html.count('data-test="question"') == 9
    assert 'data-test="condition"' in html


def test_the_new_survey_form_says_what_is_missing(curator: User, login: Login) -> None:
    data = {"start": "copy", "opens_on": TODAY, "closes_on": TODAY - timedelta(days=1)}
    response = login(curator).post(url("builder_new"), data)
    assert response.status_code == 422
    assert "Выберите опрос, который нужно скопировать." in page(response)
    blank = login(curator).post(url("builder_new"), {**data, "start": "blank", "title": "Итоги"})
    assert blank.status_code == 422
    assert "Опрос не может закрыться раньше, чем откроется." in page(blank)
    assert not Survey.objects.exists()


def test_a_copy_of_an_earlier_survey_says_where_it_comes_from(curator: User, login: Login) -> None:
    source = ready_survey(curator)
    data = {"start": "copy", "source": source.pk, "opens_on": TODAY, "closes_on": TODAY}
    assert login(curator).post(url("builder_new"), data).status_code == 302
    copy = Survey.objects.exclude(pk=source.pk).get()
    assert copy.copied_from == source
    assert "копия" in page(login(curator).get(url("builder_survey", copy.pk)))


def test_settings_refuse_anonymity_once_answered(
    curator: User, resident: User, login: Login
) -> None:
    survey = make_survey(curator, status="published")
    add_response(survey, resident)
    data = {
        "title": "Новое имя",
        "description": "",
        "opens_on": survey.opens_on,
        "closes_on": survey.closes_on,
        "is_anonymous": "on",
    }
    response = login(curator).post(url("builder_edit", survey.pk), data)
    assert response.status_code == 422
    assert "Люди уже ответили" in page(response)
    survey.refresh_from_db()
    assert survey.title != "Новое имя"
    assert not survey.is_anonymous


def question_post(**fields: Any) -> dict[str, Any]:
    options = fields.pop("options", [])
    data: dict[str, Any] = {
        "kind": "single",
        "text": "Что вам нужно?",
        "help_text": "",
        "scale": "1-5",
        "condition": "",
        "options-TOTAL_FORMS": str(len(options)),
        "options-INITIAL_FORMS": "0",
        **fields,
    }
    for number, (value, label, need) in enumerate(options):
        data[f"options-{number}-value"] = value
        data[f"options-{number}-label"] = label
        data[f"options-{number}-need"] = need
    return data


def test_a_choice_question_is_made_with_its_options_and_needs(curator: User, login: Login) -> None:
    survey = make_survey(curator)
    section = survey.sections.get()
    form = page(login(curator).get(url("builder_question_new", survey.pk, section.pk)))
    assert 'name="options-0-label"' in form
    assert 'value="premises"' in form
    assert ">premises<" not in form  # the need types read as words
    data = question_post(
        kind="multiple",
        allows_other="on",
        required="on",
        options=[("", "Помещение", "premises"), ("", "Обучение", ""), ("", "", "")],
    )
    response = login(curator).post(url("builder_question_new", survey.pk, section.pk), data)
    assert response.status_code == 302
    question = Question.objects.get()
    assert question.choices == [
        {"value": "pomeschenie", "label": "Помещение", "need": "premises"},
        {"value": "obuchenie", "label": "Обучение", "need": ""},
    ]
    assert question.allows_other
    assert question.required


def test_the_question_form_refuses_with_the_reason(curator: User, login: Login) -> None:
    survey = make_survey(curator)
    section = survey.sections.get()
    one = question_post(options=[("", "Одно", "")])
    response = login(curator).post(url("builder_question_new", survey.pk, section.pk), one)
    assert response.status_code == 422
    assert "нужно хотя бы два варианта" in page(response)
    bounds = question_post(kind="number", lowest="10", highest="2")
    response = login(curator).post(url("builder_question_new", survey.pk, section.pk), bounds)
    assert response.status_code == 422
    assert 'id="id_highest_errors"' in page(response)
    assert not Question.objects.exists()


def test_the_condition_offers_only_earlier_questions_with_options(
    curator: User, login: Login
) -> None:
    survey = make_survey(curator)
    yes_no = add_question(survey, "yes_no", text="Нанимаете людей?")
    add_question(survey, "short_text", text="Как вас зовут?")
    last = add_question(survey, "single", text="Позже")
    html = page(login(curator).get(url("builder_question", survey.pk, yes_no.pk)))
    assert f'value="{yes_no.pk}:yes"' not in html  # not itself
    html = page(login(curator).get(url("builder_question", survey.pk, last.pk)))
    assert f'value="{yes_no.pk}:yes"' in html
    assert "Как вас зовут?" not in html.split('name="condition"')[1]
    data = question_post(kind="long_text", text="Кого?", condition=f"{yes_no.pk}:yes")
    section = survey.sections.get()
    response = login(curator).post(url("builder_question_new", survey.pk, section.pk), data)
    assert response.status_code == 302
    assert Question.objects.get(text="Кого?").show_if == yes_no


def test_an_answered_question_keeps_its_meaning(
    curator: User, resident: User, login: Login
) -> None:
    survey = make_survey(curator, status="published")
    question = add_question(survey, "single", text="Что нужно?")
    add_response(survey, resident)
    form = page(login(curator).get(url("builder_question", survey.pk, question.pk)))
    assert 'data-test="locked"' in form
    data = question_post(text="Что нужно?", options=[("o1", "Да, конечно", ""), ("", "Новый", "")])
    response = login(curator).post(url("builder_question", survey.pk, question.pk), data)
    assert response.status_code == 422
    assert "варианты можно добавлять" in page(response)
    question.refresh_from_db()
    assert [c["value"] for c in question.choices] == ["o1", "o2"]
    delete = login(curator).post(url("builder_question_delete", survey.pk, question.pk))
    assert delete.status_code == 302
    assert Question.objects.filter(pk=question.pk).exists()
    outline = page(login(curator).get(url("builder_survey", survey.pk), follow=True))
    assert 'data-test="delete-question"' not in outline


def test_questions_and_sections_move_and_go(curator: User, login: Login) -> None:
    survey = make_survey(curator)
    first, second = add_question(survey, "short_text"), add_question(survey, "long_text")
    client = login(curator)
    client.post(url("builder_question_move", survey.pk, second.pk), {"direction": "up"})
    order = list(survey.questions.order_by("position").values_list("pk", flat=True))
    assert order == [second.pk, first.pk]
    response = client.post(url("builder_section_new", survey.pk), {"title": "Планы"})
    assert response.status_code == 302
    new = survey.sections.get(title="Планы")
    client.post(url("builder_section_move", survey.pk, new.pk), {"direction": "up"})
    assert survey.sections.order_by("position").first() == new
    edit = client.post(url("builder_section", survey.pk, new.pk), {"title": "Планы на год"})
    assert edit.status_code == 302
    client.post(url("builder_question_delete", survey.pk, first.pk))
    client.post(url("builder_section_delete", survey.pk, new.pk))
    assert list(survey.questions.values_list("pk", flat=True)) == [second.pk]
    assert survey.sections.count() == 1


def test_the_targeting_page_picks_roles_towns_and_members(
    curator: User, resident: User, producer: User, partner: User, town: Town, login: Login
) -> None:
    survey = make_survey(curator)
    client = login(curator)
    assert 'id="member-search"' in page(client.get(url("builder_targeting", survey.pk)))
    found = client.get(url("builder_member_results", survey.pk), {"q": "Администрация"})
    assert f'value="{partner.member.pk}"' in page(found)
    assert 'data-test="nobody-found"' in page(
        client.get(url("builder_member_results", survey.pk), {"q": "Зззззз"})
    )
    data = {"roles": ["resident"], "towns": [town.pk], "members": [partner.member.pk]}
    response = client.post(url("builder_targeting", survey.pk), data, follow=True)
    assert "2 человека" in page(response) or "2" in page(response)
    survey.refresh_from_db()
    assert survey.target_roles == ["resident"]
    assert list(survey.target_members.all()) == [partner.member]
    html = page(client.get(url("builder_targeting", survey.pk)))
    assert f'value="{partner.member.pk}" id="member-{partner.member.pk}" checked' in html


def test_a_sent_survey_refuses_narrower_targeting(
    curator: User, resident: User, login: Login
) -> None:
    survey = make_survey(curator, status="published", target_roles=["resident"])
    Invitation.objects.create(survey=survey, user=resident)
    response = login(curator).post(url("builder_targeting", survey.pk), {"roles": ["partner"]})
    assert response.status_code == 422
    assert "расширить, но не сузить" in page(response)
    survey.refresh_from_db()
    assert survey.target_roles == ["resident"]


def test_publishing_sends_the_invitations_and_says_how_many(
    curator: User,
    resident: User,
    producer: User,
    login: Login,
    django_capture_on_commit_callbacks: Any,
) -> None:
    survey = make_survey(curator, target_roles=["resident"])
    client = login(curator)
    refused = client.post(url("builder_publish", survey.pk), follow=True)
    assert "Добавьте хотя бы один вопрос" in page(refused)
    add_question(survey, "yes_no")
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(url("builder_publish", survey.pk), follow=True)
    assert "Опрос опубликован" in page(response)
    sending = page(client.get(url("builder_sending", survey.pk)))
    assert 'data-test="invited">2<' in sending
    assert Notification.objects.filter(user=resident, url=f"/surveys/{survey.pk}/").exists()


def test_the_reminder_button_reports_the_reminded(
    curator: User, resident: User, producer: User, login: Login
) -> None:
    survey = make_survey(curator, status="published")
    Invitation.objects.create(survey=survey, user=resident)
    Invitation.objects.create(survey=survey, user=producer, answered=True)
    response = login(curator).post(url("builder_remind", survey.pk), follow=True)
    assert "Напоминаний отправлено: 1" in page(response)
    assert 'data-test="reminded">1<' in page(response)
    closed = make_survey(
        curator,
        status="published",
        opens_on=TODAY - timedelta(days=9),
        closes_on=TODAY - timedelta(days=2),
    )
    refused = login(curator).post(url("builder_remind", closed.pk), follow=True)
    assert "открытом сегодня" in page(refused)


def test_the_bank_is_searched_and_gives_a_question(curator: User, login: Login) -> None:
    ready_survey(curator)
    survey = make_survey(curator)
    client = login(curator)
    html = page(client.get(url("builder_bank", survey.pk), {"q": "НАНИМАТЬ"}))
    assert html.count('data-test="bank-question"') == 1
    fragment = client.get(url("builder_bank", survey.pk), {"q": "форматы"}, HTTP_HX_REQUEST="true")
    assert "<html" not in page(fragment)
    assert "Какие форматы мероприятий вам удобны?" in page(fragment)
    bank = BankQuestion.objects.get(code="event-formats")
    section = survey.sections.get()
    data = {"bank_question": bank.pk, "section": section.pk}
    assert client.post(url("builder_bank", survey.pk), data).status_code == 302
    assert survey.questions.get().bank_question == bank
    client.post(url("builder_question_to_bank", survey.pk, add_question(survey, "yes_no").pk))
    assert BankQuestion.objects.count() == 10


def test_the_preview_shows_every_question_read_only(curator: User, login: Login) -> None:
    survey = ready_survey(curator)
    html = page(login(curator).get(url("builder_preview", survey.pk)))
    assert html.count('data-test="preview-question"') == 9
    assert "<fieldset disabled>" in html
    assert html.count('class="btn-check"') == 5 + 11  # the two scales' points
    assert "Сколько человек вы хотите нанять?" in html
