"""Durable commits on SQLite: in WAL mode with ``synchronous=FULL`` every commit is synced to disk
before it is acknowledged, so a power loss or an OS crash cannot roll it back (with NORMAL the last
commits can; https://sqlite.org/pragma.html#pragma_synchronous). Read off live connections: one of
the app's, and one opened by the command line's start-up in a process of its own."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest
from django.conf import settings
from django.db import connections

from coalitionlens.web.tests.servers import person_env

FULL = 2  # PRAGMA synchronous: 0 OFF, 1 NORMAL, 2 FULL, 3 EXTRA

only_sqlite = pytest.mark.skipif(connections["default"].vendor != "sqlite", reason="SQLite")


@only_sqlite
def test_the_apps_connection_syncs_every_commit(db: None) -> None:
    with connections["default"].cursor() as cursor:
        cursor.execute("PRAGMA synchronous")
        assert cursor.fetchone()[0] == FULL


def test_a_command_line_process_opens_its_database_with_full_sync(tmp_path: Path) -> None:
    """``setup_django`` is how every ``coalitionlens`` command that uses the database starts."""
    script = (
        "from coalitionlens.cli._django import setup_django, migrate; setup_django(); migrate(); "
        "from django.db import connection; c = connection.cursor(); "
        "print(c.execute('PRAGMA journal_mode').fetchone()[0], "
        "c.execute('PRAGMA synchronous').fetchone()[0])"
    )
    ran = subprocess.run(
        [sys.executable, "-c", script],
        env=person_env(tmp_path),
        capture_output=True,
        text=True,
        check=False,
        timeout=300,
    )
    assert ran.returncode == 0, ran.stderr
    assert ran.stdout.split() == ["wal", str(FULL)]
    assert (tmp_path / "coalitionlens.sqlite3").exists()


def test_an_unknown_synchronous_mode_stops_start_up(tmp_path: Path) -> None:
    ran = subprocess.run(
        [sys.executable, "-c", "import coalitionlens.web.settings"],
        env=person_env(tmp_path, COALITIONLENS_SQLITE_SYNCHRONOUS="sometimes"),
        capture_output=True,
        text=True,
        check=False,
    )
    assert ran.returncode != 0
    assert (
        "COALITIONLENS_SQLITE_SYNCHRONOUS='SOMETIMES': expected FULL, EXTRA or NORMAL" in ran.stderr
    )


def test_postgresql_connections_carry_both_timeouts(db: None) -> None:
    if connections["default"].vendor != "postgresql":
        pytest.skip("PostgreSQL settings")
    db = settings.DATABASES["default"]
    assert db["OPTIONS"]["connect_timeout"] == settings.DB_CONNECT_TIMEOUT
    assert db["CONN_HEALTH_CHECKS"] is True
    with connections["default"].cursor() as cursor:
        cursor.execute("SHOW statement_timeout")
        assert cursor.fetchone()[0] == f"{settings.DB_STATEMENT_TIMEOUT}s"
