"""``coalitionlens diagnose`` and ``coalitionlens compare``: findings and the comparative table."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Annotated, Any

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


ROLES = ("coordinator", "analyst", "member", "viewer")


@needs_django
def compare(
    slugs: Annotated[
        list[str] | None, typer.Argument(help="Short names of the coalitions of this server.")
    ] = None,
    files: Annotated[
        list[Path] | None,
        typer.Option("--file", help="A comparison column file from another server (repeatable)."),
    ] = None,
    as_json: Annotated[bool, typer.Option("--json", help="Print JSON instead of a table.")] = False,
    fmt: Annotated[str, typer.Option("--format", help="Write a file instead: xlsx.")] = "",
    output: Annotated[Path | None, typer.Option("-o", "--output", help="File to write.")] = None,
    export_column: Annotated[
        Path | None,
        typer.Option(
            "--export-column",
            help="Write the one coalition's comparison column as a safe file to PATH instead.",
        ),
    ] = None,
    role: Annotated[
        str, typer.Option("--role", help="Read as this role: " + ", ".join(ROLES) + ".")
    ] = ROLE,
    round_id: Annotated[
        int | None,
        typer.Option(
            "--round",
            help="Round against round: this closed survey round of the one coalition "
            "(`coalitionlens survey rounds SLUG` lists them).",
        ),
    ] = None,
    against: Annotated[
        int | None,
        typer.Option(
            "--against",
            help="With --round: the closed round to compare it with (by default the one that "
            "closed just before it, else just after, as on the page).",
        ),
    ] = None,
) -> None:
    """Print the comparative table of coalitions side by side (the paper's table, from data):
    founding and lead sector, governance, composition, modes of engagement with the public and the
    private sector, network and cross-sector measures, local–global dynamics, tensions, strategies
    and action plans, survey results with hopes and fears — each row with where it comes from.

    With --file, columns exported by other servers (safe files: an alias, counts, codes and
    published survey figures) are put beside the local coalitions; a file that is not a valid
    column file is refused with its name and what is wrong (exit 2). With --export-column, one
    coalition's column is written as such a file (coordinators only; recorded in the audit log).
    With --json, "coalitions" gives each column's slug and id (or the file and alias).

    Example:  coalitionlens compare zembora marivo lenhara --format xlsx -o compare.xlsx

    Example:  coalitionlens compare marivo --export-column marivo.json

    Example:  coalitionlens compare zembora --file marivo.json --file lenhara.json --json

    With --round (and --against), two closed survey rounds of one coalition instead, as the
    "Compare rounds" page shows them: trust and value across the network and per sector pair,
    factor scores with their bands, hopes and fears per macro-sector, the survey network's density
    and reciprocity, each with its change; only figures published in both rounds (a figure hidden
    in either is left out). Every role may read it, as on the page; the reading is recorded in the
    audit log. With --json: "tables" as the page shows them and "changes" as
    coalitionlens.data.round_change gives them.

    Example:  coalitionlens compare marivo --round 2 --against 1 --json
    """
    if role not in ROLES:
        typer.echo(f"--role must be one of {', '.join(ROLES)}", err=True)
        raise typer.Exit(2)
    if against is not None and round_id is None:
        typer.echo("--against needs --round.", err=True)
        raise typer.Exit(2)
    if round_id is not None:
        if len(slugs or []) != 1 or files or fmt or export_column is not None:
            typer.echo(
                "--round takes exactly one coalition and no --file, --format or --export-column.",
                err=True,
            )
            raise typer.Exit(2)
        _round_against_round(
            coalition_or_exit((slugs or [])[0]), round_id, against, role=role, as_json=as_json
        )
        return
    coalitions = [coalition_or_exit(slug) for slug in slugs or []]
    from coalitionlens.insights.comparison import compare_coalitions
    from coalitionlens.insights.comparison_file import (
        EXPORT_ROLE,
        MAX_BYTES,
        ColumnFileError,
        column_read,
    )

    if export_column is not None:
        if len(coalitions) != 1 or files:
            typer.echo("--export-column takes exactly one coalition and no --file.", err=True)
            raise typer.Exit(2)
        from coalitionlens.accounts.permissions import roles_granted

        # The same rule as the page and the API: who may export is said once, in the role rules.
        if role not in roles_granted("cl.export_comparison", coalitions[0]):
            typer.echo(
                f"Only coordinators export a comparison column (--role {EXPORT_ROLE}).", err=True
            )
            raise typer.Exit(2)
        from coalitionlens.insights.services import comparison_file_export

        export_column.write_bytes(comparison_file_export(coalition=coalitions[0], actor=None))
        typer.echo(f"Wrote {export_column}")
        return
    columns = []
    for path in files or []:
        try:
            with path.open("rb") as handle:
                data = handle.read(MAX_BYTES + 1)
            columns.append(column_read(data, name=path.name))
        except OSError as exc:
            typer.echo(f"{path.name}: cannot be read ({exc.strerror})", err=True)
            raise typer.Exit(2) from None
        except ColumnFileError as exc:
            typer.echo(str(exc), err=True)
            raise typer.Exit(2) from None
    if not coalitions and not columns:
        typer.echo("Name at least one coalition or --file.", err=True)
        raise typer.Exit(2)
    table = compare_coalitions([(c, role) for c in coalitions], files=columns)
    if fmt:
        if fmt != "xlsx" or output is None:
            typer.echo("--format xlsx needs -o PATH.", err=True)
            raise typer.Exit(2)
        from openpyxl import Workbook

        book = Workbook()
        sheet = book.active
        assert sheet is not None
        sheet.title = "comparison"
        sheet.append(["section", "measure", *table.columns, "source"])
        for section, label, values, source in table.lines:
            sheet.append([section, label, *values, source])
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
    typer.echo("Sources: " + "; ".join(dict.fromkeys(s for s in table.sources if s)))


def _round_against_round(
    coalition: Any, round_id: int, against: int | None, *, role: str, as_json: bool
) -> None:
    """``compare SLUG --round A [--against B]``: the "Compare rounds" page's selector
    (:func:`coalitionlens.surveys.change.round_change`) and its tables
    (:func:`coalitionlens.surveys.presenting.change_tables`), as text or JSON."""
    from coalitionlens.accounts.permissions import roles_granted
    from coalitionlens.surveys import change, presenting, services
    from coalitionlens.surveys.conf import survey_k
    from coalitionlens.surveys.models import SurveyRound

    # Who may read it is said once, in the role rules, as the page checks it.
    if role not in roles_granted("cl.view_survey_results", coalition):
        typer.echo(f"The role {role} does not read survey results.", err=True)
        raise typer.Exit(2)
    closed = [pk for pk, _title in change.closed_rounds(coalition=coalition)]
    listed = ", ".join(map(str, closed)) or "none"
    for pk in (round_id, against):
        if pk is not None and pk not in closed:
            typer.echo(
                f"{pk} is not a closed survey round of {coalition.slug} (its closed rounds: "
                f"{listed}).",
                err=True,
            )
            raise typer.Exit(2)
    other = change.default_against(closed, round_id) if against is None else against
    if other is None or other == round_id:
        typer.echo(f"No other closed round of {coalition.slug} to compare with.", err=True)
        raise typer.Exit(2)
    shown = change.round_change(coalition=coalition, before=round_id, after=other)
    if shown is None:  # a round closed without results (no frozen snapshot)
        typer.echo(f"Rounds {round_id} and {other} have no results to compare.", err=True)
        raise typer.Exit(2)
    rounds = {r.pk: r for r in SurveyRound.objects.filter(pk__in=[round_id, other])}
    services.results_viewed(
        request=None, scope=None, round=rounds[round_id], how="cli", other=rounds[other]
    )
    tables = presenting.change_tables(shown)
    sections = {
        "network": "Trust and value across the network",
        "sectors": "Between sectors (row rates column)",
        "factors": "Collaboration health",
        "hopes": "Hopes and fears (share of organisations that picked each)",
    }

    def row(r: dict[str, Any]) -> dict[str, Any]:
        return {
            "label": r["label"],
            "before": r["before"].text,
            "after": r["after"].text,
            "change": r["change"],
            "band_before": r["before"].band,
            "band_after": r["after"].band,
        }

    if as_json:
        doc = {
            "coalition": coalition.slug,
            "role": role,
            "k": survey_k(),
            "before": {"id": shown.before_pk, "title": shown.before_title},
            "after": {"id": shown.after_pk, "title": shown.after_title},
            "tables": {name: [row(r) for r in tables[name]] for name in sections},
            "changes": [
                {
                    "table": c.table,
                    "key": list(c.key),
                    "measure": c.measure,
                    "before": c.before,
                    "after": c.after,
                    "change": c.change,
                    "band_before": c.band_before,
                    "band_after": c.band_after,
                }
                for c in shown.changes
            ],
        }
        typer.echo(json.dumps(doc, indent=2, ensure_ascii=False))
        return
    console = Console(width=200)
    typer.echo(
        f"{coalition.name}: {shown.before_title} → {shown.after_title}. Only figures published "
        f"in both rounds (from at least {survey_k()} respondents); the change is the later round "
        "minus the earlier one."
    )
    for name, title in sections.items():
        if not tables[name]:
            continue
        out = Table(title=title)
        for column in ("measure", shown.before_title, shown.after_title, "change"):
            out.add_column(column, justify="left" if column == "measure" else "right")
        for r in map(row, tables[name]):
            out.add_row(
                r["label"],
                *(
                    f"{text} ({b})" if b else str(text)
                    for text, b in (
                        (r["before"], r["band_before"]),
                        (r["after"], r["band_after"]),
                    )
                ),
                r["change"],
            )
        console.print(out)
