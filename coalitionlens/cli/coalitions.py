"""``coalitionlens coalitions``: every coalition on this server with its key counts."""

from __future__ import annotations

import json
from typing import Annotated, Any

import typer
from rich.console import Console
from rich.table import Table

from coalitionlens.cli._django import needs_django

__all__ = ["coalition_rows", "coalitions"]

COLUMNS = ("organisations", "members", "partnerships", "engagements")


def coalition_rows() -> list[dict[str, Any]]:
    """One row per coalition: slug, name, region and the counts.

    ``members`` (active members), ``partners`` (organisations holding a current partnership) and
    ``partnerships`` (those partnerships) are the home page's figures, counted by the one
    definition (:mod:`coalitionlens.core.modes` through :func:`~coalitionlens.insights.modes.
    coalition_modes`): ``basis`` says on which day and whether the secretariat is counted, in the
    words of the home page (``basis["label"]``). ``organisations`` and ``engagements`` count every
    record, of all time.
    """
    from coalitionlens.coalitions.models import Coalition
    from coalitionlens.directory.selectors import coalition_counts
    from coalitionlens.insights.modes import basis_record

    rows = []
    for coalition in Coalition.objects.order_by("slug"):
        # The server's operator: the same counts as every role (they read only practices and dates).
        counts = coalition_counts(coalition=coalition, role="coordinator")
        rows.append(
            {
                "slug": coalition.slug,
                "name": coalition.name,
                "region": coalition.region,
                "organisations": counts["organisations"],
                "members": counts["active_members"],
                "partners": counts["partners"],
                "partnerships": counts["partnerships"],
                "engagements": counts["engagements"],
                "basis": basis_record(counts["modes"]),
            }
        )
    return rows


@needs_django
def coalitions(
    as_json: Annotated[bool, typer.Option("--json", help="Print JSON instead of a table.")] = False,
) -> None:
    """List the coalitions on this server with their key counts.

    Counts are organisations, active members, current partnerships and engagements. Members and
    partnerships are counted as the home page counts them: on today's date, the secretariat left
    out (the JSON says so under "basis" for each coalition).

    Example:  coalitionlens coalitions --json
    """
    rows = coalition_rows()
    if as_json:
        typer.echo(json.dumps(rows, indent=2))
        return
    if not rows:
        typer.echo("No coalitions yet. `coalitionlens demo --no-serve` loads three fictional ones.")
        return
    labels = sorted({row["basis"]["label"] for row in rows})
    table = Table(title="Coalitions", caption="Members and partnerships: " + " / ".join(labels))
    table.add_column("slug", no_wrap=True)
    for column in COLUMNS:
        table.add_column(column, justify="right")
    for row in rows:
        table.add_row(row["slug"], *(str(row[c]) for c in COLUMNS))
    Console().print(table)
