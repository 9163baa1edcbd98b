from __future__ import annotations

from collections.abc import Callable
from typing import Any

import pytest
from django.core import mail
from django.urls import reverse

from core.inn import with_check_digits
from core.models import ClusterSettings, Industry, Notification, Town
from members.models import Application, ApplicationEvent, ApplicationStatus, Member, User
from members.services import ApplicationData, ApplicationError, do_submit_application

VALID_PERSON_INN = with_check_digits("5107001234")
VALID_ORG_INN = with_check_digits("510700123")


def application_form(town_: Town, industry: Industry, **overrides: Any) -> dict[str, Any]:
    data = {
        "role": "resident",
        "kind": "person",
        "full_name": "Мария Гончарова",
        "organisation": "",
        "legal_form": "self_employed",
        "inn": VALID_PERSON_INN,
        "town": town_.pk,
        "industries": [industry.pk],
        "about": "Леплю посуду на гончарном круге, провожу мастер-классы.",
        "wants": "Ищу место для продажи и фотографа.",
        "jobs": 2,
        "link_vk": "https://vk.com/pottery",
        "link_telegram": "",
        "link_site": "",
        "consent_personal_data": "on",
    }
    data.update(overrides)
    return data


@pytest.fixture
def applicant(outsider: User) -> User:
    return outsider


def test_it_saves_the_application_with_consent_version_time_and_ip(
    applicant: User, town: Town, industry: Industry, curator: User, login: Callable[..., Any]
) -> None:
    response = login(applicant).post(
        reverse("members:apply"), application_form(town, industry), REMOTE_ADDR="10.1.2.3"
    )
    assert response.status_code == 302
    application = Application.objects.get(applicant=applicant)
    assert application.status == ApplicationStatus.SUBMITTED
    assert application.consent_personal_data is True
    assert application.consent_public_profile is False  # unticked box means no
    assert application.consent_text_version
    assert application.consent_given_at is not None
    assert application.consent_ip == "10.1.2.3"
    assert list(application.industries.all()) == [industry]
    assert application.events.get().action == ApplicationEvent.Action.SUBMITTED
    assert Notification.objects.filter(user=curator).count() == 1


def test_consent_boxes_start_unticked(applicant: User, login: Callable[..., Any]) -> None:
    page = login(applicant).get(reverse("members:apply")).content.decode()
    assert 'name="consent_personal_data"' in page
    for name in ("consent_personal_data", "consent_public_profile"):
        tag = page[page.index(f'name="{name}"') - 200 : page.index(f'name="{name}"') + 200]
        assert "checked" not in tag


@pytest.mark.parametrize(
    ("overrides", "field", "message"),
    [
        ({"inn": "500100732258"}, "inn", "контрольные цифры"),
        ({"inn": "12345"}, "inn", "10 цифр"),
        ({"inn": "5001007322ab"}, "inn", "только из цифр"),
        (
            {"legal_form": "ooo", "kind": "organisation", "organisation": "ООО «Керамика»"},
            "inn",
            "10 цифр",
        ),
        ({"inn": ""}, "inn", "ИНН"),
        ({"consent_personal_data": ""}, "consent_personal_data", "согласия"),
        ({"town": 999999}, "town", "Выберите корректный вариант"),
        ({"industries": []}, "industries", "Обязательное поле"),
        (
            {"kind": "organisation", "organisation": "", "legal_form": "ooo", "inn": VALID_ORG_INN},
            "organisation",
            "название",
        ),
        ({"link_vk": "not a url"}, "link_vk", "URL"),
    ],
)
def test_it_rejects_bad_input_with_a_field_message_in_russian(
    applicant: User,
    town: Town,
    industry: Industry,
    login: Callable[..., Any],
    overrides: dict[str, Any],
    field: str,
    message: str,
) -> None:
    response = login(applicant).post(
        reverse("members:apply"), application_form(town, industry, **overrides)
    )
    assert response.status_code == 200
    errors = response.context["form"].errors
    assert field in errors
    assert message.lower() in " ".join(errors[field]).lower()
    assert not Application.objects.exists()


def test_an_organisation_applies_with_a_ten_digit_inn(
    applicant: User, town: Town, industry: Industry, login: Callable[..., Any]
) -> None:
    data = application_form(
        town,
        industry,
        kind="organisation",
        organisation="ООО «Северная керамика»",
        legal_form="ooo",
        inn=VALID_ORG_INN,
    )
    assert login(applicant).post(reverse("members:apply"), data).status_code == 302
    assert Application.objects.get().inn == VALID_ORG_INN


