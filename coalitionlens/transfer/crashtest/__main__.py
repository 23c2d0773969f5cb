"""``python -m coalitionlens.transfer.crashtest``: see the package's docstring."""

from __future__ import annotations

import argparse
import os
import random
import shutil
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path

from coalitionlens.transfer import crashtest
from coalitionlens.transfer.crashtest.harness import Engine, Tally


def _scenarios() -> dict[str, Callable[[Engine, int, random.Random], Tally]]:
    from coalitionlens.transfer.crashtest import (
        backups,
        imports,
        reports,
        survey,
        web_creates,
        web_import,
    )

    return {
        "cli-import": imports.run,
        "web-import": web_import.run,
        "web-creates": web_creates.run,
        "backup": backups.run,
        "survey": survey.run,
        "report-worker": reports.run,
    }


SCENARIOS = (
    "cli-import",
    "web-import",
    "web-creates",
    "backup",
    "survey",
    "report-worker",
)


def required(runs: int) -> int:
    """Kills that must land: 15 of 20, three in four."""
    return (3 * runs + 3) // 4


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=(crashtest.__doc__ or "").split("\n")[0])
    parser.add_argument("--engine", choices=("sqlite", "postgresql"), default="sqlite")
    parser.add_argument("--runs", type=int, default=20, help="kills per scenario")
    parser.add_argument("--scenario", choices=("all", *SCENARIOS), default="all")
    parser.add_argument("--seed", type=int, default=2019)
    parser.add_argument(
        "--database-url",
        default=os.environ.get(
            "CRASH_DATABASE_URL", "postgresql://postgres@127.0.0.1:5432/postgres"
        ),
        help="a PostgreSQL server to use (each scenario gets a database of its own there)",
    )
    args = parser.parse_args(argv)
    rng = random.Random(args.seed)  # noqa: S311 (a reproducible schedule of kills, not secrets)
    workdir = Path(tempfile.mkdtemp(prefix="coalitionlens-crash-"))
    engine = Engine(args.engine, args.database_url, workdir)
    chosen = SCENARIOS if args.scenario == "all" else (args.scenario,)
    table = _scenarios()
    tallies: list[Tally] = []
    started = time.monotonic()
    try:
        seconds = engine.create_template()
        print(f"{args.engine}: template database {engine.template} made in {seconds:.0f} s")
        for name in chosen:
            begun = time.monotonic()
            tally = table[name](engine, args.runs, random.Random(rng.random()))  # noqa: S311
            tally.seconds = time.monotonic() - begun
            print(tally.line(), flush=True)
            for problem in tally.problems:
                print(f"    {problem}")
            tallies.append(tally)
    finally:
        engine.drop_all()
    need = required(args.runs)
    failed = [t for t in tallies if not t.ok(need)]
    print(
        f"{args.engine}: {len(tallies)} scenarios in {time.monotonic() - started:.0f} s; "
        + (
            "all kills accounted for, nothing lost, duplicated or half-written"
            if not failed
            else "FAILED: "
            + ", ".join(t.scenario for t in failed)
            + f" (each needs {need} of {args.runs} kills landed and no problem)"
        )
    )
    if failed:
        print(f"the servers' and commands' logs are kept in {workdir}")
        return 1
    shutil.rmtree(workdir, ignore_errors=True)
    return 0


if __name__ == "__main__":
    sys.exit(main())
