"""Rows of the permission matrix and the query-count table for the plan pages of this part
(help), with the objects their URLs need: `core/tests/` reads them, so each part adds its own
rows without touching the shared tables."""

from __future__ import annotations

from typing import Any

from members.models import User

# URL name -> (method, status per role in core.tests.test_permissions_matrix.ROLES order).
ROWS: dict[str, tuple[str, list[int]]] = {}
# URL name -> core.tests.test_query_counts.Count or Counted, for list pages.
PAGE_COUNTS: dict[str, Any] = {}
# OpenAPI path -> Count or Counted, for list endpoints.
ENDPOINT_COUNTS: dict[str, Any] = {}


def url_args(cast: dict[str, User]) -> dict[str, list[Any]]:
    """Return the URL arguments of this part's rows, made for the shared cast."""
    return {}
