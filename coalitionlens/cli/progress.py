"""Progress bars for the long commands (demo load, import, export, backup, restore).

Drawn with rich on standard error, and only when standard error is a terminal: piped, redirected
or asked for ``--json``, a command prints nothing more than it did without them.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from contextlib import contextmanager

from rich.console import Console
from rich.progress import (
    BarColumn,
    MofNCompleteColumn,
    Progress,
    SpinnerColumn,
    TextColumn,
    TimeElapsedColumn,
)

__all__ = ["Advance", "progress"]

Advance = Callable[[str], None]


@contextmanager
def progress(
    description: str, *, total: int | None = None, quiet: bool = False
) -> Iterator[Advance]:
    """A bar of ``total`` steps (a pulse when ``None``); the callable it yields advances one step
    and names the next. Nothing is drawn when ``quiet`` or when standard error is no terminal."""
    console = Console(stderr=True)
    if quiet or not console.is_terminal:
        yield lambda _description: None
        return
    columns = [SpinnerColumn(), TextColumn("{task.description}"), BarColumn()]
    if total is not None:
        columns.append(MofNCompleteColumn())
    with Progress(*columns, TimeElapsedColumn(), console=console) as bar:
        task = bar.add_task(description, total=total)

        def advance(next_description: str) -> None:
            bar.update(task, advance=1, description=next_description)

        yield advance
        bar.update(task, total=total or 1, completed=total or 1)
