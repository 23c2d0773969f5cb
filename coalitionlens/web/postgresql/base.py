"""Django's PostgreSQL backend, with connections that stop waiting for an answer that never comes.

The server cancels a statement past ``statement_timeout``, but across a network partition no
answer, not even that cancellation, reaches the client: psycopg would wait forever (TCP keeps a
connection open through a silent network for hours). Here every wait for the server (a query, a
commit, the health check of a persistent connection) gives up after the statement timeout plus the
connect timeout, closes the connection, and raises ``OperationalError``; the request then answers
503 (coalitionlens/web/faults.py) and the next request connects afresh. Errors pass
:class:`~coalitionlens.web.faults.NotesFaults` on their way up.
"""

from __future__ import annotations

from typing import Any

import psycopg
from django.conf import settings
from django.db.backends.postgresql import base

from coalitionlens.web.faults import NotesFaults


class AnsweringConnection(psycopg.Connection[Any]):
    """A psycopg connection whose every wait on the server has a deadline."""

    #: seconds, when set: the deadline for what needs no work of the server (a health check)
    quick: float | None = None

    def wait(self, gen: Any, interval: float = 0.1, timeout: float | None = None) -> Any:
        if timeout is None:
            timeout = self.quick or float(
                settings.DB_STATEMENT_TIMEOUT + settings.DB_CONNECT_TIMEOUT
            )
        try:
            return super().wait(gen, interval=interval, timeout=timeout)
        except psycopg.errors._WaitTimeout:
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


class DatabaseWrapper(NotesFaults, base.DatabaseWrapper):
    Database = _Driver()  # type: ignore[assignment]  # psycopg, connecting differently

    def is_usable(self) -> bool:
        # The health check of a persistent connection is a bare SELECT 1: a connect timeout is
        # long enough for its answer.
        self.connection.quick = float(settings.DB_CONNECT_TIMEOUT)
        try:
            return bool(super().is_usable())
        finally:
            self.connection.quick = None
