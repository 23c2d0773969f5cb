"""``coalitionlens analyze``: every network measure on plain files, no database needed.

It reads the product's own network exports (GraphML, GEXF, the CSV zip) as they are, and then gives
the measures the web app shows for the role that exported them, names included."""

from __future__ import annotations

import json
from pathlib import Path
from typing import TYPE_CHECKING, Annotated, Any

import typer
from rich.console import Console
from rich.table import Table

if TYPE_CHECKING:
    from coalitionlens.core.suite import Analysis

# The analytics core (pandas, igraph, numba) is imported when the command runs, not when the CLI
# starts: every other command would otherwise pay seconds of start-up for it.

__all__ = ["analyze"]


def _format(value: Any) -> str:
    from coalitionlens.core.suite import native

    value = native(value)
    if value is None:
        return "-"
    if isinstance(value, float):
        return f"{value:.3f}"
    if isinstance(value, list):
        return ", ".join(map(str, value)) or "-"
    if isinstance(value, dict):
        return ", ".join(f"{key} {_format(item)}" for key, item in value.items())
    return str(value)


def _print_tables(result: Analysis, top: int) -> None:
    from coalitionlens.core import ROLES

    console = Console()
    summary = Table(title="Network", show_header=False)
    summary.add_column("measure")
    summary.add_column("value", overflow="fold")
    for key, value in result.summary.items():
        summary.add_row(key.replace("_", " "), _format(value))
    console.print(summary)

    sectors = Table(title=f"By {result.summary['grouped_by'].replace('_', ' ')}")
    sectors.add_column(result.summary["grouped_by"])
    for column in result.sectors.columns:
        sectors.add_column(column.replace("_", " "), justify="right")
    for code, row in result.sectors.astype(object).iterrows():
        sectors.add_row(str(code), *(_format(row[column]) for column in result.sectors.columns))
    console.print(sectors)

    table = result.organisations.sort_values(
        ["betweenness", "brokerage_total"], ascending=False, kind="stable"
    )
    shown = (table if top <= 0 else table.head(top)).astype(object)
    suffix = (
        "" if len(shown) == len(table) else f" (top {len(shown)} of {len(table)} by betweenness)"
    )
    _print_frame(
        console,
        f"Organisations{suffix}",
        shown,
        ["name", "sector", "degree", "betweenness", "ei_index", "constraint", "effective_size"],
    )
    _print_frame(console, f"Brokerage roles{suffix}", shown, [*ROLES, "brokerage_total"])


def _print_frame(console: Console, title: str, frame: Any, columns: list[str]) -> None:
    table = Table(title=title)
    table.add_column("id")
    for column in columns:
        numeric = column not in ("name", "sector")
        table.add_column(column.replace("_", " "), justify="right" if numeric else "left")
    for org_id, row in frame.iterrows():
        table.add_row(str(org_id), *(_format(row[column]) for column in columns))
    console.print(table)


def analyze(
    file: Annotated[
        Path | None,
        typer.Argument(
            help="One network file: GraphML or GEXF, or a CSV export (.zip) of Coalition Lens.",
            show_default=False,
        ),
    ] = None,
    orgs: Annotated[
        Path | None,
        typer.Option(
            "--orgs",
            help="Organisations: CSV/XLSX with id, name, sector (or one network file).",
        ),
    ] = None,
    ties: Annotated[
        Path | None,
        typer.Option("--ties", help="Ties: CSV/XLSX with source, target, optional weight, date."),
    ] = None,
    directed: Annotated[
        bool,
        typer.Option("--directed", help="Ties run from source to target (survey nominations)."),
    ] = False,
    as_json: Annotated[
        bool, typer.Option("--json", help="Print one JSON object instead of tables.")
    ] = False,
    secretariat: Annotated[
        str | None,
        typer.Option(
            "--secretariat",
            help="Id of the secretariat: measure dependence on it (default: the organisation "
            "the file marks as the secretariat).",
        ),
    ] = None,
    by: Annotated[
        str, typer.Option("--by", help="Groups of the cross-sector measures: sector, macro_sector.")
    ] = "sector",
    sample: Annotated[
        int | None,
        typer.Option("--sample", min=1, help="Estimate betweenness from this many seeded sources."),
    ] = None,
    seed: Annotated[int, typer.Option("--seed", help="Seed of every random step.")] = 0,
    permutations: Annotated[
        int, typer.Option("--permutations", min=0, help="Shuffles of the E-I permutation test.")
    ] = 999,
    top: Annotated[
        int, typer.Option("--top", help="Organisations shown in the tables (0: all).")
    ] = 25,
) -> None:
    """Measure a coalition network from plain files: composition, centrality, cross-sector
    mixing, E-I index, brokerage, structural holes, fragility and communities.

    A file exported by Coalition Lens (`coalitionlens export … --format graphml`, gexf or csv)
    is read as it is: organisations by name, the secretariat as the file marks it, and the same
    degree, betweenness and brokerage as the web app's network table for the role that exported it.

    Example:

        coalitionlens analyze zembora.graphml --json

        coalitionlens analyze --orgs orgs.csv --ties ties.csv --directed --json

    Bad input (a missing column, an unknown id, a non-numeric weight) exits with status 2 and a message naming the file, row and column.
    """
    from coalitionlens.core import InputError, analyze_network, read_network
    from coalitionlens.core.io import NETWORK_FILES, secretariat_of

    if by not in ("sector", "macro_sector"):
        typer.echo("--by must be 'sector' or 'macro_sector'", err=True)
        raise typer.Exit(code=2)
    source = file if file is not None else orgs
    if source is None or (file is not None and orgs is not None):
        typer.echo("give one network file, or --orgs (with --ties)", err=True)
        raise typer.Exit(code=2)
    if ties is None and source.suffix.lower() not in NETWORK_FILES:
        kinds = ", ".join(sorted(NETWORK_FILES))
        typer.echo(f"--ties is required unless the file is a network file ({kinds})", err=True)
        raise typer.Exit(code=2)
    try:
        network = read_network(source, ties, directed=directed)
        if secretariat is None and ties is None:
            secretariat = secretariat_of(network)
        if secretariat is not None and secretariat not in network.organisations.index:
            raise InputError(
                str(source),
                column="id",
                expected="the secretariat's id among the organisations",
                found=secretariat,
            )
    except InputError as error:
        typer.echo(f"error: {error}", err=True)
        raise typer.Exit(code=2) from error
    result = analyze_network(
        network,
        secretariat=secretariat,
        by=by,
        betweenness_sample=sample,
        seed=seed,
        permutations=permutations,
    )
    if as_json:
        typer.echo(json.dumps(result.to_dict(), ensure_ascii=False, indent=2))
    else:
        _print_tables(result, top)
