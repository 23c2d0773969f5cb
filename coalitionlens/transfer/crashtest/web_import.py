"""Scenario ``web-import``: the server killed while it applies an uploaded file.

A coordinator (signed in once; the session lives in the database) uploads a CSV through the import
page, opens its preview and presses "Apply". The server's worker processes are stopped, the phase
read, and killed at a moment drawn inside the span an unkilled apply took (calibration). gunicorn
forks new workers; then the batch must be wholly applied (status "applied", every row, its
participations and one audit entry) or not at all (status "previewed", no row), and pressing
"Apply" again — what the coordinator does next — must leave exactly one copy of every row.
"""

from __future__ import annotations

import random
import threading
import time
import uuid

from coalitionlens.transfer.crashtest.harness import (
    ACKNOWLEDGED,
    ATTEMPTS,
    BEFORE,
    COMMITTED,
    WRITING,
    Client,
    Database,
    Engine,
    Server,
    Tally,
    freeze_and_kill,
)
from coalitionlens.transfer.crashtest.imports import counts, imports_audited, write_csv
from coalitionlens.transfer.crashtest.seed import SLUG

PASSWORD = "lens-demo-2026"  # noqa: S105 - the published demo password of the fictional accounts


def multipart(fields: dict[str, str], name: str, filename: str, data: bytes) -> tuple[bytes, str]:
    boundary = uuid.uuid4().hex
    parts = []
    for key, value in fields.items():
        parts.append(
            f'--{boundary}\r\nContent-Disposition: form-data; name="{key}"\r\n\r\n{value}\r\n'.encode()
        )
    parts.append(
        (
            f'--{boundary}\r\nContent-Disposition: form-data; name="{name}"; '
            f'filename="{filename}"\r\nContent-Type: text/csv\r\n\r\n'
        ).encode()
        + data
        + b"\r\n"
    )
    parts.append(f"--{boundary}--\r\n".encode())
    return b"".join(parts), f"multipart/form-data; boundary={boundary}"


def signed_in(server: Server) -> Client:
    client = Client(server.base)
    client.sign_in(f"coordinator@{SLUG}.demo", PASSWORD)
    return client


def upload(client: Client, db: Database, tag: str, rows: int, rng: random.Random) -> int:
    """Upload and preview a CSV; returns the batch's id."""
    path = db.datadir / f"{tag.replace(' ', '_')}.csv"
    write_csv(path, tag, rows, rng)
    client.request(f"/c/{SLUG}/import/")
    body, kind = multipart(
        {"csrfmiddlewaretoken": client.csrf(), "kind": "engagements"},
        "file",
        path.name,
        path.read_bytes(),
    )
    status, page, where = client.request(f"/c/{SLUG}/import/", body, headers={"Content-Type": kind})
    if status != 302 or "/import/" not in where:
        raise SystemExit(f"upload refused ({status}): {page[:500]}")
    pk = int(where.rstrip("/").rsplit("/", 1)[1])
    status, page, _ = client.request(f"/c/{SLUG}/import/{pk}/")
    if status != 200:
        raise SystemExit(f"preview failed ({status})")
    return pk


class Apply:
    """The "Apply" post, in a thread, as a browser waiting for the answer."""

    def __init__(self, client: Client, db: Database, pk: int, tag: str) -> None:
        self.db, self.pk, self.tag = db, pk, tag
        self.status: int | None = None
        self.started = time.monotonic()
        self.thread = threading.Thread(target=self._post, args=(client,), daemon=True)
        self.thread.start()

    def _post(self, client: Client) -> None:
        try:
            status, _body, _where = client.request(
                f"/c/{SLUG}/import/{self.pk}/apply/", {"csrfmiddlewaretoken": client.csrf()}
            )
            self.status = status
        except OSError:
            self.status = None  # connection cut by the kill: no answer

    def phase(self) -> str:
        if self.status is not None:
            return ACKNOWLEDGED
        if self.db.writers():
            return WRITING
        if batch_status(self.db, self.pk) == "APPLIED":
            return COMMITTED
        return BEFORE


