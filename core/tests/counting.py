"""The rows of the query-count table (`test_query_counts.py`), importable by the apps that keep
their own rows beside their tests."""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class Count:
    role: str  # "anonymous" or a key of the `cast`
    queries: int
    named: str  # the queries, in order


@dataclass(frozen=True)
class Counted:
    """Pinned by this test (module:function), which looks the list up by `needle`."""

    test: str
    needle: str
