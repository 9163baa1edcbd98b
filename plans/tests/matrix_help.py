"""Rows of the permission matrix and the query-count table for the plan pages of this part
(help), with the objects their URLs need: `core/tests/` reads them, so each part adds its own
rows without touching the shared tables."""

from __future__ import annotations

from typing import Any

from django.core.files.uploadedfile import SimpleUploadedFile

from core.tests.counting import Count, Counted
from members.models import User

LOGIN = 302
NF = 404
INVALID = 422
CURATORS = ("GET", [LOGIN, NF, NF, NF, NF, NF, 200, 200])
# An empty form to a curators' action: 422 with the form's errors, everyone else 404.
CURATORS_POST_EMPTY = ("POST", [LOGIN, NF, NF, NF, NF, NF, INVALID, INVALID])

# URL name -> (method, status per role in core.tests.test_permissions_matrix.ROLES order).
ROWS: dict[str, tuple[str, list[int]]] = {
    # The resident's own goal and request.
    "plans:ask_help": ("GET", [LOGIN, NF, NF, NF, 200, NF, NF, NF]),
    "plans:my_help_requests": ("GET", [LOGIN, NF, NF, 200, 200, 200, NF, NF]),
    # Curators open requests on their own pages, not the member's.
    "plans:help_request": ("GET", [LOGIN, NF, NF, NF, 200, NF, NF, NF]),
    "plans:help_message": ("POST", [LOGIN, NF, NF, NF, INVALID, NF, INVALID, INVALID]),
    "plans:help_file": ("GET", [LOGIN, NF, NF, NF, 200, NF, 200, 200]),
    "plans:queue": CURATORS,
    "plans:queue_assign": CURATORS_POST_EMPTY,
    "plans:queue_sla": CURATORS,
    "plans:queue_request": CURATORS,
    # The curator takes it; the superuser after them is told it is taken (both redirected).
    "plans:help_take": ("POST", [LOGIN, NF, NF, NF, NF, NF, 302, 302]),
    "plans:help_status": CURATORS_POST_EMPTY,
    "plans:help_answer": CURATORS_POST_EMPTY,
    "plans:help_note": CURATORS_POST_EMPTY,
    "plans:overview": CURATORS,
}
SIGNED_IN = "session, user"
BASE = "notifications, cluster settings"
# URL name -> core.tests.test_query_counts.Count or Counted, for list pages.
PAGE_COUNTS: dict[str, Any] = {
    "plans:queue": Counted(
        "plans.tests.test_queue:test_the_queue_runs_the_same_queries_for_10_and_60_requests",
        "plans:queue",
    ),
    "plans:my_help_requests": Count(
        "resident", 6, f"{SIGNED_IN}, member, requests with goals, steps and curators, {BASE}"
    ),
    "plans:overview": Counted(
        "plans.tests.test_overview:test_the_overview_runs_constant_queries", "plans:overview"
    ),
    "plans:queue_sla": Counted(
        "plans.tests.test_queue:test_the_sla_page_runs_constant_queries", "plans:queue_sla"
    ),
}
# OpenAPI path -> Count or Counted, for list endpoints.
ENDPOINT_COUNTS: dict[str, Any] = {
    "/api/v1/me/help-requests": Counted(
        "plans.tests.test_help_api:test_the_lists_run_constant_queries", "/api/v1/me/help-requests"
    ),
    "/api/v1/help-requests": Counted(
        "plans.tests.test_help_api:test_the_lists_run_constant_queries", "/api/v1/help-requests"
    ),
    "/api/v1/help-requests/{request_id}/notes": Counted(
        "plans.tests.test_help_api:test_the_lists_run_constant_queries", "/notes"
    ),
}


def url_args(cast: dict[str, User]) -> dict[str, list[Any]]:
    """Return the URL arguments of this part's rows, made for the shared cast."""
    from plans.services.help import AskData, check_ask_help
    from plans.tests.help_factories import goal_for

    goal = goal_for(cast["resident"].member)
    pdf = SimpleUploadedFile("brief.pdf", b"%PDF-1.4 brief", content_type="application/pdf")
    request = check_ask_help(cast["resident"], goal, AskData("Нужен фотограф"), [pdf])
    file = request.files.get()
    return {
        "plans:ask_help": [goal.pk],
        "plans:help_request": [request.pk],
        "plans:help_message": [request.pk],
        "plans:help_file": [request.pk, file.pk],
        "plans:queue_request": [request.pk],
        "plans:help_take": [request.pk],
        "plans:help_status": [request.pk],
        "plans:help_answer": [request.pk],
        "plans:help_note": [request.pk],
    }
