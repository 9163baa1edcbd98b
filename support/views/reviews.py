"""Pages of reviewers and curators: the reviewer queue, scoring, the decision board."""

from __future__ import annotations

from django.urls import URLPattern

urlpatterns: list[URLPattern] = []
