"""The instance and timetable types, reading an instance from JSON and writing a schedule."""

import math
from dataclasses import dataclass
from typing import Any, TypeGuard

SlotId = str | int


def _(message: str) -> str:
    """Mark a message for translation and return it as is: the solver imports no Django, so
    the `solve_meetings` command translates `InvalidInstance.message` and fills its params."""
    return message


class InvalidInstance(ValueError):
    """The instance cannot be solved as given; the message says what to fix.

    `message` is the English text with %(name)s placeholders, `params` their values; `str()`
    of the error is the filled English text.
    """

    def __init__(self, message: str, **params: Any) -> None:
        self.message = message
        self.params = params
        super().__init__(message % params if params else message)


@dataclass(frozen=True)
class Participant:
    id: str
    available: frozenset[SlotId]


@dataclass(frozen=True)
class Request:
    a: str
    b: str
    weight: float


@dataclass(frozen=True)
class Instance:
    slots: tuple[SlotId, ...]
    tables: int
    participants: tuple[Participant, ...]
    requests: tuple[Request, ...]


@dataclass(frozen=True)
class Meeting:
    a: str
    b: str
    slot: SlotId
    table: int


@dataclass(frozen=True)
class Schedule:
    meetings: tuple[Meeting, ...]
    total_weight: float
    seconds: float
    # Pinned meetings that could not be kept: the request is gone, someone is no longer free,
    # or they clash with an earlier pinned meeting.
    dropped_pinned: tuple[Meeting, ...] = ()


# --- Parsing ------------------------------------------------------------------------------


def parse_instance(data: Any) -> Instance:
    """Return the instance described by JSON-shaped `data`.

    Raise InvalidInstance if anything is malformed. A participant without "available" is
    free in every slot; a request without "weight" weighs 1.
    """
    if not isinstance(data, dict):
        raise InvalidInstance(_("the instance must be a JSON object"))
    slots = _parse_slots(_field(data, "slots", list, "instance"))
    tables = data.get("tables")
    if not _is_int(tables) or tables < 1:
        raise InvalidInstance(_("tables must be a positive integer, got %(tables)r"), tables=tables)
    participants = _parse_participants(_field(data, "participants", list, "instance"), slots)
    known = {p.id for p in participants}
    requests = _parse_requests(_field(data, "requests", list, "instance"), known)
    return Instance(tuple(slots), tables, participants, requests)


def parse_meetings(data: Any, where: str = "meetings") -> list[Meeting]:
    """Return the meetings in a list of {"a", "b", "slot", "table"} objects.

    Raise InvalidInstance if the shape is wrong. Whether the meetings still fit an instance is
    decided by `solve`, which drops the ones that do not.
    """
    if not isinstance(data, list):
        raise InvalidInstance(_("%(at)s must be a list"), at=where)
    meetings = []
    for i, item in enumerate(data):
        at = f"{where}[{i}]"
        if not isinstance(item, dict):
            raise InvalidInstance(_("%(at)s must be an object"), at=at)
        a = _field(item, "a", str, at)
        b = _field(item, "b", str, at)
        slot = item.get("slot")
        if not _is_slot_id(slot):
            raise InvalidInstance(
                _("%(at)s.slot must be a string or an integer, got %(slot)r"), at=at, slot=slot
            )
        table = item.get("table", 1)
        if not _is_int(table):
            raise InvalidInstance(
                _("%(at)s.table must be an integer, got %(table)r"), at=at, table=table
            )
        meetings.append(Meeting(a, b, slot, table))
    return meetings


def _parse_slots(raw: list[Any]) -> list[SlotId]:
    seen: set[SlotId] = set()
    for i, slot in enumerate(raw):
        if not _is_slot_id(slot):
            raise InvalidInstance(
                _("slots[%(i)d] must be a string or an integer, got %(slot)r"), i=i, slot=slot
            )
        if slot in seen:
            raise InvalidInstance(_("slots[%(i)d]: slot %(slot)r is listed twice"), i=i, slot=slot)
        seen.add(slot)
    return raw


