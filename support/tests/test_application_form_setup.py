"""The measure's application form and rubric, set up by its provider or a curator."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from django.urls import reverse

from members.models import User
from support.models import Criterion, FieldKind, FormField, Review, Score
from support.services import check_save_draft
from support.tests.applying import (
    measure_with_form,
)
from support.tests.factories import partner_measure

Login = Callable[..., Any]


def management(prefix: str, total: int, initial: int) -> dict[str, Any]:
    return {
        f"{prefix}-TOTAL_FORMS": total,
        f"{prefix}-INITIAL_FORMS": initial,
        f"{prefix}-MIN_NUM_FORMS": 0,
        f"{prefix}-MAX_NUM_FORMS": 1000,
    }


def question(number: int, **fields: Any) -> dict[str, Any]:
    row = {
        "label": "Название проекта",
        "kind": FieldKind.TEXT,
        "help_text": "",
        "options": "",
        "required": "on",
        "position": number,
        **fields,
    }
    return {f"fields-{number}-{key}": value for key, value in row.items()}


def criterion(number: int, **fields: Any) -> dict[str, Any]:
    row = {
        "title": "Проработанность проекта",
        "description": "",
        "weight": 2,
        "min_score": 0,
        "max_score": 10,
        "position": number,
        **fields,
    }
    return {f"criteria-{number}-{key}": value for key, value in row.items()}


def test_the_provider_sets_up_questions_and_criteria(partner: User, login: Login) -> None:
    measure = partner_measure(partner)
    client = login(partner)
    url = reverse("support:form_setup", args=[measure.pk])
    detail = client.get(reverse("support:detail", args=[measure.pk])).content.decode()
    assert url in detail
    assert "Форма заявки и критерии" in client.get(url).content.decode()
    data = {
        **management("fields", 2, 0),
        **question(0),
        **question(1, label="Стадия", kind=FieldKind.CHOICE, options="Идея\nРост", required=""),
        **management("criteria", 1, 0),
        **criterion(0),
    }
    response = client.post(url, data)
    assert response.status_code == 302
    assert [(f.label, f.kind, f.required) for f in measure.form_fields.all()] == [
        ("Название проекта", "text", True),
        ("Стадия", "choice", False),
    ]
    assert measure.form_fields.get(kind="choice").option_list == ["Идея", "Рост"]
    assert [(c.title, c.weight) for c in measure.criteria.all()] == [("Проработанность проекта", 2)]


def test_a_choice_needs_options_and_a_range_needs_room(partner: User, login: Login) -> None:
    measure = partner_measure(partner)
    client = login(partner)
    url = reverse("support:form_setup", args=[measure.pk])
    data = {
        **management("fields", 1, 0),
        **question(0, kind=FieldKind.CHOICE, options="  \n "),
        **management("criteria", 2, 0),
        **criterion(0, min_score=5, max_score=5),
        **criterion(1, title="Команда", weight=101),
    }
    response = client.post(url, data)
    assert response.status_code == 422
    html = response.content.decode()
    assert "нужны варианты" in html
    assert "Высший балл должен быть больше низшего" in html
    assert "100" in html  # the weight's upper limit
    assert not FormField.objects.exists()
    assert not Criterion.objects.exists()


def test_a_question_with_answers_and_a_criterion_with_scores_stay(
    partner: User, resident: User, curator: User, login: Login
) -> None:
    measure, form = measure_with_form(provider_kind="partner", provider_member=partner.member)
    check_save_draft(resident, measure, {str(form["text"].pk): "Студия"}, {})
    rubric = Criterion.objects.create(measure=measure, title="Команда")
    application = measure.applications.get()
    review = Review.objects.create(application=application, reviewer=curator)
    Score.objects.create(review=review, criterion=rubric, value=5)
    questions = list(measure.form_fields.all())
    data: dict[str, Any] = {
        **management("fields", len(questions), len(questions)),
        **management("criteria", 1, 1),
        **criterion(0, id=rubric.pk, title="Команда", DELETE="on"),
    }
    for number, row in enumerate(questions):
        data.update(
            question(
                number,
                id=row.pk,
                label=row.label,
                kind=row.kind,
                options=row.options,
                required="on" if row.required else "",
            )
        )
    data["fields-0-DELETE"] = "on"  # the text question, answered
    response = login(partner).post(reverse("support:form_setup", args=[measure.pk]), data)
    assert response.status_code == 422
    html = response.content.decode()
    assert "На этот вопрос уже отвечали" in html
    assert "Эксперты уже ставили баллы" in html
    assert measure.form_fields.count() == len(questions)
    assert measure.criteria.count() == 1
    # Changing the kind of an answered question is refused too.
    del data["fields-0-DELETE"]
    del data["criteria-0-DELETE"]
    data["fields-0-kind"] = FieldKind.NUMBER
    response = login(partner).post(reverse("support:form_setup", args=[measure.pk]), data)
    assert response.status_code == 422
    assert "тип ответа менять нельзя" in response.content.decode()
    assert measure.form_fields.get(pk=form["text"].pk).kind == FieldKind.TEXT
    # An unanswered question may go.
    data["fields-0-kind"] = FieldKind.TEXT
    data["fields-1-DELETE"] = "on"
    response = login(partner).post(reverse("support:form_setup", args=[measure.pk]), data)
    assert response.status_code == 302
    assert not measure.form_fields.filter(pk=form["about"].pk).exists()


def test_only_who_edits_the_measure_sets_up_its_form(cast: dict[str, User], login: Login) -> None:
    measure = partner_measure(cast["partner"])
    url = reverse("support:form_setup", args=[measure.pk])
    seen = {role: login(user).get(url).status_code for role, user in cast.items()}
    assert {role for role, status in seen.items() if status == 200} == {
        "partner",
        "curator",
        "superuser",
    }
    assert login(None).get(url).status_code == 302
