"""The matching index of this process, kept up to date from the database.

Each web or worker process builds the index once, on first use, and afterwards applies only the
members whose maps changed (`resources.ResourceChange`), so an edit costs milliseconds instead of
a rebuild. The log is read with a small overlap because, under concurrent writers, a change with a
lower id can commit after one with a higher id; re-applying a member is harmless.
"""

from __future__ import annotations

import threading
from collections import defaultdict
from collections.abc import Iterable, Iterator
from contextlib import contextmanager, suppress
from typing import cast

from core.models import Town
from matching.engine import Item, MatchIndex, MemberInfo
from matching.engine.types import Direction
from members.models import Member
from resources.models import ResourceChange, ResourceItem

LOG_OVERLAP = 50
# Past this many changed members (a bulk import) a fresh build is cheaper than patching, and
# it keeps the member list of one query within the database's parameter limits.
REBUILD_AFTER_CHANGED_MEMBERS = 2000

_lock = threading.Lock()
_index: MatchIndex | None = None
_last_change_id = 0
_items_of_member: dict[int, set[int]] = {}
_applied_recently: set[int] = set()  # change ids within the overlap window, already applied


def _town_coords() -> dict[str, tuple[float, float]]:
    return {
        slug: (float(lat), float(lon))
        for slug, lat, lon in Town.objects.values_list("slug", "latitude", "longitude")
    }


def _industries_by_member(member_ids: Iterable[int] | None) -> dict[int, tuple[str, ...]]:
    through = Member.industries.through.objects.all()
    if member_ids is not None:
        through = through.filter(member_id__in=list(member_ids))
    result: dict[int, list[str]] = defaultdict(list)
    for member_id, slug in through.values_list("member_id", "industry__slug"):
        result[member_id].append(slug)
    return {member_id: tuple(slugs) for member_id, slugs in result.items()}


def _load(member_ids: list[int] | None) -> tuple[list[MemberInfo], list[Item]]:
    members = Member.objects.filter(is_active=True)
    items = ResourceItem.objects.matchable()
    if member_ids is not None:
        members = members.filter(pk__in=member_ids)
        items = items.filter(member_id__in=member_ids)
    industries = _industries_by_member(member_ids)
    member_rows = list(members.values_list("pk", "town__slug"))
    infos = [MemberInfo(pk, town, industries.get(pk, ())) for pk, town in member_rows]
    item_industries: dict[int, list[str]] = defaultdict(list)
    through = ResourceItem.industries.through.objects.filter(resourceitem__in=items)
    for item_id, slug in through.values_list("resourceitem_id", "industry__slug"):
        item_industries[item_id].append(slug)
    engine_items = [
        Item(
            pk,
            member_id,
            cast(Direction, direction),
            type_,
            text,
            tuple(item_industries.get(pk, ())),
            town,
        )
        for pk, member_id, direction, type_, text, town in items.values_list(
            "pk", "member_id", "direction", "type", "text", "town__slug"
        )
    ]
    return infos, engine_items


def _build() -> MatchIndex:
    global _last_change_id
    _last_change_id = (
        ResourceChange.objects.order_by("-pk").values_list("pk", flat=True).first() or 0
    )
    # Everything committed so far is in the build; later commits below this id are not.
    _applied_recently.clear()
    _applied_recently.update(
        ResourceChange.objects.filter(pk__gt=_last_change_id - LOG_OVERLAP).values_list(
            "pk", flat=True
        )
    )
    infos, items = _load(None)
    _items_of_member.clear()
    for item in items:
        _items_of_member.setdefault(cast(int, item.member_id), set()).add(cast(int, item.id))
    return MatchIndex.build(infos, items, _town_coords())


def _apply_changes(index: MatchIndex) -> bool:
    """Apply the committed changes; return False when a fresh build is the better way."""
    global _last_change_id
    window_start = max(0, _last_change_id - LOG_OVERLAP)
    changes = [
        (pk, member_id)
        for pk, member_id in ResourceChange.objects.filter(pk__gt=window_start).values_list(
            "pk", "member_id"
        )
        if pk not in _applied_recently
    ]
    if not changes:
        return True
    member_ids = sorted({member_id for _pk, member_id in changes})
    if len(member_ids) > REBUILD_AFTER_CHANGED_MEMBERS:
        return False
    infos, items = _load(member_ids)
    alive = {info.id for info in infos}
    for member_id in member_ids:
        for item_id in _items_of_member.pop(member_id, set()):
            index.remove_item(item_id)
        if member_id not in alive:
            with suppress(KeyError):  # never indexed: made inactive before it had a map
                index.remove_member(member_id)
    for info in infos:
        index.upsert_member(info)
    for item in items:
        index.upsert_item(item)
        _items_of_member.setdefault(cast(int, item.member_id), set()).add(cast(int, item.id))
    _last_change_id = max(_last_change_id, max(pk for pk, _member in changes))
    _applied_recently.update(pk for pk, _member in changes)
    _applied_recently.difference_update(
        [pk for pk in _applied_recently if pk <= _last_change_id - LOG_OVERLAP]
    )
    return True


@contextmanager
def current_index() -> Iterator[MatchIndex]:
    """Hold this process's index, with every committed change applied, for one use.

    The index is not safe to read while another thread changes it, so it is lent under a lock
    (a threaded server; gunicorn's sync workers have one thread each anyway).
    """
    global _index
    with _lock:
        if _index is None or not _apply_changes(_index):
            _index = _build()
        yield _index


def forget_index() -> None:
    """Drop the index so the next use rebuilds it (tests, and after bulk imports)."""
    global _index, _last_change_id
    with _lock:
        _index = None
        _last_change_id = 0
        _items_of_member.clear()
        _applied_recently.clear()


def forget_index_after_import(**_signal: object) -> None:
    """Drop the index once a bulk import commits (`resources.signals.maps_imported`), so the
    next use builds it afresh."""
    forget_index()
