"""Writes of the person answering: saving answers as they go, and sending the response.

Only an invited person answers, while the survey is open. Named: one response per person
(`Response.user`), sent and sent again until the survey closes, with its times. Anonymous:
the draft is tied to the invitation while it is filled in; sending cuts the tie in the same
transaction, keeps no time and marks the invitation answered, so the response can never be
found from the person again, nor changed.

Locks: the invitation's row first, then the response's, so two tabs of one person take
turns.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from datetime import date

from django.db import IntegrityError, transaction
from django.utils import formats, timezone
from django.utils.translation import gettext as _

from core.errors import DomainError, Kind
from members.models import User
from members.queries import member_of
from resources.models import ITEM_TEXT_MAX, ItemType
from resources.services import ItemData, do_add_item
from surveys import logic
from surveys.models import (
    Answer,
    Invitation,
    Question,
    Response,
    ResponseStatus,
    Survey,
    TurnedNeed,
)
from surveys.queries_answering import (
    CLOSED,
    UPCOMING,
    Questionnaire,
    questionnaire,
    response_of,
    stored_answers,
    survey_state,
)


class AnswerError(DomainError):
    """A refusal of answers; `problems` are the messages by question id, for the API's
    `details` and the fields of the page."""

    def __init__(
        self,
        code: str,
        message: str,
        problems: Mapping[int, str] | None = None,
        *,
        kind: Kind | None = None,
    ) -> None:
        super().__init__(code, message, None if problems is None else "answers", kind=kind)
        self.problems: dict[int, str] = dict(problems or {})

    def details(self) -> dict[str, list[str]] | None:
        if not self.problems:
            return None
        return {str(qid): [message] for qid, message in self.problems.items()}


def day(value: date) -> str:
    return formats.date_format(value, "j E Y")


def problem_message(question: Question, problem: logic.Problem) -> str:
    """Return what is wrong with the answer, in the reader's words."""
    params = problem.params
    if problem.code == "out_of_range":
        low, high = params.get("min"), params.get("max")
        if low is not None and high is not None:
            return _("Enter a number from %(min)s to %(max)s.") % {"min": low, "max": high}
        if low is not None:
            return _("Enter a number of at least %(min)s.") % {"min": low}
        return _("Enter a number of at most %(max)s.") % {"max": high}
    if problem.code == "too_long":
        return _("At most %(limit)d characters (now %(length)d).") % {
            "limit": params["limit"],
            "length": params["length"],
        }
    messages = {
        "not_a_number": _("Enter a number, e.g. 12 or 3,5."),
        "not_a_whole_number": _("Choose a whole number on the scale."),
        "unknown_option": _("Choose one of the options offered."),
        "one_value": _("Choose one option."),
        "other_text_missing": _("Write what you mean by “other”."),
        "no_other": _("This question has no “other” option."),
        "wrong_type": _("This answer has the wrong type for the question."),
    }
    return messages.get(problem.code, _("This answer does not fit the question."))


def required_message() -> str:
    return _("Answer this question.")


# --- Who may answer, and when -----------------------------------------------------------------


def check_may_answer(survey: Survey, invitation: Invitation, today: date) -> None:
    """Raise AnswerError (conflict) unless the survey takes answers today and the person has
    not sent an anonymous response already."""
    state = survey_state(survey, today)
    if state == UPCOMING:
        raise AnswerError(
            "not_open_yet",
            _("The survey opens on %(day)s.") % {"day": day(survey.opens_on)},
            kind="conflict",
        )
    if state == CLOSED:
        raise AnswerError(
            "survey_closed",
            _("The survey closed on %(day)s; answers are no longer taken.")
            % {"day": day(survey.closes_on)},
            kind="conflict",
        )
    if survey.is_anonymous and invitation.answered:
        raise AnswerError(
            "already_sent",
            _("You have sent your answers to this anonymous survey; they cannot be changed."),
            kind="conflict",
        )


def _lock_invitation(actor: User, survey: Survey) -> Invitation:
    invitation = Invitation.objects.select_for_update().filter(survey=survey, user=actor).first()
    if invitation is None:
        raise AnswerError("not_found", _("Not found."), kind="not_found")
    invitation.survey = survey
    return invitation


# --- Saving as one goes -----------------------------------------------------------------------


@dataclass(frozen=True)
class Saved:
    response: Response
    outcome: logic.Outcome
    missing: list[int]  # required questions asked for and left unanswered
    form: Questionnaire


def _given_problems(form: Questionnaire, outcome: logic.Outcome) -> dict[int, str]:
    by_id = {question.pk: question for question in form.questions}
    problems = {}
    for qid, problem in outcome.problems.items():
        question = by_id.get(qid)
        problems[qid] = (
            problem_message(question, problem)
            if question is not None
            else _("The survey has no question %(id)s.") % {"id": qid}
        )
    return problems


def _breakdown(response: Response, actor: User) -> None:
    """Copy where the person is now: town, industries and roles, for the breakdowns."""
    member = member_of(actor)
    response.town = member.town if member is not None else None
    response.is_resident, response.is_producer = actor.is_resident, actor.is_producer
    response.is_partner, response.is_client = actor.is_partner, actor.is_client
    response.save()
    response.industries.set(member.industries.all() if member is not None else [])


