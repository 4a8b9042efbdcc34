"""Production settings: `check --deploy` is clean with the documented environment, and unsafe setups refuse to start.

Each test runs `manage.py` in a subprocess because the settings module reads the environment once, at import.
"""

import os
import secrets
import subprocess
import sys
from pathlib import Path

import pytest

pytestmark = pytest.mark.integration

BASE_DIR = Path(__file__).resolve().parent.parent
# Variables that change what `check --deploy` sees; a developer's own values must not leak into the test.
HARDENING_VARIABLES = {
    "DEBUG",
    "SECRET_KEY",
    "BALLOT_KEY",
    "ALLOWED_HOSTS",
    "SECURE_SSL_REDIRECT",
    "SECURE_HSTS_SECONDS",
    "SECURE_HSTS_INCLUDE_SUBDOMAINS",
    "SECURE_HSTS_PRELOAD",
    "BEHIND_PROXY",
}


def production_env(**overrides: str) -> dict[str, str]:
    env = {
        key: value
        for key, value in os.environ.items()
        if key not in HARDENING_VARIABLES and not key.startswith("DJANGO_")
    }
    env.update(
        DJANGO_SETTINGS_MODULE="config.settings",
        DEBUG="0",
        # 60 characters drawn from more than 5 distinct ones: what security.W009 asks for.
        SECRET_KEY=secrets.token_urlsafe(45),
        # 32 random bytes: the key that seals the council's ballots.
        BALLOT_KEY=secrets.token_urlsafe(32),
        ALLOWED_HOSTS="tdkt.example.vn",
    )
    env.update(overrides)
    return env


def run_manage(*args: str, env: dict[str, str]) -> subprocess.CompletedProcess:
    return subprocess.run(
        [sys.executable, "manage.py", *args],
        cwd=BASE_DIR,
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )


def test_check_deploy_production_environment_has_no_warnings():
    env = production_env()
    assert len(env["SECRET_KEY"]) == 60

    result = run_manage("check", "--deploy", "--fail-level", "WARNING", env=env)

    output = result.stdout + result.stderr
    assert result.returncode == 0, output
    assert "WARNING" not in output
    assert "System check identified no issues" in output


def test_settings_without_secret_key_in_production_refuse_to_start():
    env = production_env()
    del env["SECRET_KEY"]

    result = run_manage("check", env=env)

    assert result.returncode != 0
    assert "ImproperlyConfigured" in result.stderr
    assert "SECRET_KEY" in result.stderr


def test_settings_without_ballot_key_in_production_refuse_to_start():
    env = production_env()
    del env["BALLOT_KEY"]

    result = run_manage("check", env=env)

    assert result.returncode != 0
    assert "ImproperlyConfigured: BALLOT_KEY must be set when DEBUG is off" in result.stderr


def test_settings_with_a_ballot_key_of_the_wrong_size_refuse_to_start():
    env = production_env(BALLOT_KEY=secrets.token_urlsafe(16))

    result = run_manage("check", env=env)

    assert result.returncode != 0
    assert "ImproperlyConfigured: BALLOT_KEY must be 32 random bytes in URL-safe base64" in result.stderr
