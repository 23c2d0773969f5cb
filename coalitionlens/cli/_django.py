"""Starting Django from the command line without overriding a configuration that is already there."""

from __future__ import annotations

import os

__all__ = ["database_location", "migrate", "setup_django"]


def setup_django() -> None:
    """Configure Django with the product's settings unless it is already configured (as under pytest)."""
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "coalitionlens.web.settings")
    from django.apps import apps

    if not apps.ready:
        import django

        django.setup()


def migrate() -> None:
    """Bring the database schema up to date; a no-op when it already is."""
    from django.core.management import call_command

    setup_django()
    call_command("migrate", interactive=False, verbosity=0)


def database_location() -> str:
    """Where the data lives, for people: the SQLite file or the PostgreSQL host and database."""
    from django.db import connection

    params = connection.settings_dict
    if connection.vendor == "sqlite":
        return str(params["NAME"])
    return (
        f"{connection.vendor} database {params.get('NAME')} on {params.get('HOST') or 'localhost'}"
    )
