"""``coalitionlens survey``: list a coalition's rounds, write a round's XLSForm, import submissions,
remind those who have not submitted."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Annotated, Any

import typer
from rich.console import Console
from rich.table import Table

from coalitionlens.cli._django import coalition_or_exit, needs_django

__all__ = ["app", "round_rows"]

app = typer.Typer(
    name="survey",
    help=(
        "Survey rounds: list them, write an XLSForm for offline collection, import submissions, "
        "remind those who have not submitted.\n\n"
        "Example:  coalitionlens survey rounds marivo"
    ),
    no_args_is_help=True,
)


def round_rows(slug: str) -> list[dict[str, Any]]:
    """A coalition's rounds: id, title, status, dates, invited people and responses."""
    from coalitionlens.surveys.selectors import rounds_for

    coalition = coalition_or_exit(slug)
    return [
        {
            "id": r.pk,
            "title": r.title,
            "status": r.status,
            "opens_on": r.opens_on.isoformat(),
            "closes_on": r.closes_on.isoformat(),
            "invited": r.n_invited,  # type: ignore[attr-defined]
            "responses": r.n_responses,  # type: ignore[attr-defined]
        }
        for r in rounds_for(coalition=coalition).order_by("opens_on", "pk")
    ]


@app.command("rounds")
@needs_django
def rounds(
    slug: Annotated[str, typer.Argument(help="The coalition's short name.")],
    as_json: Annotated[bool, typer.Option("--json", help="Print JSON instead of a table.")] = False,
) -> None:
    """List a coalition's survey rounds with their status, dates and response counts.

    Example:  coalitionlens survey rounds marivo --json
    """
    rows = round_rows(slug)
    if as_json:
        typer.echo(json.dumps(rows, indent=2))
        return
    table = Table(title=f"Survey rounds of {slug}")
    for column in ("id", "title", "status", "opens_on", "closes_on", "invited", "responses"):
        table.add_column(
            column, justify="right" if column in ("id", "invited", "responses") else "left"
        )
    for row in rows:
        table.add_row(*(str(v) for v in row.values()))
    Console().print(table)


def _round(round_id: int) -> Any:
    from coalitionlens.surveys.models import SurveyRound

    round_ = SurveyRound.objects.select_related("coalition").filter(pk=round_id).first()
    if round_ is None:
        raise typer.BadParameter(f"no survey round {round_id}", param_hint="ROUND")
    return round_


@app.command("xlsform")
@needs_django
def xlsform(
    round_id: Annotated[
        int, typer.Argument(metavar="ROUND", help="The round's id (see `survey rounds`).")
    ],
    output: Annotated[Path, typer.Option("-o", "--output", help="Where to write the .xlsx form.")],
) -> None:
    """Write the round's XLSForm for KoboToolbox or ODK Collect (labels in en, fr and km).

    Example:  coalitionlens survey xlsform 3 -o round-3.xlsx
    """
    from coalitionlens.surveys.selectors import round_xlsform

    output.write_bytes(round_xlsform(round=_round(round_id)))
    typer.echo(f"wrote {output}")


@app.command("import")
@needs_django
def import_(
    round_id: Annotated[int, typer.Argument(metavar="ROUND", help="The round's id.")],
    file: Annotated[Path, typer.Argument(help="A KoboToolbox or ODK Central export, CSV or XLSX.")],
    as_json: Annotated[bool, typer.Option("--json", help="Print the counts as JSON.")] = False,
) -> None:
    """Import offline submissions into an open round: all or nothing, duplicates (same instance
    id) skipped. Every column is matched by question name, so Kobo's ``group/question`` and ODK
    Central's ``group-question`` headers both work.

    Example:  coalitionlens survey import 3 kobo-export.xlsx
    """
    from coalitionlens.surveys.offline import ImportFailed, submissions_import

    round_ = _round(round_id)
    try:
        result = submissions_import(round=round_, data=file.read_bytes(), file_name=file.name)
    except ImportFailed as exc:
        for error in exc.errors:
            typer.echo(str(error), err=True)
        typer.echo(f"nothing imported: {len(exc.errors)} error(s)", err=True)
        raise typer.Exit(1) from None
    counts = {
        "imported": result.imported,
        "duplicates": result.duplicates,
        "declined": result.declined,
        "rejected": result.rejected,
    }
    typer.echo(json.dumps(counts) if as_json else ", ".join(f"{k}: {v}" for k, v in counts.items()))


@app.command("remind")
@needs_django
def remind(
    round_id: Annotated[int, typer.Argument(metavar="ROUND", help="The round's id (open).")],
) -> None:
    """E-mail a reminder to everyone of an open round who was invited by e-mail and has not
    submitted (nor withdrawn), each in their language, asking them to use the link they received.
    Nobody is told who they are or how many. At most once per COALITIONLENS_SURVEY_REMINDER_HOURS
    (default 72): sooner is refused (exit 1), saying when the next may go.

    Example:  coalitionlens survey remind 3
    """
    from django.core.exceptions import ValidationError

    from coalitionlens.surveys.services import reminders_send

    round_ = _round(round_id)
    try:
        reminders_send(round=round_, actor=None)
    except ValidationError as exc:
        typer.echo(" ".join(exc.messages), err=True)
        raise typer.Exit(1) from None
    typer.echo(
        f"Reminders e-mailed for round {round_.pk} ({round_.title}) to those invited by e-mail "
        "who have not submitted; who they are, and how many, is not shown."
    )
