"""Crash harness: SIGKILL an import at a random moment, again and again, and check the database.

Run: ``python -m coalitionlens.transfer.crashtest --engine sqlite|postgresql --runs 20``

Each run writes a CSV of engagements with titles unique to the run, starts ``coalitionlens import``
in a subprocess and kills it with SIGKILL after a random delay (seeded), somewhere between the
process starting and well after an unkilled import would have finished. After every kill:

* no half-applied import: the run's engagements (and their participants, and its audit entry)
  are either all there or none are;
* no acknowledged write lost: a run whose process printed "Imported." is all there, and every run
  committed before is still all there;
* the database's integrity check is clean (``PRAGMA integrity_check`` on SQLite; ``amcheck`` on
  every B-tree index on PostgreSQL).

PostgreSQL runs in its own database (``coalitionlens_crash`` on the server of ``--database-url``),
created at the start and dropped at the end, so it never meets the test suite's database.
"""

from __future__ import annotations

import argparse
import csv
import io
import os
import random
import signal
import subprocess
import sys
import tempfile
import time
from dataclasses import dataclass
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit, urlunsplit

CRASH_DB = "coalitionlens_crash"
SLUG = "crash"
ORGS = 40
CLI = [sys.executable, "-c", "from coalitionlens.cli.main import app; app()"]


@dataclass
class Run:
    number: int
    rows: int
    delay: float
    acknowledged: bool = False
    committed: bool = False


def _env(engine: str, workdir: Path, database_url: str) -> dict[str, str]:
    env = dict(os.environ)
    env.pop("DJANGO_SETTINGS_MODULE", None)
    env["COALITIONLENS_DATA_DIR"] = str(workdir)
    env["COALITIONLENS_IMPORT_MAX_BYTES"] = str(1 << 30)
    if engine == "sqlite":
        env["DATABASE_URL"] = ""
        env["COALITIONLENS_SQLITE_PATH"] = str(workdir / "crash.sqlite3")
    else:
        env["DATABASE_URL"] = database_url
    return env


def _crash_url(base: str) -> str:
    parts = urlsplit(base)
    return urlunsplit(parts._replace(path="/" + CRASH_DB))


def _pg_admin(base: str, statement: str) -> None:
    import psycopg

    parts = urlsplit(base)
    admin = urlunsplit(parts._replace(path="/postgres"))
    with psycopg.connect(admin, autocommit=True) as connection:
        connection.execute(statement)


def _write_csv(path: Path, run: int, rows: int, rng: random.Random) -> None:
    out = io.StringIO()
    writer = csv.writer(out)
    writer.writerow(["date", "practice_type", "title", "leads", "counterparts", "domains"])
    for k in range(rows):
        a, b = rng.sample(range(ORGS), 2)
        writer.writerow(
            [
                f"20{rng.randrange(15, 25)}-0{rng.randrange(1, 10)}-1{rng.randrange(0, 10)}",
                "JOINT_EVENT",
                f"run {run:03d} engagement {k:05d}",
                f"Crash organisation {a:02d}",
                f"Crash organisation {b:02d}",
                "AWARENESS",
            ]
        )
    path.write_text(out.getvalue(), encoding="utf-8")


def _setup(env: dict[str, str]) -> None:
    script = (
        "import django; django.setup()\n"
        "from django.core.management import call_command\n"
        "call_command('migrate', interactive=False, verbosity=0)\n"
        "from coalitionlens.coalitions.models import Coalition, Organisation, Sector\n"
        f"c, _ = Coalition.objects.get_or_create(slug={SLUG!r}, defaults=dict(name='Crash',"
        " country='Fictland', region='SOUTHEAST_ASIA', governance_model='LEAD_ORGANISATION'))\n"
        "s = Sector.objects.get(code='CIVIL_SOCIETY', coalition__isnull=True)\n"
        f"for i in range({ORGS}):\n"
        "    Organisation.objects.get_or_create(coalition=c, name=f'Crash organisation {i:02d}',"
        " defaults=dict(sector=s))\n"
    )
    env = {**env, "DJANGO_SETTINGS_MODULE": "coalitionlens.web.settings"}
    subprocess.run([sys.executable, "-c", script], env=env, check=True, timeout=600)  # noqa: S603


def _import(env: dict[str, str], path: Path, delay: float | None) -> tuple[bool, float]:
    """Run an import; kill it after ``delay`` seconds. Returns (acknowledged, seconds)."""
    started = time.monotonic()
    with tempfile.TemporaryFile() as out:
        process = subprocess.Popen(  # noqa: S603
            [*CLI, "import", SLUG, str(path)], env=env, stdout=out, stderr=subprocess.STDOUT
        )
        if delay is None:
            process.wait(timeout=600)
        else:
            try:
                process.wait(timeout=delay)
            except subprocess.TimeoutExpired:
                process.send_signal(signal.SIGKILL)
                process.wait()
        elapsed = time.monotonic() - started
        out.seek(0)
        output = out.read().decode(errors="replace")
    if delay is None and process.returncode != 0:
        raise SystemExit(f"calibration import failed:\n{output}")
    return "Imported." in output, elapsed


