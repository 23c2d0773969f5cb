"""Scenario ``backup``: ``coalitionlens backup`` killed while it copies, with a writer writing.

A writer keeps importing small CSVs (20 engagements each, all or nothing) through ``coalitionlens
import``. Meanwhile ``coalitionlens backup -o FILE`` runs, and is killed (with its pg_dump) at a
moment drawn inside the span an unkilled backup took between its partial file appearing and its
"Backed up" line. After each kill there must be no file under the backup's name (the copy is
written to ``FILE.partial`` and renamed when complete), or, if the rename had happened, a complete
one. Every backup that finished is restored into a database of its own and checked: integrity, each
writer import in it whole or absent, and every import acknowledged before the backup began present.
"""

from __future__ import annotations

import random
import shutil
import sqlite3
import subprocess
import threading
import time
from pathlib import Path

from coalitionlens.transfer.crashtest.harness import (
    ACKNOWLEDGED,
    ATTEMPTS,
    BEFORE,
    COMMITTED,
    WRITING,
    Database,
    Engine,
    Tally,
    Zygote,
    freeze_and_kill,
)
from coalitionlens.transfer.crashtest.imports import write_csv
from coalitionlens.transfer.crashtest.seed import SLUG

ROWS = 20


class Writer:
    """Imports small files one after the other until stopped; remembers which were acknowledged."""

    def __init__(self, zygote: Zygote, db: Database, rng: random.Random) -> None:
        self.zygote, self.db, self.rng = zygote, db, rng
        self.acknowledged: list[tuple[str, float]] = []  # (tag, when acknowledged)
        self.stop = threading.Event()
        self.thread = threading.Thread(target=self._loop, daemon=True)
        self.thread.start()

    def _loop(self) -> None:
        n = 0
        while not self.stop.is_set():
            tag = f"w {n:05d}"
            path = self.db.datadir / f"writer{n}.csv"
            write_csv(path, tag, ROWS, self.rng)
            out = path.with_suffix(".out")
            pid = self.zygote.spawn(out, argv=["import", SLUG, str(path)])
            if self.zygote.wait(pid) == 0 and "Imported." in out.read_text(errors="replace"):
                self.acknowledged.append((tag, time.monotonic()))
            n += 1


def consistent(tally: Tally, query: object, label: str, before: list[str]) -> None:
    """Check a restored backup through ``query(sql) -> rows``."""
    rows = query(  # type: ignore[operator]
        "SELECT substr(e.title, 1, 7), count(DISTINCT e.id), count(p.id) FROM engagements_engagement"
        " e LEFT JOIN engagements_participation p ON p.engagement_id = e.id"
        " WHERE e.title LIKE 'w %%' GROUP BY substr(e.title, 1, 7)"
    )
    found = {str(tag): (int(n), int(ties)) for tag, n, ties in rows}
    for tag, (n, ties) in found.items():
        if n != ROWS or ties != 2 * ROWS:
            tally.problem("half_written", f"{label}: import {tag} has {n} rows, {ties} ties")
    for tag in before:
        if tag not in found:
            tally.problem("lost", f"{label}: import {tag}, acknowledged before the backup, missing")


def restore_and_check(tally: Tally, db: Database, backup: Path, before: list[str], k: int) -> None:
    if db.sqlite:
        connection = sqlite3.connect(f"file:{backup}?mode=ro", uri=True)
        try:
            if connection.execute("PRAGMA integrity_check").fetchall() != [("ok",)]:
                tally.problem("half_written", f"{backup.name}: integrity check fails")
            consistent(tally, lambda sql: connection.execute(sql).fetchall(), backup.name, before)
        finally:
            connection.close()
        return
    name = f"{db.name}_restore{k}"
    db.engine._admin(f'CREATE DATABASE "{name}"')
    db.engine.copies.append(name)
    restored = Database(db.engine, name)
    result = subprocess.run(  # noqa: S603
        [
            shutil.which("pg_restore") or "pg_restore",
            "--no-owner",
            "--single-transaction",
            f"--dbname={restored.url}",
            str(backup),
        ],
        capture_output=True,
        text=True,
        check=False,
    )
    if result.returncode != 0:
        tally.problem("half_written", f"{backup.name} does not restore: {result.stderr[-300:]}")
    else:
        consistent(tally, restored.query, backup.name, before)
        if restored.integrity() != "ok":
            tally.problem("half_written", f"{backup.name}: restored database fails amcheck")
    db.engine.drop(name)


