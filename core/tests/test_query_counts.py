"""Every list page and list endpoint with its exact number of queries, like the permission matrix.

A list that runs a query per row grows with its rows; a pinned count catches that. Each list
has a row here: either its count, for the role who sees the most, on the permission matrix's
populated objects (`url_args`: an event with meetings, projects with teams, orders, a shop), or
the per-app test that already pins it on more rows (`Counted`).

`test_every_list_has_a_row` finds the lists by what the code says of them: API operations whose
answer is a JSON list or a page of `results`, and pages whose view reads `?page=`. Unpaginated
list pages have no such mark; they are in the table because someone decided they are lists.
"""

from __future__ import annotations

import importlib
import inspect
from collections.abc import Callable, Iterator
from typing import Any

import pytest
from django.urls import URLPattern, URLResolver, get_resolver, reverse

from core.tests.counting import Count, Counted
from core.tests.test_permissions_matrix import MATRIX, url_args  # noqa: F401
from members.models import User
from plans.tests import matrix_help as plan_help
from plans.tests import matrix_plans as plan_plans
from surveys.tests import matrix_answering as survey_answering
from surveys.tests import matrix_builder as survey_builder
from surveys.tests import matrix_exports as survey_exports
from surveys.tests import matrix_results as survey_results

SIGNED_IN = "session, user"
BASE = "notifications, cluster settings"  # the unread count and the site's name, base page

# URL name -> its count. Pages.
PAGES: dict[str, Count | Counted] = {
    "core:notifications": Count(
        "resident", 5, f"{SIGNED_IN}, notifications, unread count, settings"
    ),
    "core:api_tokens": Count("resident", 5, f"{SIGNED_IN}, {BASE}, tokens"),
    "members:directory": Counted(
        "members.tests.test_directory:test_the_list_page_runs_a_constant_number_of_queries",
        "members:directory",
    ),
    "members:application_queue": Counted(
        "members.tests.test_review:test_queue_lists_waiting_applications_in_constant_queries",
        "members:application_queue",
    ),
    "resources:my_map": Counted(
        "resources.tests.test_map:test_my_map_page_runs_constant_queries", "resources:my_map"
    ),
    "resources:member_map": Count(
        "anonymous", 4, "member, their industries, items, cluster settings"
    ),
    "matching:suggestions": Counted(
        "matching.tests.test_suggestions:test_the_page_shows_suggestions_in_constant_queries",
        "matching:suggestions",
    ),
    "matching:partner_maps": Count(
        "resident",
        10,
        f"{SIGNED_IN}, member, hidden suggestions, index changes, {BASE}, maps, their members,"
        " members",
    ),
    "matching:introductions": Count(
        "resident", 6, f"{SIGNED_IN}, member, introductions with both members, {BASE}"
    ),
    "matching:network": Count(
        "curator", 7, f"{SIGNED_IN}, figures, page count, {BASE}, introductions page"
    ),
    "matching:member_suggestions": Count(
        "curator", 7, f"{SIGNED_IN}, member, their industries, index changes, {BASE}"
    ),
    "events:list": Counted(
        "events.tests.test_pages:test_the_event_list_runs_constant_queries", "events:list"
    ),
    "events:mine": Counted(
        "events.tests.test_pages:test_my_registrations_list_runs_constant_queries", "events:mine"
    ),
    "events:manage": Counted(
        "events.tests.test_checkin_and_feedback:test_the_organisers_page_runs_constant_queries",
        "events:manage",
    ),
    "meetings:agenda": Counted(
        "meetings.tests.test_meeting_pages:test_the_agenda_page_runs_constant_queries",
        "meetings:agenda",
    ),
    "meetings:timetable": Counted(
        "meetings.tests.test_meeting_pages:test_the_timetable_page_runs_constant_queries",
        "meetings:timetable",
    ),
    "projects:list": Counted(
        "projects.tests.test_pages:test_the_project_list_runs_constant_queries", "projects:list"
    ),
    "projects:invitations": Count(
        "resident", 6, f"{SIGNED_IN}, member, {BASE}, invitations with projects"
    ),
    "projects:portfolio": Count(
        "anonymous", 4, "member, their industries, products with makers, cluster settings"
    ),
    "projects:catalogue": Counted(
        "projects.tests.test_pages:test_the_catalogue_runs_constant_queries", "projects:catalogue"
    ),
    "orders:board": Counted(
        "orders.tests.test_pages:test_the_board_filters_and_runs_constant_queries", "orders:board"
    ),
    "orders:for_me": Counted(
        "orders.tests.test_pages:test_orders_for_me_and_the_comparison_run_constant_queries",
        "orders:for_me",
    ),
    "orders:mine": Counted("orders.tests.test_pages:test_my_orders_and_moderation_pages", "mine"),
    "orders:moderation": Counted(
        "orders.tests.test_pages:test_the_moderation_queue_runs_constant_queries",
        "orders:moderation",
    ),
    "shops:points": Counted(
        "shops.tests.test_pages:test_points_list_and_month_pages_run_constant_queries",
        "shops:points",
    ),
    "shops:point_month": Counted(
        "shops.tests.test_pages:test_points_list_and_month_pages_run_constant_queries",
        "shops:point_month",
    ),
    "shops:statement": Counted(
        "shops.tests.test_pages:test_the_statement_page_and_xlsx", "shops:statement"
    ),
    "support:catalogue": Counted(
        "support.tests.test_pages:test_the_catalogue_costs_the_same_queries_for_10_and_1000_measures",
        "support:catalogue",
    ),
    "support:for_me": Counted(
        "support.tests.test_pages:test_for_me_costs_the_same_queries_for_10_and_1000_measures",
        "support:for_me",
    ),
    "support:my_applications": Counted(
        "support.tests.test_applications:test_my_applications_page_runs_constant_queries",
        "support:my_applications",
    ),
    "support:reviews": Counted(
        "support.tests.test_review_pages:test_the_queue_runs_constant_queries", "support:reviews"
    ),
    "support:board": Counted(
        "support.tests.test_review_pages:test_the_board_runs_constant_queries", "support:board"
    ),
    **survey_answering.PAGE_COUNTS,
    **survey_builder.PAGE_COUNTS,
    **survey_exports.PAGE_COUNTS,
    **survey_results.PAGE_COUNTS,
    **plan_plans.PAGE_COUNTS,
    **plan_help.PAGE_COUNTS,
}

