"""API: help requests and the curators' queue."""

from __future__ import annotations

from ninja import Router

router = Router(tags=["plans"])
