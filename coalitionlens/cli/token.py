"""``coalitionlens token``: make, list and revoke personal access tokens for the REST API."""

from __future__ import annotations

import json
from typing import Annotated

import typer

from coalitionlens.cli._django import coalition_or_exit, needs_django

__all__ = ["app"]

app = typer.Typer(
    name="token",
    help=(
        "Personal access tokens for the REST API (/api/v1/): one coalition, one role no higher "
        "than the person's, an expiry. The secret is shown once; only its hash is stored.\n\n"
        "Example:  coalitionlens token list --user coordinator@zembora.demo"
    ),
    no_args_is_help=True,
)


def _user_or_exit(email: str):  # type: ignore[no-untyped-def]
    from coalitionlens.accounts.models import User

    user = User.objects.filter(email__iexact=email.strip()).first()
    if user is None:
        typer.echo(f"Error: nobody signs in with {email}.", err=True)
        raise typer.Exit(1)
    return user


@app.command("create")
@needs_django
def create(
    user: Annotated[str, typer.Option("--user", help="The e-mail address of the token's owner.")],
    coalition: Annotated[str, typer.Option("--coalition", help="The coalition's short name.")],
    role: Annotated[
        str, typer.Option("--role", help="coordinator, analyst, member or viewer (≤ the owner's).")
    ],
    name: Annotated[str, typer.Option("--name", help="What the token is for.")] = "",
    expires_days: Annotated[
        int | None,
        typer.Option("--expires-days", min=1, help="Days until it expires (default: 90)."),
    ] = None,
) -> None:
    """Make a token and print its secret, this once.

    Example:  coalitionlens token create --user coordinator@zembora.demo --coalition zembora --role analyst --name notebook
    """
    import datetime as dt

    from django.conf import settings
    from django.core.exceptions import ValidationError
    from django.utils import timezone

    from coalitionlens.accounts.tokens import token_create

    owner = _user_or_exit(user)
    place = coalition_or_exit(coalition)
    days = expires_days or settings.COALITIONLENS_TOKEN_DEFAULT_DAYS
    try:
        token, secret = token_create(
            user=owner,
            coalition=place,
            role=role,
            name=name,
            expires_at=timezone.now() + dt.timedelta(days=days),
        )
    except ValidationError as exc:
        typer.echo("Error: " + " ".join(exc.messages), err=True)
        raise typer.Exit(1) from None
    typer.echo(
        f"Made token {token.prefix} for {owner.email}: {token.role} in {place.slug}, "
        f"expires {token.expires_at:%Y-%m-%d}."
    )
    typer.echo("Copy the secret now, it is not shown again:")
    typer.echo(secret)


@app.command("list")
@needs_django
def list_(
    user: Annotated[
        str | None, typer.Option("--user", help="Only this person's tokens (e-mail address).")
    ] = None,
    as_json: Annotated[bool, typer.Option("--json", help="Print JSON instead of lines.")] = False,
) -> None:
    """List tokens (never their secrets): prefix, owner, coalition, role, expiry, last use, state.

    Example:  coalitionlens token list --user coordinator@zembora.demo
    """
    from django.utils import timezone

    from coalitionlens.accounts.models import AccessToken

    tokens = AccessToken.objects.select_related("user", "coalition").order_by("created_at", "pk")
    if user is not None:
        tokens = tokens.filter(user=_user_or_exit(user))
    now = timezone.now()
    rows = [
        {
            "prefix": t.prefix,
            "user": t.user.email,
            "coalition": t.coalition.slug,
            "role": t.role,
            "name": t.name,
            "expires_at": t.expires_at.isoformat(),
            "last_used_at": t.last_used_at.isoformat() if t.last_used_at else None,
            "state": "revoked" if t.revoked_at else "expired" if t.expires_at <= now else "active",
        }
        for t in tokens
    ]
    if as_json:
        typer.echo(json.dumps(rows, indent=2))
        return
    if not rows:
        typer.echo("No access token yet.")
    for r in rows:
        typer.echo(
            f"{r['prefix']}  {r['user']}  {r['coalition']}  {r['role']}  {r['state']}  "
            f"expires {str(r['expires_at'])[:10]}  last used {str(r['last_used_at'] or 'never')[:16]}"
            + (f"  ({r['name']})" if r["name"] else "")
        )


@app.command("revoke")
@needs_django
def revoke(
    prefix: Annotated[str, typer.Argument(help="The token's prefix, as `token list` shows it.")],
) -> None:
    """Revoke a token now: requests made with it are refused from this moment.

    Example:  coalitionlens token revoke cl_5eed0000cafe
    """
    from coalitionlens.accounts.tokens import token_find, token_revoke

    token = token_find(prefix.strip())
    if token is None:
        typer.echo(f"Error: no token {prefix} (see `coalitionlens token list`).", err=True)
        raise typer.Exit(1)
    already = token.revoked_at is not None
    token_revoke(token=token, actor=None)
    if already:
        typer.echo(f"Token {token.prefix} was already revoked.")
    else:
        typer.echo(f"Revoked token {token.prefix} of {token.user.email}.")
