from __future__ import annotations

import os
import secrets
import subprocess
import sys
from pathlib import Path

BASE_DIR = Path(__file__).resolve().parents[2]


def run_manage(*args: str, **env: str) -> subprocess.CompletedProcess[str]:
    environment = {
        key: value
        for key, value in os.environ.items()
        if not key.startswith(("DJANGO_", "SECURE_"))
    }
    environment.update(env)
    return subprocess.run(
        [sys.executable, "manage.py", *args],
        cwd=BASE_DIR,
        env=environment,
        capture_output=True,
        text=True,
        timeout=120,
    )


def test_production_settings_pass_the_deploy_check() -> None:
    result = run_manage(
        "check",
        "--deploy",
        "--fail-level",
        "WARNING",
        DEBUG="0",
        SECRET_KEY=secrets.token_urlsafe(64),
        ALLOWED_HOSTS="cluster.example.org",
        SECURE_COOKIES="1",
        SECURE_SSL_REDIRECT="1",
        SECURE_HSTS_SECONDS="31536000",
    )
    assert result.returncode == 0, result.stdout + result.stderr


def test_production_refuses_to_start_without_a_real_secret_key() -> None:
    result = run_manage("check", DEBUG="0", SECRET_KEY="", ALLOWED_HOSTS="cluster.example.org")
    assert result.returncode != 0
    assert "SECRET_KEY" in result.stderr


def test_production_refuses_a_wildcard_host() -> None:
    result = run_manage("check", DEBUG="0", SECRET_KEY=secrets.token_urlsafe(64), ALLOWED_HOSTS="*")
    assert result.returncode != 0
    assert "ALLOWED_HOSTS" in result.stderr


def test_a_mail_folder_url_names_the_absolute_folder_it_says() -> None:
    result = run_manage(
        "shell",
        "-c",
        "from django.conf import settings; print(settings.EMAIL_FILE_PATH)",
        DEBUG="1",
        SECRET_KEY="x",
        EMAIL_URL="filemail:///var/mail/cluster",
    )
    assert result.returncode == 0, result.stderr
    assert result.stdout.strip().splitlines()[-1] == "/var/mail/cluster"
