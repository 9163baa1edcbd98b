"""Every chart drawn on the server passes `core.charts.clean_svg` before it reaches a page."""

from __future__ import annotations

import pytest

from core.charts import UnsafeChart, clean_svg


def test_a_script_left_in_the_svg_is_refused() -> None:
    with pytest.raises(UnsafeChart):
        clean_svg('<svg viewBox="0 0 1 1"><a href="javascript:alert(1)"/></svg>', "x")
    with pytest.raises(UnsafeChart):
        clean_svg('<svg viewBox="0 0 1 1"><rect onload="x()"/></svg>', "x")
    assert "<script" not in clean_svg('<svg viewBox="0 0 1 1"><script>alert(1)</script></svg>', "x")
