"""The one place the command line starts Django: commands that use the database are marked with
:func:`needs_django`, which configures Django before their body runs.

Command modules import no model (nor anything that imports one) at module level: they import inside
the command, after the decorator has run. So ``coalitionlens --help``, every command's ``--help``
and ``coalitionlens analyze`` start without importing Django at all.
"""

from __future__ import annotations

import functools
from collections.abc import Callable
from typing import TYPE_CHECKING, ParamSpec, TypeVar

import typer

from coalitionlens.kit.setup import setup_django

if TYPE_CHECKING:
    from coalitionlens.coalitions.models import Coalition

__all__ = ["coalition_or_exit", "database_location", "migrate", "needs_django", "setup_django"]

P = ParamSpec("P")
R = TypeVar("R")


def needs_django(command: Callable[P, R]) -> Callable[P, R]:
    """Mark a command that uses the database: Django is set up before its body runs, and a database
    that is not answering or a full disk stops it with one line saying what and where (exit 1).

    Put it under ``@app.command``; the test that runs every command checks that commands without it
    import no Django.
    """

    @functools.wraps(command)
    def run(*args: P.args, **kwargs: P.kwargs) -> R:
        try:
            setup_django()
            return command(*args, **kwargs)
        except Exception as exc:
            # A database that is not answering or a full disk is said in one line, not a traceback.
            from coalitionlens.web.faults import classify

            fault = classify(exc)
            if fault is None:
                raise
            typer.echo(f"coalitionlens: {fault.line()}", err=True)
            raise typer.Exit(1) from None

    run.needs_django = True  # type: ignore[attr-defined]
    return run


def migrate() -> None:
    """Bring the database schema up to date; a no-op when it already is."""
    from django.core.management import call_command

    call_command("migrate", interactive=False, verbosity=0)


def coalition_or_exit(slug: str) -> Coalition:
    """The coalition with this short name, or exit with status 2 and a message saying where to look."""
    from coalitionlens.coalitions.models import Coalition

    coalition = Coalition.objects.filter(slug=slug).first()
    if coalition is None:
        typer.echo(
            f"No coalition with the short name {slug!r} (see `coalitionlens coalitions`).", err=True
        )
        raise typer.Exit(2)
    return coalition


def database_location() -> str:
    """Where the data lives, for people: the SQLite file or the PostgreSQL host and database."""
    from django.db import connection

    params = connection.settings_dict
    if connection.vendor == "sqlite":
        return str(params["NAME"])
    return (
        f"{connection.vendor} database {params.get('NAME')} on {params.get('HOST') or 'localhost'}"
    )