class BackupRun:
    def __init__(self, zygote: Zygote, db: Database, k: int) -> None:
        self.target = db.datadir / f"backup-{k}.bak"
        self.partial = self.target.with_name(self.target.name + ".partial")
        self.out = db.datadir / f"backup-{k}.out"
        self.started = time.monotonic()
        self.pid = zygote.spawn(self.out, argv=["backup", "-o", str(self.target)])

    def acknowledged(self) -> bool:
        return self.out.exists() and "Backed up" in self.out.read_text(errors="replace")

    def phase(self) -> str:
        if self.acknowledged():
            return ACKNOWLEDGED
        if self.target.exists():
            return COMMITTED
        return WRITING if self.partial.exists() else BEFORE


def run(engine: Engine, runs: int, rng: random.Random) -> Tally:
    tally = Tally("backup", engine.name)
    db = engine.copy("backup")
    db.datadir.mkdir(parents=True, exist_ok=True)
    zygote = Zygote(db.env())
    writer = Writer(zygote, db, random.Random(rng.random()))  # noqa: S311
    checked = 0
    try:
        time.sleep(1.0)
        spans = []
        for k in range(2):
            job = BackupRun(zygote, db, 1000 + k)
            before = [t for t, _w in writer.acknowledged]
            begin = end = None
            while end is None:
                now = time.monotonic() - job.started
                if begin is None and job.partial.exists():
                    begin = now
                if job.acknowledged():
                    end = now
                time.sleep(0.002)
            spans.append((begin or 0.0, end))
            restore_and_check(tally, db, job.target, before, checked)
            checked += 1
            tally.acknowledged += 1
        begin = min(b for b, _e in spans)
        end = max(e for _b, e in spans)
        print(f"  {engine.name} backup: partial file from {begin:.2f} s, done at {end:.2f} s")
        # Where the kill is aimed after the marker: the calibrated span at first, halved each time
        # a kill finds the copy already finished (later copies run warm, faster than calibration:
        # on an idle machine PostgreSQL's landed 8 of 20 with a fixed span).
        span = end - begin
        for number in range(runs):
            tally.runs += 1
            for attempt in range(ATTEMPTS):
                job = BackupRun(zygote, db, number * 10 + attempt)
                before = [t for t, _w in writer.acknowledged]
                # Triggered by the marker: once the partial file is there, a moment inside the
                # span the copy took when unkilled.
                deadline = time.monotonic() + 60
                while not (job.partial.exists() or job.acknowledged()):
                    if time.monotonic() > deadline:
                        break
                    time.sleep(0.001)
                time.sleep(rng.uniform(0.0, 0.9 * span))
                where, _backends = freeze_and_kill([job.pid], job.phase, db, group=True)
                zygote.wait(job.pid)
                landed = tally.kill(where)
                if not landed and where in (COMMITTED, ACKNOWLEDGED):
                    span /= 2
                if job.target.exists():
                    tally.acknowledged += job.acknowledged()
                    restore_and_check(tally, db, job.target, before, checked)
                    checked += 1
                elif job.acknowledged():
                    tally.problem("lost", f"backup {job.target.name} acknowledged, not there")
                if landed:
                    break
    finally:
        writer.stop.set()
        writer.thread.join(120)
        zygote.close()
    tally.acknowledged += len(writer.acknowledged)
    # The writer's own imports are all there in the live database, once.
    consistent(tally, db.query, "the live database", [t for t, _w in writer.acknowledged])
    return tally
