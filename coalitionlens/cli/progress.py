"""Progress bars for the long commands (demo load, import, export, backup, restore): the one way
the CLI shows progress.

Drawn with rich on standard error, and only when standard error is a terminal: piped, redirected,
or asked for ``--quiet`` or ``--json``, a command prints nothing more than it did without them, and
standard output (where ``--json`` goes) is never written to.
"""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager

from rich.console import Console
from rich.progress import (
    BarColumn,
    MofNCompleteColumn,
    Progress,
    SpinnerColumn,
    TaskID,
    TextColumn,
    TimeElapsedColumn,
)

__all__ = ["Advance", "Bar", "progress"]


class Bar:
    """One task of a bar: steps (or rows) done out of a total, which may be learnt on the way.

    Calling it with a description advances one step and names the next; without a terminal
    every method does nothing."""

    def __init__(self, bar: Progress | None = None, task: TaskID | None = None) -> None:
        self._bar = bar
        self._task = task

    def __call__(self, description: str) -> None:
        if self._bar is not None and self._task is not None:
            self._bar.update(self._task, advance=1, description=description)

    def advance(self, steps: int = 1) -> None:
        if self._bar is not None and self._task is not None:
            self._bar.update(self._task, advance=steps)

    def set_total(self, total: int) -> None:
        """The total once it is known (the rows of a file once it is read)."""
        if self._bar is not None and self._task is not None:
            self._bar.update(self._task, total=max(total, 1))

    def describe(self, description: str) -> None:
        if self._bar is not None and self._task is not None:
            self._bar.update(self._task, description=description)


#: What ``progress`` yields (the name the commands use).
Advance = Bar


@contextmanager
def progress(
    description: str, *, total: int | None = None, unit: str = "steps", quiet: bool = False
) -> Iterator[Bar]:
    """A bar of ``total`` steps (a pulse while the total is unknown, until ``Bar.set_total``),
    shown as "done/total unit". Nothing is drawn when ``quiet`` or when standard error is no
    terminal. The bar is filled when the work ends without an error."""
    console = Console(stderr=True)
    if quiet or not console.is_terminal:
        yield Bar()
        return
    columns = [
        SpinnerColumn(),
        TextColumn("{task.description}"),
        BarColumn(),
        MofNCompleteColumn(),
        TextColumn(unit),
        TimeElapsedColumn(),
    ]
    with Progress(*columns, console=console, transient=False) as bar:
        task = bar.add_task(description, total=total)
        yield Bar(bar, task)
        done = bar.tasks[0]
        finished = done.total if done.total is not None else max(int(done.completed), 1)
        bar.update(task, total=finished, completed=finished)
