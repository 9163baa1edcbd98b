"""Curators' decisions: amounts, reasons, the budget cap and the granted-support record."""

from __future__ import annotations

import logging
from decimal import Decimal
from typing import Any

import pytest
from django.core import mail
from django.db import connection

from conftest import run_together
from core.models import Notification
from members.models import User
from support.models import Application, ApplicationStatus, GrantedSupport, Unit
from support.services import DecisionError, check_decide, granted_so_far
from support.tests.factories import make_application, make_measure


@pytest.fixture
def measure() -> Any:
    return make_measure(amount=Decimal(300000), budget_cap=Decimal(500000))


@pytest.fixture
def application(measure: Any, resident: User) -> Application:
    return make_application(measure, resident.member, requested_amount=Decimal(250000))


def snapshot() -> list[Any]:
    return [
        list(Application.objects.values_list("pk", "status", "granted_amount", "decision_reason")),
        list(GrantedSupport.objects.values_list("pk", "amount_rub")),
        Notification.objects.count(),
    ]


def assert_refused(code: str, *args: Any) -> DecisionError:
    before = snapshot()
    with pytest.raises(DecisionError) as raised:
        check_decide(*args)
    assert raised.value.code == code
    assert snapshot() == before
    return raised.value


def test_a_grant_records_the_support_and_tells_the_applicant(
    curator: User, resident: User, application: Application, django_capture_on_commit_callbacks: Any
) -> None:
    with django_capture_on_commit_callbacks(execute=True):
        decided = check_decide(
            curator, application, ApplicationStatus.GRANTED, Decimal(250000), " Сильный проект "
        )
    assert decided.status == ApplicationStatus.GRANTED
    assert (decided.granted_amount, decided.decision_reason) == (Decimal(250000), "Сильный проект")
    assert decided.decided_by == curator
    record = GrantedSupport.objects.get(application=application)
    assert (record.member, record.amount_rub, record.title) == (
        resident.member,
        Decimal(250000),
        application.measure.title,
    )
    notification = Notification.objects.get(user=resident)
    assert "одобрена" in notification.text
    assert "250\u00a0000\u00a0₽" in notification.text
    assert "Сильный проект" in notification.text
    assert mail.outbox[0].subject == "Решение по вашей заявке на поддержку"


def test_a_partial_grant_is_below_the_request(curator: User, application: Application) -> None:
    error = assert_refused(
        "partial_not_below_request",
        curator,
        application,
        ApplicationStatus.PARTIALLY_GRANTED,
        Decimal(250000),
        "",
    )
    assert "250\u00a0000\u00a0₽" in error.message
    assert error.field == "amount"
    check_decide(curator, application, ApplicationStatus.PARTIALLY_GRANTED, Decimal(100000), "")
    assert GrantedSupport.objects.get().amount_rub == Decimal(100000)


@pytest.mark.parametrize("amount", [None, Decimal(0), Decimal(-5)])
def test_a_grant_needs_an_amount_above_zero(
    curator: User, application: Application, amount: Decimal | None
) -> None:
    error = assert_refused(
        "amount_required", curator, application, ApplicationStatus.GRANTED, amount, ""
    )
    assert error.field == "amount"


def test_a_grant_is_not_above_the_measures_amount_in_roubles(
    curator: User, application: Application, resident: User
) -> None:
    error = assert_refused(
        "amount_above_measure", curator, application, ApplicationStatus.GRANTED, Decimal(300001), ""
    )
    assert "300\u00a0000\u00a0₽" in error.message
    hours = make_measure(amount=Decimal(4), unit=Unit.HOURS, external_id="hours")
    consultation = make_application(hours, resident.member, requested_amount=None)
    check_decide(curator, consultation, ApplicationStatus.GRANTED, Decimal(20000), "")


def test_declining_needs_a_reason(curator: User, application: Application) -> None:
    error = assert_refused(
        "reason_required", curator, application, ApplicationStatus.DECLINED, None, "  "
    )
    assert error.field == "reason"
    assert error.message == "Укажите, почему заявка отклонена."
    decided = check_decide(curator, application, ApplicationStatus.DECLINED, Decimal(5), "Вне темы")
    assert decided.granted_amount is None


def test_only_curators_decide_and_only_known_decisions(
    cast: dict[str, User], application: Application
) -> None:
    for role in ("partner", "resident", "producer", "client", "outsider"):
        error = assert_refused(
            "not_allowed", cast[role], application, ApplicationStatus.WAITING_LIST, None, ""
        )
        assert error.kind == "forbidden"
    assert_refused("unknown_decision", cast["curator"], application, "withdrawn", None, "")
    assert_refused("unknown_decision", cast["superuser"], application, "approved", None, "")


