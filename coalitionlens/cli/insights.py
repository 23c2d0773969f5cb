"""``coalitionlens diagnose`` and ``coalitionlens compare``: findings and the comparative table."""

from __future__ import annotations

import json
from typing import Annotated, Any

import typer
from rich.console import Console
from rich.table import Table

from coalitionlens.cli._django import setup_django

__all__ = ["diagnose"]


def _coalition(slug: str) -> Any:
    setup_django()
    from coalitionlens.coalitions.models import Coalition

    coalition = Coalition.objects.filter(slug=slug).first()
    if coalition is None:
        typer.echo(
            f"No coalition with the short name {slug!r} (see `coalitionlens coalitions`).", err=True
        )
        raise typer.Exit(2)
    return coalition


def diagnose(
    slug: Annotated[str, typer.Argument(help="Short name of the coalition.")],
    as_json: Annotated[bool, typer.Option("--json", help="Print JSON instead of a table.")] = False,
) -> None:
    """Print the diagnostic findings of a coalition: rule id, severity, the numbers behind each
    finding, the tension level and category it points to, strategies and exercises.

    Example:  coalitionlens diagnose zembora --json
    """
    coalition = _coalition(slug)
    from coalitionlens.insights.facts import coalition_findings

    findings = coalition_findings(coalition, "coordinator")
    if as_json:
        typer.echo(json.dumps([f.to_dict() for f in findings], indent=2, ensure_ascii=False))
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
