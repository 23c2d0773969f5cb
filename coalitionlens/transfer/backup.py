"""Backup and restore of the whole database, consistent while writes go on.

* SQLite: the online backup API copies every page in one step inside one read transaction, so the
  copy is the database as it was when the step began (WAL mode lets writers carry on meanwhile).
  Restore checks the file (``PRAGMA integrity_check``, Django's migration table) and copies it into
  the live database with the same API, as one write transaction.
* PostgreSQL: ``pg_dump --format=custom`` (one repeatable-read snapshot) and ``pg_restore --clean
  --single-transaction``. Both must be installed (Debian: ``postgresql-client``).
"""

from __future__ import annotations

import os
import shutil
import sqlite3
import subprocess
from collections.abc import Callable
from pathlib import Path
from typing import Any

__all__ = ["BACKUP_STEPS", "RESTORE_STEPS", "BackupError", "backup_database", "restore_database"]

#: The steps a backup and a restore tell their ``on_step`` (a progress bar): the copy and its
#: check; the backup's check and the copy into the database.
BACKUP_STEPS = 2
RESTORE_STEPS = 2
Step = Callable[[str], None]

PG_MAGIC = b"PGDMP"
SQLITE_MAGIC = b"SQLite format 3\x00"


class BackupError(Exception):
    """A backup or restore that cannot be done; the message says why."""


def _settings(database: dict[str, Any] | None) -> dict[str, Any]:
    if database is not None:
        return database
    from django.db import connections

    return dict(connections["default"].settings_dict)


def backup_database(
    path: Path, *, database: dict[str, Any] | None = None, on_step: Step | None = None
) -> Path:
    """Write a consistent copy of the database to ``path`` (overwritten), and check it.
    ``on_step(done)`` is told after each of the :data:`BACKUP_STEPS` steps ("copied", "checked")."""
    step = on_step or (lambda _next: None)
    db = _settings(database)
    engine = str(db["ENGINE"])
    if "sqlite3" in engine:
        sqlite_backup(Path(db["NAME"]), path)
        step("copied")
        _check_sqlite_backup(path)
    elif "postgresql" in engine:
        _pg_dump(db, path)
        step("copied")
        if not path.read_bytes()[:5].startswith(PG_MAGIC):
            raise BackupError(f"pg_dump wrote no custom-format backup to {path}")
    else:
        raise BackupError(f"backups of {engine} are not supported")
    step("checked")
    return path


def restore_database(
    path: Path, *, database: dict[str, Any] | None = None, on_step: Step | None = None
) -> None:
    """Replace the database's contents with the backup at ``path``. ``on_step(done)`` is told
    after each of the :data:`RESTORE_STEPS` steps ("checked", "copied")."""
    step = on_step or (lambda _next: None)
    db = _settings(database)
    engine = str(db["ENGINE"])
    head = path.read_bytes()[:16] if path.exists() else b""
    if not head:
        raise BackupError(f"{path}: no such backup file")
    if "sqlite3" in engine:
        if not head.startswith(SQLITE_MAGIC):
            raise BackupError(f"{path} is not a SQLite backup")
        _check_sqlite_backup(path)
        step("checked")
        sqlite_restore(path, Path(db["NAME"]))
    elif "postgresql" in engine:
        if not head.startswith(PG_MAGIC):
            raise BackupError(f"{path} is not a pg_dump custom-format backup")
        step("checked")
        _pg_restore(db, path)
    else:
        raise BackupError(f"restoring {engine} is not supported")
    step("copied")


def _connect(path: Path) -> sqlite3.Connection:
    connection = sqlite3.connect(str(path), timeout=30)
    connection.execute("PRAGMA busy_timeout = 30000")
    return connection


def sqlite_backup(source: Path, target: Path) -> None:
    if str(source).startswith(("file:", ":memory:")) or not source.exists():
        raise BackupError(f"{source}: not a SQLite database file")
    target.parent.mkdir(parents=True, exist_ok=True)
    partial = target.with_name(target.name + ".partial")
    partial.unlink(missing_ok=True)
    src = _connect(source)
    dst = sqlite3.connect(str(partial))
    try:
        src.backup(dst, pages=-1)  # one step: one read transaction, one snapshot
    finally:
        dst.close()
        src.close()
    os.replace(partial, target)  # never a half-written backup under the final name


def _check_sqlite_backup(path: Path) -> None:
    connection = sqlite3.connect(f"file:{path}?mode=ro", uri=True)
    try:
        result = connection.execute("PRAGMA integrity_check").fetchall()
        if result != [("ok",)]:
            raise BackupError(f"{path} fails its integrity check: {result[:3]}")
        found = connection.execute(
            "SELECT name FROM sqlite_master WHERE type='table' AND name='django_migrations'"
        ).fetchone()
        if found is None:
            raise BackupError(f"{path} is not a Coalition Lens database")
    finally:
        connection.close()


def sqlite_restore(backup: Path, target: Path) -> None:
    _check_sqlite_backup(backup)
    src = sqlite3.connect(f"file:{backup}?mode=ro", uri=True)
    dst = _connect(target)
    try:
        src.backup(dst, pages=-1)
    finally:
        dst.close()
        src.close()


def _pg_env(db: dict[str, Any]) -> dict[str, str]:
    env = dict(os.environ)
    for key, var in (("HOST", "PGHOST"), ("PORT", "PGPORT"), ("USER", "PGUSER")):
        if db.get(key):
            env[var] = str(db[key])
    if db.get("PASSWORD"):
        env["PGPASSWORD"] = str(db["PASSWORD"])
    return env


def _tool(name: str) -> str:
    found = shutil.which(name)
    if found is None:
        raise BackupError(f"{name} is not installed (Debian: apt-get install postgresql-client)")
    return found


def _pg_dump(db: dict[str, Any], path: Path) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    partial = path.with_name(path.name + ".partial")
    result = subprocess.run(  # noqa: S603
        [_tool("pg_dump"), "--format=custom", "--no-owner", f"--file={partial}", str(db["NAME"])],
        env=_pg_env(db),
        capture_output=True,
        text=True,
        check=False,
    )
    if result.returncode != 0:
        partial.unlink(missing_ok=True)
        raise BackupError(f"pg_dump failed: {result.stderr.strip()}")
    os.replace(partial, path)


def _pg_restore(db: dict[str, Any], path: Path) -> None:
    result = subprocess.run(  # noqa: S603
        [
            _tool("pg_restore"),
            "--clean",
            "--if-exists",
            "--no-owner",
            "--single-transaction",
            f"--dbname={db['NAME']}",
            str(path),
        ],
        env=_pg_env(db),
        capture_output=True,
        text=True,
        check=False,
    )
    if result.returncode != 0:
        raise BackupError(f"pg_restore failed: {result.stderr.strip()}")
