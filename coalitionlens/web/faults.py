"""Faults of the machine rather than of the code, recognised in one place: the database not answering
(a network partition, a server down, a statement past its timeout, SQLite locked past its busy
timeout) and a full disk (SQLite's "database or disk is full", ``OSError`` ENOSPC, PostgreSQL's
"could not extend file").

A page that meets one answers 503 with a page saying that nothing was saved and when to try again
(:func:`server_error`, Django's ``handler500``: it sees every exception a request raises, in a view,
a middleware, or while the session is saved after sign-in; :class:`FaultMiddleware` for a full disk
that something caught and ignored), and the log gets one line saying what and where, instead of a
traceback. The command line prints the same line and exits 1
(``coalitionlens.cli._django.needs_django``).
"""

from __future__ import annotations

import contextvars
import errno
import logging
import shutil
import sqlite3
import sys
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from django.conf import settings
from django.db import DatabaseError, InterfaceError, connections
from django.db.utils import DatabaseErrorWrapper
from django.http import HttpRequest, HttpResponse
from django.template import loader
from django.utils.functional import cached_property
from django.views import defaults

__all__ = [
    "RETRY_AFTER_SECONDS",
    "Fault",
    "FaultMiddleware",
    "classify",
    "fault_response",
    "server_error",
]

log = logging.getLogger("coalitionlens.faults")

#: What the 503 page's Retry-After header asks a client to wait.
RETRY_AFTER_SECONDS = 60
#: Below this much free space, SQLite's vaguer "disk I/O error" is taken as a full disk.
NEARLY_FULL_BYTES = 16 * 2**20

DATABASE = "database"
DISK = "disk"

_DISK_FULL_WORDS = ("database or disk is full", "could not extend file", "no space left on device")
# PostgreSQL error codes (Appendix A): disk_full, and those that mean the server is not answering:
# connection exceptions (class 08), query_canceled (a statement past its timeout), admin_shutdown,
# crash_shutdown, cannot_connect_now, too_many_connections.
_PG_DISK_FULL = {"53100"}
_PG_NOT_ANSWERING = {"57014", "57P01", "57P02", "57P03", "53300"}


@dataclass(frozen=True)
class Fault:
    """What failed (``DATABASE`` not answering, or ``DISK`` full), where, and why."""

    kind: str
    where: str
    reason: str
    #: free bytes on the disk holding ``where``, when that disk is this machine's
    free: int | None = None

    def line(self) -> str:
        """One line for a person: what, where, why."""
        if self.kind == DISK:
            if self.free is None:
                return f"the disk of the database at {self.where} is full ({self.reason})"
            return f"the disk holding {self.where} is full ({human_bytes(self.free)} free)"
        return f"the database at {self.where} is not answering ({self.reason})"


def human_bytes(n: int) -> str:
    """``0 B``, ``512 B``, ``3.2 MiB``."""
    size = float(n)
    for unit in ("B", "KiB", "MiB", "GiB"):
        if size < 1024 or unit == "GiB":
            return f"{size:.0f} {unit}" if unit == "B" else f"{size:.1f} {unit}"
        size /= 1024
    raise AssertionError("unreachable")


def free_bytes(path: str | Path) -> int | None:
    """Free space on the disk holding ``path`` (its nearest existing folder), or None if unknown."""
    here = Path(path)
    for folder in (here, *here.parents):
        if folder.exists():
            try:
                return shutil.disk_usage(folder).free
            except OSError:
                return None
    return None


def _causes(exc: BaseException) -> list[BaseException]:
    """``exc`` and what it was raised from or while handling, as Python's traceback shows them."""
    chain: list[BaseException] = []
    current: BaseException | None = exc
    while current is not None and current not in chain and len(chain) < 10:
        chain.append(current)
        context = None if current.__suppress_context__ else current.__context__
        current = current.__cause__ or context
    return chain


def _database_place(alias: str = "default") -> tuple[str, str | None]:
    """Where the database is, for a person (host:port or the SQLite file), and, for SQLite, the
    folder whose disk it lives on."""
    params = connections[alias].settings_dict
    if connections[alias].vendor == "sqlite":
        name = str(params.get("NAME") or "")
        return name, str(Path(name).parent) if name else None
    host = params.get("HOST") or "localhost"
    port = params.get("PORT") or "5432"
    return f"{host}:{port}", None


def _is_disk_full(message: str, sqlstate: str | None, error: BaseException) -> bool:
    if isinstance(error, OSError) and error.errno in {errno.ENOSPC, errno.EDQUOT}:
        return True
    return sqlstate in _PG_DISK_FULL or any(word in message for word in _DISK_FULL_WORDS)


