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
    from coalitionlens.transfer.codes import ValueMap
    from coalitionlens.transfer.plan import ImportReport

__all__ = ["QuietOption", "backup", "export", "import_", "restore", "template"]

QuietOption = Annotated[
    bool, typer.Option("--quiet", "-q", help="No progress bar on standard error.")
]

KINDS = ("organisations", "memberships", "partnerships", "engagements")
FORMATS = ("xlsx", "csv", "json", "graphml", "gexf")
ROLES = ("coordinator", "analyst", "member", "viewer")
EXPORT_KINDS = (
    *KINDS,
    "profile",
    "units",
    "unit_members",
    "focal_points",
    "seats",
    "fundings",
    "observations",
    "substages",
    "services",
    "referral_ties",
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


def _value_map(maps: list[str], map_file: Path | None) -> ValueMap:
    """``--map`` and ``--map-file`` as a value map; a usage error (exit 2) names what is wrong."""
    import csv
    import tomllib

    from coalitionlens.transfer.codes import ValueMap
    from coalitionlens.transfer.columns import CODED

    found = ValueMap()
    entries: list[tuple[str, str, str, str]] = []  # column, value, code, where
    if map_file is not None:
        text = map_file.read_text(encoding="utf-8-sig")
        if map_file.suffix.lower() == ".toml":
            try:
                document = tomllib.loads(text)
            except tomllib.TOMLDecodeError as exc:
                typer.echo(f"--map-file {map_file}: not valid TOML: {exc}", err=True)
                raise typer.Exit(2) from exc
            for key, item in document.items():
                if isinstance(item, dict):  # [column] value = "CODE"
                    entries += [(key, v, str(c), f"{map_file} [{key}]") for v, c in item.items()]
                else:  # value = "CODE", in every coded column
                    entries.append(("", key, str(item), str(map_file)))
        else:
            reader = csv.DictReader(text.splitlines())
            if not {"value", "code"} <= set(reader.fieldnames or []):
                typer.echo(
                    f"--map-file {map_file}: a CSV file needs the columns value and code "
                    "(and optionally column)",
                    err=True,
                )
                raise typer.Exit(2)
            for number, row in enumerate(reader, start=2):
                entries.append(
                    (
                        (row.get("column") or "").strip(),
                        row["value"] or "",
                        (row["code"] or "").strip(),
                        f"{map_file} line {number}",
                    )
                )
    for item in maps:
        left, sep, code = item.rpartition("=")
        if not sep or not left or not code:
            typer.echo(f"--map {item!r}: write VALUE=CODE or COLUMN:VALUE=CODE", err=True)
            raise typer.Exit(2)
        column, colon, value = left.partition(":")
        if not colon or column.strip() not in CODED:
            column, value = "", left
        entries.append((column.strip(), value, code.strip(), f"--map {item!r}"))
    for column, value, code, where in entries:
        if column and column not in CODED:
            typer.echo(
                f"{where}: {column!r} is not a coded column (one of {', '.join(CODED)})", err=True
            )
            raise typer.Exit(2)
        if not value.strip() or not code:
            typer.echo(f"{where}: both a value and a code are needed", err=True)
            raise typer.Exit(2)
        found.add(column, value.strip(), code)
    return found


def _sheet_choice(items: list[str]) -> tuple[dict[str, str], str]:
    """``--sheet`` as (sheet name → kind, ``"skip"`` or ``""``; what the sheets not named get)."""
    sheets: dict[str, str] = {}
    for item in items:
        name, sep, choice = item.rpartition("=")
        if not sep or choice not in (*KINDS, "skip"):
            name, choice = item, ""
        if not name.strip():
            typer.echo(f"--sheet {item!r}: name a sheet (NAME, NAME=KIND or NAME=skip)", err=True)
            raise typer.Exit(2)
        sheets[name] = choice
    # Naming a sheet to read means "only these"; naming only sheets to skip leaves the others.
    only = any(choice != "skip" for choice in sheets.values())
    return sheets, "skip" if only else ""


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
    maps: Annotated[
        list[str] | None,
        typer.Option(
            "--map",
            help="VALUE=CODE: read VALUE as CODE in every coded column, or COLUMN:VALUE=CODE in "
            "one (e.g. --map 'sector:Entr.=BUSINESS'). Repeatable; wins over the coalition's "
            "mappings remembered from the web preview.",
        ),
    ] = None,
    map_file: Annotated[
        Path | None,
        typer.Option(
            "--map-file",
            help="Mappings in a file: CSV with the columns column (may be empty), value, code; "
            'or TOML (.toml) with value = "CODE" lines for every column and [column] tables '
            "for one.",
            exists=True,
            dir_okay=False,
        ),
    ] = None,
    date_order: Annotated[
        str | None,
        typer.Option(
            "--date-order",
            help="dmy or mdy: how to read dates like 03/04/2019 in columns whose values do not "
            "decide it (a day above 12 does). Required when a column is ambiguous.",
        ),
    ] = None,
    sheet: Annotated[
        list[str] | None,
        typer.Option(
            "--sheet",
            help="NAME: read only the sheets named (as recognised); NAME=KIND: read the sheet as "
            "that kind (" + ", ".join(KINDS) + "); NAME=skip: leave that sheet out and read the "
            "others. Repeatable. Without it every sheet is read as recognised, and sheets of no "
            "known kind are skipped with a warning.",
        ),
    ] = None,
    quiet: QuietOption = False,
) -> None:
    """Import organisations, memberships, partnerships and engagements from a spreadsheet, or a
    whole coalition from an export (XLSX, JSON or the CSV zip of `coalitionlens export`).

    An export also brings the coalition's profile and secretariat (when the coalition has none),
    units, seats, observations, tensions and strategies. All or nothing: with an error in any row nothing is written, every error is printed (file,
    sheet, row, column, value found, what was expected) and the exit status is 1. Importing the
    same file again changes nothing. `coalitionlens template` writes a workbook to start from.

    Values the file writes its own way are mapped with --map or --map-file (a value left unknown is
    an error naming its sheet, row and column); dates like 03/04/2019 whose order no value
    decides need --date-order.

    Example:  coalitionlens import zembora members.xlsx --dry-run --map Entr.=BUSINESS --date-order mdy
    """
    if kind is not None and kind not in KINDS:
        typer.echo(f"--kind must be one of {', '.join(KINDS)}", err=True)
        raise typer.Exit(2)
    if date_order is not None and date_order not in ("dmy", "mdy"):
        typer.echo("--date-order must be dmy or mdy", err=True)
        raise typer.Exit(2)
    values = _value_map(maps or [], map_file)
    sheets, other_sheets = _sheet_choice(sheet or [])
    coalition = coalition_or_exit(slug)
    from coalitionlens.cli.progress import progress
    from coalitionlens.transfer.parse import ImportOptions
    from coalitionlens.transfer.services import ImportFile, import_apply, import_preview
    from coalitionlens.transfer.whole import import_whole, is_whole_export

    data = file.read_bytes()
    with progress(f"Importing {file.name}", unit="rows", quiet=quiet or as_json) as bar:
        options = ImportOptions(
            values=values,
            date_orders={"": date_order} if date_order else {},
            sheets=sheets,
            other_sheets=other_sheets,
            on_total=bar.set_total,
            on_rows=bar.advance,
        )
        if kind is None and is_whole_export(data):
            report = import_whole(
                coalition=coalition,
                name=file.name,
                data=data,
                actor=None,
                dry_run=dry_run,
                options=options,
            )
        else:
            upload = ImportFile(name=file.name, data=data, kind=kind, options=options)
            if dry_run:
                report = import_preview(coalition=coalition, file=upload)
            else:
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
    quiet: QuietOption = False,
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
    from coalitionlens.transfer.exports import export_steps
    from coalitionlens.transfer.services import export_run

    with (
        progress(f"Exporting {slug}", total=export_steps(fmt, safe=safe), quiet=quiet) as bar,
        translation.override(coalition.default_language or "en"),
    ):
        data = export_run(
            coalition=coalition,
            role=role,
            fmt=fmt,
            actor=None,
            safe=safe,
            kind=kind,
            on_step=lambda what: bar(f"Exporting {slug}: {what}"),
        )
    output.write_bytes(data)
    typer.echo(f"Wrote {output} ({len(data):,} bytes).")