def _parse_participants(raw: list[Any], slots: list[SlotId]) -> tuple[Participant, ...]:
    known_slots = set(slots)
    everywhere = frozenset(slots)
    participants: list[Participant] = []
    seen: set[str] = set()
    for i, item in enumerate(raw):
        at = f"participants[{i}]"
        if not isinstance(item, dict):
            raise InvalidInstance(_("%(at)s must be an object"), at=at)
        pid = _field(item, "id", str, at)
        if not pid:
            raise InvalidInstance(_("%(at)s.id must not be empty"), at=at)
        if pid in seen:
            raise InvalidInstance(_("%(at)s: participant %(id)r is listed twice"), at=at, id=pid)
        seen.add(pid)
        if "available" not in item:
            participants.append(Participant(pid, everywhere))
            continue
        available = _field(item, "available", list, at)
        for slot in available:
            if not _is_slot_id(slot) or slot not in known_slots:
                raise InvalidInstance(
                    _("%(at)s (%(id)r) is available in unknown slot %(slot)r"),
                    at=at,
                    id=pid,
                    slot=slot,
                )
        participants.append(Participant(pid, frozenset(available)))
    return tuple(participants)


def _parse_requests(raw: list[Any], known: set[str]) -> tuple[Request, ...]:
    requests: list[Request] = []
    first_seen: dict[frozenset[str], int] = {}
    for i, item in enumerate(raw):
        at = f"requests[{i}]"
        if not isinstance(item, dict):
            raise InvalidInstance(_("%(at)s must be an object"), at=at)
        a = _field(item, "a", str, at)
        b = _field(item, "b", str, at)
        for pid in (a, b):
            if pid not in known:
                raise InvalidInstance(_("%(at)s: unknown participant %(id)r"), at=at, id=pid)
        if a == b:
            raise InvalidInstance(_("%(at)s: %(id)r cannot meet themselves"), at=at, id=a)
        weight = item.get("weight", 1)
        if not _is_number(weight) or not math.isfinite(weight) or weight < 0:
            raise InvalidInstance(
                _("%(at)s: weight must be a non-negative finite number, got %(weight)r"),
                at=at,
                weight=weight,
            )
        pair = frozenset((a, b))
        if pair in first_seen:
            raise InvalidInstance(
                _("%(at)s: %(a)r and %(b)r are already paired in requests[%(first)d]"),
                at=at,
                a=a,
                b=b,
                first=first_seen[pair],
            )
        first_seen[pair] = i
        requests.append(Request(a, b, weight))
    return tuple(requests)


def _field(item: dict[str, Any], key: str, kind: type, at: str) -> Any:
    if key not in item:
        raise InvalidInstance(_("%(at)s has no %(key)r"), at=at, key=key)
    value = item[key]
    if not isinstance(value, kind) or isinstance(value, bool):
        raise InvalidInstance(_KIND_MESSAGES[kind], at=at, key=key, value=value)
    return value


_KIND_MESSAGES: dict[type, str] = {
    list: _("%(at)s.%(key)s must be a list, got %(value)r"),
    str: _("%(at)s.%(key)s must be a string, got %(value)r"),
    dict: _("%(at)s.%(key)s must be an object, got %(value)r"),
}


def _is_int(value: Any) -> TypeGuard[int]:
    return isinstance(value, int) and not isinstance(value, bool)


def _is_number(value: Any) -> TypeGuard[int | float]:
    return isinstance(value, int | float) and not isinstance(value, bool)


def _is_slot_id(value: Any) -> TypeGuard[SlotId]:
    return isinstance(value, str) or _is_int(value)


def schedule_to_json(schedule: Schedule, bound: tuple[float, str] | None = None) -> dict[str, Any]:
    """Return the schedule as the JSON-shaped dict `solve_meetings` prints."""
    data: dict[str, Any] = {
        "meetings": [
            {"a": m.a, "b": m.b, "slot": m.slot, "table": m.table} for m in schedule.meetings
        ],
        "total_weight": schedule.total_weight,
    }
    if bound is not None:
        data["upper_bound"], data["bound"] = bound
    data["seconds"] = round(schedule.seconds, 3)
    if schedule.dropped_pinned:
        data["dropped_pinned"] = [
            {"a": m.a, "b": m.b, "slot": m.slot, "table": m.table} for m in schedule.dropped_pinned
        ]
    return data
