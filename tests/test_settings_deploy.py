"""Production settings: `check --deploy` is clean with the documented environment, and unsafe setups refuse to start.

Each test runs `manage.py` in a subprocess because the settings module reads the environment once, at import.
"""

import secrets

import pytest

from tests.production import production_env, run_manage

pytestmark = pytest.mark.integration


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
