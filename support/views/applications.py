"""Pages of the applicant: applying, drafts, my applications, withdrawing."""

from __future__ import annotations

from django.urls import URLPattern

urlpatterns: list[URLPattern] = []