def test_a_second_application_waits_for_the_first(
    applicant: User, town: Town, industry: Industry, login: Callable[..., Any]
) -> None:
    client = login(applicant)
    client.post(reverse("members:apply"), application_form(town, industry))
    response = client.get(reverse("members:apply"))
    assert response.status_code == 302
    assert response.url == reverse("members:application_status")
    assert Application.objects.count() == 1


def test_script_in_text_is_shown_escaped(
    applicant: User, town: Town, industry: Industry, curator: User, login: Callable[..., Any]
) -> None:
    login(applicant).post(
        reverse("members:apply"),
        application_form(town, industry, about="<script>alert('x')</script> керамика"),
    )
    application = Application.objects.get()
    page = login(curator).get(reverse("members:application_review", args=[application.pk]))
    html = page.content.decode()
    assert "<script>alert" not in html
    assert "&lt;script&gt;alert(&#x27;x&#x27;)&lt;/script&gt;" in html


def test_the_applicant_edits_and_resubmits_after_a_question(
    applicant: User,
    town: Town,
    industry: Industry,
    curator: User,
    login: Callable[..., Any],
    django_capture_on_commit_callbacks: Any,
) -> None:
    client = login(applicant)
    client.post(reverse("members:apply"), application_form(town, industry))
    application = Application.objects.get()
    with django_capture_on_commit_callbacks(execute=True):
        login(curator).post(
            reverse("members:application_review", args=[application.pk]),
            {"decision": "ask_info", "message": "Пришлите ссылку на работы."},
        )
    assert len(mail.outbox) == 1
    page = client.get(reverse("members:apply"))
    assert "Пришлите ссылку на работы." in page.content.decode()
    response = client.post(
        reverse("members:apply"),
        application_form(town, industry, link_site="https://pottery.example.org"),
    )
    assert response.status_code == 302
    application.refresh_from_db()
    assert application.status == ApplicationStatus.SUBMITTED
    assert application.link_site == "https://pottery.example.org"
    assert [e.action for e in application.events.all()] == [
        "submitted",
        "asked_info",
        "resubmitted",
    ]


def test_an_inn_another_member_holds_is_refused_on_the_field(
    applicant: User,
    resident: User,
    town: Town,
    industry: Industry,
    login: Callable[..., Any],
) -> None:
    Member.objects.filter(user=resident).update(inn=VALID_PERSON_INN)
    ClusterSettings.objects.create(
        name_ru="Кластер",
        name_en="Cluster",
        region_ru="Регион",
        region_en="Region",
        contact_email="kurator@example.ru",
    )
    response = login(applicant).post(reverse("members:apply"), application_form(town, industry))
    assert response.status_code == 200
    errors = response.context["form"].errors.as_data()
    assert [e.code for e in errors["inn"]] == ["inn_taken"]
    assert "kurator@example.ru" in errors["inn"][0].message
    assert not Application.objects.exists()
    # A member who left no longer holds the ИНН.
    Member.objects.filter(user=resident).update(is_active=False)
    assert (
        login(applicant)
        .post(reverse("members:apply"), application_form(town, industry))
        .status_code
        == 302
    )


def test_the_api_refuses_an_inn_another_member_holds(
    client: Any, applicant: User, resident: User, town: Town, industry: Industry
) -> None:
    from core.services import do_create_api_token

    Member.objects.filter(user=resident).update(inn=VALID_PERSON_INN)
    key = do_create_api_token(applicant, "script")[1]
    body = {
        **application_form(town, industry),
        "town": town.slug,
        "industries": [industry.slug],
        "consent_personal_data": True,
    }
    response = client.post(
        "/api/v1/me/application",
        body,
        content_type="application/json",
        HTTP_AUTHORIZATION=f"Bearer {key}",
    )
    assert (response.status_code, response.json()["code"]) == (422, "inn_taken")
    assert list(response.json()["details"]) == ["inn"]
    assert not Application.objects.exists()


def test_a_member_is_not_offered_the_application_form(
    resident: User, login: Callable[..., Any]
) -> None:
    response = login(resident).get(reverse("members:apply"))
    assert response.status_code == 302
    assert response.url == reverse("members:detail", args=[resident.member.pk])
    home = login(resident).get(reverse("members:home")).content.decode()
    assert 'data-test="apply-link"' not in home
    assert 'data-test="apply-link"' in login(None).get(reverse("members:home")).content.decode()
    with pytest.raises(ApplicationError):
        do_submit_application(
            resident,
            ApplicationData(
                role="producer",
                kind="person",
                full_name="Ещё раз",
                legal_form="none",
                town=resident.member.town,
                about="Керамика",
                wants="Заказы",
            ),
            consent_version="test",
            ip=None,
        )
    assert not Application.objects.exists()