@needs_django
def template(
    output: Annotated[Path, typer.Option("--output", "-o", help="The .xlsx file to write.")],
    lang: Annotated[
        str,
        typer.Option(
            "--lang", help="The language of the instructions and drop-down lists: en, fr, km."
        ),
    ] = "en",
) -> None:
    """Write the import template: instructions, a sheet per kind of record with its columns, an
    example row and a drop-down list on every coded column, and a sheet of the accepted values of
    every coded column in every language.

    Example:  coalitionlens template -o coalition-import.xlsx --lang fr
    """
    from django.conf import settings

    from coalitionlens.transfer.template import template_bytes

    languages = [code for code, _name in settings.LANGUAGES]
    if lang not in languages:
        typer.echo(f"--lang must be one of {', '.join(languages)}", err=True)
        raise typer.Exit(2)
    output.write_bytes(template_bytes(lang))
    typer.echo(f"Wrote {output}.")


@needs_django
def backup(
    output: Annotated[Path, typer.Option("--output", "-o", help="The backup file to write.")],
    quiet: QuietOption = False,
) -> None:
    """Back up the whole database while the server keeps running.

    SQLite: a consistent copy made with SQLite's backup API. PostgreSQL: pg_dump's custom format
    (needs the postgresql-client tools).

    Example:  coalitionlens backup -o backups/coalitionlens-2025-06-30.bak
    """
    from coalitionlens.cli.progress import progress
    from coalitionlens.transfer.backup import BACKUP_STEPS, BackupError, backup_database

    try:
        with progress("Backing up", total=BACKUP_STEPS, quiet=quiet) as bar:
            backup_database(output, on_step=lambda done: bar(f"Backing up ({done})"))
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
    quiet: QuietOption = False,
) -> None:
    """Replace everything in the database with a backup made by `coalitionlens backup`.

    The backup is checked first; on PostgreSQL it is restored in a single transaction.

    Example:  coalitionlens restore backups/coalitionlens-2025-06-30.bak --yes
    """
    from coalitionlens.transfer.backup import RESTORE_STEPS, BackupError, restore_database

    where = database_location()
    if not yes:
        typer.confirm(f"Replace all data in {where} with {path}?", abort=True)
    from coalitionlens.cli.progress import progress

    try:
        with progress("Restoring", total=RESTORE_STEPS, quiet=quiet) as bar:
            restore_database(path, on_step=lambda done: bar(f"Restoring ({done})"))
    except BackupError as exc:
        typer.echo(f"Restore failed: {exc}", err=True)
        raise typer.Exit(1) from exc
    typer.echo(f"Restored {path} into {where}.")
