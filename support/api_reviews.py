"""Applications for support as JSON: reviewers' scores and curators' decisions."""

from __future__ import annotations

from ninja import Router

router = Router(tags=["support"])