def _start(survey: Survey, invitation: Invitation, actor: User) -> Response:
    if survey.is_anonymous:
        response = Response(survey=survey, invitation=invitation)
    else:
        response = Response(survey=survey, user=actor, started_at=timezone.now())
    try:
        with transaction.atomic():
            _breakdown(response, actor)
    except IntegrityError as error:  # the invitation's lock makes this unreachable in practice
        raise AnswerError(
            "already_answering",
            _("Your answers are being saved in another window; reload the page."),
            kind="conflict",
        ) from error
    return response


def _store(
    response: Response, stored: Mapping[int, logic.Answer], answers: Mapping[int, logic.Answer]
) -> None:
    """Write the answers that changed: one delete and one insert, however many questions."""
    changed = {qid for qid in set(stored) | set(answers) if stored.get(qid) != answers.get(qid)}
    if not changed:
        return
    Answer.objects.filter(response=response, question_id__in=changed).delete()
    Answer.objects.bulk_create(
        Answer(
            response=response,
            question_id=row.question,
            value=row.value,
            number=row.number,
            text=row.text,
        )
        for qid in sorted(changed)
        for row in answers.get(qid, ())
    )


@transaction.atomic
def check_save_answers(
    actor: User,
    survey: Survey,
    given: Mapping[int, object],
    *,
    require: Iterable[int] = (),
    today: date | None = None,
) -> Saved:
    """Save the person's answers: `given` maps question ids to a `logic.Raw` (or what
    `logic.parse_raw` gave); the questions not given keep their stored answers, and the
    answers of questions the skip logic now hides are dropped. `require` names the questions
    (one section's) whose required ones are reported as `missing`; they do not stop the save.

    Raise AnswerError, changing nothing, if the person is not invited (not found), the survey
    does not take answers today or their anonymous answers were sent (conflict), or an answer
    does not fit its question (invalid, with the problems by question).
    """
    invitation = _lock_invitation(actor, survey)
    check_may_answer(survey, invitation, today or timezone.localdate())
    form = questionnaire(survey)
    response = response_of(invitation, lock=True)
    stored = stored_answers(response)
    outcome = logic.apply_answers(form.specs, stored, given)
    if outcome.problems:
        problems = _given_problems(form, outcome)
        raise AnswerError(
            "invalid_answers",
            _("Some answers need correcting: see the questions marked."),
            problems,
        )
    if response is None:
        response = _start(survey, invitation, actor)
    _store(response, stored, outcome.answers)
    return Saved(response, outcome, logic.missing_required(form.specs, outcome, require), form)


# --- Sending ----------------------------------------------------------------------------------


@transaction.atomic
def check_submit_response(
    actor: User, survey: Survey, *, needs_consent: bool = False, today: date | None = None
) -> Response:
    """Send the person's response, or send it again (named surveys, until closing).

    Anonymous: the tie to the invitation is cut, no time kept, and no consent taken. Named:
    the sending time is kept, and with `needs_consent` each need named in the answers
    becomes an item of the member's resource map, once (`TurnedNeed`); without it, items
    added before stay (the member may have edited them).

    Raise AnswerError, changing nothing, as `check_save_answers` does, or if a required
    question shown is left unanswered (invalid, the questions in `problems`).
    """
    invitation = _lock_invitation(actor, survey)
    check_may_answer(survey, invitation, today or timezone.localdate())
    form = questionnaire(survey)
    response = response_of(invitation, lock=True)
    stored = stored_answers(response)
    outcome = logic.apply_answers(form.specs, stored, {})
    missing = logic.missing_required(form.specs, outcome)
    if missing:
        by_id = {question.pk: question for question in form.questions}
        first = by_id[missing[0]]
        raise AnswerError(
            "answers_missing",
            _("Answer the required question «%(question)s» before sending.")
            % {"question": first.text},
            {qid: required_message() for qid in missing},
        )
    if response is None:
        response = _start(survey, invitation, actor)
    _store(response, stored, outcome.answers)  # drops what the skip logic hides
    _breakdown(response, actor)
    response.status = ResponseStatus.SUBMITTED
    if survey.is_anonymous:
        response.invitation = None
        response.needs_consent = False
        response.started_at = response.submitted_at = None
    else:
        response.needs_consent = needs_consent and member_of(actor) is not None
        response.submitted_at = timezone.now()
    response.save(
        update_fields=["status", "invitation", "needs_consent", "started_at", "submitted_at"]
    )
    invitation.answered = True
    invitation.save(update_fields=["answered"])
    if response.needs_consent:
        _turn_needs(actor, response, form, outcome.answers)
    return response


def _turn_needs(
    actor: User, response: Response, form: Questionnaire, answers: Mapping[int, logic.Answer]
) -> None:
    member = member_of(actor)
    if member is None:
        return
    done = set(TurnedNeed.objects.filter(response=response).values_list("question_id", "value"))
    types = set(ItemType.values)
    for qid, value, need, text in logic.needs_named(form.specs, answers):
        if (qid, value) in done:
            continue
        kind = need if need in types else ItemType.OTHER
        item = do_add_item(member, ItemData("need", kind, text[:ITEM_TEXT_MAX], "members"))
        TurnedNeed.objects.create(response=response, question_id=qid, value=value, item=item)
