"""Rows of the permission matrix and the query-count table for the survey pages of this part
(answering), with the objects their URLs need: `core/tests/` reads them, so each part adds its own
rows without touching the shared tables."""

from __future__ import annotations

from typing import Any

from core.tests.counting import Count, Counted
from members.models import User

LOGIN, NOT_FOUND = 302, 404
SIGNED_IN = "session, user"
BASE = "notifications, cluster settings"

# URL name -> (method, status per role in core.tests.test_permissions_matrix.ROLES order).
# The survey is sent to the resident and the producer: for everyone else it does not exist.
INVITED = [LOGIN, NOT_FOUND, NOT_FOUND, NOT_FOUND, 200, 200, NOT_FOUND, NOT_FOUND]
ROWS: dict[str, tuple[str, list[int]]] = {
    "surveys:mine": ("GET", [LOGIN, 200, 200, 200, 200, 200, 200, 200]),
    "surveys:answer": ("GET", INVITED),
    # The htmx refresh of a section's questions, sent empty: the first section as it stands.
    "surveys:answer_questions": ("POST", INVITED),
}
# URL name -> core.tests.test_query_counts.Count or Counted, for list pages.
PAGE_COUNTS: dict[str, Any] = {
    "surveys:mine": Counted(
        "surveys.tests.test_my_surveys:test_my_surveys_runs_constant_queries", "surveys:mine"
    ),
}
# OpenAPI path -> Count or Counted, for list endpoints.
ENDPOINT_COUNTS: dict[str, Any] = {
    "/api/v1/me/surveys": Count(
        "resident", 4, f"{SIGNED_IN}, invitations with surveys and question counts, responses"
    ),
}


def url_args(cast: dict[str, User]) -> dict[str, list[Any]]:
    """Return the URL arguments of this part's rows, made for the shared cast."""
    from surveys.tests.answering_factories import invite, ready_survey

    survey = ready_survey()
    invite(survey, cast["resident"], cast["producer"])
    return {"surveys:answer": [survey.pk], "surveys:answer_questions": [survey.pk]}
