"""Charts drawn on the server by pygal, made safe to put in a page: every app's SVG goes
through `clean_svg`, so no chart carries a script and each is named for screen readers."""

from __future__ import annotations

import re
from html import escape

from django.utils.safestring import SafeString, mark_safe

_SCRIPT = re.compile(r"<script\b.*?</script\s*>", re.IGNORECASE | re.DOTALL)
_COMMENT = re.compile(r"<!--.*?-->", re.DOTALL)
# pygal titles the chart «Pygal» and describes each value for its tooltips (which need the
# JavaScript the page does not load); a page has one <title> (its own), so the chart is named
# by its ARIA label instead, and the page's table says the values.
_TOOLTIPS = re.compile(r"<(title|desc)\b[^>]*>.*?</\1>", re.DOTALL)
_ACTIVE = re.compile(r"<\s*script|javascript:|\son[a-z]+\s*=", re.IGNORECASE)


class UnsafeChart(ValueError):
    """Raised when a rendered chart still holds a script (a pygal change would cause it)."""


def clean_svg(svg: str, title: str) -> SafeString:
    """Return the SVG without scripts, comments, titles or tooltips, named by an ARIA label,
    scaled to its container (pygal writes a viewBox and no fixed size); raise UnsafeChart if
    any script is left."""
    svg = _TOOLTIPS.sub("", _COMMENT.sub("", _SCRIPT.sub("", svg)))
    label = escape(title, quote=True)
    svg = svg.replace(
        "<svg ",
        f'<svg role="img" aria-label="{label}" width="100%" preserveAspectRatio="xMinYMin meet" ',
        1,
    )
    if _ACTIVE.search(svg):
        raise UnsafeChart(title)
    return mark_safe(svg)  # noqa: S308 - scripts and handlers removed and checked above
