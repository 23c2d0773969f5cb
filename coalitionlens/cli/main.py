"""The ``coalitionlens`` command: a thin layer over the core and the services.

Every command is one line of :data:`COMMANDS`: its name and where its function (or, for a group
of commands, its ``typer.Typer``) lives. A command's module is imported only when that command
runs or shows its own ``--help``: ``coalitionlens --help`` lists the commands from their
docstrings, read from the source without importing it, so it starts in a fraction of a second
whatever the commands need (Django, pandas, numba).
"""

from __future__ import annotations

import ast
import atexit
import gc
import importlib
import importlib.util
from collections.abc import Iterator, MutableMapping, Sequence
from pathlib import Path
from typing import Any

import typer
from typer import _click
from typer.core import TyperCommand, TyperGroup

from coalitionlens import __version__

# name → "module:function" (a command) or "module:app" (a group of commands), in the order of
# `coalitionlens --help`. To add a command, add its line here.
COMMANDS: dict[str, str] = {
    "analyze": "coalitionlens.cli.analyze:analyze",
    "demo": "coalitionlens.cli.demo:demo",
    "serve": "coalitionlens.cli.serve:serve",
    "warm": "coalitionlens.cli.warm:warm",
    "createuser": "coalitionlens.cli.users:createuser",
    "mfa-reset": "coalitionlens.cli.mfa:mfa_reset",
    "coalitions": "coalitionlens.cli.coalitions:coalitions",
    "purge": "coalitionlens.cli.admin:purge",
    "delete-coalition": "coalitionlens.cli.admin:delete_coalition",
    "import": "coalitionlens.cli.transfer:import_",
    "export": "coalitionlens.cli.transfer:export",
    "template": "coalitionlens.cli.transfer:template",
    "backup": "coalitionlens.cli.transfer:backup",
    "restore": "coalitionlens.cli.transfer:restore",
    "diagnose": "coalitionlens.cli.insights:diagnose",
    "compare": "coalitionlens.cli.insights:compare",
    "report": "coalitionlens.cli.reports:report",
    "survey": "coalitionlens.cli.surveys:app",
    "token": "coalitionlens.cli.token:app",
}


def _docstring(spec: str) -> str | None:
    """The help of the command at ``spec`` read from its module's source, unimported: the
    function's docstring, or the ``help=`` of the ``typer.Typer(...)`` assigned to the name.
    ``None`` when it cannot be read that way (the caller then imports the module)."""
    module, name = spec.split(":")
    found = importlib.util.find_spec(module)
    if found is None or not found.origin or not found.origin.endswith(".py"):
        return None
    tree = ast.parse(Path(found.origin).read_text(encoding="utf-8"))
    for node in tree.body:
        if isinstance(node, ast.FunctionDef) and node.name == name:
            return ast.get_docstring(node)
        if (
            isinstance(node, ast.Assign)
            and any(isinstance(t, ast.Name) and t.id == name for t in node.targets)
            and isinstance(node.value, ast.Call)
        ):
            for keyword in node.value.keywords:
                if keyword.arg == "help":
                    value = ast.literal_eval(keyword.value)
                    return value if isinstance(value, str) else None
    return None


class _Commands(MutableMapping[str, _click.Command]):
    """The group's commands by name, each built the first time it is looked up."""

    def __init__(self, group: LazyGroup, eager: MutableMapping[str, _click.Command]) -> None:
        self._group = group
        self._built: dict[str, _click.Command] = dict(eager)

    def __getitem__(self, name: str) -> _click.Command:
        if name not in self._built:
            if name not in COMMANDS:
                raise KeyError(name)
            self._built[name] = self._group.build(name)
        return self._built[name]

    def __setitem__(self, name: str, command: _click.Command) -> None:
        self._built[name] = command

    def __delitem__(self, name: str) -> None:
        del self._built[name]

    def __iter__(self) -> Iterator[str]:
        return iter(dict.fromkeys([*COMMANDS, *self._built]))

    def __len__(self) -> int:
        return len(dict.fromkeys([*COMMANDS, *self._built]))


class LazyGroup(TyperGroup):
    """The top-level group: its commands come from :data:`COMMANDS`, imported on first use."""

    def __init__(self, **attrs: Any) -> None:
        super().__init__(**attrs)
        self.commands = _Commands(self, self.commands)
        self._listing = False

    def main(self, args: Sequence[str] | None = None, *rest: Any, **options: Any) -> Any:
        if args is None:  # the installed command (a test's CliRunner passes its arguments)
            # At exit, Python's collector would walk every object Django and pandas made, a
            # fifth of a command's CPU, just before the process ends: frozen, they are skipped.
            atexit.register(gc.freeze)
        return super().main(args, *rest, **options)

    def list_commands(self, ctx: _click.Context) -> list[str]:
        return list(self.commands)

    def get_command(self, ctx: _click.Context, cmd_name: str) -> _click.Command | None:
        if self._listing and cmd_name in COMMANDS:
            return self.summary(cmd_name)
        return self.commands.get(cmd_name)

    def format_help(self, ctx: _click.Context, formatter: _click.HelpFormatter) -> None:
        # The list of commands needs only their names and docstrings.
        self._listing = True
        try:
            super().format_help(ctx, formatter)
        finally:
            self._listing = False

    def summary(self, name: str) -> _click.Command:
        """A stand-in for listing the command: its name and help, its module unimported."""
        help_text = _docstring(COMMANDS[name])
        if help_text is None:
            return self.commands[name]
        return TyperCommand(name=name, help=help_text)

    def build(self, name: str) -> _click.Command:
        """Import the command's module and build the command as Typer would have."""
        module, attribute = COMMANDS[name].split(":")
        target = getattr(importlib.import_module(module), attribute)
        if isinstance(target, typer.Typer):
            group = typer.main.get_group(target)
            group.name = name
            return group
        return typer.main.get_command_from_info(
            typer.models.CommandInfo(name=name, callback=target),
            pretty_exceptions_short=app.pretty_exceptions_short,
            rich_markup_mode=app.rich_markup_mode,
        )


app = typer.Typer(
    name="coalitionlens",
    cls=LazyGroup,
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
