"""Django's PostgreSQL backend, with connections that stop waiting for an answer that never comes.

The server cancels a statement past ``statement_timeout``, but across a network partition no
answer, not even that cancellation, reaches the client: psycopg would wait forever (TCP keeps a
connection open through a silent network for hours). Here every wait for the server (a query, a
commit, the health check of a persistent connection) gives up after the statement timeout plus the
connect timeout, closes the connection, and raises ``OperationalError``; the request then answers
503 (coalitionlens/web/faults.py) and the next request connects afresh.
"""

from __future__ import annotations

from typing import Any

import psycopg
from django.conf import settings
from django.db.backends.postgresql import base


class AnsweringConnection(psycopg.Connection):  # type: ignore[type-arg]
    """A psycopg connection whose every wait on the server has a deadline."""

    def wait(self, gen: Any, interval: float = 0.1, timeout: float | None = None) -> Any:
        if timeout is None:
            timeout = float(settings.DB_STATEMENT_TIMEOUT + settings.DB_CONNECT_TIMEOUT)
        try:
            return super().wait(gen, interval=interval, timeout=timeout)
        except psycopg.errors._WaitTimeout:  # noqa: SLF001 - psycopg's own deadline error
            # The connection is in an unknown state (a query may be half-sent): never reuse it.
            self.pgconn.finish()
            raise psycopg.OperationalError(
                f"the database did not answer within {timeout:.0f} s"
            ) from None


class _Driver:
    """psycopg as Django's backend uses it, except that it connects with AnsweringConnection."""

    connect = staticmethod(AnsweringConnection.connect)

    def __getattr__(self, name: str) -> Any:
        return getattr(psycopg, name)


class DatabaseWrapper(base.DatabaseWrapper):
    Database = _Driver()
