"""What the benchmarks share: Django on a throw-away database, and latency percentiles."""

from __future__ import annotations

import os
import statistics
import tempfile
from pathlib import Path


def setup_django(name: str) -> None:
    """Set Django up on a fresh SQLite file named after the benchmark (or on `DATABASE_URL`),
    with lockouts off, mail dropped, fast password hashing and plain static files; migrate."""
    if "DATABASE_URL" not in os.environ:
        path = Path(tempfile.mkdtemp(prefix=f"cluster-bench-{name}-")) / f"{name}.sqlite3"
        os.environ["DATABASE_URL"] = f"sqlite:///{path}"
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings")
    os.environ["AXES_ENABLED"] = "0"
    os.environ.setdefault("EMAIL_URL", "dummymail://")
    import django

    django.setup()
    from django.conf import settings

    settings.ALLOWED_HOSTS = ["*"]
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
    settings.STORAGES["staticfiles"] = {
        "BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"
    }
    from django.core.management import call_command

    call_command("migrate", verbosity=0)


def p50_p95_ms(samples: list[float]) -> tuple[float, float]:
    """Return the median and the 95th percentile of durations in seconds, in milliseconds."""
    ms = sorted(s * 1000 for s in samples)
    return statistics.median(ms), ms[min(len(ms) - 1, int(len(ms) * 0.95))]
