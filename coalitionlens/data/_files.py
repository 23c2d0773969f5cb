"""A coalition read from a file: a backup (``coalitionlens backup``) or an export
(``coalitionlens export``).

A SQLite backup is restored into a temporary SQLite database (:func:`coalitionlens.transfer.backup.sqlite_restore`,
the restore's own check and copy), migrated forward if it is older than this release, and read
through the database path with Django's default connection pointed at it for the duration of the
load: one truth, the same selectors and the same network page analysis as for the live database.
The connection is swapped in this thread only and put back afterwards.
"""

from __future__ import annotations

import tempfile
from pathlib import Path

from coalitionlens.data.dataset import CoalitionData, SourceError
from coalitionlens.kit.setup import setup_django

__all__ = ["load_from_file"]

SQLITE_MAGIC = b"SQLite format 3\x00"
PG_MAGIC = b"PGDMP"
ZIP_MAGIC = b"PK\x03\x04"


def load_from_file(slug: str, *, role: str, path: str) -> CoalitionData:
    file = Path(path)
    if not file.is_file():
        raise SourceError(f"{file}: no such file")
    with file.open("rb") as handle:
        head = handle.read(16)
    if head.startswith(SQLITE_MAGIC):
        return _from_sqlite_backup(slug, role=role, path=file)
    if head.startswith(PG_MAGIC):
        raise SourceError(
            f"{file} is a PostgreSQL backup (pg_dump): restore it into a PostgreSQL database "
            "(`coalitionlens restore`) and load from the database; only SQLite backups load directly"
        )
    if head.startswith(ZIP_MAGIC):
        from coalitionlens.data._exports import load_from_export

        return load_from_export(slug, role=role, path=file)
    if head.lstrip().startswith(b"{"):
        raise SourceError(
            f"{file} looks like a JSON export, which holds no network (no secretariat, no map "
            "ties): load the CSV export (coalitionlens export --format csv), a backup or the database"
        )
    raise SourceError(
        f"{file} is neither a backup (coalitionlens backup) nor a CSV export "
        "(coalitionlens export --format csv)"
    )


def _from_sqlite_backup(slug: str, *, role: str, path: Path) -> CoalitionData:
    setup_django()
    from django.core.management import call_command
    from django.db import connections
    from django.db.migrations.executor import MigrationExecutor
    from django.db.utils import load_backend

    from coalitionlens.data._database import load_from_database, refuse_unknown_role
    from coalitionlens.insights.caching import clear_local
    from coalitionlens.transfer.backup import BackupError, sqlite_restore

    refuse_unknown_role(role)
    with tempfile.TemporaryDirectory(prefix="coalitionlens-data-") as folder:
        target = Path(folder) / "restored.sqlite3"
        try:
            sqlite_restore(path, target)
        except (BackupError, OSError) as error:
            raise SourceError(str(error)) from error
        except Exception as error:  # sqlite3.DatabaseError: a file that only starts like one
            raise SourceError(f"{path} is not a readable SQLite backup ({error})") from error
        settings = connections.configure_settings(
            {"default": {"ENGINE": "coalitionlens.web.sqlite3", "NAME": str(target)}}
        )["default"]
        restored = load_backend(settings["ENGINE"]).DatabaseWrapper(settings, "default")
        previous = connections["default"]
        connections["default"] = restored
        # Cached parts are keyed by coalition id and data stamp: never share them across databases.
        clear_local()
        try:
            executor = MigrationExecutor(restored)
            if executor.migration_plan(executor.loader.graph.leaf_nodes()):
                call_command("migrate", interactive=False, verbosity=0)
            return load_from_database(slug, role=role, source="backup")
        finally:
            clear_local()
            restored.close()
            connections["default"] = previous
