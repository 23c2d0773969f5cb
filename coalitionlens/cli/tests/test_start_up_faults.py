"""A command that cannot reach its database, or whose disk is full, says so in one line (what and
where), exits 1 and prints no traceback: ``serve``, ``demo`` and every command that starts Django
share that start-up (``needs_django``). Real processes."""

from __future__ import annotations

import sqlite3
import subprocess
from collections.abc import Iterator
from pathlib import Path

import pytest

from coalitionlens.web.tests import servers
from coalitionlens.web.tests.servers import BIN, fill, free_port, person_env


def _run(args: list[str], env: dict[str, str]) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [str(BIN / "coalitionlens"), *args],
        env=env,
        capture_output=True,
        text=True,
        check=False,
        timeout=120,
    )


@pytest.mark.parametrize(
    "command",
    [["serve", "--port", str(free_port())], ["demo", "--no-serve"], ["coalitions"]],
    ids=["serve", "demo", "coalitions"],
)
def test_a_database_that_refuses_connections_is_said_in_one_line(
    tmp_path: Path, command: list[str]
) -> None:
    port = free_port()  # nothing listens there
    env = person_env(tmp_path, DATABASE_URL=f"postgresql://postgres@127.0.0.1:{port}/nowhere")
    ran = _run(command, env)
    assert ran.returncode == 1
    assert ran.stderr.strip().splitlines() == [
        f"coalitionlens: the database at 127.0.0.1:{port} is not answering (connection refused)"
    ]
    assert "Traceback" not in ran.stdout + ran.stderr


@pytest.fixture
def small_disk(tmp_path: Path) -> Iterator[Path]:
    with servers.small_disk(tmp_path) as disk:
        yield disk


def test_serve_on_a_full_disk_says_which_disk_in_one_line(small_disk: Path) -> None:
    fill(small_disk)
    ran = _run(["serve", "--port", str(free_port())], person_env(small_disk))
    assert ran.returncode == 1
    assert ran.stderr.strip().splitlines() == [
        f"coalitionlens: the disk holding {small_disk} is full (0 B free)"
    ]
    assert "Traceback" not in ran.stdout + ran.stderr


def test_a_command_writing_on_a_full_disk_says_which_disk(small_disk: Path) -> None:
    """A database that exists and migrates, on a disk that fills before a command writes to it."""
    env = person_env(small_disk)
    made = subprocess.run(
        [str(BIN / "python"), "-c", "from coalitionlens.cli._django import setup_django, migrate;"
         " setup_django(); migrate()"],
        env=env, capture_output=True, text=True, check=False,
    )  # fmt: skip
    assert made.returncode == 0, made.stderr
    database = sqlite3.connect(small_disk / "coalitionlens.sqlite3")
    database.execute("PRAGMA wal_checkpoint(TRUNCATE)")
    database.close()
    fill(small_disk)
    ran = subprocess.run(
        [
            str(BIN / "coalitionlens"),
            "createuser",
            "ana@example.org",
            "--admin",
            "--password-stdin",
        ],
        input="a-long-passphrase-for-tests-42\n",
        env=env,
        capture_output=True,
        text=True,
        check=False,
    )
    assert ran.returncode == 1
    assert ran.stderr.strip().splitlines() == [
        f"coalitionlens: the disk holding {small_disk} is full (0 B free)"
    ]
