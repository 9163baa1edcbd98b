"""Help requests' rules: who may ask and act, the status table, answers with what solved it,
bulk assignment, and two curators taking one request at once."""

from __future__ import annotations

from datetime import timedelta
from functools import partial
from typing import Any

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import connection
from django.utils import timezone

from conftest import run_together
from core.errors import DomainError
from core.models import Notification
from matching.models import Introduction
from members.models import User
from plans.models import (
    HelpRequest,
    HelpRequestFile,
    HelpRequestMessage,
    HelpStatus,
    PlanStatus,
)
from plans.services.help import (
    TRANSITIONS,
    AnswerData,
    AskData,
    check_add_help_note,
    check_answer_help_request,
    check_ask_help,
    check_assign_help_requests,
    check_change_help_status,
    check_take_help_request,
    check_write_help_message,
)
from plans.tests.help_factories import ask, goal_for, step_for

pytestmark = pytest.mark.django_db


def other_curator(email: str = "regina@example.org", name: str = "Регина") -> User:
    return User.objects.create_user(email, "x" * 12, is_curator=True, first_name=name)


def refused(call: Any) -> DomainError:
    with pytest.raises(DomainError) as caught:
        call()
    return caught.value


# --- Asking ----------------------------------------------------------------------------------


def test_a_member_asks_on_a_step_of_their_goal_and_the_curators_hear(
    resident: User, curator: User
) -> None:
    goal = goal_for(resident.member)
    step = step_for(goal)
    day = timezone.localdate() + timedelta(days=10)
    pdf = SimpleUploadedFile("бриф.pdf", b"%PDF-1.4 test", content_type="application/pdf")
    request = check_ask_help(
        resident, goal, AskData("Нужен фотограф для каталога", day, step.pk), [pdf]
    )
    assert request.member == resident.member
    assert (request.status, request.step, request.needed_by, request.due) == (
        HelpStatus.NEW,
        step,
        day,
        day,
    )
    assert request.files.get().name == "бриф.pdf"
    told = Notification.objects.get(user=curator)
    assert "Нужен фотограф" in told.text
    assert told.url == f"/curator/help/{request.pk}/"


def test_without_a_date_the_curators_have_a_week(resident: User) -> None:
    request = ask(resident)
    assert request.needed_by is None
    assert request.due == timezone.localdate() + timedelta(days=7)


@pytest.mark.parametrize(
    ("case", "code", "field"),
    [
        ("someone else's goal", "not_found", None),
        ("closed plan", "plan_closed", None),
        ("past date", "needed_by_past", "needed_by"),
        ("another goal's step", "unknown_step", "step"),
        ("empty text", "text_required", "what"),
        ("renamed file", "file_not_image", "attachments"),
    ],
)
def test_a_wrong_request_is_refused_in_russian_and_nothing_is_saved(
    resident: User, producer: User, curator: User, case: str, code: str, field: str | None
) -> None:
    goal = goal_for(resident.member)
    data = AskData("Нужен фотограф")
    files: list[Any] = []
    if case == "someone else's goal":
        goal = goal_for(producer.member)
    elif case == "closed plan":
        plan = goal.plan
        plan.status = PlanStatus.CLOSED
        plan.save()
    elif case == "past date":
        data = AskData("Нужен фотограф", timezone.localdate() - timedelta(days=1))
    elif case == "another goal's step":
        data = AskData("Нужен фотограф", None, step_for(goal_for(resident.member, "Другая")).pk)
    elif case == "empty text":
        data = AskData("   ")
    else:
        files = [SimpleUploadedFile("photo.jpg", b"MZ not a picture")]
    error = refused(lambda: check_ask_help(resident, goal, data, files))
    assert (error.code, error.field if error.field != "__all__" else None) == (code, field)
    assert any(letter in error.message for letter in "абвгдеёжзийклмнопрстуфхцчшщыэюя")
    assert not HelpRequest.objects.exists()
    assert not HelpRequestFile.objects.exists()
    assert not Notification.objects.exists()


def test_people_who_are_no_members_cannot_ask(client_user: User, resident: User) -> None:
    goal = goal_for(resident.member)
    assert refused(lambda: check_ask_help(client_user, goal, AskData("x"))).kind == "forbidden"


# --- Taking ----------------------------------------------------------------------------------


def test_taking_a_new_request_makes_it_the_curators_and_tells_the_member(
    resident: User, curator: User
) -> None:
    request = ask(resident)
    taken = check_take_help_request(curator, request)
    assert (taken.status, taken.assignee) == (HelpStatus.IN_PROGRESS, curator)
    assert taken.first_answered_at is not None
    assert Notification.objects.filter(user=resident, url=f"/plans/help/{request.pk}/").exists()


