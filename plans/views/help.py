"""Pages: help requests and the curators' queue."""

from __future__ import annotations

from django.urls import URLPattern

urlpatterns: list[URLPattern] = []
