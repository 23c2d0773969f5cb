"""The demo coalition in a committed test database, and what ``coalitionlens backup`` writes of it."""

from __future__ import annotations

import sqlite3
from pathlib import Path

from django.db import connection

from coalitionlens.demo.load import load_demo
from coalitionlens.insights.caching import clear_local


def committed_demo(slug: str) -> None:
    """Load a demo coalition in a transactional test (``django_db(transaction=True)``), whose data
    is committed, so that a backup sees it. The flush between such tests removes the seeded sectors
    too: seed them again first."""
    from coalitionlens.conftest import _ensure_core_sectors

    _ensure_core_sectors()
    load_demo(only=[slug])
    clear_local()


def sqlite_backup(path: Path) -> Path:
    """What ``coalitionlens backup`` writes on SQLite (the backup API, one step), taken from the
    test database: it lives in memory, which ``backup_database`` rightly refuses as no database
    file. Its data must be committed: an open write transaction would make the backup wait."""
    connection.ensure_connection()
    target = sqlite3.connect(str(path))
    try:
        connection.connection.backup(target, pages=-1)
    finally:
        target.close()
    return path
