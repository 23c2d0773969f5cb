"""Scenario ``report-worker``: the task worker killed while it makes a report.

A coordinator asks for an HTML report through a real ``coalitionlens serve``; the report worker
(``db_worker``, forked from the zygote, with a 1-second lease) starts it, and is killed at a moment
drawn inside the span an unkilled report took from "running" to "done", counted from the moment the
report is seen running. A new worker is started; it must notice the lost lease, retry the report
once and finish it, or — when the retry's worker is killed too (every fourth run) — mark it failed
with its reason. At the end no report is left running or waiting, every finished report has its
file, every failed one its reason, and no request made two reports.
"""

from __future__ import annotations

import random
import re
import time

from coalitionlens.transfer.crashtest.harness import (
    ACKNOWLEDGED,
    ATTEMPTS,
    BEFORE,
    COMMITTED,
    WRITING,
    Database,
    Engine,
    Server,
    Tally,
    Zygote,
    freeze_and_kill,
)
from coalitionlens.transfer.crashtest.seed import SLUG
from coalitionlens.transfer.crashtest.web_import import signed_in

LEASE = 1


def status(db: Database, pk: int) -> tuple[str, int, str, int]:
    row = db.query(
        "SELECT status, attempt, failure, length(content) FROM reports_report WHERE id = %s", (pk,)
    )[0]
    return str(row[0]), int(row[1]), str(row[2]), int(row[3] or 0)


def wait_status(db: Database, pk: int, wanted: tuple[str, ...], timeout: float) -> str:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        now = status(db, pk)[0]
        if now in wanted:
            return now
        time.sleep(0.005)
    return status(db, pk)[0]


def retried(db: Database, pk: int, timeout: float) -> bool:
    """Wait until the report is being made again by a second attempt."""
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        state, attempt, _f, _s = status(db, pk)
        if state == "running" and attempt > 1:
            return True
        if state in ("done", "failed"):
            return False
        time.sleep(0.005)
    return False


def run(engine: Engine, runs: int, rng: random.Random) -> Tally:
    tally = Tally("report-worker", engine.name)
    db = engine.copy("reports")
    env = {**db.env(), "COALITIONLENS_REPORT_LEASE_SECONDS": str(LEASE)}
    server = Server(env, db.datadir / "server.log")
    server.start()
    zygote = Zygote(env)
    worker = zygote.spawn(db.datadir / "worker.out", manage=["db_worker"])
    client = signed_in(server)

    def request() -> int:
        html = client.request(f"/c/{SLUG}/reports/")[1]
        token = re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', html)
        if token is None:
            raise SystemExit("the reports page has no form")
        code, body, where = client.request(
            f"/c/{SLUG}/reports/",
            {"csrfmiddlewaretoken": token.group(1), "format": "html", "language": "en"},
        )
        found = re.search(r"/reports/(\d+)/", where)
        if code != 302 or found is None:
            raise SystemExit(f"report request refused ({code}): {body[:300]}")
        return int(found.group(1))

    requested: list[int] = []
    try:
        spans = []
        for _k in range(2):  # the second is the one that counts: the first warms the worker up
            pk = request()
            requested.append(pk)
            if wait_status(db, pk, ("running",), 120) != "running":
                raise SystemExit("the report worker did not start the calibration report")
            started = time.monotonic()
            if wait_status(db, pk, ("done", "failed"), 300) != "done":
                raise SystemExit(f"the calibration report did not finish: {status(db, pk)}")
            spans.append(time.monotonic() - started)
        span = spans[-1]
        print(f"  {engine.name} report-worker: an HTML report runs {span:.2f} s")
        tally.acknowledged += 2
        for number in range(runs):
            tally.runs += 1
            for _attempt in range(ATTEMPTS):
                pk = request()
                requested.append(pk)
                wait_status(db, pk, ("running", "done", "failed"), 120)
                time.sleep(rng.uniform(0.0, 0.9 * span))

                def phase(pk: int = pk) -> str:
                    now = status(db, pk)[0]
                    if now in ("done", "failed"):
                        return ACKNOWLEDGED
                    if now == "running":
                        return WRITING if db.writers() else COMMITTED
                    return BEFORE

                where, backends = freeze_and_kill([worker], phase, db, group=True)
                zygote.wait(worker)
                db.settle(backends)
                landed = tally.kill(where)
                worker = zygote.spawn(db.datadir / "worker.out", manage=["db_worker"])
                # Every fourth run the retry's worker dies too: the report must then fail, with
                # its reason.
                if landed and number % 4 == 3 and retried(db, pk, 30 * LEASE + 30):
                    freeze_and_kill([worker], phase, db, group=True)
                    zygote.wait(worker)
                    worker = zygote.spawn(db.datadir / "worker.out", manage=["db_worker"])
                final = wait_status(db, pk, ("done", "failed"), 20 * LEASE + 10 * span + 30)
                state, _attempts, failure, size = status(db, pk)
                if final not in ("done", "failed"):
                    tally.problem("lost", f"report {pk} stuck {state} after its worker died")
                elif state == "done":
                    tally.acknowledged += 1
                    if size == 0:
                        tally.problem("half_written", f"report {pk} done without its file")
                elif not failure:
                    tally.problem("lost", f"report {pk} failed without a reason")
                if landed:
                    break
        stuck = db.query(
            "SELECT id, status FROM reports_report WHERE status IN ('queued', 'running')"
        )
        for pk, state in stuck:
            tally.problem("lost", f"report {pk} left {state}")
        made = int(db.one("SELECT count(*) FROM reports_report"))
        if made != len(requested):
            tally.problem("duplicated", f"{made} reports for {len(requested)} requests")
    finally:
        zygote.close()
        server.stop()
    return tally
