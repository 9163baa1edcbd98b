"""Curators' decisions on applications, within the measure's budget cap.

The cap must hold even when two curators grant at the same moment: each decision locks the
measure's row first, then sums what the measure's other applications were granted. A decision
may be made again (a waiting-list application granted later, a grant changed or taken back);
the budget and the member's granted-support record follow the latest one.
"""

from __future__ import annotations

import logging
from decimal import Decimal

from django.db import transaction
from django.db.models import Sum
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import override

from core import money
from core.errors import DomainError
from core.services import do_notify
from members.models import User
from support.access import UNSENT, may_decide
from support.models import (
    DECISIONS,
    GRANTED_STATUSES,
    TAKES_A_PLACE,
    Application,
    ApplicationStatus,
    GrantedSupport,
    Measure,
    Unit,
)

logger = logging.getLogger(__name__)

REASON_LENGTH = 3000


class DecisionError(DomainError):
    pass


def granted_so_far(measure: Measure, *, leaving_out: Application | None = None) -> Decimal:
    """Return the roubles granted on the measure's applications (but `leaving_out`)."""
    granted = Application.objects.filter(measure=measure, status__in=GRANTED_STATUSES)
    if leaving_out is not None:
        granted = granted.exclude(pk=leaving_out.pk)
    total = granted.aggregate(total=Sum("granted_amount"))["total"]
    return total or Decimal(0)


def _check_amount(
    measure: Measure, application: Application, decision: str, amount: Decimal | None
) -> Decimal:
    if amount is None or amount <= 0:
        raise DecisionError(
            "amount_required", _("Give the amount granted in roubles, above zero."), "amount"
        )
    if measure.unit == Unit.ROUBLES and measure.amount is not None and amount > measure.amount:
        raise DecisionError(
            "amount_above_measure",
            _("The measure grants at most %(amount)s.") % {"amount": money.rub(measure.amount)},
            "amount",
        )
    asked = application.requested_amount
    if decision == ApplicationStatus.PARTIALLY_GRANTED and asked is not None and amount >= asked:
        raise DecisionError(
            "partial_not_below_request",
            _("A partial grant is less than the %(amount)s asked for.")
            % {"amount": money.rub(asked)},
            "amount",
        )
    return amount


def _check_input(
    actor: User, application: Application, decision: str, amount: Decimal | None, reason: str
) -> tuple[Decimal | None, str]:
    if not may_decide(actor, application.measure):
        raise DecisionError(
            "not_allowed", _("Only curators decide on applications."), None, kind="forbidden"
        )
    if decision not in DECISIONS:
        raise DecisionError("unknown_decision", _("Choose one of the decisions."), "decision")
    reason = reason.strip()
    if len(reason) > REASON_LENGTH:
        raise DecisionError(
            "reason_too_long",
            _("Keep the reason within %(n)s characters.") % {"n": REASON_LENGTH},
            "reason",
        )
    if decision == ApplicationStatus.DECLINED and not reason:
        raise DecisionError("reason_required", _("Say why the application is declined."), "reason")
    if decision in GRANTED_STATUSES:
        return _check_amount(application.measure, application, decision, amount), reason
    return None, reason


@transaction.atomic
def check_decide(
    actor: User, application: Application, decision: str, amount: Decimal | None, reason: str
) -> Application:
    """Return the application with the decision made; raise DecisionError if the input breaks
    a rule or a grant would take the measure over its budget cap."""
    amount, reason = _check_input(actor, application, decision, amount, reason)
    # The measure's row first: two decisions on one measure wait for each other here.
    measure = Measure.objects.select_for_update().get(pk=application.measure_id)
    locked = (
        Application.objects.select_for_update()
        .select_related("member__user")
        .get(pk=application.pk)
    )
    if locked.status in UNSENT:
        raise DecisionError(
            "not_sent", _("This application has not been sent."), None, kind="conflict"
        )
    # A waiting-list or declined application gave its place back; granting it takes one again.
    if (
        decision in TAKES_A_PLACE
        and locked.status not in TAKES_A_PLACE
        and measure.places is not None
        and measure.applications.filter(status__in=TAKES_A_PLACE).count() >= measure.places
    ):
        raise DecisionError(
            "no_places_left",
            _("Every place of the measure is taken: free one before granting this."),
            "decision",
            kind="conflict",
        )
    if amount is not None and measure.budget_cap is not None:
        left = measure.budget_cap - granted_so_far(measure, leaving_out=locked)
        if amount > left:
            raise DecisionError(
                "over_budget",
                _("This is over the measure's budget: %(left)s left.")
                % {"left": money.rub(max(left, Decimal(0)))},
                "amount",
                kind="conflict",
            )
    now = timezone.now()
    locked.status, locked.granted_amount, locked.decision_reason = decision, amount, reason
    locked.decided_by, locked.decided_at, locked.updated_at = actor, now, now
    locked.save(
        update_fields=[
            "status",
            "granted_amount",
            "decision_reason",
            "decided_by",
            "decided_at",
            "updated_at",
        ]
    )
    _record_granted(actor, measure, locked, amount)
    _notify(measure, locked)
    return locked


def _record_granted(
    actor: User, measure: Measure, application: Application, amount: Decimal | None
) -> None:
    if amount is not None:
        GrantedSupport.objects.update_or_create(
            application=application,
            defaults={
                "member_id": application.member_id,
                "measure": measure,
                "title": measure.title,
                "granted_on": timezone.localdate(),
                "amount_rub": amount,
                "recorded_by": actor,
            },
        )
        return
    record = GrantedSupport.objects.filter(application=application).first()
    if record is not None:
        logger.info(
            "granted support %s (%s, %s roubles, member %s) deleted by user %s: "
            "application %s re-decided as %s",
            record.pk,
            record.title,
            record.amount_rub,
            record.member_id,
            actor.pk,
            application.pk,
            application.status,
        )
        record.delete()


def _notify(measure: Measure, application: Application) -> None:
    user = application.member.user
    # Notifications are stored as text, in the cluster's language: Russian.
    with override("ru"):
        decision = ApplicationStatus(application.status).label
        text = _("The decision on your application for «%(measure)s»: %(decision)s.") % {
            "measure": measure.title,
            "decision": decision,
        }
        if application.granted_amount is not None:
            text += " " + _("Amount: %(amount)s.") % {
                "amount": money.rub(application.granted_amount)
            }
        if application.decision_reason:
            text += " " + _("Reason: %(reason)s") % {"reason": application.decision_reason}
        subject = _("A decision on your application for support")
    do_notify(
        user,
        text,
        reverse("support:application", args=[application.pk]),
        email_subject=str(subject),
    )
