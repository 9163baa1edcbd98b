"""Every page URL × every role, with the expected status written down.

A new URL without a row here fails `test_every_page_url_has_a_row`, so nobody adds a page
without deciding who may open it.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterator
from typing import Any

import pytest
from django.urls import URLPattern, URLResolver, get_resolver, reverse

from members.models import User
from plans.tests import matrix_help as plan_help
from plans.tests import matrix_plans as plan_plans
from surveys.tests import matrix_answering as survey_answering
from surveys.tests import matrix_builder as survey_builder
from surveys.tests import matrix_exports as survey_exports
from surveys.tests import matrix_results as survey_results

# The superuser is made by `createsuperuser`: no curator flag, no directory entry, and the
# curators' rights all the same (`core.roles.is_curator`).
ROLES = [
    "anonymous",
    "outsider",
    "client",
    "partner",
    "resident",
    "producer",
    "curator",
    "superuser",
]
LOGIN = 302  # anonymous people are sent to the login page
NOT_FOUND = 404  # "forbidden" looks like "missing"

# URL name -> (method, status for each role in ROLES order)
EVERYONE = ("GET", [200] * 8)
LOGGED_IN = ("GET", [LOGIN, 200, 200, 200, 200, 200, 200, 200])
MEMBERS_ONLY = ("GET", [LOGIN, NOT_FOUND, NOT_FOUND, 200, 200, 200, NOT_FOUND, NOT_FOUND])
OWNER_ONLY = ("GET", [LOGIN, NOT_FOUND, NOT_FOUND, NOT_FOUND, 200, NOT_FOUND, NOT_FOUND, NOT_FOUND])
OWNER_POSTS = (
    "POST",
    [LOGIN, NOT_FOUND, NOT_FOUND, NOT_FOUND, 302, NOT_FOUND, NOT_FOUND, NOT_FOUND],
)
MEMBERS_POST = ("POST", [LOGIN, NOT_FOUND, NOT_FOUND, 302, 302, 302, NOT_FOUND, NOT_FOUND])
CURATORS_ONLY = ("GET", [LOGIN, NOT_FOUND, NOT_FOUND, NOT_FOUND, NOT_FOUND, NOT_FOUND, 200, 200])
MEMBERS_AND_CURATORS = ("GET", [LOGIN, NOT_FOUND, NOT_FOUND, 200, 200, 200, 200, 200])
PLACES_ORDERS = ("GET", [LOGIN, NOT_FOUND, 200, 200, 200, 200, 200, 200])
ORDER_SIDES = ("GET", [LOGIN, NOT_FOUND, 200, NOT_FOUND, 200, NOT_FOUND, 200, 200])
SHOP_RUNNERS = ("GET", [LOGIN, NOT_FOUND, NOT_FOUND, 200, NOT_FOUND, NOT_FOUND, 200, 200])
# A pitched project: members, partners and curators see it; a refused action says why (302).
PROJECT_SEEN = ("GET", [LOGIN, NOT_FOUND, NOT_FOUND, 200, 200, 200, 200, 200])
PROJECT_POSTS = ("POST", [LOGIN, NOT_FOUND, NOT_FOUND, 302, 302, 302, 302, 302])
REMOVED_BY_RESIDENT = (
    "POST",
    [LOGIN, NOT_FOUND, NOT_FOUND, 302, 302, NOT_FOUND, NOT_FOUND, NOT_FOUND],
)

MATRIX: dict[str, tuple[str, list[int]]] = {
    "members:home": EVERYONE,
    "core:how_it_works": EVERYONE,
    "members:dashboard": LOGGED_IN,
    "core:notifications": LOGGED_IN,
    "core:api_tokens": LOGGED_IN,
    # A token id of the resident: only its owner may revoke it; POST only.
    "core:api_token_revoke": (
        "POST",
        [LOGIN, NOT_FOUND, NOT_FOUND, NOT_FOUND, 302, NOT_FOUND, NOT_FOUND, NOT_FOUND],
    ),
    "members:directory": EVERYONE,
    "members:detail": EVERYONE,
    "members:profile_edit": MEMBERS_ONLY,
    # A member is sent to their profile: nobody joins twice.
    "members:apply": ("GET", [LOGIN, 200, 200, 200, 302, 302, 200, 200]),
    "members:application_status": LOGGED_IN,
    "members:application_queue": CURATORS_ONLY,
    "members:application_review": CURATORS_ONLY,
    # Resource maps: the item and the partnership belong to the resident (with the producer).
    "resources:my_map": MEMBERS_ONLY,
    "resources:item_edit": OWNER_ONLY,
    "resources:item_delete": (
        "POST",
        [LOGIN, NOT_FOUND, NOT_FOUND, NOT_FOUND, 302, NOT_FOUND, NOT_FOUND, NOT_FOUND],
    ),
    "resources:member_map": EVERYONE,
    "matching:partner_maps": MEMBERS_ONLY,
    "matching:partner_map": ("GET", [LOGIN, NOT_FOUND, NOT_FOUND, NOT_FOUND, 200, 200, 200, 200]),
    # Matching: the partner is the producer; the introduction goes from resident to producer.
    "matching:suggestions": MEMBERS_ONLY,
    "matching:request_introduction": (
        "POST",
        [LOGIN, NOT_FOUND, NOT_FOUND, 302, 302, 302, NOT_FOUND, NOT_FOUND],
    ),
    "matching:hide_suggestion": (
        "POST",
        [LOGIN, NOT_FOUND, NOT_FOUND, 302, 302, 302, NOT_FOUND, NOT_FOUND],
    ),
    "matching:introductions": MEMBERS_ONLY,
    "matching:answer_introduction": (
        "POST",
        [LOGIN, NOT_FOUND, NOT_FOUND, NOT_FOUND, 302, 302, NOT_FOUND, NOT_FOUND],
    ),
    "matching:network": CURATORS_ONLY,
    "matching:member_suggestions": CURATORS_ONLY,
    # Events: the resident holds the only registration, and takes part in the meetings.
    "events:list": EVERYONE,
    "events:mine": LOGGED_IN,
    "events:detail": EVERYONE,
    "events:ics": EVERYONE,
    "events:register": ("POST", [LOGIN, 302, 302, 302, 302, 302, 302, 302]),
    "events:cancel": (
        "POST",
        [LOGIN, NOT_FOUND, NOT_FOUND, NOT_FOUND, 302, NOT_FOUND, NOT_FOUND, NOT_FOUND],
    ),
    "events:ticket": (
        "GET",
        [LOGIN, NOT_FOUND, NOT_FOUND, NOT_FOUND, 200, NOT_FOUND, NOT_FOUND, NOT_FOUND],
    ),
    "events:feedback": (
        "GET",
        [LOGIN, NOT_FOUND, NOT_FOUND, NOT_FOUND, 200, NOT_FOUND, NOT_FOUND, NOT_FOUND],
    ),
    "events:manage": CURATORS_ONLY,
    "events:checkin": CURATORS_ONLY,
    "meetings:event": EVERYONE,
    "meetings:opt_in": ("POST", [LOGIN, 302, 302, 302, 302, 302, 302, 302]),
    "meetings:availability": (
        "POST",
        [LOGIN, NOT_FOUND, NOT_FOUND, NOT_FOUND, 302, NOT_FOUND, NOT_FOUND, NOT_FOUND],
    ),
    "meetings:request": (
        "POST",
        [LOGIN, NOT_FOUND, NOT_FOUND, NOT_FOUND, 302, NOT_FOUND, NOT_FOUND, NOT_FOUND],
    ),
    "meetings:answer": (
        "POST",
        [LOGIN, NOT_FOUND, NOT_FOUND, NOT_FOUND, 302, NOT_FOUND, NOT_FOUND, NOT_FOUND],
    ),
    "meetings:agenda": (
        "GET",
        [LOGIN, NOT_FOUND, NOT_FOUND, NOT_FOUND, 200, NOT_FOUND, NOT_FOUND, NOT_FOUND],
    ),
    "meetings:agenda_print": (
        "GET",
        [LOGIN, NOT_FOUND, NOT_FOUND, NOT_FOUND, 200, NOT_FOUND, NOT_FOUND, NOT_FOUND],
    ),
    "meetings:agenda_ics": (
        "GET",
        [LOGIN, NOT_FOUND, NOT_FOUND, NOT_FOUND, 200, NOT_FOUND, NOT_FOUND, NOT_FOUND],
    ),
    "meetings:setup": CURATORS_ONLY,
    "meetings:timetable": CURATORS_ONLY,
    "meetings:tables_print": CURATORS_ONLY,
    # Projects: the producer owns a pitched project with the resident on its team; the
    # resident owns the product and has an open invitation to a second project.
    "projects:list": LOGGED_IN,
    "projects:create": (
        "GET",
        [LOGIN, NOT_FOUND, NOT_FOUND, NOT_FOUND, 200, 200, NOT_FOUND, NOT_FOUND],
    ),
    "projects:invitations": MEMBERS_ONLY,
    "projects:answer_invitation": OWNER_POSTS,
    "projects:detail": PROJECT_SEEN,
    # Seen but not theirs to change: the edit pages answer as for a missing project (404).
    "projects:edit": (
        "GET",
        [LOGIN, NOT_FOUND, NOT_FOUND, NOT_FOUND, 200, 200, NOT_FOUND, NOT_FOUND],
    ),
    "projects:move": PROJECT_POSTS,
    "projects:add_step": PROJECT_POSTS,
    "projects:toggle_step": PROJECT_POSTS,
    # Removals: the resident's request removes the thing, so later roles find nothing (404).
    "projects:remove_step": REMOVED_BY_RESIDENT,
    "projects:team": PROJECT_SEEN,
    "projects:add_role": PROJECT_POSTS,
    "projects:invite": PROJECT_POSTS,
    "projects:add_need": PROJECT_POSTS,
    "projects:remove_need": REMOVED_BY_RESIDENT,
    "projects:remove_member": PROJECT_POSTS,
    "projects:add_pitch": PROJECT_POSTS,
    "projects:add_interest": PROJECT_POSTS,
    "projects:follow_up": PROJECT_POSTS,
    "projects:portfolio": EVERYONE,
    "projects:catalogue": EVERYONE,
    "projects:product_create": MEMBERS_ONLY,
    "projects:product_detail": EVERYONE,
    "projects:product_edit": (
        "GET",
        [LOGIN, NOT_FOUND, NOT_FOUND, NOT_FOUND, 200, NOT_FOUND, NOT_FOUND, NOT_FOUND],
    ),
    "projects:add_photo": MEMBERS_POST,
    "projects:remove_photo": REMOVED_BY_RESIDENT,
    # Orders: the client's open order (resident and producer proposed), the client's order the
    # resident works on, a draft; the partner's shop sells the resident's products. Empty POSTs
    # answer 422 (form errors) to whoever may act, 409 where the state or role forbids it.
    "orders:board": MEMBERS_AND_CURATORS,
    "orders:for_me": MEMBERS_ONLY,
    "orders:mine": PLACES_ORDERS,
    "orders:create": PLACES_ORDERS,
    "orders:moderation": CURATORS_ONLY,
    "orders:detail": ORDER_SIDES,
    "orders:edit": (
        "GET",
        [LOGIN, NOT_FOUND, 200, NOT_FOUND, NOT_FOUND, NOT_FOUND, NOT_FOUND, NOT_FOUND],
    ),
    "orders:act": ("POST", [LOGIN, NOT_FOUND, 422, NOT_FOUND, 422, NOT_FOUND, 422, 422]),
    "orders:forward": (
        "POST",
        [LOGIN, NOT_FOUND, NOT_FOUND, NOT_FOUND, NOT_FOUND, NOT_FOUND, 422, 422],
    ),
    "orders:propose": ("GET", [LOGIN, NOT_FOUND, NOT_FOUND, 200, 200, 200, NOT_FOUND, NOT_FOUND]),
    "orders:compare": ("GET", [LOGIN, NOT_FOUND, 200, NOT_FOUND, NOT_FOUND, NOT_FOUND, 200, 200]),
    # The proposal belongs to another order: nobody can accept it, members are not the client.
    "orders:accept_proposal": ("POST", [LOGIN, NOT_FOUND, 409, 409, 409, 409, 409, 409]),
    "orders:messages": ORDER_SIDES,
    "orders:deliver": ("POST", [LOGIN, NOT_FOUND, 422, NOT_FOUND, 422, NOT_FOUND, 422, 422]),
    "orders:review": ("POST", [LOGIN, NOT_FOUND, 422, NOT_FOUND, 422, NOT_FOUND, 422, 422]),
    "orders:withdraw_proposal": OWNER_POSTS,
    "orders:attachment": ORDER_SIDES,
    "shops:points": MEMBERS_AND_CURATORS,
    "shops:point_create": SHOP_RUNNERS,
    "shops:point": MEMBERS_AND_CURATORS,
    "shops:point_edit": SHOP_RUNNERS,
    "shops:offer_product": (
        "POST",
        [LOGIN, NOT_FOUND, NOT_FOUND, 422, 422, 422, NOT_FOUND, NOT_FOUND],
    ),
    "shops:point_month": SHOP_RUNNERS,
    # The partner declines the offer (an empty answer); the curator then finds it answered.
    "shops:answer_offer": (
        "POST",
        [LOGIN, NOT_FOUND, NOT_FOUND, 302, NOT_FOUND, NOT_FOUND, 409, 409],
    ),
    "shops:stock": ("POST", [LOGIN, NOT_FOUND, NOT_FOUND, 422, NOT_FOUND, NOT_FOUND, 422, 422]),
    # The shop ends the empty consignment first; the maker and the curator find it ended.
    "shops:end_offer": ("POST", [LOGIN, NOT_FOUND, NOT_FOUND, 302, 409, NOT_FOUND, 409, 409]),
    "shops:refund": ("POST", [LOGIN, NOT_FOUND, NOT_FOUND, 422, NOT_FOUND, NOT_FOUND, 422, 422]),
    "shops:statement": MEMBERS_ONLY,
    "shops:statement_xlsx": MEMBERS_ONLY,
    # Support: a draft measure the partner provides; curators and the partner see and edit it.
    "support:catalogue": EVERYONE,
    "support:for_me": MEMBERS_ONLY,
    "support:create": SHOP_RUNNERS,
    # A public page: for anyone else the draft does not exist, logged in or not.
    "support:detail": ("GET", [NOT_FOUND, NOT_FOUND, NOT_FOUND, 200] + [NOT_FOUND] * 2 + [200] * 2),
    "support:edit": SHOP_RUNNERS,
    "support:form_setup": SHOP_RUNNERS,
    # Applications: an open measure anyone may apply to; the resident's application, sent to
    # a measure the partner provides, with its file. Curators are no members: they apply to
    # nothing, but see every sent application.
    "support:apply": MEMBERS_ONLY,
    "support:my_applications": MEMBERS_ONLY,
    "support:application": ("GET", [LOGIN, NOT_FOUND, NOT_FOUND, 200, 200, NOT_FOUND, 200, 200]),
    "support:application_file": (
        "GET",
        [LOGIN, NOT_FOUND, NOT_FOUND, 200, 200, NOT_FOUND, 200, 200],
    ),
    "support:withdraw": OWNER_POSTS,
    # Reviews: the partner and the curator review an agency grant; the resident applied (so
    # never reviews it); the partner has scored, so removing them is refused (302 and a why).
    "support:reviews": ("GET", [LOGIN, NOT_FOUND, NOT_FOUND, 200, NOT_FOUND, NOT_FOUND, 200, 200]),
    "support:review": (
        "GET",
        [LOGIN, NOT_FOUND, NOT_FOUND, 200, NOT_FOUND, NOT_FOUND, 200, NOT_FOUND],
    ),
    "support:review_conflict": (
        "POST",
        [LOGIN, NOT_FOUND, NOT_FOUND, 422, NOT_FOUND, NOT_FOUND, 422, NOT_FOUND],
    ),
    "support:board": CURATORS_ONLY,
    "support:board_add_reviewer": ("POST", [LOGIN] + [NOT_FOUND] * 5 + [422, 422]),
    "support:board_remove_reviewer": ("POST", [LOGIN] + [NOT_FOUND] * 5 + [302, 302]),
    "support:decide": ("POST", [LOGIN] + [NOT_FOUND] * 5 + [422, 422]),
    # Surveys: each part of the app keeps its rows beside its tests.
    **survey_answering.ROWS,
    **survey_builder.ROWS,
    **survey_exports.ROWS,
    **survey_results.ROWS,
    # Plans: each part of the app keeps its rows beside its tests.
    **plan_plans.ROWS,
    **plan_help.ROWS,
}

# Third-party URL sets with their own access rules and tests.
SKIPPED_NAMESPACES = {"admin", "api"}
SKIPPED_PREFIXES = ("account_", "set_language", "socialaccount_", "mfa_")


def _named_patterns(patterns: list[Any], namespace: str = "") -> Iterator[str]:
    for pattern in patterns:
        if isinstance(pattern, URLResolver):
            nested = pattern.namespace or namespace
            yield from _named_patterns(pattern.url_patterns, nested)
        elif isinstance(pattern, URLPattern) and pattern.name:
            yield f"{namespace}:{pattern.name}" if namespace else pattern.name


def _page_url_names() -> set[str]:
    names = set()
    for name in _named_patterns(get_resolver().url_patterns):
        namespace = name.split(":", 1)[0] if ":" in name else ""
        if namespace in SKIPPED_NAMESPACES or name.startswith(SKIPPED_PREFIXES):
            continue
        names.add(name)
    return names


def test_every_page_url_has_a_row() -> None:
    assert _page_url_names() == set(MATRIX), "add the new URL to MATRIX with its statuses"


@pytest.fixture
def url_args(cast: dict[str, User]) -> dict[str, list[Any]]:
    from core.services import do_create_api_token
    from members.services import ApplicationData, do_submit_application

    token, _key = do_create_api_token(cast["resident"], "script")
    applicant = User.objects.create_user("applicant@example.org", "x" * 12)
    application = do_submit_application(
        applicant,
        ApplicationData(
            role="resident",
            kind="person",
            full_name="Иван Петров",
            legal_form="none",
            town=cast["resident"].member.town,
            about="Режу по дереву",
            wants="Заказы",
        ),
        consent_version="test",
        ip="127.0.0.1",
    )
    event = _event_with_meetings(cast["curator"], cast["resident"])
    event_urls = {name: [event.pk] for name in MATRIX if name.startswith(("events:", "meetings:"))}
    event_urls.pop("events:list")
    event_urls.pop("events:mine")
    return {
        **event_urls,
        **_resource_and_matching_args(cast),
        **_project_args(cast),
        **_order_args(cast),
        **_shop_args(cast),
        **_support_args(cast),
        **_support_review_args(cast),
        **survey_answering.url_args(cast),
        **survey_builder.url_args(cast),
        **survey_exports.url_args(cast),
        **survey_results.url_args(cast),
        **plan_plans.url_args(cast),
        **plan_help.url_args(cast),
        "core:api_token_revoke": [token.pk],
        "members:detail": [cast["resident"].member.pk],
        "members:application_review": [application.pk],
    }


def _resource_and_matching_args(cast: dict[str, User]) -> dict[str, list[Any]]:
    from matching.services import do_request_introduction
    from resources.services import ItemData, do_add_item, do_create_partner_map

    resident, producer = cast["resident"].member, cast["producer"].member
    item = do_add_item(resident, ItemData("offer", "equipment", "Муфельная печь", "members"))
    partnership = do_create_partner_map(cast["resident"], "Керамика", [resident, producer])
    introduction = do_request_introduction(resident, producer)
    return {
        "resources:item_edit": [item.pk],
        "resources:item_delete": [item.pk],
        "resources:member_map": [resident.pk],
        "matching:partner_map": [partnership.pk],
        "matching:request_introduction": [producer.pk],
        "matching:hide_suggestion": [producer.pk],
        "matching:answer_introduction": [introduction.pk],
        "matching:member_suggestions": [resident.pk],
    }


def _project_args(cast: dict[str, User]) -> dict[str, list[Any]]:
    from projects.tests.factories import pitched_project_with_everything

    return pitched_project_with_everything(cast)


def _order_args(cast: dict[str, User]) -> dict[str, list[Any]]:
    from orders.tests.factories import orders_matrix_args

    return orders_matrix_args(cast)


def _shop_args(cast: dict[str, User]) -> dict[str, list[Any]]:
    from shops.tests.factories import shops_matrix_args

    return shops_matrix_args(cast)


def _support_args(cast: dict[str, User]) -> dict[str, list[Any]]:
    from support.services import check_save_draft, check_submit_application
    from support.tests.applying import full_answers, pdf, with_form
    from support.tests.factories import make_measure, partner_measure

    draft = partner_measure(cast["partner"], status="draft")
    open_measure = make_measure()
    offered = partner_measure(cast["partner"])
    form = with_form(offered)
    application = check_save_draft(
        cast["resident"], offered, full_answers(form), {form["plan"].pk: pdf()}
    )
    check_submit_application(cast["resident"], application)
    return {
        "support:detail": [draft.pk],
        "support:edit": [draft.pk],
        "support:form_setup": [draft.pk],
        "support:apply": [open_measure.pk],
        "support:application": [application.pk],
        "support:application_file": [application.pk, application.files.get().pk],
        "support:withdraw": [application.pk],
    }


def _support_review_args(cast: dict[str, User]) -> dict[str, list[Any]]:
    from support.tests.factories import support_review_matrix_args

    return support_review_matrix_args(cast)


def _event_with_meetings(curator: User, resident: User) -> Any:
    from datetime import timedelta

    from django.utils import timezone

    from events.services import check_register
    from events.tests.factories import make_event
    from meetings.services import check_opt_in, check_set_up_meetings

    starts = timezone.now() + timedelta(days=30)
    event = make_event(starts_at=starts, capacity=2, organisers=[curator])
    check_register(event, resident)
    check_set_up_meetings(event, 2, [(starts, starts + timedelta(minutes=20))])
    check_opt_in(event, resident)
    return event


@pytest.mark.parametrize("url_name", sorted(MATRIX))
def test_status_for_every_role(
    url_name: str,
    cast: dict[str, User],
    url_args: dict[str, list[Any]],
    login: Callable[[User | None], Any],
) -> None:
    method, expected = MATRIX[url_name]
    url = reverse(url_name, args=url_args.get(url_name, []))
    actual = []
    for role in ROLES:
        client = login(None if role == "anonymous" else cast[role])
        response = client.post(url) if method == "POST" else client.get(url)
        actual.append(response.status_code)
        if response.status_code == 200 and response["Content-Type"].startswith("text/html"):
            assert_well_formed_head(response.content.decode())
            # A select's blank choice reads as words, not Django's bare dashes.
            assert "---------" not in response.content.decode(), (url_name, role)
    assert dict(zip(ROLES, actual, strict=True)) == dict(zip(ROLES, expected, strict=True))


def assert_well_formed_head(html: str) -> None:
    """Every full page has one plain-text title: a misplaced block would leak markup into it."""
    if "<html" not in html:
        return  # an htmx fragment
    titles = re.findall(r"<title>(.*?)</title>", html, flags=re.S)
    assert len(titles) == 1, "a page needs exactly one <title>"
    assert "<" not in titles[0], f"markup inside <title>: {titles[0][:80]!r}"


# A member without consent to a public profile (docs/adr/0008-who-sees-a-member.md): the
# resident hides their profile. Everyone but them and the curators gets what a member who
# does not exist gets, on pages and in the API; inviting them answers as for nobody.
# label -> (method, path with {member} / {project}, JSON body, status for each role)
UNAUTHORISED = 401
HIDDEN = [NOT_FOUND, NOT_FOUND, NOT_FOUND, NOT_FOUND, 200, NOT_FOUND, 200, 200]
HIDDEN_MEMBER_MATRIX: dict[str, tuple[str, str, dict[str, Any] | None, list[int]]] = {
    "profile page": ("GET", "/members/{member}/", None, HIDDEN),
    "profile API": ("GET", "/api/v1/members/{member}", None, HIDDEN),
    "resource map": ("GET", "/members/{member}/map/", None, HIDDEN),
    "portfolio": ("GET", "/members/{member}/portfolio/", None, HIDDEN),
    "partners API": (
        "GET",
        "/api/v1/members/{member}/matches",
        None,
        [UNAUTHORISED, NOT_FOUND, NOT_FOUND, NOT_FOUND, 200, NOT_FOUND, 200, 200],
    ),
    # The resident asking for themselves is told why on the page (302).
    "introduction": (
        "POST",
        "/partners/{member}/introduce/",
        None,
        [LOGIN, NOT_FOUND, NOT_FOUND, NOT_FOUND, 302, NOT_FOUND, NOT_FOUND, NOT_FOUND],
    ),
    # The producer owns the project: 422 `not_a_member`, as for a number nobody has.
    "invitation API": (
        "POST",
        "/api/v1/projects/{project}/invitations",
        {"member_id": "{member}"},
        [UNAUTHORISED, NOT_FOUND, NOT_FOUND, 403, 403, 422, 403, 403],
    ),
}


@pytest.mark.parametrize("label", sorted(HIDDEN_MEMBER_MATRIX))
def test_a_hidden_member_for_every_role(
    label: str,
    cast: dict[str, User],
    url_args: dict[str, list[Any]],
    login: Callable[[User | None], Any],
) -> None:
    member = cast["resident"].member
    member.public_profile = False
    member.save(update_fields=["public_profile"])
    method, path, body, expected = HIDDEN_MEMBER_MATRIX[label]
    ids = {"member": member.pk, "project": url_args["projects:team"][0]}
    url = path.format(**ids)
    data = {key: int(str(value).format(**ids)) for key, value in (body or {}).items()}
    actual = []
    for role in ROLES:
        client = login(None if role == "anonymous" else cast[role])
        if method == "GET":
            response = client.get(url)
        elif body:
            response = client.post(url, data, content_type="application/json")
        else:
            response = client.post(url)
        actual.append(response.status_code)
    assert dict(zip(ROLES, actual, strict=True)) == dict(zip(ROLES, expected, strict=True))


POST_ONLY = sorted(name for name, (method, _statuses) in MATRIX.items() if method == "POST")


@pytest.mark.parametrize("role", ["anonymous", "resident", "curator"])
def test_opening_a_form_address_leads_to_a_page(
    role: str,
    cast: dict[str, User],
    url_args: dict[str, list[Any]],
    login: Callable[[User | None], Any],
) -> None:
    """A GET to a POST-only address (a link, a login's `next=`) never ends on a bare 405."""
    client = login(None if role == "anonymous" else cast[role])
    ends = {}
    for name in POST_ONLY:
        url = reverse(name, args=url_args.get(name, []))
        response = client.get(url)
        assert response.status_code != 405, name
        hops = 0
        while response.status_code == 302 and hops < 5:
            location = response["Location"]
            assert location.startswith("/"), location
            assert not location.startswith("//"), location
            response = client.get(location)
            hops += 1
        ends[name] = response.status_code
        assert response.status_code in (200, 404), (name, response.status_code)
        if response.status_code == 200:
            assert "<html" in response.content.decode()
    assert ends
