"""Backup while another thread writes: the restored rows are exactly a consistent snapshot that
holds every row committed before the backup began (SQLite backup API; pg_dump on PostgreSQL)."""

from __future__ import annotations

import os
import sqlite3
import subprocess
import sys
import threading
import time
from pathlib import Path

import pytest
from django.db import connection

from coalitionlens.transfer.backup import BackupError, backup_database, restore_database


class Writer(threading.Thread):
    """Inserts numbered rows, one per transaction, and notes each commit's time."""

    def __init__(self, insert):
        super().__init__(daemon=True)
        self.insert = insert
        self.committed: list[tuple[int, float]] = []
        self.stop = threading.Event()

    def run(self):
        n = 0
        while not self.stop.is_set():
            n += 1
            self.insert(n)
            self.committed.append((n, time.monotonic()))


def _check(restored: dict[int, str], writer: Writer, began: float, ended: float) -> None:
    before = {n for n, t in writer.committed if t < began}
    after = {n for n, t in writer.committed if t > ended}
    assert before, "the writer committed nothing before the backup began"
    assert before <= set(restored), "a row committed before the backup is missing"
    assert not (set(restored) & after), "a row committed after the backup ended is in it"
    # A consistent snapshot of a sequential writer is a prefix: no holes.
    assert sorted(restored) == list(range(1, len(restored) + 1))
    assert all(restored[n] == f"row {n}" for n in restored)


def test_sqlite_backup_while_another_thread_writes(tmp_path):
    db = tmp_path / "live.sqlite3"
    setup = sqlite3.connect(db)
    setup.execute("PRAGMA journal_mode=WAL")
    setup.execute("CREATE TABLE django_migrations (id INTEGER PRIMARY KEY)")
    setup.execute("CREATE TABLE t (n INTEGER PRIMARY KEY, v TEXT)")
    setup.commit()
    setup.close()
    local = threading.local()

    def insert(n):
        if not hasattr(local, "c"):
            local.c = sqlite3.connect(db, timeout=30, isolation_level=None)
        local.c.execute("BEGIN IMMEDIATE")
        local.c.execute("INSERT INTO t VALUES (?, ?)", (n, f"row {n}"))
        local.c.execute("COMMIT")

    writer = Writer(insert)
    writer.start()
    time.sleep(0.3)
    target = tmp_path / "backup.sqlite3"
    settings = {"ENGINE": "django.db.backends.sqlite3", "NAME": str(db)}
    began = time.monotonic()
    backup_database(target, database=settings)
    ended = time.monotonic()
    time.sleep(0.1)
    writer.stop.set()
    writer.join()
    restored_db = tmp_path / "restored.sqlite3"
    restored_db.write_bytes(b"")
    restore_database(
        target, database={"ENGINE": "django.db.backends.sqlite3", "NAME": str(restored_db)}
    )
    check = sqlite3.connect(restored_db)
    assert check.execute("PRAGMA integrity_check").fetchone() == ("ok",)
    _check(dict(check.execute("SELECT n, v FROM t")), writer, began, ended)
    assert len(writer.committed) > check.execute("SELECT count(*) FROM t").fetchone()[0]


def test_restore_refuses_a_file_that_is_not_a_backup(tmp_path):
    bad = tmp_path / "x.bak"
    bad.write_bytes(b"hello")
    with pytest.raises(BackupError):
        restore_database(
            bad, database={"ENGINE": "django.db.backends.sqlite3", "NAME": str(tmp_path / "d")}
        )


@pytest.mark.django_db(transaction=True)
@pytest.mark.skipif(
    "postgresql" not in os.environ.get("DATABASE_URL", ""), reason="needs PostgreSQL"
)
def test_postgresql_backup_while_another_thread_writes():
    import psycopg

    db = dict(connection.settings_dict)
    conninfo = {
        "host": db["HOST"] or "127.0.0.1",
        "port": db["PORT"] or 5432,
        "user": db["USER"],
        "password": db["PASSWORD"] or None,
    }
    with psycopg.connect(dbname=db["NAME"], autocommit=True, **conninfo) as c:
        c.execute("DROP TABLE IF EXISTS backup_probe")
        c.execute("CREATE TABLE backup_probe (n integer PRIMARY KEY, v text)")
    local = threading.local()

    def insert(n):
        if not hasattr(local, "c"):
            local.c = psycopg.connect(dbname=db["NAME"], autocommit=True, **conninfo)
        local.c.execute("INSERT INTO backup_probe VALUES (%s, %s)", (n, f"row {n}"))

    writer = Writer(insert)
    writer.start()
    time.sleep(0.3)
    target = Path(f"/tmp/coalitionlens-backup-test-{os.getpid()}.dump")
    began = time.monotonic()
    backup_database(target, database=db)
    ended = time.monotonic()
    writer.stop.set()
    writer.join()
    copy = f"{db['NAME']}_restore"
    with psycopg.connect(dbname="postgres", autocommit=True, **conninfo) as c:
        c.execute(f'DROP DATABASE IF EXISTS "{copy}"')
        c.execute(f'CREATE DATABASE "{copy}"')
    try:
        restore_database(target, database={**db, "NAME": copy})
        with psycopg.connect(dbname=copy, **conninfo) as c:
            restored = dict(c.execute("SELECT n, v FROM backup_probe").fetchall())
            tables = c.execute("SELECT count(*) FROM django_migrations").fetchone()[0]
        assert tables > 10
        _check(restored, writer, began, ended)
    finally:
        target.unlink(missing_ok=True)
        with psycopg.connect(dbname="postgres", autocommit=True, **conninfo) as c:
            c.execute(f'DROP DATABASE IF EXISTS "{copy}"')
        with psycopg.connect(dbname=db["NAME"], autocommit=True, **conninfo) as c:
            c.execute("DROP TABLE IF EXISTS backup_probe")


@pytest.mark.slow
def test_backup_and_restore_from_the_command_line(tmp_path):
    """The CLI end to end on an embedded database: back up, change, restore, the change is gone."""
    env = {
        **os.environ,
        "DATABASE_URL": "",
        "COALITIONLENS_SQLITE_PATH": str(tmp_path / "cl.sqlite3"),
        "COALITIONLENS_DATA_DIR": str(tmp_path),
    }
    env.pop("DJANGO_SETTINGS_MODULE", None)
    cli = [sys.executable, "-c", "from coalitionlens.cli.main import app; app()"]

    def run(*args):
        result = subprocess.run([*cli, *args], env=env, capture_output=True, text=True, timeout=300)
        assert result.returncode == 0, result.stderr + result.stdout
        return result.stdout

    def count():
        c = sqlite3.connect(tmp_path / "cl.sqlite3")
        return c.execute("SELECT count(*) FROM coalitions_organisation").fetchone()[0]

    run("demo", "--no-serve")
    orgs = count()
    run("backup", "-o", str(tmp_path / "b.bak"))
    c = sqlite3.connect(tmp_path / "cl.sqlite3")
    c.execute("DELETE FROM engagements_participation")
    c.execute("DELETE FROM engagements_engagement")
    c.commit()
    c.close()
    run("restore", str(tmp_path / "b.bak"), "--yes")
    assert count() == orgs
    c = sqlite3.connect(tmp_path / "cl.sqlite3")
    assert c.execute("SELECT count(*) FROM engagements_engagement").fetchone()[0] > 0
    assert c.execute("PRAGMA journal_mode").fetchone() == ("wal",)
