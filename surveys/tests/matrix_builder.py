"""Rows of the permission matrix and the query-count table for the survey pages of this part
(builder), with the objects their URLs need: `core/tests/` reads them, so each part adds its own
rows without touching the shared tables."""

from __future__ import annotations

from typing import Any

from core.tests.counting import Counted
from members.models import User

LOGIN, NOT_FOUND = 302, 404
CURATORS = ("GET", [LOGIN] + [NOT_FOUND] * 5 + [200, 200])
# A curator's action answers with a redirect to the page that says how it went (done or
# refused: the locked survey refuses deletions, the second publishing or saving to the bank).
CURATORS_POST = ("POST", [LOGIN] + [NOT_FOUND] * 5 + [302, 302])

# URL name -> (method, status per role in core.tests.test_permissions_matrix.ROLES order).
ROWS: dict[str, tuple[str, list[int]]] = {
    "surveys:builder": CURATORS,
    "surveys:builder_new": CURATORS,
    "surveys:builder_survey": CURATORS,
    "surveys:builder_edit": CURATORS,
    "surveys:builder_targeting": CURATORS,
    "surveys:builder_member_results": CURATORS,
    "surveys:builder_section_new": CURATORS,
    "surveys:builder_section": CURATORS,
    "surveys:builder_section_delete": CURATORS_POST,
    "surveys:builder_section_move": CURATORS_POST,
    "surveys:builder_question_new": CURATORS,
    "surveys:builder_question": CURATORS,
    "surveys:builder_question_delete": CURATORS_POST,
    "surveys:builder_question_move": CURATORS_POST,
    "surveys:builder_question_to_bank": CURATORS_POST,
    "surveys:builder_bank": CURATORS,
    "surveys:builder_preview": CURATORS,
    "surveys:builder_publish": CURATORS_POST,
    "surveys:builder_remind": CURATORS_POST,
    "surveys:builder_sending": CURATORS,
}
PAGES = "surveys.tests.test_builder_pages"
API = "surveys.tests.test_builder_api"
# URL name -> core.tests.test_query_counts.Count or Counted, for list pages.
PAGE_COUNTS: dict[str, Any] = {
    "surveys:builder": Counted(f"{PAGES}:test_the_list_runs_constant_queries", "surveys:builder"),
}
# OpenAPI path -> Count or Counted, for list endpoints.
ENDPOINT_COUNTS: dict[str, Any] = {
    "/api/v1/surveys": Counted(f"{API}:test_the_lists_run_constant_queries", "/api/v1/surveys"),
    "/api/v1/surveys/{survey_id}/questions": Counted(
        f"{API}:test_the_lists_run_constant_queries", "/questions"
    ),
    "/api/v1/survey-bank": Counted(
        f"{API}:test_the_lists_run_constant_queries", "/api/v1/survey-bank"
    ),
}


def url_args(cast: dict[str, User]) -> dict[str, list[Any]]:
    """Return the URL arguments of this part's rows, made for the shared cast: a draft ready
    to publish, and an open survey someone has answered (which refuses deletions)."""
    from surveys.models import Invitation
    from surveys.tests.factories import add_question, add_response, make_survey

    curator = cast["curator"]
    draft = make_survey(curator, target_roles=["resident"])
    draft_question = add_question(draft, "single")
    answered = make_survey(curator, status="published", target_roles=["resident"])
    question = add_question(answered, "yes_no")
    Invitation.objects.create(survey=answered, user=cast["producer"])
    add_response(answered, cast["resident"])
    section = question.section
    return {
        "surveys:builder_survey": [draft.pk],
        "surveys:builder_edit": [draft.pk],
        "surveys:builder_targeting": [draft.pk],
        "surveys:builder_member_results": [draft.pk],
        "surveys:builder_section_new": [draft.pk],
        "surveys:builder_section": [answered.pk, section.pk],
        "surveys:builder_section_delete": [answered.pk, section.pk],
        "surveys:builder_section_move": [answered.pk, section.pk],
        "surveys:builder_question_new": [answered.pk, section.pk],
        "surveys:builder_question": [draft.pk, draft_question.pk],
        "surveys:builder_question_delete": [answered.pk, question.pk],
        "surveys:builder_question_move": [answered.pk, question.pk],
        "surveys:builder_question_to_bank": [draft.pk, draft_question.pk],
        "surveys:builder_bank": [draft.pk],
        "surveys:builder_preview": [answered.pk],
        "surveys:builder_publish": [draft.pk],
        "surveys:builder_remind": [answered.pk],
        "surveys:builder_sending": [answered.pk],
    }
