"""No page of the journeys is wider than a phone, even when people type one endless word.

Every main page is opened at 390×844 in headless Chromium after a 300-character word has been
written into each text a member controls (names, about, map lines, projects, orders,
proposals, events, shops, products); the page must not scroll sideways."""

from __future__ import annotations

from typing import Any

from django.urls import reverse

from conftest import BROWSER_TEST, PHONE_WIDTH, log_in_page, open_phone_page, screenshot
from events.models import Event
from events.tests.factories import make_event
from members.models import Member, User
from orders.models import Order, Proposal
from orders.tests.factories import orders_matrix_args
from projects.models import Pitch, Product, Project, ProjectNeed, ProjectStep
from projects.tests.factories import pitched_project_with_everything
from resources.models import ResourceItem
from resources.services import ItemData, do_add_item
from shops.models import PointOfSale
from shops.tests.factories import shops_matrix_args

pytestmark = BROWSER_TEST

# What a person pastes: a link without spaces, a word typed with a stuck key.
LONG = ("Северноесияниенадхибинами" * 13)[:300]
TITLE = LONG[:200]
# Pages that show none of the members' own texts (still checked for width).
WITHOUT_MEMBER_TEXT = {"dashboard", "client-dashboard"}


def long_words_everywhere(cast: dict[str, User]) -> dict[str, Any]:
    """Return the objects of the pages, after writing the long word into their texts."""
    projects = pitched_project_with_everything(cast)
    orders = orders_matrix_args(cast)
    shops = shops_matrix_args(cast)
    event = make_event(title=TITLE, description=LONG, venue=LONG[:300])
    resident, producer = cast["resident"].member, cast["producer"].member
    do_add_item(resident, ItemData("offer", "skill", f"Печь {LONG}", "members"))
    do_add_item(producer, ItemData("need", "skill", f"Печь {LONG}", "members"))
    Member.objects.update(display_name=TITLE, about=LONG, wants=LONG, organisation=LONG)
    ResourceItem.objects.update(text=LONG)
    Project.objects.update(title=TITLE, summary=LONG)
    ProjectStep.objects.update(title=LONG)
    ProjectNeed.objects.update(text=LONG)
    Pitch.objects.update(note=LONG)
    Product.objects.update(title=TITLE, description=LONG)
    Order.objects.update(title=TITLE, brief=LONG)
    Proposal.objects.update(message=LONG, team_name=TITLE)
    PointOfSale.objects.update(name=TITLE, address=LONG, terms=LONG)
    Event.objects.update(title=TITLE, description=LONG, venue=LONG)
    return {
        "event": event,
        "project": projects["projects:detail"][0],
        "order": orders["orders:detail"][0],
        "open_order": orders["orders:compare"][0],
        "point": shops["shops:point"][0],
        "sale": shops["shops:refund"][0],
    }


def pages(cast: dict[str, User], objects: dict[str, Any]) -> list[tuple[str, str | None, str]]:
    """Return (screenshot name, who looks, URL) for every main page of the journeys."""
    resident = cast["resident"].member
    return [
        ("home", None, reverse("members:home")),
        ("directory", None, reverse("members:directory")),
        ("member", None, reverse("members:detail", args=[resident.pk])),
        ("member-map", None, reverse("resources:member_map", args=[resident.pk])),
        ("events", None, reverse("events:list")),
        ("event", "resident", reverse("events:detail", args=[objects["event"].pk])),
        ("dashboard", "resident", reverse("members:dashboard")),
        ("map", "resident", reverse("resources:my_map")),
        ("partners", "resident", reverse("matching:suggestions")),
        ("projects", "producer", reverse("projects:list")),
        ("project", "producer", reverse("projects:detail", args=[objects["project"]])),
        ("project-team", "producer", reverse("projects:team", args=[objects["project"]])),
        ("orders", "resident", reverse("orders:board")),
        ("my-orders", "client", reverse("orders:mine")),
        ("order", "client", reverse("orders:detail", args=[objects["order"]])),
        ("compare", "client", reverse("orders:compare", args=[objects["open_order"]])),
        ("propose", "resident", reverse("orders:propose", args=[objects["open_order"]])),
        ("shop", "partner", reverse("shops:point", args=[objects["point"]])),
        ("shops", "partner", reverse("shops:points")),
        ("refund", "partner", reverse("shops:refund", args=[objects["sale"]])),
        ("client-dashboard", "client", reverse("members:dashboard")),
    ]


def test_no_page_scrolls_sideways_with_an_endless_word(
    chromium: Any, live_server: Any, cast: dict[str, User]
) -> None:
    objects = long_words_everywhere(cast)
    page = open_phone_page(chromium)
    too_wide: dict[str, int] = {}
    without_word = []
    for name, who, url in pages(cast, objects):
        log_in_page(page, live_server.url, cast[who] if who else None)
        response = page.goto(live_server.url + url)
        assert response is not None, (name, url)
        assert response.status == 200, (name, url)
        if name not in WITHOUT_MEMBER_TEXT and LONG[:40] not in page.content():
            without_word.append(name)
        scroll_width = page.evaluate("document.documentElement.scrollWidth")
        screenshot(page, f"width-{name}")
        if scroll_width > PHONE_WIDTH:
            too_wide[name] = scroll_width
    assert too_wide == {}
    assert without_word == [], "these pages no longer show the members' texts"
