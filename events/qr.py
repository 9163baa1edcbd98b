"""The check-in code as a QR image, inline SVG."""

from __future__ import annotations

import segno
from django.utils.safestring import SafeString, mark_safe


def qr_svg(code: str) -> SafeString:
    """Return an SVG QR code of `code`; the code's alphabet cannot inject markup."""
    svg = segno.make_qr(code, error="m").svg_inline(scale=8, border=2, dark="#0a2740")
    return mark_safe(svg)  # noqa: S308 (segno writes the SVG; the code is plain letters)
