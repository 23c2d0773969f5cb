"""SAFETY.md reliability: SQLite runs in WAL mode with IMMEDIATE transactions, foreign keys on and a
busy timeout of at least 5 s — read off a live connection to a database file."""

from __future__ import annotations

import sqlite3

import pytest
from django.conf import settings
from django.db import connections
from django.db.backends.sqlite3.base import DatabaseWrapper


@pytest.mark.skipif(connections["default"].vendor != "sqlite", reason="SQLite settings")
def test_a_live_sqlite_connection_has_the_safe_pragmas(tmp_path, django_db_blocker):
    django_db_blocker.unblock()
    config = {**settings.DATABASES["default"], "NAME": str(tmp_path / "live.sqlite3")}
    wrapper = DatabaseWrapper(config, alias="pragmas")
    try:
        wrapper.ensure_connection()
        cursor = wrapper.connection.cursor()
        assert cursor.execute("PRAGMA journal_mode").fetchone()[0] == "wal"
        assert cursor.execute("PRAGMA foreign_keys").fetchone()[0] == 1
        assert cursor.execute("PRAGMA busy_timeout").fetchone()[0] >= 5000
        assert wrapper.transaction_mode == "IMMEDIATE"
    finally:
        wrapper.close()
        django_db_blocker.restore()


@pytest.mark.skipif(connections["default"].vendor != "sqlite", reason="SQLite settings")
def test_a_second_writer_waits_for_the_first_instead_of_failing(tmp_path, django_db_blocker):
    django_db_blocker.unblock()
    """IMMEDIATE transactions take the write lock at BEGIN; the busy timeout makes others queue."""
    path = tmp_path / "lock.sqlite3"
    config = {**settings.DATABASES["default"], "NAME": str(path)}
    first = DatabaseWrapper(config, alias="w1")
    first.ensure_connection()
    first.connection.execute("CREATE TABLE t (x INTEGER)")
    first.connection.execute("BEGIN IMMEDIATE")
    other = sqlite3.connect(path, timeout=0.1)
    with pytest.raises(sqlite3.OperationalError, match="locked"):
        other.execute("BEGIN IMMEDIATE")
    first.connection.execute("ROLLBACK")
    other.execute("BEGIN IMMEDIATE")
    other.execute("ROLLBACK")
    other.close()
    first.close()
    django_db_blocker.restore()
