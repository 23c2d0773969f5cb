"""Scenario ``cli-import``: SIGKILL ``coalitionlens import`` of a CSV while it writes.

Each attempt imports a CSV of engagements whose titles are unique to the attempt. The kill time is
drawn inside the span measured on an unkilled calibration import between its write transaction
opening and its "Imported." line. After every kill: the attempt's engagements (with their two
participations each, and its audit entry) are all there or none; an acknowledged import is all
there; every import committed before is still there, once; the database's integrity check is clean.
"""

from __future__ import annotations

import csv
import io
import random
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
from coalitionlens.transfer.crashtest.seed import ORGS, SLUG


def write_csv(path: Path, tag: str, rows: int, rng: random.Random) -> None:
    out = io.StringIO()
    writer = csv.writer(out)
    writer.writerow(["date", "practice_type", "title", "leads", "counterparts", "domains"])
    for k in range(rows):
        a, b = rng.sample(range(ORGS), 2)
        writer.writerow(
            [
                f"20{rng.randrange(15, 25)}-0{rng.randrange(1, 10)}-1{rng.randrange(0, 10)}",
                "JOINT_EVENT",
                f"{tag} engagement {k:05d}",
                f"Crash organisation {a:02d}",
                f"Crash organisation {b:02d}",
                "AWARENESS",
            ]
        )
    path.write_text(out.getvalue(), encoding="utf-8")


def counts(db: Database, tag: str) -> tuple[int, int]:
    """(engagements, participations) of the import tagged ``tag``."""
    like = f"{tag} engagement %"
    engagements = db.one("SELECT count(*) FROM engagements_engagement WHERE title LIKE %s", (like,))
    participants = db.one(
        "SELECT count(*) FROM engagements_participation p JOIN engagements_engagement e"
        " ON e.id = p.engagement_id WHERE e.title LIKE %s",
        (like,),
    )
    return int(engagements), int(participants)


def imports_audited(db: Database) -> int:
    return int(db.one("SELECT count(*) FROM audit_auditentry WHERE action = 'import'"))


class ImportRun:
    """One ``coalitionlens import`` forked from the zygote."""

    def __init__(self, zygote: Zygote, db: Database, path: Path, tag: str, rows: int) -> None:
        self.zygote, self.db, self.tag, self.rows = zygote, db, tag, rows
        self.out = path.with_suffix(".out")
        self.pid = zygote.spawn(self.out, argv=["import", SLUG, str(path)])
        self.started = time.monotonic()

    def acknowledged(self) -> bool:
        return self.out.exists() and "Imported." in self.out.read_text(errors="replace")

    def phase(self) -> str:
        if self.acknowledged():
            return ACKNOWLEDGED
        if self.db.writers():
            return WRITING
        if counts(self.db, self.tag)[0]:
            return COMMITTED
        return BEFORE


def run(engine: Engine, runs: int, rng: random.Random, rows: int = 1000) -> Tally:
    tally = Tally("cli-import", engine.name)
    db = engine.copy("cli_import")
    db.datadir.mkdir(parents=True, exist_ok=True)
    zygote = Zygote(db.env())
    try:
        # Calibration: when the write transaction opens and when the import says it is done.
        path = db.datadir / "calibration.csv"
        write_csv(path, "calibration", rows, rng)
        job = ImportRun(zygote, db, path, "calibration", rows)
        begin = end = None
        while end is None:
            now = time.monotonic() - job.started
            if begin is None and (db.writers() or counts(db, "calibration")[0]):
                begin = now
            if job.acknowledged():
                end = now
            time.sleep(0.005)
        zygote.wait(job.pid)
        if counts(db, "calibration") != (rows, 2 * rows):
            raise SystemExit("the calibration import did not write its rows")
        begin = begin if begin is not None else 0.0
        print(
            f"  {engine.name} cli-import: calibration {rows} rows, writing from {begin:.2f} s"
            f" to {end:.2f} s"
        )
        committed: list[tuple[str, int]] = [("calibration", rows)]
        audited = imports_audited(db)
        for number in range(runs):
            tally.runs += 1
            for attempt in range(ATTEMPTS):
                tag = f"run {number:03d}.{attempt}"
                path = db.datadir / f"run{number}-{attempt}.csv"
                write_csv(path, tag, rows, rng)
                delay = rng.uniform(begin, end)
                job = ImportRun(zygote, db, path, tag, rows)
                time.sleep(max(0.0, delay - (time.monotonic() - job.started)))
                where, backends = freeze_and_kill([job.pid], job.phase, db, group=True)
                zygote.wait(job.pid)
                db.settle(backends)
                landed = tally.kill(where)
                engagements, participants = counts(db, tag)
                acknowledged = job.acknowledged()
                tally.acknowledged += acknowledged
                if engagements not in (0, rows) or participants != 2 * engagements:
                    tally.problem(
                        "half_written", f"{tag}: {engagements} engagements, {participants} ties"
                    )
                if acknowledged and engagements == 0:
                    tally.problem("lost", f"{tag}: acknowledged but not in the database")
                if engagements == rows:
                    committed.append((tag, rows))
                    audited += 1
                for earlier, n in committed:
                    found = counts(db, earlier)[0]
                    if found < n:
                        tally.problem("lost", f"{earlier}'s committed import lost after {tag}")
                    elif found > n:
                        tally.problem("duplicated", f"{earlier}: {found} engagements of {n}")
                if imports_audited(db) != audited:
                    tally.problem("half_written", f"{tag}: audit log does not match imports")
                integrity = db.integrity()
                if integrity != "ok":
                    tally.problem("half_written", f"{tag}: {integrity}")
                if landed:
                    break
        tally.acknowledged += 1  # the calibration import
    finally:
        zygote.close()
    return tally
