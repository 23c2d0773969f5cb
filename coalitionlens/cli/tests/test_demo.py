"""``coalitionlens demo``: loads into the configured database, twice without duplicating anything."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest
from django.apps import apps
from typer.testing import CliRunner

from coalitionlens.cli.main import app
from coalitionlens.demo.users import DEMO_PASSWORD

runner = CliRunner()


def row_counts() -> dict[str, int]:
    return {
        m._meta.label: m._default_manager.count()
        for m in apps.get_models(include_auto_created=True)
    }


@pytest.mark.django_db
def test_demo_no_serve_loads_prints_the_logins_and_exits_0() -> None:
    result = runner.invoke(app, ["demo", "--no-serve"])
    assert result.exit_code == 0, result.output
    assert "http://127.0.0.1:8000" in result.output
    assert DEMO_PASSWORD in result.output
    for role in ("coordinator", "member", "analyst", "viewer"):
        for slug in ("zembora", "marivo", "lenhara"):
            assert f"{role}@{slug}.demo" in result.output
    assert "admin@coalitionlens.demo" in result.output
    # and how a demo coordinator signs in: no second factor in demo mode, and why
    assert "Two-factor authentication: not enforced on these demo accounts" in result.output
    assert "docs/security.md" in result.output


@pytest.mark.django_db
def test_demo_no_serve_twice_duplicates_nothing() -> None:
    first = runner.invoke(app, ["demo", "--no-serve"])
    assert first.exit_code == 0, first.output
    counts = row_counts()
    second = runner.invoke(app, ["demo", "--no-serve"])
    assert second.exit_code == 0, second.output
    assert "Already loaded" in second.output
    assert row_counts() == counts


@pytest.mark.django_db
def test_demo_prints_the_url_for_the_port_asked_for() -> None:
    result = runner.invoke(app, ["demo", "--no-serve", "--port", "8123"])
    assert result.exit_code == 0, result.output
    assert "http://127.0.0.1:8123" in result.output


# The processes use a SQLite file of their own whatever the suite's database: once per suite.
@pytest.mark.skipif(bool(os.environ.get("DATABASE_URL")), reason="runs on its own SQLite file")
def test_demo_says_it_compiles_the_kernels_on_standard_error_not_output(tmp_path: Path) -> None:
    env = {
        k: v
        for k, v in os.environ.items()
        if k not in {"DJANGO_SETTINGS_MODULE", "DATABASE_URL"}
        and not k.startswith(("COALITIONLENS_", "PYTEST"))
    }
    # rich draws its spinner only on a terminal; these make both streams count as one
    env |= {"COALITIONLENS_DATA_DIR": str(tmp_path), "FORCE_COLOR": "1", "TTY_INTERACTIVE": "1"}
    done = subprocess.run(
        [str(Path(sys.executable).parent / "coalitionlens"), "demo", "--no-serve"],
        cwd=tmp_path,
        env=env,
        capture_output=True,
        text=True,
        timeout=600,
        check=False,
    )
    assert done.returncode == 0, done.stderr
    assert "Compiling the analytics kernels" in done.stderr
    assert "Compiling" not in done.stdout
    assert "Demo logins" in done.stdout
