"""Pages: results for curators. Everybody else gets "not found", anonymous people log in.

The results page shows each question's figures with a chart and its table, the comparison
with the earlier run, and a breakdown by town, industry or role (`?by=`, swapped in by htmx
from the partial). Free texts have their own page with search and pages; the needs per town
another."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from django.http import HttpResponse
from django.shortcuts import get_object_or_404, render
from django.urls import URLPattern, path
from django.utils.safestring import SafeString
from django.utils.translation import gettext as _

from core.http import AuthenticatedRequest
from core.pagination import page_number
from core.roles import curator_required
from surveys import charts, results, snapshots
from surveys.models import CHOICE_KINDS, OTHER_VALUE, TEXT_KINDS, Question, Survey


@dataclass
class QuestionCard:
    """A question's figures as the page shows them: a chart, its table, the earlier run."""

    result: results.QuestionResult
    chart: SafeString | None
    comparison: results.RunComparison | None = None
    comparison_chart: SafeString | None = None


@dataclass
class BreakdownCard:
    item: results.QuestionBreakdownResult
    chart: SafeString | None
    # (group, answered cell, mean, median) for scales and numbers.
    number_rows: list[tuple[Any, Any, float | None, float | None]]


def _survey(survey_id: int) -> Survey:
    return get_object_or_404(Survey, pk=survey_id)


def _dimension(raw: str | None) -> results.Dimension:
    return raw if raw in results.DIMENSIONS else "town"


def _question_card(
    result: results.QuestionResult, comparison: results.RunComparison | None
) -> QuestionCard:
    question = result.question
    chart = None
    if result.choice is not None and result.respondents:
        chart = charts.choice_chart(question.text, result.choice.options)
    elif result.numbers is not None and result.respondents:
        chart = charts.distribution_chart(question.text, result.numbers.bins)
    card = QuestionCard(result, chart, comparison)
    if comparison is not None and comparison.rows:
        card.comparison_chart = charts.comparison_chart(
            _("%(question)s: this run and the earlier one") % {"question": question.text},
            comparison.rows,
            comparison.question.survey.title,
            comparison.earlier_survey.title,
        )
    return card


def breakdown_cards(found: results.Breakdown) -> list[BreakdownCard]:
    cards = []
    for item in found.questions:
        figures = item.figures
        title = f"{item.question.text} — {found.label.lower()}"
        if item.is_choice:
            chart = charts.breakdown_chart(title, found.groups, figures)
            cards.append(BreakdownCard(item, chart, []))
        else:
            rows = list(
                zip(found.groups, figures.answered, figures.means, figures.medians, strict=True)
            )
            chart = charts.means_chart(title, found.groups, figures.means)
            cards.append(BreakdownCard(item, chart, rows))
    return cards


def _breakdown_context(survey: Survey, found: results.Breakdown) -> dict[str, Any]:
    return {
        "survey": survey,
        "breakdown": found,
        "cards": breakdown_cards(found),
        "max_groups": charts.MAX_GROUPS,
        "dimensions": [(d, results.dimension_label(d)) for d in results.DIMENSIONS],
    }


@curator_required
def results_page(request: AuthenticatedRequest, survey_id: int) -> HttpResponse:
    survey = _survey(survey_id)
    by = _dimension(request.GET.get("by"))
    snapshot = snapshots.page_snapshot(survey, by, fresh=_fresh(request))
    figures, comparisons = snapshot.figures, snapshot.comparisons
    sections = [
        (s.section, [_question_card(q, comparisons.get(q.question.pk)) for q in s.questions])
        for s in figures.sections
    ]
    context = {
        "figures": figures,
        "sections": sections,
        "counted_at": snapshot.counted_at,
        **_breakdown_context(survey, snapshot.breakdown),
    }
    return render(request, "surveys/results.html", context)


def _fresh(request: AuthenticatedRequest) -> bool:
    return request.GET.get("fresh") == "1"


@curator_required
def results_breakdown(request: AuthenticatedRequest, survey_id: int) -> HttpResponse:
    survey = _survey(survey_id)
    by = _dimension(request.GET.get("by"))
    found = snapshots.breakdown_snapshot(survey, by, fresh=_fresh(request)).breakdown
    return render(
        request, "surveys/partials/results_breakdown.html", _breakdown_context(survey, found)
    )


@curator_required
def results_texts(request: AuthenticatedRequest, survey_id: int, question_id: int) -> HttpResponse:
    survey = _survey(survey_id)
    question = get_object_or_404(
        Question.objects.select_related("survey"), pk=question_id, survey_id=survey.pk
    )
    if question.kind not in TEXT_KINDS and not (
        question.kind in CHOICE_KINDS and question.allows_other
    ):
        return render(
            request,
            "surveys/results_texts.html",
            {"survey": survey, "question": question, "page": None},
            status=404,
        )
    query = request.GET.get("q", "")
    found = results.question_texts(question, query, page_number(request.GET.get("page")))
    context = {
        "survey": survey,
        "question": question,
        "page": found,
        "query": found.query,
        "is_other": question.kind in CHOICE_KINDS,
        "other_value": OTHER_VALUE,
    }
    template = (
        "surveys/partials/results_text_list.html"
        if request.htmx and request.htmx.target == "texts"
        else "surveys/results_texts.html"
    )
    return render(request, template, context)


@curator_required
def needs_by_town(request: AuthenticatedRequest, survey_id: int) -> HttpResponse:
    survey = _survey(survey_id)
    found = snapshots.needs_snapshot(survey, fresh=_fresh(request)).needs
    tops = [
        (town, [(row, row.cells[column]) for row in found.top(column)])
        for column, town in enumerate(found.towns)
    ]
    return render(
        request, "surveys/needs_by_town.html", {"survey": survey, "needs": found, "tops": tops}
    )


urlpatterns: list[URLPattern] = [
    path("surveys/manage/<int:survey_id>/results/", results_page, name="results"),
    path(
        "surveys/manage/<int:survey_id>/results/breakdown/",
        results_breakdown,
        name="results_breakdown",
    ),
    path(
        "surveys/manage/<int:survey_id>/results/texts/<int:question_id>/",
        results_texts,
        name="results_texts",
    ),
    path("surveys/manage/<int:survey_id>/results/needs/", needs_by_town, name="needs_by_town"),
]
