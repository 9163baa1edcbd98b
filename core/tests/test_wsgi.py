from __future__ import annotations

import gc
import sys
from importlib import import_module


def test_the_served_application_loads_its_views_and_freezes_its_start_up_heap() -> None:
    sys.modules.pop("config.wsgi", None)
    try:
        wsgi = import_module("config.wsgi")
        assert callable(wsgi.application)
        assert "support.views.catalogue" in sys.modules
        assert gc.get_freeze_count() > 10_000
    finally:
        gc.unfreeze()