def batch_status(db: Database, pk: int) -> str:
    return str(db.one("SELECT status FROM transfer_importbatch WHERE id = %s", (pk,))).upper()


def run(engine: Engine, runs: int, rng: random.Random, rows: int = 600) -> Tally:
    tally = Tally("web-import", engine.name)
    db = engine.copy("web_import")
    server = Server(db.env(), db.datadir / "server.log")
    server.start()
    try:
        client = signed_in(server)
        pk = upload(client, db, "calibration", rows, rng)
        job = Apply(client, db, pk, "calibration")
        begin = end = None
        while end is None:
            now = time.monotonic() - job.started
            if begin is None and db.writers():
                begin = now
            if job.status is not None:
                end = now
            time.sleep(0.005)
        if job.status != 302 or counts(db, "calibration")[0] != rows:
            raise SystemExit(f"the calibration apply failed (status {job.status})")
        begin = begin if begin is not None else 0.0
        print(f"  {engine.name} web-import: apply of {rows} rows writing {begin:.2f}–{end:.2f} s")
        tally.acknowledged += 1
        committed = [("calibration", rows)]
        audited = imports_audited(db)
        for number in range(runs):
            tally.runs += 1
            for attempt in range(ATTEMPTS):
                tag = f"web {number:03d}.{attempt}"
                pk = upload(client, db, tag, rows, rng)
                delay = rng.uniform(begin, end)
                job = Apply(client, db, pk, tag)
                time.sleep(max(0.0, delay - (time.monotonic() - job.started)))
                where, backends = freeze_and_kill(server.worker_pids(), job.phase, db)
                job.thread.join(60)
                db.settle(backends)
                landed = tally.kill(where)
                acknowledged = job.status == 302
                tally.acknowledged += acknowledged
                check(tally, db, tag, pk, rows, acknowledged)
                server.wait_ready()
                # What the coordinator does next: press "Apply" again.
                status, _b, _w = client.request(
                    f"/c/{SLUG}/import/{pk}/apply/", {"csrfmiddlewaretoken": client.csrf()}
                )
                if status != 302:
                    tally.problem("lost", f"{tag}: the second apply answered {status}")
                found = counts(db, tag)[0]
                if found > rows:
                    tally.problem("duplicated", f"{tag}: {found} rows after applying again")
                elif found < rows or batch_status(db, pk) != "APPLIED":
                    tally.problem("lost", f"{tag}: {found} of {rows} rows after applying again")
                committed.append((tag, rows))
                audited += 1
                if imports_audited(db) != audited:
                    tally.problem("duplicated", f"{tag}: {imports_audited(db)} imports audited")
                    audited = imports_audited(db)
                for earlier, n in committed:
                    if counts(db, earlier)[0] != n:
                        tally.problem("lost", f"{earlier}: no longer {n} rows after {tag}")
                if landed:
                    break
        # The whole server killed and started again: everything acknowledged is still there.
        server.stop()
        server.start()
        for earlier, n in committed:
            if counts(db, earlier)[0] != n:
                tally.problem("lost", f"{earlier}: not {n} rows after the server restarted")
        integrity = db.integrity()
        if integrity != "ok":
            tally.problem("half_written", integrity)
    finally:
        server.stop()
    return tally


def check(tally: Tally, db: Database, tag: str, pk: int, rows: int, acknowledged: bool) -> None:
    engagements, participants = counts(db, tag)
    status = batch_status(db, pk)
    if engagements not in (0, rows) or participants != 2 * engagements:
        tally.problem("half_written", f"{tag}: {engagements} rows, {participants} ties")
    elif (engagements == rows) != (status == "APPLIED"):
        tally.problem("half_written", f"{tag}: {engagements} rows but the batch is {status}")
    if acknowledged and engagements == 0:
        tally.problem("lost", f"{tag}: acknowledged, not in the database")
