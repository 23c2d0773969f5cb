"""``coalitionlens diagnose`` and ``coalitionlens compare``: findings and the comparative table."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Annotated

import typer
from rich.console import Console
from rich.table import Table

from coalitionlens.cli._django import coalition_or_exit, needs_django

__all__ = ["compare", "diagnose"]

#: The command reads as a coordinator (the server's operator reads everything a coordinator may).
ROLE = "coordinator"


@needs_django
def diagnose(
    slug: Annotated[str, typer.Argument(help="Short name of the coalition.")],
    as_json: Annotated[bool, typer.Option("--json", help="Print JSON instead of a table.")] = False,
) -> None:
    """Print the diagnostic findings of a coalition: rule id, severity, the numbers behind each
    finding, the tension level and category it points to, strategies and exercises.

    Read as a coordinator reads them. With --json: the findings under "findings", and under "modes"
    the members, partners and counterparts per macro-sector the rules read, with the window they are
    counted in ("basis": the day, the counterparts' months, whether the secretariat is counted), as
    the diagnostics page shows them.

    Example:  coalitionlens diagnose zembora --json
    """
    coalition = coalition_or_exit(slug)
    from coalitionlens.insights.facts import coalition_diagnosis
    from coalitionlens.insights.modes import window_record

    facts, findings = coalition_diagnosis(coalition, ROLE)
    if as_json:
        modes = {
            "basis": None
            if facts.modes_window is None
            else window_record(
                facts.modes_window, secretariat_left_out=facts.modes_secretariat_left_out
            ),
            "by_macro_sector": {macro: dict(counts) for macro, counts in facts.modes.items()},
            "totals": dict(facts.mode_totals),
        }
        doc = {
            "coalition": coalition.slug,
            "role": ROLE,
            "as_of": facts.as_of.isoformat(),
            "modes": modes,
            "findings": [f.to_dict() for f in findings],
        }
        typer.echo(json.dumps(doc, indent=2, ensure_ascii=False))
        return
    if not findings:
        typer.echo(f"No findings for {slug}.")
        return
    table = Table(title=f"Findings · {coalition.name}", show_lines=True)
    for column in ("rule", "severity", "signal", "evidence", "tension", "strategies", "exercises"):
        table.add_column(column)
    for f in findings:
        evidence = "\n".join(
            f"{k}={v:.2f}" if isinstance(v, float) else f"{k}={v}" for k, v in f.evidence.items()
        )
        table.add_row(
            f.rule,
            f.severity,
            f.signal,
            evidence,
            f"{f.level}\n{f.category}",
            "\n".join(f.strategies),
            "\n".join(f.exercises),
        )
    Console(width=200).print(table)
    if facts.modes_window is not None:
        typer.echo(
            "Mode counts: "
            + window_record(
                facts.modes_window, secretariat_left_out=facts.modes_secretariat_left_out
            )["label"]
        )


@needs_django
def compare(
    slugs: Annotated[list[str], typer.Argument(help="Short names of two or more coalitions.")],
    as_json: Annotated[bool, typer.Option("--json", help="Print JSON instead of a table.")] = False,
    fmt: Annotated[str, typer.Option("--format", help="Write a file instead: xlsx.")] = "",
    output: Annotated[Path | None, typer.Option("-o", "--output", help="File to write.")] = None,
) -> None:
    """Print the comparative table of coalitions side by side (the paper's table, from data):
    founding and lead sector, governance, composition, modes of engagement with the public and the
    private sector, network and cross-sector measures.

    Example:  coalitionlens compare zembora marivo lenhara --format xlsx -o compare.xlsx
    """
    coalitions = [coalition_or_exit(slug) for slug in slugs]
    from coalitionlens.insights.comparison import compare_coalitions

    table = compare_coalitions([(c, "coordinator") for c in coalitions])
    if fmt:
        if fmt != "xlsx" or output is None:
            typer.echo("--format xlsx needs -o PATH.", err=True)
            raise typer.Exit(2)
        from openpyxl import Workbook

        book = Workbook()
        sheet = book.active
        assert sheet is not None
        sheet.title = "comparison"
        sheet.append(["section", "measure", *table.columns])
        for section, label, values in table.rows:
            sheet.append([section, label, *values])
        book.save(output)
        typer.echo(f"Wrote {output}")
        return
    if as_json:
        typer.echo(json.dumps(table.to_dict(), indent=2, ensure_ascii=False, default=str))
        return
    out = Table(title="Comparison")
    out.add_column("measure")
    for column in table.columns:
        out.add_column(column, justify="right")
    heading: str | None = None
    for row_section, label, values in table.rows:
        if row_section != heading:  # the section names the window its figures count
            heading = row_section
            out.add_row(f"[bold]{heading}[/bold]")
        out.add_row(label, *("—" if v is None else str(v) for v in values))
    Console(width=200).print(out)