def test_the_second_curator_is_told_who_took_it(resident: User, curator: User) -> None:
    request = ask(resident)
    curator.first_name, curator.last_name = "Константин", "Орлов"
    curator.save()
    check_take_help_request(curator, request)
    error = refused(lambda: check_take_help_request(other_curator(), request))
    assert (error.code, error.kind) == ("already_taken", "conflict")
    assert error.message == "Запрос уже взял в работу Константин Орлов."
    assert HelpRequest.objects.get().assignee == curator


def test_members_cannot_act_on_the_queue(resident: User, producer: User) -> None:
    request = ask(resident)
    for actor in (resident, producer):
        assert refused(lambda a=actor: check_take_help_request(a, request)).kind == "forbidden"
        assert refused(lambda a=actor: check_add_help_note(a, request, "x")).kind == "forbidden"
        error = refused(lambda a=actor: check_change_help_status(a, request, "declined", "x"))
        assert error.kind == "forbidden"
    assert HelpRequest.objects.get().status == HelpStatus.NEW


# --- The status table ------------------------------------------------------------------------

ALL = [status.value for status in HelpStatus]


def _at(status: str, resident: User, curator: User) -> HelpRequest:
    request = ask(resident)
    HelpRequest.objects.filter(pk=request.pk).update(
        status=status,
        assignee=curator if status != HelpStatus.NEW else None,
        answer="Готово",
        decline_reason="Не наш профиль" if status == HelpStatus.DECLINED else "",
    )
    return HelpRequest.objects.get(pk=request.pk)


@pytest.mark.parametrize("start", ALL)
@pytest.mark.parametrize("target", [s for s in ALL if s != HelpStatus.NEW])
def test_statuses_move_only_along_the_table(
    resident: User, curator: User, start: str, target: str
) -> None:
    request = _at(start, resident, curator)
    allowed = target in TRANSITIONS[start]
    if allowed:
        moved = check_change_help_status(curator, request, target, "Не наш профиль")
        assert moved.status == target
        assert (moved.done_at is not None) == (target in ("done", "declined"))
    else:
        error = refused(lambda: check_change_help_status(curator, request, target, "причина"))
        assert error.code in ("status_not_allowed", "request_closed")
        assert HelpRequest.objects.get().status == start


def test_declining_needs_a_reason_and_done_needs_an_answer(resident: User, curator: User) -> None:
    request = ask(resident)
    error = refused(lambda: check_change_help_status(curator, request, "declined", " "))
    assert (error.code, error.field) == ("text_required", "reason")
    check_take_help_request(curator, request)
    error = refused(lambda: check_change_help_status(curator, request, "done"))
    assert error.code == "answer_required"
    assert HelpRequest.objects.get().status == HelpStatus.IN_PROGRESS
    check_change_help_status(curator, request, "declined", "Это вне задач кластера")
    declined = HelpRequest.objects.get()
    assert declined.decline_reason == "Это вне задач кластера"
    assert Notification.objects.filter(user=resident, text__contains="вне задач").exists()


def test_the_members_reply_puts_a_waiting_request_back_in_progress(
    resident: User, curator: User
) -> None:
    request = ask(resident)
    check_take_help_request(curator, request)
    check_change_help_status(curator, request, "waiting_for_member")
    regina = other_curator()
    Notification.objects.all().delete()
    check_write_help_message(resident, request, "Вот фото полки")
    assert HelpRequest.objects.get().status == HelpStatus.IN_PROGRESS
    # Only the assignee hears of it, not every curator.
    assert list(Notification.objects.values_list("user", flat=True)) == [curator.pk]
    assert not Notification.objects.filter(user=regina).exists()


def test_a_curators_message_is_a_first_answer_and_the_member_hears(
    resident: User, curator: User
) -> None:
    request = ask(resident)
    message = check_write_help_message(curator, request, "Уточните, пожалуйста, сроки")
    assert message.by_curator
    assert HelpRequest.objects.get().first_answered_at is not None
    assert Notification.objects.filter(user=resident, text__contains="Уточните").exists()


def test_strangers_cannot_write_and_closed_threads_take_nothing(
    resident: User, producer: User, curator: User
) -> None:
    request = ask(resident)
    assert refused(lambda: check_write_help_message(producer, request, "x")).kind == "not_found"
    HelpRequest.objects.filter(pk=request.pk).update(status="done")
    error = refused(lambda: check_write_help_message(resident, request, "x"))
    assert error.code == "request_closed"
    assert not HelpRequestMessage.objects.exists()


