from __future__ import annotations

import re
from pathlib import Path

import pytest
from django.core.exceptions import ImproperlyConfigured

from coalitionlens.web.env import env_bool, env_int, env_list

ROOT = Path(__file__).resolve().parents[3]


def test_every_setting_read_from_the_environment_is_listed_in_env_example():
    source = (ROOT / "coalitionlens/web/settings.py").read_text()
    read = set(re.findall(r'env_\w+\(\s*"([A-Z_]+)"', source))
    listed = set(re.findall(r"^([A-Z_]+)=", (ROOT / ".env.example").read_text(), re.MULTILINE))
    assert read, "the scan found no variables"
    assert read - listed == set()
    assert listed - read == set()


def test_a_bad_boolean_stops_start_up_with_the_variable_named(monkeypatch):
    monkeypatch.setenv("COALITIONLENS_DEBUG", "maybe")
    with pytest.raises(ImproperlyConfigured, match="COALITIONLENS_DEBUG"):
        env_bool("COALITIONLENS_DEBUG", False)


def test_a_number_below_its_minimum_is_refused(monkeypatch):
    monkeypatch.setenv("COALITIONLENS_SQLITE_TIMEOUT", "2")
    with pytest.raises(ImproperlyConfigured, match="at least 5"):
        env_int("COALITIONLENS_SQLITE_TIMEOUT", 10, minimum=5)
    monkeypatch.setenv("COALITIONLENS_SQLITE_TIMEOUT", "ten")
    with pytest.raises(ImproperlyConfigured, match="whole number"):
        env_int("COALITIONLENS_SQLITE_TIMEOUT", 10, minimum=5)


def test_lists_are_split_on_commas_and_trimmed(monkeypatch):
    monkeypatch.setenv("X_HOSTS", " a.example , b.example,, ")
    assert env_list("X_HOSTS", []) == ["a.example", "b.example"]


def _deploy_check(tmp_path, **variables: str):
    """`check --deploy --fail-level WARNING` in a clean production environment: none of this
    machine's settings (nor the browser tests' async flag), only the secret key, the host and
    ``variables``."""
    import os
    import secrets
    import subprocess
    import sys

    env = {
        k: v
        for k, v in os.environ.items()
        if not k.startswith("COALITIONLENS_")
        and k not in {"DATABASE_URL", "DJANGO_ALLOW_ASYNC_UNSAFE", "DJANGO_SETTINGS_MODULE"}
    }
    env.update(
        COALITIONLENS_SECRET_KEY=secrets.token_urlsafe(50),
        COALITIONLENS_ALLOWED_HOSTS="lens.example.org",
        COALITIONLENS_DATA_DIR=str(tmp_path),
        DJANGO_SETTINGS_MODULE="coalitionlens.web.settings",
        **variables,
    )
    return subprocess.run(
        [sys.executable, "-m", "django", "check", "--deploy", "--fail-level", "WARNING"],
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )


@pytest.mark.parametrize(
    "database_url", ["", "postgresql://coalitionlens@db.example.org:5432/coalitionlens"]
)
def test_production_settings_pass_the_deployment_checks(tmp_path, database_url):
    """SAFETY.md: `manage.py check --deploy --fail-level WARNING` passes with production settings,
    on SQLite and on PostgreSQL, with only the secret key and the host name set (the checks connect
    to no database)."""
    result = _deploy_check(tmp_path, DATABASE_URL=database_url)
    assert result.returncode == 0, result.stderr


@pytest.mark.parametrize(
    ("opt_out", "warning"),
    [
        ("COALITIONLENS_INSECURE_HTTP", "security.W008"),
        ("COALITIONLENS_DEMO", "coalitionlens.W001"),
    ],
)
def test_the_plain_http_and_demo_opt_outs_fail_the_deployment_checks(tmp_path, opt_out, warning):
    result = _deploy_check(tmp_path, **{opt_out: "1"})
    assert result.returncode != 0
    assert warning in result.stderr + result.stdout


def test_starttls_and_ssl_together_stop_start_up():
    import os
    import subprocess
    import sys

    env = {
        **os.environ,
        "COALITIONLENS_EMAIL_STARTTLS": "true",
        "COALITIONLENS_EMAIL_SSL": "true",
        "DJANGO_SETTINGS_MODULE": "coalitionlens.web.settings",
    }
    out = subprocess.run(
        [sys.executable, "-c", "import django; django.setup()"],
        env=env,
        capture_output=True,
        text=True,
    )
    assert out.returncode != 0
    assert "choose one, not both" in out.stderr
