from __future__ import annotations

from functools import cached_property
from typing import Any, cast

from django.core.paginator import Paginator
from django.db.models import QuerySet


class CappedPaginator(Paginator):
    """A paginator that stops counting at `cap`: a search matching 15,000 of 100,000 members
    need not read all 15,000 rows to say "more than 1,000, narrow it down"."""

    def __init__(self, object_list: Any, per_page: int, cap: int = 1000, **kwargs: Any) -> None:
        super().__init__(object_list, per_page, **kwargs)
        self.cap = cap

    @cached_property
    def _counted(self) -> int:
        # COUNT over a LIMIT subquery: reads at most cap + 1 rows.
        return cast(QuerySet[Any], self.object_list)[: self.cap + 1].count()

    @cached_property
    def count(self) -> int:
        return min(self._counted, self.cap)

    @property
    def is_capped(self) -> bool:
        return self._counted > self.cap