SIGNED_IN_MEMBER = f"{SIGNED_IN}, member"
MEETINGS = f"{SIGNED_IN}, event, meeting plan"
PROJECT = f"{SIGNED_IN_MEMBER}, project with industries and towns, team"

# OpenAPI path -> its count. Endpoints.
ENDPOINTS: dict[str, Count | Counted] = {
    "/api/v1/towns": Count("anonymous", 1, "towns"),
    "/api/v1/industries": Count("anonymous", 1, "industries with groups"),
    "/api/v1/members": Counted(
        "core.tests.test_api:test_member_list_runs_constant_queries", "/api/v1/members"
    ),
    "/api/v1/members/{member_id}/matches": Counted(
        "matching.tests.test_suggestions:"
        "test_the_matches_api_leaves_hidden_members_out_in_constant_queries",
        "/matches",
    ),
    "/api/v1/me/introductions": Count("resident", 4, f"{SIGNED_IN_MEMBER}, introductions"),
    "/api/v1/me/invitations": Count("resident", 4, f"{SIGNED_IN_MEMBER}, invitations"),
    "/api/v1/me/resources": Count("resident", 5, f"{SIGNED_IN_MEMBER}, items, their industries"),
    "/api/v1/me/registrations": Count("resident", 3, f"{SIGNED_IN}, registrations with events"),
    "/api/v1/events": Counted(
        "events.tests.test_api:test_the_event_list_matches_the_schema_in_constant_queries",
        "/api/v1/events",
    ),
    "/api/v1/events/{event_id}/meetings/agenda": Count(
        "resident", 7, f"{MEETINGS}, participant, their free slots, meetings"
    ),
    "/api/v1/events/{event_id}/meetings/participants": Count(
        "resident", 8, f"{MEETINGS}, participant, free slots, participants, their free slots"
    ),
    "/api/v1/events/{event_id}/meetings/slots": Count("resident", 5, f"{MEETINGS}, slots"),
    "/api/v1/events/{event_id}/meetings/suggestions": Count(
        "resident",
        10,
        f"{MEETINGS}, participant, free slots, participants, requests, members, index changes",
    ),
    "/api/v1/projects": Counted(
        "projects.tests.test_api:test_the_project_list_runs_constant_queries", "/api/v1/projects"
    ),
    "/api/v1/projects/{project_id}/interests": Count(
        "producer", 9, f"{PROJECT}, interests, their messages"
    ),
    "/api/v1/projects/{project_id}/moves": Count(
        "producer", 11, f"{PROJECT}, steps, pitches, roles, needs"
    ),
    "/api/v1/projects/{project_id}/suggestions": Count(
        "producer", 10, f"{PROJECT}, roles, needs, index changes"
    ),
    "/api/v1/projects/{project_id}/transitions": Count(
        "producer", 7, f"{SIGNED_IN_MEMBER}, project with industries and towns, transitions"
    ),
    "/api/v1/products": Count("anonymous", 3, "products, makers with members, photos"),
    "/api/v1/orders": Counted(
        "orders.tests.test_api:test_the_board_runs_constant_queries", "/api/v1/orders"
    ),
    "/api/v1/me/orders": Counted(
        "orders.tests.test_api:test_the_work_lists_run_constant_queries", "/api/v1/me/orders"
    ),
    "/api/v1/me/routed-orders": Counted(
        "orders.tests.test_api:test_the_work_lists_run_constant_queries", "/me/routed-orders"
    ),
    "/api/v1/orders/{order_id}/messages": Counted(
        "orders.tests.test_api:test_the_work_lists_run_constant_queries", "/messages"
    ),
    "/api/v1/orders/{order_id}/deliveries": Counted(
        "orders.tests.test_api:test_the_work_lists_run_constant_queries", "/deliveries"
    ),
    "/api/v1/orders/{order_id}/proposals": Counted(
        "orders.tests.test_api:test_the_work_lists_run_constant_queries", "/proposals"
    ),
    "/api/v1/points": Counted(
        "shops.tests.test_api:test_points_list_runs_constant_queries", "/api/v1/points"
    ),
    "/api/v1/support/measures": Counted(
        "support.tests.test_api:test_the_catalogue_pages_with_constant_queries",
        "/api/v1/support/measures",
    ),
    "/api/v1/support/applications": Counted(
        "support.tests.test_applications_api:test_my_applications_list_runs_constant_queries",
        "/api/v1/support/applications",
    ),
    "/api/v1/support/for-me": Count(
        "resident",
        10,
        f"{SIGNED_IN_MEMBER}, its industries, town and launched project, open measures, "
        "names of towns, industries and groups",
    ),
    "/api/v1/support/reviews": Counted(
        "support.tests.test_reviews_api:test_the_queue_endpoint_runs_constant_queries",
        "/api/v1/support/reviews",
    ),
    **survey_answering.ENDPOINT_COUNTS,
    **survey_builder.ENDPOINT_COUNTS,
    **survey_exports.ENDPOINT_COUNTS,
    **survey_results.ENDPOINT_COUNTS,
    **plan_plans.ENDPOINT_COUNTS,
    **plan_help.ENDPOINT_COUNTS,
}


