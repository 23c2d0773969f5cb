"""``coalitionlens report``: a coalition's report as HTML, PDF or CSV, with a progress bar."""

from __future__ import annotations

import datetime as dt
from pathlib import Path
from typing import Annotated, Any

import typer
from rich.progress import BarColumn, Progress, TaskProgressColumn, TextColumn, TimeElapsedColumn

from coalitionlens.cli._django import coalition_or_exit, needs_django

__all__ = ["report"]


def _as_of(period: str | None) -> dt.date | None:
    if not period:
        return None
    try:
        if len(period) == 4:
            return dt.date(int(period), 12, 31)
        return dt.date.fromisoformat(period)
    except ValueError:
        typer.echo(f"--period {period!r}: give a year (2025) or a date (2025-06-30).", err=True)
        raise typer.Exit(2) from None


@needs_django
def report(
    slug: Annotated[str, typer.Argument(help="Short name of the coalition.")],
    output: Annotated[Path, typer.Option("-o", "--output", help="File to write.")],
    fmt: Annotated[str, typer.Option("--format", help="html, pdf or csv (the tables).")] = "html",
    lang: Annotated[
        str | None, typer.Option("--lang", help="en, fr or km; default: the coalition's.")
    ] = None,
    safe: Annotated[
        bool, typer.Option("--safe", help="Aliases instead of organisation names; no free text.")
    ] = False,
    period: Annotated[
        str | None,
        typer.Option("--period", help="Report as of the end of a year (2025) or a date."),
    ] = None,
) -> None:
    """Write a coalition's report: summary, composition, modes of engagement, practices over time,
    network measures and map, survey results (suppressed), findings with strategies and exercises,
    and change since the previous year. Built with a coordinator's view; --safe for sharing outside.

    Example:  coalitionlens report zembora --format pdf --lang km --safe -o zembora-km.pdf
    """
    from coalitionlens.reports.services import FORMATS, LANGUAGES

    if fmt not in FORMATS:
        typer.echo(f"--format must be one of {', '.join(FORMATS)}.", err=True)
        raise typer.Exit(2)
    if lang is not None and lang not in LANGUAGES:
        typer.echo(f"--lang must be one of {', '.join(LANGUAGES)}.", err=True)
        raise typer.Exit(2)
    today = _as_of(period)
    from coalitionlens.reports.services import report_build

    coalition = coalition_or_exit(slug)
    columns: list[Any] = [
        TextColumn("{task.description}"),
        BarColumn(),
        TaskProgressColumn(),
        TimeElapsedColumn(),
    ]
    with Progress(*columns, transient=True) as bar:
        task = bar.add_task(f"{slug} {fmt}", total=100)

        def step(pct: int, what: str) -> None:
            bar.update(task, completed=pct, description=f"{slug} {fmt} {what}".strip())

        data = report_build(
            coalition=coalition,
            role="coordinator",
            fmt=fmt,
            lang=lang,
            safe=safe,
            today=today,
            progress=step,
        )
    output.write_bytes(data)
    typer.echo(f"Wrote {output} ({len(data):,} bytes).")
