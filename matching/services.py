from __future__ import annotations

from django.db import IntegrityError, transaction
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import override

from core.errors import DomainError
from core.services import do_notify
from matching.models import HiddenSuggestion, Introduction, IntroductionStatus
from members.models import Member, User


class IntroductionError(DomainError):
    """An introduction that cannot be asked for or answered in its current state."""

    def __init__(self, message: str) -> None:
        super().__init__("introduction_conflict", message, None, kind="conflict")


@transaction.atomic
def do_request_introduction(
    requester: Member,
    recipient: Member,
    message: str = "",
    reasons: list[str] | None = None,
    *,
    brokered_by: User | None = None,
) -> Introduction:
    if requester.pk == recipient.pk:
        raise IntroductionError(_("You cannot ask to be introduced to yourself."))
    if not recipient.is_active:
        raise IntroductionError(_("This member is no longer in the cluster."))
    try:
        with transaction.atomic():
            introduction = Introduction.objects.create(
                requester=requester,
                recipient=recipient,
                message=message.strip()[:1000],
                reasons=reasons or [],
                brokered_by=brokered_by,
            )
    except IntegrityError as error:
        raise IntroductionError(_("You have already asked for this introduction.")) from error
    with override("ru"):
        text = _("%(name)s would like to get acquainted with you in the cluster.") % {
            "name": requester.display_name
        }
    do_notify(recipient.user, text, reverse("matching:introductions"), email_subject=text)
    return introduction


@transaction.atomic
def do_answer_introduction(
    introduction: Introduction, recipient: Member, accept: bool
) -> Introduction:
    """Accept or decline; only the recipient answers, and only once (the row is locked)."""
    introduction = Introduction.objects.select_for_update().get(pk=introduction.pk)
    if introduction.recipient_id != recipient.pk:
        raise IntroductionError(_("Only the person asked can answer."))
    if introduction.status != IntroductionStatus.REQUESTED:
        raise IntroductionError(_("This introduction has already been answered."))
    introduction.status = IntroductionStatus.ACCEPTED if accept else IntroductionStatus.DECLINED
    introduction.decided_at = timezone.now()
    introduction.save(update_fields=["status", "decided_at"])
    with override("ru"):
        if accept:
            text = _("%(name)s accepted your introduction: their contacts are now open to you.")
        else:
            text = _("%(name)s declined your introduction.")
        text = text % {"name": introduction.recipient.display_name}
    do_notify(
        introduction.requester.user, text, reverse("matching:introductions"), email_subject=text
    )
    return introduction


def do_hide_suggestion(member: Member, hidden: Member) -> None:
    HiddenSuggestion.objects.get_or_create(member=member, hidden=hidden)
