"""Rows of the permission matrix and the query-count table for the survey pages of this part
(results), with the objects their URLs need: `core/tests/` reads them, so each part adds its own
rows without touching the shared tables."""

from __future__ import annotations

from typing import Any

from core.tests.counting import Counted
from members.models import User

LOGIN, NOT_FOUND = 302, 404
# Only curators (and superusers) see results; everybody else is told there is nothing.
CURATORS_ONLY = ("GET", [LOGIN, NOT_FOUND, NOT_FOUND, NOT_FOUND, NOT_FOUND, NOT_FOUND, 200, 200])

# URL name -> (method, status per role in core.tests.test_permissions_matrix.ROLES order).
ROWS: dict[str, tuple[str, list[int]]] = {
    "surveys:results": CURATORS_ONLY,
    "surveys:results_breakdown": CURATORS_ONLY,
    "surveys:results_texts": CURATORS_ONLY,
    "surveys:needs_by_town": CURATORS_ONLY,
}
# URL name -> core.tests.test_query_counts.Count or Counted, for list pages.
PAGE_COUNTS: dict[str, Any] = {
    "surveys:results_texts": Counted(
        "surveys.tests.test_results_pages:"
        "test_the_texts_page_costs_the_same_queries_for_10_and_100_texts",
        "surveys:results_texts",
    ),
}
# OpenAPI path -> Count or Counted, for list endpoints.
ENDPOINT_COUNTS: dict[str, Any] = {}


def url_args(cast: dict[str, User]) -> dict[str, list[Any]]:
    """Return the URL arguments of this part's rows, made for the shared cast: an anonymous
    survey with a need question and a text question, answered in two towns."""
    from surveys.models import QuestionKind
    from surveys.tests.results_factories import add_question, make_survey, needs_question, respond

    survey = make_survey(anonymous=True)
    needs = needs_question(survey)
    text = add_question(survey, QuestionKind.LONG_TEXT, "Что ещё?")
    for user in (cast["resident"], cast["producer"], cast["partner"]):
        respond(survey, {needs: ["premises"], text: "Нужна мастерская"}, town=user.member.town)
    return {
        "surveys:results": [survey.pk],
        "surveys:results_breakdown": [survey.pk],
        "surveys:results_texts": [survey.pk, text.pk],
        "surveys:needs_by_town": [survey.pk],
    }