def classify(exc: BaseException) -> Fault | None:
    """The machine fault behind ``exc``, or None when it is something else (a bug: a real 500)."""
    for error in _causes(exc):
        message = str(error).lower()
        sqlstate = getattr(error, "sqlstate", None)
        if isinstance(error, OSError) and not _is_disk_full(message, sqlstate, error):
            continue
        if isinstance(error, OSError):
            where = str(Path(error.filename).parent) if error.filename else str(settings.DATA_DIR)
            return Fault(DISK, where, error.strerror or "no space left", free_bytes(where))
        from_driver = type(error).__module__.split(".")[0] == "psycopg"
        if not (from_driver or isinstance(error, DatabaseError | InterfaceError | sqlite3.Error)):
            continue
        place, folder = _database_place()
        if _is_disk_full(message, sqlstate, error):
            if folder is None:  # the database server's disk, not ours
                return Fault(DISK, place, str(error).strip().splitlines()[0])
            return Fault(DISK, folder, "database or disk is full", free_bytes(folder))
        if folder is not None:  # SQLite
            free = free_bytes(folder)
            if "disk i/o error" in message or "unable to open database file" in message:
                if free is not None and free < NEARLY_FULL_BYTES:
                    return Fault(DISK, folder, message, free)
                continue
            if "database is locked" in message:
                return Fault(DATABASE, place, "locked by another writer past the busy timeout")
            continue
        if isinstance(error, DatabaseError | InterfaceError) and error.__cause__ is not None:
            continue  # Django's wrapper: the driver's error below it has the error code
        connection_error = sqlstate is None and any(
            c.__name__ in {"OperationalError", "InterfaceError"} for c in type(error).__mro__
        )
        if connection_error or (sqlstate or "").startswith("08") or sqlstate in _PG_NOT_ANSWERING:
            return Fault(DATABASE, place, _short_reason(str(error)))
    return None


def _short_reason(message: str) -> str:
    """libpq's messages run over several lines and repeat the address: keep the part that says why."""
    text = " ".join(message.split())
    lowered = text.lower()
    for known in (
        "connection refused",
        "connection timeout expired",
        "timeout expired",
        "canceling statement due to statement timeout",
        "server closed the connection unexpectedly",
        "the connection is closed",
        "no route to host",
        "could not translate host name",
        "the database system is shutting down",
        "the database system is starting up",
        "too many clients",
    ):
        if known in lowered:
            return known
    return text[:120] or "no answer"


def _log(fault: Fault, request: HttpRequest) -> None:
    where = f"{request.method} {request.path}"
    if fault.kind == DISK:
        log.error("disk full, nothing was saved (%s): %s", where, fault.line())
    else:
        log.error("database not answering, nothing was saved (%s): %s", where, fault.line())


def fault_response(request: HttpRequest, fault: Fault) -> HttpResponse:
    """The 503 page for ``fault``, logged in one line.

    Drawn in the site's layout without touching the database (which is what failed): as for
    someone signed out, with no messages.
    """
    from django.contrib.auth.models import AnonymousUser

    _log(fault, request)
    if request.path.startswith(API_PREFIX):
        return _api_fault_response(request, fault)
    request.user = AnonymousUser()
    body = loader.render_to_string(
        "503.html", {"fault": fault, "disk": fault.kind == DISK, "messages": []}, request=request
    )
    response = HttpResponse(body, status=503)
    response["Retry-After"] = str(RETRY_AFTER_SECONDS)
    # Logged above in one line: Django's own request log would add the traceback.
    response._has_been_logged = True  # type: ignore[attr-defined]
    return response


#: Where the REST API lives: its faults answer problem details, never a page.
API_PREFIX = "/api/"


def _api_fault_response(request: HttpRequest, fault: Fault) -> HttpResponse:
    # Imported here, not above: the database backends and the command line load this module, and
    # they need neither the translations nor the API's toolkit (ninja, pydantic) to start.
    from django.utils.translation import gettext as _

    from coalitionlens.kit.api import problem

    detail = (
        _("Nothing was saved: the disk is full.")
        if fault.kind == DISK
        else _("Nothing was saved: the database is not answering.")
    )
    response = problem(
        request,
        503,
        detail + " " + _("Try again in a minute."),
        headers={"Retry-After": str(RETRY_AFTER_SECONDS)},
    )
    response._has_been_logged = True  # type: ignore[attr-defined]
    return response


def server_error(request: HttpRequest, template_name: str = "500.html") -> HttpResponse:
    """``handler500``: a machine fault answers 503 with what happened; anything else is the usual 500."""
    exc = sys.exc_info()[1]
    fault = classify(exc) if exc is not None else None
    if fault is None:
        return defaults.server_error(request, template_name)
    return fault_response(request, fault)


_seen: contextvars.ContextVar[list[Fault] | None] = contextvars.ContextVar(
    "coalitionlens_faults_seen", default=None
)


class _NotingErrorWrapper(DatabaseErrorWrapper):
    """Django's translation of driver errors, which also notes a full disk for FaultMiddleware."""

    def __exit__(self, exc_type: Any, exc_value: Any, traceback: Any) -> None:
        seen = _seen.get()
        if exc_value is not None and seen is not None:
            fault = classify(exc_value)
            if fault is not None and fault.kind == DISK:
                seen.append(fault)
        super().__exit__(exc_type, exc_value, traceback)


class NotesFaults:
    """Mixed into the database backends (coalitionlens/web/sqlite3, coalitionlens/web/postgresql):
    every error of the driver (a query, a commit, a connection) passes :class:`FaultMiddleware`'s
    watch on its way up, even one that a caller catches and ignores."""

    @cached_property
    def wrap_database_errors(self) -> DatabaseErrorWrapper:
        return _NotingErrorWrapper(self)


class FaultMiddleware:
    """A full disk that something swallowed still answers 503.

    Django's database cache ignores a write that fails (it is only a cache), so on a full disk the
    sign-in throttle cannot take its lock and sign-in would answer "too many requests". A full disk
    met by any query or commit of the request (:class:`NotesFaults`) makes the answer the 503 page,
    whatever the view made of it. Faults that are raised reach :func:`server_error` instead.
    """

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        seen: list[Fault] = []
        token = _seen.set(seen)
        try:
            response = self.get_response(request)
        finally:
            _seen.reset(token)
        if seen and response.status_code < 500:
            return fault_response(request, seen[0])
        return response
