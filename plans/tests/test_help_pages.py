"""The member's help pages and the curators' request page: asking, the thread, the answer
with what solved it, and notes that never reach the member."""

from __future__ import annotations

from collections.abc import Callable
from datetime import timedelta
from typing import Any

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from django.utils import timezone

from members.models import User
from plans.models import HelpRequest, HelpStatus
from plans.services.help import AnswerData, check_add_help_note, check_answer_help_request
from plans.tests.help_factories import ask, goal_for, step_for

pytestmark = pytest.mark.django_db
Login = Callable[[User | None], Any]
NOTE = "Внутренне: участник задолжал за аренду, не обещать льготу"


def test_a_member_asks_for_help_on_a_step_from_the_page(
    resident: User, curator: User, login: Login
) -> None:
    goal = goal_for(resident.member)
    step = step_for(goal)
    client = login(resident)
    url = reverse("plans:ask_help", args=[goal.pk])
    page = client.get(f"{url}?step={step.pk}")
    assert page.status_code == 200
    html = page.content.decode()
    assert f'<option value="{step.pk}" selected>' in html
    assert "цель целиком" in html
    day = timezone.localdate() + timedelta(days=5)
    pdf = SimpleUploadedFile("полка.pdf", b"%PDF-1.4 x", content_type="application/pdf")
    response = client.post(
        url,
        {"what": "Нужна полка в магазине", "step": step.pk, "needed_by": day, "attachments": pdf},
    )
    request = HelpRequest.objects.get()
    assert response.status_code == 302
    assert response["Location"] == reverse("plans:help_request", args=[request.pk])
    assert (request.step, request.needed_by) == (step, day)
    page = client.get(response["Location"])
    html = page.content.decode()
    assert "Нужна полка в магазине" in html
    assert "полка.pdf" in html
    assert "новый" in html  # the status in words
    download = client.get(reverse("plans:help_file", args=[request.pk, request.files.get().pk]))
    assert download.status_code == 200
    assert b"".join(download.streaming_content) == b"%PDF-1.4 x"


def test_a_wrong_request_shows_the_error_next_to_its_field(resident: User, login: Login) -> None:
    goal = goal_for(resident.member)
    response = login(resident).post(
        reverse("plans:ask_help", args=[goal.pk]),
        {"what": "Помогите", "needed_by": timezone.localdate() - timedelta(days=2)},
    )
    assert response.status_code == 422
    html = response.content.decode()
    assert "Эта дата уже прошла" in html
    assert 'id="id_needed_by_errors"' in html
    assert not HelpRequest.objects.exists()


def test_someone_elses_goal_is_not_found(resident: User, producer: User, login: Login) -> None:
    goal = goal_for(producer.member)
    client = login(resident)
    assert client.get(reverse("plans:ask_help", args=[goal.pk])).status_code == 404
    assert client.post(reverse("plans:ask_help", args=[goal.pk]), {"what": "x"}).status_code == 404
    assert not HelpRequest.objects.exists()


def test_the_member_never_sees_internal_notes(
    resident: User, curator: User, producer: User, login: Login
) -> None:
    request = ask(resident)
    check_add_help_note(curator, request, NOTE)
    check_answer_help_request(
        curator, request, AnswerData("Знакомим с продюсером", partner_id=producer.member.pk)
    )
    member = login(resident)
    pages = [
        reverse("plans:help_request", args=[request.pk]),
        reverse("plans:my_help_requests"),
        f"/api/v1/help-requests/{request.pk}",
        "/api/v1/me/help-requests",
    ]
    for url in pages:
        response = member.get(url)
        assert response.status_code == 200, url
        assert NOTE not in response.content.decode(), url
    assert member.get(f"/api/v1/help-requests/{request.pk}/notes").status_code == 404
    assert member.get(reverse("plans:queue_request", args=[request.pk])).status_code == 404
    # The curators see it on their page.
    curator_page = login(curator).get(reverse("plans:queue_request", args=[request.pk]))
    assert NOTE in curator_page.content.decode()


def test_the_member_sees_the_partner_the_cluster_introduced(
    resident: User, producer: User, curator: User, login: Login
) -> None:
    request = ask(resident)
    client = login(curator)
    response = client.post(
        reverse("plans:help_answer", args=[request.pk]),
        {"answer": "Познакомили с продюсерским центром", "partner": producer.member.pk},
    )
    assert response.status_code == 302
    html = login(resident).get(reverse("plans:help_request", args=[request.pk])).content.decode()
    assert "Познакомили с продюсерским центром" in html
    assert reverse("members:detail", args=[producer.member.pk]) in html
    assert "Продюсерский центр «Север»" in html
    assert "в работе" in html


def test_the_thread_goes_both_ways_and_a_reply_resumes_the_request(
    resident: User, curator: User, login: Login
) -> None:
    request = ask(resident)
    curators = login(curator)
    curators.post(reverse("plans:help_take", args=[request.pk]))
    response = curators.post(
        reverse("plans:help_status", args=[request.pk]), {"status": "waiting_for_member"}
    )
    assert response.status_code == 302
    curators.post(reverse("plans:help_message", args=[request.pk]), {"text": "Пришлите фото"})
    member = login(resident)
    page = member.get(reverse("plans:help_request", args=[request.pk])).content.decode()
    assert "Пришлите фото" in page
    assert "Кластер ждёт вашего ответа" in page
    response = member.post(reverse("plans:help_message", args=[request.pk]), {"text": "Вот фото"})
    assert response["Location"].endswith("#thread")
    assert HelpRequest.objects.get().status == HelpStatus.IN_PROGRESS
    curator_page = curators.get(reverse("plans:queue_request", args=[request.pk]))
    assert "Вот фото" in curator_page.content.decode()


def test_a_second_curator_is_told_who_has_it(resident: User, curator: User, login: Login) -> None:
    curator.first_name = "Константин"
    curator.save()
    request = ask(resident)
    login(curator).post(reverse("plans:help_take", args=[request.pk]))
    regina = User.objects.create_user("regina@example.org", "x" * 12, is_curator=True)
    client = login(regina)
    response = client.post(reverse("plans:help_take", args=[request.pk]), follow=True)
    assert "Запрос уже взял в работу Константин." in response.content.decode()
    assert HelpRequest.objects.get().assignee == curator


def test_declining_without_a_reason_shows_the_error(
    resident: User, curator: User, login: Login
) -> None:
    request = ask(resident)
    response = login(curator).post(
        reverse("plans:help_status", args=[request.pk]), {"status": "declined", "reason": ""}
    )
    assert response.status_code == 422
    assert "Обязательное поле." in response.content.decode()
    assert HelpRequest.objects.get().status == HelpStatus.NEW


def test_my_requests_list_the_members_own(resident: User, producer: User, login: Login) -> None:
    ask(resident, what="Мой запрос")
    ask(producer, what="Чужой запрос")
    html = login(resident).get(reverse("plans:my_help_requests")).content.decode()
    assert "Мой запрос" in html
    assert "Чужой запрос" not in html
