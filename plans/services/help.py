"""Writes: help requests and the curators' queue."""

from __future__ import annotations
