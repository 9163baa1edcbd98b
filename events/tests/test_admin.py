from __future__ import annotations

from collections.abc import Callable
from typing import Any

from events.models import Event
from members.models import User


def test_curators_create_and_repeat_events_in_the_admin(
    event: Event, curator: User, login: Callable[..., Any]
) -> None:
    client = login(curator)
    for path in ("/admin/events/event/", "/admin/events/event/add/", "/admin/events/registration/"):
        assert client.get(path).status_code == 200, path
    assert client.get(f"/admin/events/event/{event.pk}/change/").status_code == 200
    response = client.post(
        "/admin/events/event/",
        {"action": "repeat_monthly", "_selected_action": [event.pk]},
    )
    assert response.status_code == 302
    assert Event.objects.filter(series=Event.objects.get(pk=event.pk).series).count() == 4
