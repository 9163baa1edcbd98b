"""Applications for support as JSON: the applicant's side."""

from __future__ import annotations

from ninja import Router

router = Router(tags=["support"])
