"""``coalitionlens createuser``: create or update a user and their role in one coalition."""

from __future__ import annotations

import sys
from typing import Annotated, NoReturn

import typer

from coalitionlens.cli._django import needs_django

__all__ = ["createuser"]


@needs_django
def createuser(
    email: Annotated[str, typer.Argument(help="The e-mail address the person signs in with.")],
    coalition: Annotated[
        str | None,
        typer.Option("--coalition", help="Slug of the coalition (see `coalitionlens coalitions`)."),
    ] = None,
    role: Annotated[
        str | None, typer.Option("--role", help="coordinator, member, analyst or viewer.")
    ] = None,
    password_stdin: Annotated[
        bool,
        typer.Option(
            "--password-stdin", help="Read the password from the first line of standard input."
        ),
    ] = False,
    admin: Annotated[bool, typer.Option("--admin", help="Make the user a platform admin.")] = False,
) -> None:
    """Create a user, or update an existing one, and give them a role in a coalition.

    The password is checked against the server's password rules. Without --password-stdin a new
    user's password is asked for at the terminal; an existing user keeps theirs.

    Example:  echo 'a-long-passphrase-42' | coalitionlens createuser ana@example.org --coalition zembora --role analyst --password-stdin
    """
    from coalitionlens.accounts.services import UserError, user_exists, user_upsert

    if coalition is None and role is None and not admin:
        _fail("Give --coalition and --role, or --admin for a platform admin.")
    password: str | None = None
    if password_stdin:
        password = sys.stdin.readline().rstrip("\r\n")
        if not password:
            _fail("--password-stdin was given but standard input had no password.")
    elif not user_exists(email):
        if not sys.stdin.isatty():
            _fail("A new user needs a password: pass --password-stdin and pipe it in.")
        password = typer.prompt("Password", hide_input=True, confirmation_prompt=True)
    try:
        user, created = user_upsert(
            email=email, password=password, coalition_slug=coalition, role=role, admin=admin
        )
    except UserError as exc:
        _fail(str(exc))
    what = "Created" if created else "Updated"
    detail = f" as {role} in {coalition}" if coalition else ""
    typer.echo(f"{what} {user.email}{detail}{' (platform admin)' if user.is_superuser else ''}.")


def _fail(message: str) -> NoReturn:
    typer.echo(f"Error: {message}", err=True)
    raise typer.Exit(code=1)
