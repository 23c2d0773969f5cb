"""Platform housekeeping: retention purge and deleting a coalition that leaves."""

from __future__ import annotations

import typer

from coalitionlens.cli._django import coalition_or_exit, needs_django

__all__ = ["delete_coalition", "purge"]


@needs_django
def purge() -> None:
    """Delete data past its retention: audit entries older than
    COALITIONLENS_AUDIT_RETENTION_DAYS, expired sessions, uploaded import files older than
    COALITIONLENS_IMPORT_KEEP_HOURS, create forms' one-time keys older than
    COALITIONLENS_ONCE_KEY_RETENTION_DAYS, and access tokens that ended (revoked or expired)
    longer ago than the audit retention. Run it daily (cron or a timer).

    Example:  coalitionlens purge
    """
    from coalitionlens.accounts.tokens import token_purge
    from coalitionlens.audit.retention import retention_purge
    from coalitionlens.kit.once import once_key_purge

    result = retention_purge()
    keys = once_key_purge()
    tokens = token_purge()
    typer.echo(
        f"Purged {result.audit_entries} audit entries and {result.sessions} expired sessions."
    )
    typer.echo(f"Purged {keys} one-time form keys.")
    typer.echo(f"Purged {tokens} ended access tokens.")


@needs_django
def delete_coalition(
    slug: str = typer.Argument(..., help="The coalition's short name."),
    yes: bool = typer.Option(False, "--yes", help="Confirm: this cannot be undone."),
) -> None:
    """Delete a coalition completely (every record, its roles and audit trail). Other coalitions
    are not touched. Take a backup first.

    Example:  coalitionlens delete-coalition lenhara --yes
    """
    from coalitionlens.coalitions.services import coalition_delete

    coalition = coalition_or_exit(slug)
    if not yes:
        typer.echo(
            f"This deletes '{coalition.name}' and everything in it. Repeat with --yes.", err=True
        )
        raise typer.Exit(1)
    counts = coalition_delete(coalition=coalition, actor=None)
    typer.echo(f"Deleted {coalition.name}: {sum(counts.values())} rows.")