def _list_endpoints() -> set[str]:
    from config.api import api

    schema = api.get_openapi_schema()
    components = schema["components"]["schemas"]
    found = set()
    for path, operations in schema["paths"].items():
        responses = operations.get("get", {}).get("responses", {})
        answer = responses.get(200) or responses.get("200") or {}
        body = answer.get("content", {}).get("application/json", {}).get("schema", {})
        if "$ref" in body:
            body = components[body["$ref"].rsplit("/", 1)[-1]]
            body = body.get("properties", {}).get("results", {})
        if body.get("type") == "array":
            found.add(path)
    return found


def _views(patterns: list[Any], namespace: str = "") -> Iterator[tuple[str, Callable[..., Any]]]:
    for pattern in patterns:
        if isinstance(pattern, URLResolver):
            yield from _views(pattern.url_patterns, pattern.namespace or namespace)
        elif isinstance(pattern, URLPattern) and pattern.name and namespace:
            yield f"{namespace}:{pattern.name}", pattern.callback


def _paginated_pages() -> set[str]:
    found = set()
    for name, view in _views(get_resolver().url_patterns):
        if name.startswith(("admin:", "api")):
            continue
        source = inspect.getsource(inspect.unwrap(view))
        if 'GET.get("page")' in source:
            found.add(name)
    return found


def test_every_list_has_a_row() -> None:
    assert _list_endpoints() - set(ENDPOINTS) == set(), "add the endpoint to ENDPOINTS"
    assert _paginated_pages() - set(PAGES) == set(), "add the page to PAGES"
    assert set(ENDPOINTS) <= _list_endpoints(), "a row for an endpoint that is gone or no list"
    assert set(PAGES) <= set(MATRIX), "a row for a page that is gone"


def test_the_lists_it_finds_are_the_known_ones() -> None:
    # The signals still work: a refactoring that hides them would make the guard pass empty.
    assert {"/api/v1/members", "/api/v1/orders", "/api/v1/towns"} <= _list_endpoints()
    assert {"members:directory", "orders:board", "matching:network"} <= _paginated_pages()


COUNTED = sorted(
    (kind, name, row.test, row.needle)
    for kind, table in (("page", PAGES), ("endpoint", ENDPOINTS))
    for name, row in table.items()
    if isinstance(row, Counted)
)


@pytest.mark.parametrize(("kind", "name", "test", "needle"), COUNTED)
def test_a_list_counted_elsewhere_is_counted_there(
    kind: str, name: str, test: str, needle: str
) -> None:
    module, function = test.split(":")
    source = inspect.getsource(getattr(importlib.import_module(module), function))
    assert "django_assert_num_queries(" in source, (kind, name)
    assert needle in source, (kind, name)


def test_every_list_runs_its_number_of_queries(
    cast: dict[str, User],
    url_args: dict[str, list[Any]],  # noqa: F811
    login: Callable[[User | None], Any],
    django_assert_num_queries: Any,
) -> None:
    ids = {
        "event_id": url_args["events:detail"][0],
        "order_id": url_args["orders:messages"][0],
        "project_id": url_args["projects:team"][0],
        "member_id": cast["resident"].member.pk,
        "survey_id": url_args["surveys:builder_survey"][0],
        "request_id": url_args["plans:queue_request"][0],
    }
    rows = [(reverse(name, args=url_args.get(name, [])), row) for name, row in PAGES.items()]
    rows += [(path.format(**ids), row) for path, row in ENDPOINTS.items()]
    for url, row in rows:
        if not isinstance(row, Count):
            continue
        client = login(None if row.role == "anonymous" else cast[row.role])
        assert client.get(url).status_code == 200, url  # warms the caches and the index
        with django_assert_num_queries(row.queries):
            response = client.get(url)
        assert response.status_code == 200, url
