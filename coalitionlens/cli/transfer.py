"""``coalitionlens import / export / template / backup / restore``: spreadsheets in and out, and the
whole database saved and put back. Thin wrappers over ``coalitionlens.transfer``."""

from __future__ import annotations

import json
from pathlib import Path
from typing import TYPE_CHECKING, Annotated

import typer
from rich.console import Console
from rich.table import Table

from coalitionlens.cli._django import coalition_or_exit, database_location, needs_django

if TYPE_CHECKING:
    from coalitionlens.transfer.plan import ImportReport

__all__ = ["backup", "export", "import_", "restore", "template"]

KINDS = ("organisations", "memberships", "partnerships", "engagements")
FORMATS = ("xlsx", "csv", "json", "graphml", "gexf")
ROLES = ("coordinator", "analyst", "member", "viewer")
EXPORT_KINDS = (
    *KINDS,
    "profile",
    "units",
    "unit_members",
    "seats",
    "observations",
    "tensions",
    "strategies",
)  # transfer.whole.EXTRA_COLUMNS (not imported here: the CLI starts without Django)


def _print_report(report: ImportReport, *, dry_run: bool) -> None:
    console = Console(stderr=False, soft_wrap=True)
    table = Table(title=f"Import of {report.file}" + (" (dry run)" if dry_run else ""))
    table.add_column("kind")
    for status in ("new", "changed", "unchanged", "error"):
        table.add_column(status, justify="right")
    for kind, counts in report.counts().items():
        table.add_row(kind, *(str(counts[s]) for s in ("new", "changed", "unchanged", "error")))
    console.print(table)
    for row in report.rows:
        if row.status == "changed":
            fields = ", ".join(row.changes)
            typer.echo(f"changed {row.kind} row {row.row} ({row.label}): {fields}")
    for warning in report.warnings:
        typer.echo(f"warning: {warning}")
    for error in report.errors:
        typer.echo(f"error: {error}", err=True)
    if not report.ok:
        typer.echo(f"{len(report.errors)} error(s): nothing was imported.", err=True)
    elif dry_run:
        typer.echo("Dry run: nothing was written.")
    else:
        typer.echo("Imported.")


@needs_django
def import_(
    slug: Annotated[str, typer.Argument(help="The coalition's short name.")],
    file: Annotated[
        Path, typer.Argument(help="A CSV, XLSX or ODS file.", exists=True, dir_okay=False)
    ],
    kind: Annotated[
        str | None,
        typer.Option(
            "--kind",
            help="What the file holds when sheet names and headers do not say: "
            + ", ".join(KINDS)
            + ".",
        ),
    ] = None,
    dry_run: Annotated[
        bool, typer.Option("--dry-run", help="Show what would change; write nothing.")
    ] = False,
    as_json: Annotated[
        bool, typer.Option("--json", help="Print the report (every row and error) as JSON.")
    ] = False,
) -> None:
    """Import organisations, memberships, partnerships and engagements from a spreadsheet, or a
    whole coalition from an export (XLSX, JSON or the CSV zip of `coalitionlens export`).

    An export also brings the coalition's profile and secretariat (when the coalition has none),
    units, seats, observations, tensions and strategies. All or nothing: with an error in any row nothing is written, every error is printed (file,
    sheet, row, column, value found, what was expected) and the exit status is 1. Importing the
    same file again changes nothing. `coalitionlens template` writes a workbook to start from.

    Example:  coalitionlens import zembora members.xlsx --dry-run
    """
    if kind is not None and kind not in KINDS:
        typer.echo(f"--kind must be one of {', '.join(KINDS)}", err=True)
        raise typer.Exit(2)
    coalition = coalition_or_exit(slug)
    from coalitionlens.cli.progress import progress
    from coalitionlens.transfer.services import ImportFile, import_apply, import_preview
    from coalitionlens.transfer.whole import import_whole, is_whole_export

    data = file.read_bytes()
    with progress(f"Importing {file.name}…", quiet=as_json):
        if kind is None and is_whole_export(data):
            report = import_whole(
                coalition=coalition, name=file.name, data=data, actor=None, dry_run=dry_run
            )
        elif dry_run:
            report = import_preview(coalition=coalition, file=ImportFile(file.name, data, kind))
        else:
            upload = ImportFile(name=file.name, data=data, kind=kind)
            report = import_apply(coalition=coalition, file=upload, actor=None)
    if as_json:
        typer.echo(json.dumps(report.as_dict(), indent=1, ensure_ascii=False, default=str))
    else:
        _print_report(report, dry_run=dry_run)
    if not report.ok:
        raise typer.Exit(1)