class Checker:
    """Reads the database with the engine's own client, outside Django."""

    def __init__(self, engine: str, workdir: Path, url: str) -> None:
        self.engine = engine
        self.workdir = workdir
        self.url = url

    def _query(self, sql: str, params: tuple[Any, ...] = ()) -> list[tuple[Any, ...]]:
        if self.engine == "sqlite":
            import sqlite3

            connection = sqlite3.connect(self.workdir / "crash.sqlite3", timeout=30)
            try:
                return connection.execute(sql.replace("%s", "?"), params).fetchall()
            finally:
                connection.close()
        import psycopg

        with psycopg.connect(self.url) as pg:
            return pg.execute(sql, params).fetchall()

    def settle(self) -> None:
        """Wait until the killed client's server session has ended (PostgreSQL).

        A backend notices its client is gone only when it next talks to it: a COMMIT sent just
        before the kill still completes. The database is read once no other session is left.
        """
        if self.engine == "sqlite":
            return
        deadline = time.monotonic() + 120
        while time.monotonic() < deadline:
            others = self._query(
                "SELECT count(*) FROM pg_stat_activity WHERE datname = current_database()"
                " AND pid <> pg_backend_pid()"
            )[0][0]
            if others == 0:
                return
            time.sleep(0.05)
        raise SystemExit("the killed import's database session did not end")

    def counts(self, run: int) -> tuple[int, int]:
        prefix = f"run {run:03d} %"
        engagements = self._query(
            "SELECT count(*) FROM engagements_engagement WHERE title LIKE %s", (prefix,)
        )[0][0]
        participants = self._query(
            "SELECT count(*) FROM engagements_participation p JOIN engagements_engagement e"
            " ON e.id = p.engagement_id WHERE e.title LIKE %s",
            (prefix,),
        )[0][0]
        return int(engagements), int(participants)

    def imports_audited(self) -> int:
        return int(
            self._query("SELECT count(*) FROM audit_auditentry WHERE action = 'import'")[0][0]
        )

    def integrity(self) -> str:
        if self.engine == "sqlite":
            result = self._query("PRAGMA integrity_check")
            return "ok" if result == [("ok",)] else f"integrity_check: {result[:5]}"
        import psycopg

        with psycopg.connect(self.url, autocommit=True) as connection:
            connection.execute("CREATE EXTENSION IF NOT EXISTS amcheck")
            indexes = connection.execute(
                "SELECT c.oid::regclass::text FROM pg_index i JOIN pg_class c ON c.oid ="
                " i.indexrelid JOIN pg_namespace n ON n.oid = c.relnamespace JOIN pg_am a ON"
                " a.oid = c.relam WHERE n.nspname = 'public' AND a.amname = 'btree'"
            ).fetchall()
            for (name,) in indexes:
                connection.execute("SELECT bt_index_check(%s::regclass, true)", (name,))
        return "ok"


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--engine", choices=("sqlite", "postgresql"), default="sqlite")
    parser.add_argument("--runs", type=int, default=20)
    parser.add_argument("--seed", type=int, default=2019)
    parser.add_argument("--rows", type=int, default=10000, help="engagements per import")
    parser.add_argument(
        "--database-url",
        default=os.environ.get("CRASH_DATABASE_URL", "postgresql://postgres@127.0.0.1:5432/test"),
        help="a PostgreSQL server to use (its database name is replaced by coalitionlens_crash)",
    )
    args = parser.parse_args(argv)
    rng = random.Random(args.seed)  # noqa: S311 (a reproducible schedule of kills, not secrets)
    workdir = Path(tempfile.mkdtemp(prefix="coalitionlens-crash-"))
    url = _crash_url(args.database_url)
    if args.engine == "postgresql":
        _pg_admin(args.database_url, f'DROP DATABASE IF EXISTS "{CRASH_DB}" WITH (FORCE)')
        _pg_admin(args.database_url, f'CREATE DATABASE "{CRASH_DB}"')
    env = _env(args.engine, workdir, url)
    checker = Checker(args.engine, workdir, url)
    failures: list[str] = []
    try:
        _setup(env)
        calibration = workdir / "calibration.csv"
        _write_csv(calibration, 999, args.rows, rng)
        acknowledged, duration = _import(env, calibration, None)
        if not acknowledged or checker.counts(999)[0] != args.rows:
            raise SystemExit("the calibration import did not write its rows")
        audited = checker.imports_audited()
        print(f"{args.engine}: an unkilled import of {args.rows} rows takes {duration:.1f} s")
        runs: list[Run] = []
        for number in range(args.runs):
            run = Run(number, args.rows, rng.uniform(0.3 * duration, 1.6 * duration))
            path = workdir / f"run{number}.csv"
            _write_csv(path, number, run.rows, rng)
            run.acknowledged, _elapsed = _import(env, path, run.delay)
            checker.settle()
            engagements, participants = checker.counts(number)
            run.committed = engagements == run.rows
            audited += run.committed
            problems = []
            if engagements not in (0, run.rows) or participants != 2 * engagements:
                problems.append(
                    f"half-applied: {engagements} engagements, {participants} participants"
                )
            if run.acknowledged and not run.committed:
                problems.append("acknowledged but not in the database")
            for earlier in runs:
                if earlier.committed and checker.counts(earlier.number)[0] != earlier.rows:
                    problems.append(f"run {earlier.number}'s committed import was lost")
            if checker.imports_audited() != audited:
                problems.append("the audit log does not match the imports committed")
            integrity = checker.integrity()
            if integrity != "ok":
                problems.append(integrity)
            state = (
                "acknowledged"
                if run.acknowledged
                else ("committed, killed before printing" if run.committed else "rolled back")
            )
            print(
                f"run {number:2d}: killed at {run.delay:5.2f} s → {state}; "
                + ("; ".join(problems) if problems else "database consistent")
            )
            failures += [f"run {number}: {p}" for p in problems]
            runs.append(run)
        committed = sum(r.committed for r in runs)
        print(
            f"{args.engine}: {len(runs)} kills, {committed} imports committed, "
            f"{len(runs) - committed} rolled back, {len(failures)} problems"
        )
    finally:
        if args.engine == "postgresql":
            _pg_admin(args.database_url, f'DROP DATABASE IF EXISTS "{CRASH_DB}" WITH (FORCE)')
    if failures:
        print("\n".join(failures), file=sys.stderr)
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main())
