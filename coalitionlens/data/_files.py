"""A coalition read from a file: a backup (``coalitionlens backup``) or an export
(``coalitionlens export``).

A JSON or XLSX export carries the whole coalition: it is imported (the importer's own
``import_whole``) into an empty coalition of a fresh temporary SQLite database and read through the
database path in the same way (:func:`_from_whole_export`). A CSV export is read from its own network
tables (:mod:`coalitionlens.data._exports`).

A SQLite backup is restored into a temporary SQLite database (:func:`coalitionlens.transfer.backup.sqlite_restore`,
the restore's own check and copy), migrated forward if it is older than this release, and read
through the database path with Django's default connection pointed at it for the duration of the
load: one truth, the same selectors and the same network page analysis as for the live database.
The connection is swapped in this thread only and put back afterwards.
"""

from __future__ import annotations

import tempfile
import zipfile
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

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
        if _is_workbook(file):
            return _from_whole_export(slug, role=role, path=file)
        from coalitionlens.data._exports import load_from_export

        return load_from_export(slug, role=role, path=file)
    if head.lstrip(b"\xef\xbb\xbf \t\r\n").startswith(b"{"):
        return _from_whole_export(slug, role=role, path=file)
    raise SourceError(
        f"{file} is neither a backup (coalitionlens backup) nor an export "
        "(coalitionlens export --format csv|json|xlsx)"
    )


def _is_workbook(path: Path) -> bool:
    try:
        with zipfile.ZipFile(path) as archive:
            return "xl/workbook.xml" in archive.namelist()
    except zipfile.BadZipFile:
        return False


@contextmanager
def _temporary_database(target: Path) -> Iterator[Any]:
    """Django's default connection pointed at the SQLite file ``target`` in this thread, and put
    back afterwards; the local caches (keyed by coalition id and data stamp) cleared either side."""
    from django.db import connections
    from django.db.utils import load_backend

    from coalitionlens.insights.caching import clear_local

    settings = connections.configure_settings(
        {"default": {"ENGINE": "coalitionlens.web.sqlite3", "NAME": str(target)}}
    )["default"]
    database = load_backend(settings["ENGINE"]).DatabaseWrapper(settings, "default")
    previous = connections["default"]
    connections["default"] = database
    clear_local()
    try:
        yield database
    finally:
        clear_local()
        database.close()
        connections["default"] = previous


def _from_sqlite_backup(slug: str, *, role: str, path: Path) -> CoalitionData:
    setup_django()
    from django.core.management import call_command
    from django.db.migrations.executor import MigrationExecutor

    from coalitionlens.data._database import load_from_database, refuse_unknown_role
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
        with _temporary_database(target) as restored:
            executor = MigrationExecutor(restored)
            if executor.migration_plan(executor.loader.graph.leaf_nodes()):
                call_command("migrate", interactive=False, verbosity=0)
            return load_from_database(slug, role=role, source="backup")


def _from_whole_export(slug: str, *, role: str, path: Path) -> CoalitionData:
    """A JSON or XLSX export (``coalitionlens export --format json|xlsx``): imported whole
    (:func:`coalitionlens.transfer.whole.import_whole`, as ``coalitionlens import`` reads it) into
    an empty coalition of a fresh temporary SQLite database, then read through the database path.

    The export records no role; its engagements show which fields were masked. It loads only for a
    role that reads what it holds and no more (:func:`coalitionlens.data._exports.check_role`)."""
    setup_django()
    from django.core.management import call_command

    from coalitionlens.data._database import read_coalition, refuse_unknown_role
    from coalitionlens.data._exports import check_role
    from coalitionlens.transfer.whole import is_export_json, is_whole_export, workbook_sheets

    refuse_unknown_role(role)
    data = path.read_bytes()
    kind = "JSON" if is_export_json(data) else "XLSX"
    # A workbook is a whole coalition when it has the profile sheet (a safe export carries the
    # pathway and funding sheets, by alias, but never the profile).
    if not is_whole_export(data) or (kind == "XLSX" and "profile" not in workbook_sheets(data)):
        if data.startswith(ZIP_MAGIC):
            raise SourceError(
                f"{path} is a workbook without the whole coalition (no profile sheet, so no "
                "secretariat): a safe export, or an export of an older release, which holds no "
                "network to load; load a full export, a backup or the database"
            )
        raise SourceError(
            f"{path} is no JSON export of Coalition Lens (format: coalitionlens-export)"
        )
    if kind == "JSON" and _json_is_safe(data):
        raise SourceError(
            f"{path} is a safe export (for sharing outside the coalition: aliases, no secretariat): "
            "it holds no network to load; load a full export, a backup or the database"
        )
    check_role(_export_engagements(data, json_export=kind == "JSON"), role, path)
    with (
        tempfile.TemporaryDirectory(prefix="coalitionlens-data-") as folder,
        _temporary_database(Path(folder) / "imported.sqlite3"),
    ):
        call_command("migrate", interactive=False, verbosity=0)
        coalition = _import_into_empty(slug, data=_unmasked_titles(data), path=path)
        return read_coalition(coalition, role=role, source="export")