# --- Answers ---------------------------------------------------------------------------------


def test_answering_with_an_introduction_introduces_the_member_to_the_partner(
    resident: User, producer: User, curator: User
) -> None:
    request = ask(resident)
    answered = check_answer_help_request(
        curator, request, AnswerData("Познакомим с продюсером", partner_id=producer.member.pk)
    )
    introduction = Introduction.objects.get()
    assert (introduction.requester, introduction.recipient) == (resident.member, producer.member)
    assert introduction.brokered_by == curator
    assert answered.introduction == introduction
    assert (answered.status, answered.assignee) == (HelpStatus.IN_PROGRESS, curator)
    # The partner is asked; the member is told of the answer.
    assert Notification.objects.filter(user=producer).exists()
    assert Notification.objects.filter(user=resident, text__contains="Познакомим").exists()
    # Answering again with the same partner reuses the live introduction.
    check_answer_help_request(
        curator, request, AnswerData("Ещё раз", partner_id=producer.member.pk)
    )
    assert Introduction.objects.count() == 1
    check_change_help_status(curator, request, "done")
    assert HelpRequest.objects.get().status == HelpStatus.DONE


def test_an_introduction_of_other_members_cannot_be_linked(
    resident: User, producer: User, partner: User, curator: User
) -> None:
    theirs = Introduction.objects.create(requester=producer.member, recipient=partner.member)
    request = ask(resident)
    error = refused(lambda: check_answer_help_request(curator, request, AnswerData("x", theirs.pk)))
    assert (error.code, error.field) == ("unknown_introduction", "introduction")
    assert HelpRequest.objects.get().answer == ""


def test_another_curators_request_cannot_be_answered(resident: User, curator: User) -> None:
    request = ask(resident)
    check_take_help_request(curator, request)
    error = refused(lambda: check_answer_help_request(other_curator(), request, AnswerData("x")))
    assert error.code == "already_taken"


# --- Bulk assignment -------------------------------------------------------------------------


def test_bulk_assignment_skips_requests_others_have_and_closed_ones(
    resident: User, curator: User
) -> None:
    regina = other_curator()
    free = [ask(resident, what=f"Запрос {n}") for n in range(3)]
    theirs = ask(resident, what="Взят")
    check_take_help_request(regina, theirs)
    closed = ask(resident, what="Закрыт")
    check_change_help_status(curator, closed, "declined", "Дубль")
    ids = [r.pk for r in free] + [theirs.pk, closed.pk, 10**9]
    done = check_assign_help_requests(curator, ids, curator)
    assert (done.assigned, done.skipped) == (3, 3)
    assert set(HelpRequest.objects.filter(assignee=curator).values_list("pk", flat=True)) == {
        r.pk for r in free
    } | {closed.pk}
    assert HelpRequest.objects.get(pk=theirs.pk).assignee == regina
    # Assigned, not taken: still new until the assignee takes it up.
    assert HelpRequest.objects.get(pk=free[0].pk).status == HelpStatus.NEW


def test_bulk_assignment_to_someone_who_is_no_curator_is_refused(
    resident: User, curator: User
) -> None:
    request = ask(resident)
    error = refused(lambda: check_assign_help_requests(curator, [request.pk], resident))
    assert error.code == "assignee_not_curator"
    assert refused(lambda: check_assign_help_requests(curator, [], curator)).code == (
        "nothing_chosen"
    )
    assert HelpRequest.objects.get().assignee is None


def test_notes_are_for_curators(resident: User, curator: User) -> None:
    request = ask(resident)
    note = check_add_help_note(curator, request, "Позвонить в пятницу")
    assert note.author == curator
    assert refused(lambda: check_add_help_note(curator, request, "")).field == "text"


# --- Two curators at once --------------------------------------------------------------------


@pytest.mark.postgres_only
@pytest.mark.django_db(transaction=True)
@pytest.mark.skipif(connection.vendor != "postgresql", reason="needs real concurrent transactions")
def test_two_curators_taking_one_request_at_once_one_wins(resident: User, curator: User) -> None:
    regina = other_curator()
    request = ask(resident)
    taken, errors = run_together(
        [
            partial(check_take_help_request, curator, request),
            partial(check_take_help_request, regina, request),
        ]
    )
    assert len(taken) == len(errors) == 1
    assert errors[0].code == "already_taken"
    winner = HelpRequest.objects.get()
    assert winner.assignee == taken[0].assignee
    assert errors[0].message == f"Запрос уже взял в работу {winner.assignee.first_name}."  # type: ignore[union-attr]
