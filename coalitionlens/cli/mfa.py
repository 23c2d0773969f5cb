"""``coalitionlens mfa-reset``: remove a person's second factor so that they can enrol a new one."""

from __future__ import annotations

from typing import Annotated

import typer

from coalitionlens.cli._django import needs_django

__all__ = ["mfa_reset"]


@needs_django
def mfa_reset(
    email: Annotated[str, typer.Argument(help="The e-mail address the person signs in with.")],
) -> None:
    """Reset a person's two-factor authentication (a lost or replaced phone).

    Removes their authenticator app and recovery codes and ends their sessions; at their next
    sign-in they set up a new app. The reset is audited. A platform admin can do the same on the
    platform page.

    Example:  coalitionlens mfa-reset coordinator@zembora.demo
    """
    from coalitionlens.accounts.models import User
    from coalitionlens.accounts.services import mfa_reset as reset

    user = User.objects.filter(email__iexact=email.strip()).first()
    if user is None:
        typer.echo(f"Error: nobody signs in with {email}.", err=True)
        raise typer.Exit(code=1)
    removed = reset(user=user, actor=None)
    if removed:
        typer.echo(
            f"Reset {user.email}: they set up a new authenticator app at their next sign-in."
        )
    else:
        typer.echo(f"{user.email} had no second factor; nothing to reset.")
