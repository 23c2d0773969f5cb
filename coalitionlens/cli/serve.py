"""``coalitionlens serve``: migrate, then serve the web UI."""

from __future__ import annotations

from typing import Annotated

import typer

from coalitionlens.cli._django import migrate, setup_django

__all__ = ["run_server", "serve", "url_for"]

HostOption = Annotated[
    str,
    typer.Option(
        "--host",
        help="Address to listen on. Another address than 127.0.0.1 must also be listed in "
        "COALITIONLENS_ALLOWED_HOSTS.",
    ),
]
PortOption = Annotated[int, typer.Option("--port", min=1, max=65535, help="Port to listen on.")]


def url_for(host: str, port: int) -> str:
    return f"http://[{host}]:{port}" if ":" in host else f"http://{host}:{port}"


def run_server(host: str, port: int, threads: int = 8) -> None:
    """Serve until interrupted with waitress, a production WSGI server (pure Python, threaded).

    Static files come from WhiteNoise, so DEBUG stays off. Behind a reverse proxy, run several of
    these processes (or gunicorn on the same WSGI application, ``coalitionlens.web.wsgi``).
    """
    import waitress

    setup_django()
    from coalitionlens.web.wsgi import application

    waitress.serve(application, host=host, port=port, threads=threads, ident="coalitionlens")


def serve(host: HostOption = "127.0.0.1", port: PortOption = 8000) -> None:
    """Migrate the database, then serve the web UI until Ctrl+C.

    The database is the embedded SQLite file under $COALITIONLENS_DATA_DIR (default ./var), or
    PostgreSQL when DATABASE_URL is set.

    Example:  coalitionlens serve --host 127.0.0.1 --port 8080
    """
    migrate()
    typer.echo(f"Coalition Lens at {url_for(host, port)} (Ctrl+C to stop)")
    run_server(host, port)
