"""``coalitionlens serve``: migrate, then serve the web UI."""

from __future__ import annotations

import functools
import os
from collections.abc import Callable
from typing import Annotated, Any, ParamSpec, TypeVar

import typer

from coalitionlens.cli._django import migrate, needs_django

__all__ = [
    "plain_http_on_loopback",
    "run_server",
    "serve",
    "serving_environment",
    "url_for",
    "warm_for_serving",
]

P = ParamSpec("P")
R = TypeVar("R")

HostOption = Annotated[
    str,
    typer.Option(
        "--host",
        help="Address to listen on. Another address than 127.0.0.1 must also be listed in "
        "COALITIONLENS_ALLOWED_HOSTS.",
    ),
]
PortOption = Annotated[int, typer.Option("--port", min=1, max=65535, help="Port to listen on.")]
WorkersOption = Annotated[
    int,
    typer.Option(
        "--workers",
        min=1,
        max=64,
        help="Server processes. 1: waitress, threaded in one process. More: gunicorn with that many "
        "processes of threads, so pages are computed on several cores at once (Linux and macOS).",
    ),
]


def plain_http_on_loopback(host: str) -> None:
    """On a loopback address the server is for this computer alone: serve plain http (the named
    opt-out COALITIONLENS_INSECURE_HTTP) unless the environment says otherwise. Any other address
    keeps the production default, HTTPS only, and needs a TLS proxy in front or the opt-out set."""
    if host in {"localhost", "::1"} or host.startswith("127."):
        os.environ.setdefault("COALITIONLENS_INSECURE_HTTP", "1")


def serving_environment(*, demo: bool = False) -> Callable[[Callable[P, R]], Callable[P, R]]:
    """Put above ``@needs_django`` on a command that serves: before Django reads its settings (once,
    at start-up), plain http on a loopback ``host`` and, with ``demo``, demo mode, unless the
    command is given ``no_serve``."""

    def decorate(command: Callable[P, R]) -> Callable[P, R]:
        @functools.wraps(command)
        def run(*args: P.args, **kwargs: P.kwargs) -> R:
            if not kwargs.get("no_serve"):
                plain_http_on_loopback(str(kwargs.get("host", "127.0.0.1")))
                if demo:
                    # the demo accounts sign in without a second factor, and every page says so
                    os.environ.setdefault("COALITIONLENS_DEMO", "1")
            return command(*args, **kwargs)

        return run

    return decorate


def url_for(host: str, port: int) -> str:
    return f"http://[{host}]:{port}" if ":" in host else f"http://{host}:{port}"


def warm_for_serving() -> None:
    """Load the analytics kernels before listening (from numba's disk cache: a second or two;
    compiled the first time, about half a minute), so no page waits for them; several server
    processes are forked after this and inherit them."""
    from coalitionlens.core.warmup import warm_kernels

    warm_kernels()


def run_server(host: str, port: int, threads: int = 8, workers: int = 1) -> None:
    """Serve until interrupted: with waitress (one process, ``threads`` threads) when ``workers`` is
    1, else with gunicorn (``workers`` processes of ``threads`` threads each).

    Python threads share one core (the GIL); several processes use several. The processes share the
    database and its cache table, and each keeps its own small in-memory cache of the insight pages.
    Static files come from WhiteNoise, so DEBUG stays off. Django must be set up (the commands
    that call this are marked with ``needs_django``).
    """
    from coalitionlens.web.wsgi import application

    if workers == 1:
        import waitress

        from coalitionlens.transfer.uploads import max_request_bytes

        # A body past the import size cap is refused from its Content-Length, unread (waitress
        # would otherwise buffer up to 1 GiB of it); gunicorn has no such limit, and Django's
        # upload handler stops reading such a body there (transfer/uploads.py).
        waitress.serve(
            application,
            host=host,
            port=port,
            threads=threads,
            ident="coalitionlens",
            max_request_body_size=max_request_bytes(),
        )
    else:
        _gunicorn(application, url_for(host, port).split("//", 1)[1], workers, threads)


def _gunicorn(application: Any, bind: str, workers: int, threads: int) -> None:
    from django.db import connections
    from django.urls import get_resolver
    from gunicorn.app.base import BaseApplication

    # Load the URLconf (and so every view module) once here: a worker forked to replace one that
    # died then answers at once instead of importing the views on its first request.
    get_resolver().url_patterns  # noqa: B018
    # The workers are forked from this process: none may inherit its database connection.
    connections.close_all()

    class Server(BaseApplication):  # type: ignore[misc]
        def load_config(self) -> None:
            for name, value in {
                "bind": bind,
                "workers": workers,
                "threads": threads,
                "worker_class": "gthread",
                "accesslog": None,
                "errorlog": "-",
                "loglevel": "warning",
                "proc_name": "coalitionlens",
            }.items():
                self.cfg.set(name, value)

        def load(self) -> Any:
            return application

    Server().run()


@serving_environment()
@needs_django
def serve(
    host: HostOption = "127.0.0.1", port: PortOption = 8000, workers: WorkersOption = 1
) -> None:
    """Migrate the database, load the analytics kernels, then serve the web UI until Ctrl+C.

    The database is the embedded SQLite file under $COALITIONLENS_DATA_DIR (default ./var), or
    PostgreSQL when DATABASE_URL is set.

    On 127.0.0.1 (the default) it serves plain http; on another address HTTPS only, unless
    COALITIONLENS_INSECURE_HTTP=1 (docs/security.md).

    Example:  coalitionlens serve --host 127.0.0.1 --port 8080 --workers 2
    """
    migrate()
    warm_for_serving()
    typer.echo(f"Coalition Lens at {url_for(host, port)} (Ctrl+C to stop)")
    run_server(host, port, workers=workers)
