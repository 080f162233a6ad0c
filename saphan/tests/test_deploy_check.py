"""With production variables set, `manage.py check --deploy` reports nothing.

The checks run in a subprocess because settings are read once per process,
from the environment, exactly as a production server reads them.
"""

from __future__ import annotations

import os
import secrets
import subprocess
import sys

from django.conf import settings

MANAGE = str(settings.BASE_DIR / "manage.py")


def _production_env(**overrides: str) -> dict[str, str]:
    env = {k: v for k, v in os.environ.items() if not k.startswith(("SAPHAN_", "DJANGO_"))}
    env.update(
        SAPHAN_DEBUG="0",
        SECRET_KEY=secrets.token_urlsafe(64),
        ALLOWED_HOSTS="saphan.example.go.th",
        CSRF_TRUSTED_ORIGINS="https://saphan.example.go.th",
        SITE_URL="https://saphan.example.go.th",
        # The database of this test run (PostgreSQL in the second CI run),
        # else a throwaway SQLite file; check --deploy does not connect.
        DATABASE_URL=os.environ.get("DATABASE_URL") or "sqlite:////tmp/saphan-deploy-check.sqlite3",
        EMAIL_HOST="smtp.example.go.th",
        DEFAULT_FROM_EMAIL="Saphan <no-reply@example.go.th>",
    )
    env.update(overrides)
    return env


def _check(env: dict[str, str]) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, MANAGE, "check", "--deploy", "--fail-level", "WARNING"],
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
    )


def test_check_deploy_reports_nothing_with_production_variables():
    result = _check(_production_env())
    assert result.returncode == 0, result.stdout + result.stderr
    assert "System check identified no issues" in result.stdout


def test_check_deploy_reports_nothing_with_redis_too():
    result = _check(_production_env(REDIS_URL="redis://127.0.0.1:6379/0"))
    assert result.returncode == 0, result.stdout + result.stderr


def test_check_deploy_complains_about_a_laptop_configuration():
    # The same command fails on the defaults, so the test above means something.
    env = _production_env(SAPHAN_DEBUG="1")
    del env["SECRET_KEY"]
    result = _check(env)
    assert result.returncode != 0
    assert "security.W018" in result.stdout + result.stderr  # DEBUG on


def test_production_refuses_to_start_without_a_secret_key():
    env = _production_env()
    del env["SECRET_KEY"]
    result = _check(env)
    assert result.returncode != 0
    assert "SECRET_KEY must be set" in result.stderr
