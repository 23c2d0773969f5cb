"""The ``coalitionlens`` command: a thin layer over the core and the services."""

from __future__ import annotations

import typer

from coalitionlens import __version__
from coalitionlens.cli import admin as admin_cmd
from coalitionlens.cli import analyze as analyze_cmd
from coalitionlens.cli import coalitions as coalitions_cmd
from coalitionlens.cli import demo as demo_cmd
from coalitionlens.cli import insights as insights_cmd
from coalitionlens.cli import mfa as mfa_cmd
from coalitionlens.cli import reports as reports_cmd
from coalitionlens.cli import serve as serve_cmd
from coalitionlens.cli import surveys as surveys_cmd
from coalitionlens.cli import token as token_cmd
from coalitionlens.cli import transfer as transfer_cmd
from coalitionlens.cli import users as users_cmd

app = typer.Typer(
    name="coalitionlens",
    help="Coalition Lens: record, map, measure and report how a coalition engages across sectors.",
    no_args_is_help=True,
    add_completion=False,
    rich_markup_mode="rich",
)


def _version(value: bool) -> None:
    if value:
        typer.echo(f"coalitionlens {__version__}")
        raise typer.Exit()


@app.callback()
def main(
    version: bool = typer.Option(
        False, "--version", callback=_version, is_eager=True, help="Print the version and exit."
    ),
) -> None:
    """Coalition Lens command line."""


app.command("analyze")(analyze_cmd.analyze)
app.command("demo")(demo_cmd.demo)
app.command("serve")(serve_cmd.serve)
app.command("createuser")(users_cmd.createuser)
app.command("mfa-reset")(mfa_cmd.mfa_reset)
app.command("coalitions")(coalitions_cmd.coalitions)
app.command("purge")(admin_cmd.purge)
app.command("delete-coalition")(admin_cmd.delete_coalition)
app.command("import")(transfer_cmd.import_)
app.command("export")(transfer_cmd.export)
app.command("template")(transfer_cmd.template)
app.command("backup")(transfer_cmd.backup)
app.command("restore")(transfer_cmd.restore)
app.command("diagnose")(insights_cmd.diagnose)
app.add_typer(surveys_cmd.app, name="survey")
app.add_typer(token_cmd.app, name="token")
app.command("compare")(insights_cmd.compare)
app.command("report")(reports_cmd.report)
