"""``coalitionlens demo``: the embedded database with three fictional coalitions, then the UI."""

from __future__ import annotations

import time
from typing import Annotated

import typer
from rich.console import Console

from coalitionlens.cli._django import database_location, migrate, needs_django
from coalitionlens.cli.serve import (
    HostOption,
    PortOption,
    run_server,
    serving_environment,
    url_for,
)

__all__ = ["demo"]


@serving_environment(demo=True)
@needs_django
def demo(
    no_serve: Annotated[
        bool, typer.Option("--no-serve", help="Load the demo data and exit without serving.")
    ] = False,
    host: HostOption = "127.0.0.1",
    port: PortOption = 8000,
    quiet: Annotated[
        bool, typer.Option("--quiet", "-q", help="No progress bar on standard error.")
    ] = False,
) -> None:
    """Load three fictional demo coalitions (one per region of the paper) and serve the UI.

    Migrates the database, loads the demo data unless it is already there (running it again
    changes nothing), compiles the analytics kernels (`coalitionlens warm`), prints the URL and a
    login for every role, then serves until Ctrl+C.

    Example:  coalitionlens demo --no-serve
    """
    console = Console()
    started = time.perf_counter()
    migrate()
    from coalitionlens.cli.progress import progress
    from coalitionlens.demo.load import demo_steps, load_demo
    from coalitionlens.demo.users import DEMO_PASSWORD, demo_logins

    with progress("Loading the demo coalitions", total=demo_steps(), quiet=quiet) as advance:
        result = load_demo(on_step=lambda slug: advance(f"Loaded {slug}"))
    elapsed = time.perf_counter() - started
    from coalitionlens.core.warmup import warm_kernels

    # So the first analysis page does not wait for numba (half a minute the first time). The
    # spinner goes to standard error, with the progress bar, so standard output stays the logins.
    if quiet:
        warm_kernels()
    else:
        with Console(stderr=True).status("Compiling the analytics kernels (once per install)…"):
            warm_kernels()
    if result.created:
        console.print(f"Loaded demo coalitions: {', '.join(result.created)} ({elapsed:.1f} s).")
    if result.skipped:
        console.print(f"Already loaded, left as they are: {', '.join(result.skipped)}.")
    console.print(f"Database: {database_location()}")

    # Plain lines rather than a table: a narrow terminal must never truncate an address.
    logins = demo_logins(result.slugs)
    typer.echo(f"\nDemo logins (fictional data), password for all: {DEMO_PASSWORD}")
    width = max(len(login.email) for login in logins)
    for login in logins:
        where = f"in {login.coalition}" if login.coalition else "(manages coalitions; reads none)"
        typer.echo(f"  {login.email:<{width}}  {login.role} {where}")
    typer.echo(
        "\nTwo-factor authentication: not enforced on these demo accounts in demo mode (a banner"
        "\nsays so on every page). On a real server coordinators and platform admins set up an"
        "\nauthenticator app at their first sign-in; to try it here, sign in as a coordinator and"
        "\nopen your name at the top right. Why: docs/security.md."
    )
    typer.echo(f"\nOpen {url_for(host, port)} and sign in with one of the logins above.")
    if not no_serve:
        run_server(host, port)