def _json_is_safe(data: bytes) -> bool:
    import json

    try:
        document = json.loads(data.decode("utf-8-sig"))
    except (UnicodeDecodeError, ValueError) as error:
        raise SourceError(f"this JSON file cannot be read: {error}") from error
    return isinstance(document, dict) and bool(document.get("safe_mode"))


def _import_into_empty(slug: str, *, data: bytes, path: Path) -> Any:
    from coalitionlens.accounts.services import record_save
    from coalitionlens.coalitions.models import Coalition
    from coalitionlens.coalitions.vocab import GovernanceModel, Region
    from coalitionlens.transfer.whole import import_whole

    # The profile sheet sets name, country, region and governance; these only pass the checks.
    coalition = Coalition(
        slug=slug,
        name=slug,
        country="-",
        region=Region.values[0],
        governance_model=GovernanceModel.LEAD_ORGANISATION,
    )
    record_save(instance=coalition, actor=None)
    report = import_whole(coalition=coalition, name=path.name, data=data, actor=None)
    if not report.ok:
        first = "; ".join(str(e) for e in report.errors[:3])
        raise SourceError(f"{path} does not import as a whole coalition: {first}")
    coalition.refresh_from_db()
    return coalition


#: The title a masked engagement is imported with (the one sensitive field an engagement needs).
#: The role check has made sure the role reads none of them: the frames mask it again.
MASKED_TITLE = "masked engagement {}"


def _unmasked_titles(data: bytes) -> bytes:
    """``data`` with a placeholder title (one per row, so none merge) where the export masked it."""
    import io
    import json

    from openpyxl import load_workbook

    if not data.startswith(ZIP_MAGIC):
        document = json.loads(data.decode("utf-8-sig"))
        for number, row in enumerate(document.get("engagements") or [], start=1):
            if isinstance(row, dict) and not row.get("title"):
                row["title"] = MASKED_TITLE.format(number)
        return json.dumps(document, ensure_ascii=False).encode()
    book = load_workbook(io.BytesIO(data))
    if "engagements" in book.sheetnames:
        sheet = book["engagements"]
        header = [c.value for c in sheet[1]]
        if "title" in header:
            column = header.index("title") + 1
            for number in range(2, sheet.max_row + 1):
                cell = sheet.cell(row=number, column=column)
                if not cell.value and any(c.value for c in sheet[number]):
                    cell.value = MASKED_TITLE.format(number - 1)
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()


def _export_engagements(data: bytes, *, json_export: bool) -> Any:
    """The engagements as the export holds them (a masked field is empty), for the role check."""
    import io
    import json

    import pandas as pd
    from openpyxl import load_workbook

    if json_export:
        rows = json.loads(data.decode("utf-8-sig")).get("engagements") or []
        # "" for a masked field: pandas reads a None in a dict as NaN, which is true.
        return pd.DataFrame(
            [{k: v or "" for k, v in r.items()} for r in rows if isinstance(r, dict)]
        )
    book = load_workbook(io.BytesIO(data), read_only=True)
    if "engagements" not in book.sheetnames:
        return pd.DataFrame()
    values = list(book["engagements"].iter_rows(values_only=True))
    if not values:
        return pd.DataFrame()
    header = [str(h or "") for h in values[0]]
    return pd.DataFrame([[c or "" for c in v] for v in values[1:]], columns=header)
