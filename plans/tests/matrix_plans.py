"""Rows of the permission matrix and the query-count table for the plan pages of this part
(plans), with the objects their URLs need: `core/tests/` reads them, so each part adds its own
rows without touching the shared tables."""

from __future__ import annotations

from typing import Any

from core.tests.counting import Counted
from members.models import User

LOGIN, NOT_FOUND = 302, 404
# The resident's plan, shared with curators: the owner and curators see it, nobody else.
SEEN = ("GET", [LOGIN, NOT_FOUND, NOT_FOUND, NOT_FOUND, 200, NOT_FOUND, 200, 200])
OWNER_ONLY = ("GET", [LOGIN] + [NOT_FOUND] * 3 + [200] + [NOT_FOUND] * 3)
# A refused or done change goes back to the plan with a message (302).
OWNER_POSTS = ("POST", [LOGIN] + [NOT_FOUND] * 3 + [302] + [NOT_FOUND] * 3)

# URL name -> (method, status per role in core.tests.test_permissions_matrix.ROLES order).
ROWS: dict[str, tuple[str, list[int]]] = {
    # Residents and producers keep plans: the resident has one (sent to it), the producer
    # none yet (the page to start it).
    "plans:my_plan": ("GET", [LOGIN, NOT_FOUND, NOT_FOUND, NOT_FOUND, 302, 200] + [NOT_FOUND] * 2),
    "plans:shared": ("GET", [LOGIN] + [NOT_FOUND] * 5 + [200, 200]),
    "plans:plan": SEEN,
    "plans:step_file": SEEN,
    "plans:goal_add": OWNER_ONLY,
    "plans:goal_edit": OWNER_ONLY,
    "plans:step_edit": OWNER_ONLY,
    "plans:plan_close": OWNER_ONLY,
    "plans:plan_visibility": OWNER_POSTS,
    "plans:goal_from_template": OWNER_POSTS,
    "plans:plan_next": OWNER_POSTS,
    "plans:goal_delete": OWNER_POSTS,
    "plans:goal_move": OWNER_POSTS,
    "plans:step_add": OWNER_POSTS,
    "plans:update_add": OWNER_POSTS,
    "plans:update_delete": OWNER_POSTS,
    "plans:step_status": OWNER_POSTS,
    "plans:step_delete": OWNER_POSTS,
    "plans:step_move": OWNER_POSTS,
    "plans:step_file_add": OWNER_POSTS,
    "plans:step_file_delete": OWNER_POSTS,
}
# URL name -> core.tests.test_query_counts.Count or Counted, for list pages.
PAGE_COUNTS: dict[str, Any] = {
    "plans:plan": Counted(
        "plans.tests.test_pages:test_the_plan_page_runs_constant_queries", "plans:plan"
    ),
    "plans:shared": Counted(
        "plans.tests.test_pages:test_the_shared_plans_run_constant_queries", "plans:shared"
    ),
}
# OpenAPI path -> Count or Counted, for list endpoints.
ENDPOINT_COUNTS: dict[str, Any] = {
    "/api/v1/me/plans": Counted(
        "plans.tests.test_api:test_my_plans_run_constant_queries", "/api/v1/me/plans"
    ),
}


def url_args(cast: dict[str, User]) -> dict[str, list[Any]]:
    """Return the URL arguments of this part's rows, made for the shared cast."""
    from plans.tests.factories import plans_matrix_args

    return plans_matrix_args(cast)