@needs_django
def export(
    slug: Annotated[str, typer.Argument(help="The coalition's short name.")],
    fmt: Annotated[str, typer.Option("--format", "-f", help="One of: " + ", ".join(FORMATS) + ".")],
    output: Annotated[Path, typer.Option("--output", "-o", help="The file to write.")],
    kind: Annotated[
        str | None,
        typer.Option(
            "--kind",
            help="With --format csv: only this kind of record, as one .csv file: "
            + ", ".join(EXPORT_KINDS)
            + ".",
        ),
    ] = None,
    role: Annotated[
        str,
        typer.Option(
            "--role", help="Whose view of confidential engagements: " + ", ".join(ROLES) + "."
        ),
    ] = "coordinator",
    safe: Annotated[
        bool,
        typer.Option(
            "--safe",
            help="For sharing outside the coalition: organisations by the safe reports' aliases; "
            "no acronym, city, at-risk flag or free text.",
        ),
    ] = False,
) -> None:
    """Export a coalition's records: a workbook (XLSX), CSV files (zipped, or one kind as one .csv
    with --kind), JSON, or its network as GraphML or GEXF (Gephi, networkx, igraph).

    XLSX, JSON and the CSV zip hold the whole coalition (profile and secretariat, organisations,
    memberships, partnerships, engagements, units, seats, observations, tensions, strategies) as
    the role may read it, with the import's columns, so an export imports back unchanged into an
    empty coalition (`coalitionlens import`). With --safe every
    organisation is named by its alias (in the coalition's language) and nothing else that names an
    organisation or a person is written; such a file is for reading, not for importing back. The
    export is written to the audit log.

    Example:  coalitionlens export zembora --format graphml --safe -o zembora-safe.graphml
    """
    if fmt not in FORMATS:
        typer.echo(f"--format must be one of {', '.join(FORMATS)}", err=True)
        raise typer.Exit(2)
    if role not in ROLES:
        typer.echo(f"--role must be one of {', '.join(ROLES)}", err=True)
        raise typer.Exit(2)
    if kind is not None and (fmt != "csv" or kind not in EXPORT_KINDS):
        typer.echo(
            f"--kind goes with --format csv and is one of {', '.join(EXPORT_KINDS)}", err=True
        )
        raise typer.Exit(2)
    if fmt == "csv" and kind is None and output.suffix.lower() == ".csv":
        typer.echo(
            f"{output.name}: all kinds of record are written as a zip of CSV files; name the file"
            " .zip, or choose one kind with --kind (e.g. --kind organisations).",
            err=True,
        )
        raise typer.Exit(2)
    coalition = coalition_or_exit(slug)
    from django.utils import translation

    from coalitionlens.cli.progress import progress
    from coalitionlens.transfer.services import export_run

    with (
        progress(f"Exporting {slug}…"),
        translation.override(coalition.default_language or "en"),
    ):
        data = export_run(coalition=coalition, role=role, fmt=fmt, actor=None, safe=safe, kind=kind)
    output.write_bytes(data)
    typer.echo(f"Wrote {output} ({len(data):,} bytes).")


@needs_django
def template(
    output: Annotated[Path, typer.Option("--output", "-o", help="The .xlsx file to write.")],
) -> None:
    """Write the import template: a sheet per kind of record with its columns and an example row,
    and a sheet of the accepted values of every coded column in every language.

    Example:  coalitionlens template -o coalition-import.xlsx
    """
    from coalitionlens.transfer.template import template_bytes

    output.write_bytes(template_bytes())
    typer.echo(f"Wrote {output}.")


@needs_django
def backup(
    output: Annotated[Path, typer.Option("--output", "-o", help="The backup file to write.")],
) -> None:
    """Back up the whole database while the server keeps running.

    SQLite: a consistent copy made with SQLite's backup API. PostgreSQL: pg_dump's custom format
    (needs the postgresql-client tools).

    Example:  coalitionlens backup -o backups/coalitionlens-2025-06-30.bak
    """
    from coalitionlens.cli.progress import progress
    from coalitionlens.transfer.backup import BackupError, backup_database

    try:
        with progress("Backing up…"):
            backup_database(output)
    except BackupError as exc:
        typer.echo(f"Backup failed: {exc}", err=True)
        raise typer.Exit(1) from exc
    typer.echo(f"Backed up {database_location()} to {output}.")


@needs_django
def restore(
    path: Annotated[Path, typer.Argument(help="A file written by `coalitionlens backup`.")],
    yes: Annotated[
        bool, typer.Option("--yes", help="Do not ask before replacing the current data.")
    ] = False,
) -> None:
    """Replace everything in the database with a backup made by `coalitionlens backup`.

    The backup is checked first; on PostgreSQL it is restored in a single transaction.

    Example:  coalitionlens restore backups/coalitionlens-2025-06-30.bak --yes
    """
    from coalitionlens.transfer.backup import BackupError, restore_database

    where = database_location()
    if not yes:
        typer.confirm(f"Replace all data in {where} with {path}?", abort=True)
    from coalitionlens.cli.progress import progress

    try:
        with progress("Restoring…"):
            restore_database(path)
    except BackupError as exc:
        typer.echo(f"Restore failed: {exc}", err=True)
        raise typer.Exit(1) from exc
    typer.echo(f"Restored {path} into {where}.")