@pytest.mark.parametrize("status", [ApplicationStatus.DRAFT, ApplicationStatus.WITHDRAWN])
def test_unsent_applications_get_no_decision(
    curator: User, application: Application, status: str
) -> None:
    Application.objects.filter(pk=application.pk).update(status=status)
    assert_refused("not_sent", curator, application, ApplicationStatus.WAITING_LIST, None, "")


def test_the_budget_cap_holds_and_the_message_says_what_is_left(
    curator: User, measure: Any, application: Application, producer: User, partner: User
) -> None:
    check_decide(curator, application, ApplicationStatus.GRANTED, Decimal(300000), "")
    second = make_application(measure, producer.member)
    error = assert_refused(
        "over_budget", curator, second, ApplicationStatus.GRANTED, Decimal(200001), ""
    )
    assert "200\u00a0000\u00a0₽" in error.message
    assert error.kind == "conflict"
    check_decide(curator, second, ApplicationStatus.GRANTED, Decimal(200000), "")
    assert granted_so_far(measure) == Decimal(500000)
    third = make_application(measure, partner.member)
    error = assert_refused("over_budget", curator, third, ApplicationStatus.GRANTED, Decimal(1), "")
    assert "0\u00a0₽" in error.message


def test_re_deciding_counts_the_budget_again_and_moves_the_record(
    curator: User,
    measure: Any,
    application: Application,
    producer: User,
    caplog: pytest.LogCaptureFixture,
) -> None:
    check_decide(curator, application, ApplicationStatus.WAITING_LIST, None, "")
    check_decide(curator, application, ApplicationStatus.GRANTED, Decimal(300000), "")
    # Changing its own grant does not count the old amount against itself.
    check_decide(curator, application, ApplicationStatus.GRANTED, Decimal(250000), "")
    assert GrantedSupport.objects.get().amount_rub == Decimal(250000)
    second = make_application(measure, producer.member)
    check_decide(curator, second, ApplicationStatus.GRANTED, Decimal(250000), "")
    with caplog.at_level(logging.INFO, logger="support.services.decisions"):
        check_decide(curator, application, ApplicationStatus.DECLINED, None, "Нет отчёта")
    assert "deleted by user" in caplog.text
    assert str(curator.pk) in caplog.text
    assert list(GrantedSupport.objects.values_list("application", flat=True)) == [second.pk]
    assert granted_so_far(measure) == Decimal(250000)
    application.refresh_from_db()
    assert (application.granted_amount, application.status) == (None, ApplicationStatus.DECLINED)


def test_granting_from_the_waiting_list_needs_a_free_place(
    curator: User, resident: User, producer: User
) -> None:
    measure = make_measure(amount=Decimal(300000), places=1)
    waiting = make_application(measure, resident.member, status=ApplicationStatus.WAITING_LIST)
    holder = make_application(measure, producer.member)
    refused = assert_refused(
        "no_places_left", curator, waiting, ApplicationStatus.GRANTED, Decimal(1000), ""
    )
    assert refused.field == "decision"
    check_decide(curator, holder, ApplicationStatus.DECLINED, None, "Проект не готов.")
    check_decide(curator, waiting, ApplicationStatus.GRANTED, Decimal(1000), "")
    # Re-deciding an application that holds a place needs no free one.
    check_decide(curator, waiting, ApplicationStatus.GRANTED, Decimal(2000), "")


def test_a_measure_without_a_cap_grants_without_limit(curator: User, resident: User) -> None:
    measure = make_measure(amount=None, budget_cap=None)
    application = make_application(measure, resident.member)
    check_decide(curator, application, ApplicationStatus.GRANTED, Decimal(10**9), "")
    assert granted_so_far(measure) == Decimal(10**9)


@pytest.mark.postgres_only
@pytest.mark.django_db(transaction=True)
@pytest.mark.skipif(connection.vendor != "postgresql", reason="needs real concurrent transactions")
def test_two_curators_granting_at_once_never_exceed_the_cap(
    curator: User, superuser: User, resident: User, producer: User
) -> None:
    measure = make_measure(amount=Decimal(300000), budget_cap=Decimal(500000))
    first = make_application(measure, resident.member)
    second = make_application(measure, producer.member)
    jobs = [
        lambda: check_decide(curator, first, ApplicationStatus.GRANTED, Decimal(300000), ""),
        lambda: check_decide(superuser, second, ApplicationStatus.GRANTED, Decimal(300000), ""),
    ]
    results, refused = run_together(jobs)
    assert len(results) == 1
    assert [error.code for error in refused] == ["over_budget"]
    assert granted_so_far(measure) == Decimal(300000)
    assert GrantedSupport.objects.count() == 1
    assert Application.objects.filter(status=ApplicationStatus.GRANTED).count() == 1
