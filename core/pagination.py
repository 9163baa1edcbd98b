from __future__ import annotations

import math
from functools import cached_property
from typing import Any, TypeVar

from django.core.paginator import Paginator
from django.db.models import Model, QuerySet

# No list here has a million pages; a bigger number would also overflow the database's OFFSET
# (a 64-bit integer), which is how `?page=10**30` used to answer 500.
MAX_PAGE = 1_000_000

_M = TypeVar("_M", bound=Model)


def page_number(raw: str | None) -> int:
    """Return the page a query string asks for: 1 for a missing, unreadable or non-positive
    number, and at most MAX_PAGE (a list shows its last page for anything past its end)."""
    try:
        number = int(raw or "1")
    except ValueError:
        return 1
    return min(max(1, number), MAX_PAGE)


def offset_page(items: QuerySet[Any], number: int, size: int) -> tuple[list[Any], int, bool]:
    """Return the rows of page `number`, the number of the page actually shown and whether
    another page follows, without counting the rows: "next" only needs one more row to exist.

    A page past the end shows the last page; only then are the rows counted."""
    number = min(max(1, number), MAX_PAGE)
    start = (number - 1) * size
    rows = list(items[start : start + size + 1])
    if not rows and number > 1:
        number = max(1, math.ceil(items.count() / size))
        start = (number - 1) * size
        rows = list(items[start : start + size + 1])
    return rows[:size], number, len(rows) > size


class CappedPaginator(Paginator[_M]):
    """A paginator that stops counting at `cap`: a search matching 15,000 of 100,000 members
    need not read all 15,000 rows to say "more than 1,000, narrow it down"."""

    def __init__(
        self, object_list: QuerySet[_M], per_page: int, cap: int = 1000, **kwargs: Any
    ) -> None:
        super().__init__(object_list, per_page, **kwargs)
        self.queryset = object_list
        self.cap = cap

    @cached_property
    def _counted(self) -> int:
        # COUNT over a LIMIT subquery: reads at most cap + 1 rows.
        return self.queryset[: self.cap + 1].count()

    @cached_property
    def count(self) -> int:
        return min(self._counted, self.cap)

    @property
    def is_capped(self) -> bool:
        return self._counted > self.cap
