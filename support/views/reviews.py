"""Pages of reviewers and curators: the reviewer queue, scoring, the decision board."""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import URLPattern, path, reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from core.errors import DomainError, add_to_form
from core.http import AuthenticatedRequest
from core.roles import curator_required, is_curator
from support.forms_reviews import ConflictForm, DecisionForm, ReviewerForm, ScoresForm
from support.models import Application, ApplicationFile, FormField, Measure, Reviewer
from support.queries_reviews import (
    access_board,
    access_review,
    board_for,
    queue_for,
    reviewer_candidates,
    score_sheet,
)
from support.services import (
    check_assign_reviewer,
    check_decide,
    check_declare_conflict,
    check_remove_reviewer,
    check_save_scores,
)

INVALID = 422


@login_required
def queue(request: AuthenticatedRequest) -> HttpResponse:
    found = queue_for(request.user)
    if not (found.assigned or is_curator(request.user)):
        raise Http404
    return render(request, "support/reviews.html", {"queue": found})


def _answers(application: Application) -> list[tuple[FormField, str, ApplicationFile | None]]:
    fields = FormField.objects.filter(measure_id=application.measure_id)
    files = {f.field_id: f for f in application.files.all()}
    return [(f, str(application.answers.get(str(f.pk), "")), files.get(f.pk)) for f in fields]


def _review_page(
    request: AuthenticatedRequest,
    application: Application,
    scores_form: ScoresForm | None = None,
    conflict_form: ConflictForm | None = None,
    status: int = 200,
) -> HttpResponse:
    sheet = score_sheet(request.user, application)
    mine = sheet.mine
    context = {
        "application": application,
        "measure": application.measure,
        "answers": _answers(application),
        "sheet": sheet,
        "form": scores_form or ScoresForm(sheet.criteria, mine),
        "conflict_form": conflict_form or ConflictForm(),
        "has_conflict": mine is not None and mine.has_conflict,
        "may_score": not application.is_decided and not (mine and mine.has_conflict),
    }
    return render(request, "support/review.html", context, status=status)


@login_required
def review(request: AuthenticatedRequest, application_id: int) -> HttpResponse:
    application = access_review(request.user, application_id)
    if request.method != "POST":
        return _review_page(request, application)
    sheet = score_sheet(request.user, application)
    form = ScoresForm(sheet.criteria, sheet.mine, request.POST)
    if form.is_valid():
        try:
            saved = check_save_scores(request.user, application, form.to_scores())
        except DomainError as error:
            add_to_form(form, error)
        else:
            if saved.submitted_at is not None:
                messages.success(request, _("Your scores have been saved."))
            else:
                messages.info(request, _("Saved. Some criteria are not scored yet."))
            return redirect("support:review", application.pk)
    return _review_page(request, application, scores_form=form, status=INVALID)


@require_POST
@login_required
def declare_conflict(request: AuthenticatedRequest, application_id: int) -> HttpResponse:
    application = access_review(request.user, application_id)
    form = ConflictForm(request.POST)
    if form.is_valid():
        try:
            check_declare_conflict(request.user, application, form.cleaned_data["note"])
        except DomainError as error:
            add_to_form(form, error)
        else:
            messages.success(
                request, _("The conflict of interest is recorded. You will not score this one.")
            )
            return redirect("support:reviews")
    return _review_page(request, application, conflict_form=form, status=INVALID)


def _decision_form(application: Application) -> DecisionForm:
    return DecisionForm(
        prefix=f"a{application.pk}",
        initial={
            "decision": application.status if application.is_decided else "",
            "amount": application.granted_amount,
            "reason": application.decision_reason,
        },
    )


def _board_page(
    request: AuthenticatedRequest,
    measure: Measure,
    decision_forms: dict[int, DecisionForm] | None = None,
    reviewer_form: ReviewerForm | None = None,
    status: int = 200,
) -> HttpResponse:
    board = board_for(measure)
    bound = decision_forms or {}
    rows = [
        (row, bound.get(row.application.pk) or _decision_form(row.application))
        for row in board.rows
    ]
    context: dict[str, Any] = {
        "board": board,
        "rows": rows,
        "measure": measure,
        "reviewer_form": reviewer_form or ReviewerForm(reviewer_candidates(measure)),
    }
    return render(request, "support/board.html", context, status=status)


@curator_required
def board(request: AuthenticatedRequest, measure_id: int) -> HttpResponse:
    return _board_page(request, access_board(request.user, measure_id))


@require_POST
@curator_required
def add_reviewer(request: AuthenticatedRequest, measure_id: int) -> HttpResponse:
    measure = access_board(request.user, measure_id)
    form = ReviewerForm(reviewer_candidates(measure), request.POST)
    if form.is_valid():
        try:
            check_assign_reviewer(request.user, measure, form.cleaned_data["user"])
        except DomainError as error:
            add_to_form(form, error)
        else:
            messages.success(request, _("The reviewer has been added."))
            return redirect(reverse("support:board", args=[measure.pk]) + "#reviewers")
    return _board_page(request, measure, reviewer_form=form, status=INVALID)


@require_POST
@curator_required
def remove_reviewer(
    request: AuthenticatedRequest, measure_id: int, reviewer_id: int
) -> HttpResponse:
    measure = access_board(request.user, measure_id)
    reviewer = get_object_or_404(Reviewer, pk=reviewer_id, measure=measure)
    try:
        check_remove_reviewer(request.user, reviewer)
    except DomainError as error:
        messages.error(request, error.message)
    else:
        messages.success(request, _("The reviewer has been removed."))
    return redirect(reverse("support:board", args=[measure.pk]) + "#reviewers")


@require_POST
@curator_required
def decide(request: AuthenticatedRequest, application_id: int) -> HttpResponse:
    application = get_object_or_404(
        Application.objects.sent().select_related("measure", "member"), pk=application_id
    )
    form = DecisionForm(request.POST, prefix=f"a{application.pk}")
    if form.is_valid():
        try:
            check_decide(request.user, application, *form.to_args())
        except DomainError as error:
            add_to_form(form, error)
        else:
            messages.success(request, _("The decision has been saved and the applicant told."))
            anchor = f"#application-{application.pk}"
            return redirect(reverse("support:board", args=[application.measure_id]) + anchor)
    return _board_page(
        request, application.measure, decision_forms={application.pk: form}, status=INVALID
    )


urlpatterns: list[URLPattern] = [
    path("support/reviews/", queue, name="reviews"),
    path("support/applications/<int:application_id>/review/", review, name="review"),
    path(
        "support/applications/<int:application_id>/review/conflict/",
        declare_conflict,
        name="review_conflict",
    ),
    path("support/applications/<int:application_id>/decision/", decide, name="decide"),
    path("support/<int:measure_id>/board/", board, name="board"),
    path("support/<int:measure_id>/board/reviewers/", add_reviewer, name="board_add_reviewer"),
    path(
        "support/<int:measure_id>/board/reviewers/<int:reviewer_id>/remove/",
        remove_reviewer,
        name="board_remove_reviewer",
    ),
]
