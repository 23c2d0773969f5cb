"""The commands as a person runs them: real processes, a fresh SQLite file, no pytest-configured Django.

In-process CliRunner tests inherit the test suite's Django setup, so a command that touches a model
before configuring Django passes them and fails for people; these catch that.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

pytestmark = [
    pytest.mark.slow,
    pytest.mark.skipif(
        bool(os.environ.get("DATABASE_URL")),
        reason="runs on its own SQLite file: once per suite is enough",
    ),
]

CLI = [sys.executable, "-c", "from coalitionlens.cli.main import app; app()"]


def _run(args: list[str], env: dict[str, str]) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [*CLI, *args], env=env, capture_output=True, text=True, timeout=300, check=False
    )


@pytest.fixture(scope="module")
def demo_env(tmp_path_factory: pytest.TempPathFactory) -> dict[str, str]:
    data = tmp_path_factory.mktemp("data")
    env = {
        k: v for k, v in os.environ.items() if k not in {"DJANGO_SETTINGS_MODULE", "DATABASE_URL"}
    }
    env["COALITIONLENS_DATA_DIR"] = str(data)
    loaded = _run(["demo", "--no-serve"], env)
    assert loaded.returncode == 0, loaded.stderr
    return env


def test_the_read_commands_work_in_a_fresh_process(
    demo_env: dict[str, str], tmp_path: Path
) -> None:
    listing = _run(["coalitions", "--json"], demo_env)
    assert listing.returncode == 0, listing.stderr
    assert {"zembora", "marivo", "lenhara"} <= {c["slug"] for c in json.loads(listing.stdout)}
    for args in (
        ["diagnose", "marivo", "--json"],
        ["compare", "zembora", "marivo", "--json"],
        ["survey", "rounds", "marivo", "--json"],
    ):
        result = _run(args, demo_env)
        assert result.returncode == 0, (args, result.stderr)
        json.loads(result.stdout)


def test_files_are_written_in_a_fresh_process(demo_env: dict[str, str], tmp_path: Path) -> None:
    for args, out in (
        (["report", "marivo", "--format", "html", "--lang", "km", "--safe"], tmp_path / "r.html"),
        (["export", "marivo", "--format", "graphml"], tmp_path / "n.graphml"),
        (["template"], tmp_path / "t.xlsx"),
        (["backup"], tmp_path / "b.sqlite3"),
    ):
        result = _run([*args, "-o", str(out)], demo_env)
        assert result.returncode == 0, (args, result.stderr)
        assert out.stat().st_size > 1000, args
