"""``coalitionlens warm``: compile the analytics kernels now, not on someone's first page."""

from __future__ import annotations

import json
import time
from typing import Annotated

import typer

__all__ = ["warm"]


def warm(
    as_json: Annotated[
        bool, typer.Option("--json", help="Print the kernels and the cache as JSON.")
    ] = False,
) -> None:
    """Compile the analytics kernels (numba) ahead of the first page, and cache them on disk.

    The first time, on a new install or after an upgrade, this takes about half a minute; after
    that each process loads them from the cache in a second or two. `coalitionlens demo` runs it,
    and `coalitionlens serve` before it listens. The cache is numba's: its
    $NUMBA_CACHE_DIR when set, else beside the installed code or in your cache directory, else
    under $COALITIONLENS_DATA_DIR.

    Example:  coalitionlens warm --json
    """
    from coalitionlens.core._kernels import cache_dir
    from coalitionlens.core.warmup import warm_kernels

    started = time.perf_counter()
    compiled = warm_kernels()
    seconds = time.perf_counter() - started
    ready = sorted(name for name, count in compiled.items() if count)
    if as_json:
        record = {"cache": str(cache_dir()), "seconds": round(seconds, 2), "kernels": compiled}
        typer.echo(json.dumps(record, indent=2))
        return
    typer.echo(f"{len(ready)} kernels ready in {seconds:.1f} s, cached in {cache_dir()}")
