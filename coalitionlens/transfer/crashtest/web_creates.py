"""Scenario ``web-creates``: engagement create forms posted while the server dies, then resent.

A signed-in coordinator posts a burst of engagement create forms, each with the hidden
``once_key`` its form carried (kit/once.py). Once one of the posts (drawn at random) is on its way,
the server's workers are killed at a moment drawn inside the time an unkilled post takes to be
answered; the kill landed when that post's write transaction was open, or it was committed and not
yet answered (the case a resend would double without the key). After the restart the browser resends each post that got
no answer with the same key, and goes on. Then every title acknowledged is there (lost 0), and no
title is there twice (duplicated 0): a resent key is answered with the first result.
"""

from __future__ import annotations

import http.client
import random
import re
import threading
import time

from coalitionlens.transfer.crashtest.harness import (
    ACKNOWLEDGED,
    ATTEMPTS,
    BEFORE,
    COMMITTED,
    WRITING,
    Client,
    Engine,
    Server,
    Tally,
    freeze_and_kill,
)
from coalitionlens.transfer.crashtest.seed import SLUG
from coalitionlens.transfer.crashtest.web_import import signed_in

BURST = 6


class Burst:
    def __init__(self, client: Client, tag: str, orgs: list[int]) -> None:
        self.client, self.tag, self.orgs = client, tag, orgs
        self.acked: list[str] = []
        self.pending: dict[str, dict[str, str]] = {}
        self.done = False
        self.posting = threading.Event()  # set while a create post is on its way
        self.spans: list[float] = []

    def form(self, title: str) -> dict[str, str]:
        _s, html, _ = self.client.request(f"/c/{SLUG}/engagements/new/")
        key = re.search(r'name="once_key" value="([0-9a-f]+)"', html)
        token = re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', html)
        if key is None or token is None:
            raise SystemExit("the engagement create form carries no once_key")
        return {
            "csrfmiddlewaretoken": token.group(1),
            "once_key": key.group(1),
            "date": "2026-06-01",
            "practice_type": "JOINT_EVENT",
            "title": title,
            "leads": str(self.orgs[0]),
            "counterparts": str(self.orgs[1]),
            "initiated_by": "COALITION",
            "outcome": "PENDING",
            "confidentiality": "INTERNAL",
        }

    def post(self, title: str, data: dict[str, str]) -> None:
        self.pending[title] = data
        self.posting.set()
        started = time.monotonic()
        status, body, _where = self.client.request(f"/c/{SLUG}/engagements/new/", data)
        self.posting.clear()
        self.spans.append(time.monotonic() - started)
        if status != 302:
            raise SystemExit(f"create refused ({status}): {body[:300]}")
        del self.pending[title]
        self.acked.append(title)

    def go(self) -> None:
        try:
            for k in range(BURST):
                title = f"{self.tag} create {k}"
                if title in self.acked or title in self.pending:
                    continue
                self.post(title, self.form(title))
            self.done = True
        except (OSError, http.client.HTTPException):
            pass  # the harness's own kill cut the connection: the post stays pending, resent later

    def resend(self) -> None:
        for title, data in list(self.pending.items()):
            self.post(title, data)
        self.go()


def run(engine: Engine, runs: int, rng: random.Random) -> Tally:
    tally = Tally("web-creates", engine.name)
    db = engine.copy("web_creates")
    orgs = [int(r[0]) for r in db.query("SELECT id FROM coalitions_organisation ORDER BY id")][:2]
    server = Server(db.env(), db.datadir / "server.log")
    server.start()

    def titles(tag: str) -> list[str]:
        like = f"{tag} create %"
        return [
            str(r[0])
            for r in db.query(
                "SELECT title FROM engagements_engagement WHERE title LIKE %s", (like,)
            )
        ]

    try:
        client = signed_in(server)
        calibration = Burst(client, "calibration", orgs)
        calibration.go()
        span = sorted(calibration.spans)[len(calibration.spans) // 2]
        print(f"  {engine.name} web-creates: a create post is answered in {span:.3f} s")
        acknowledged: list[str] = list(titles("calibration"))
        for number in range(runs):
            tally.runs += 1
            for attempt in range(ATTEMPTS):
                burst = Burst(client, f"c{number:03d}.{attempt}", orgs)
                thread = threading.Thread(target=burst.go, daemon=True)
                # Triggered by the marker: once the k-th create post is on its way, a moment
                # inside the time a post takes to be answered.
                k = rng.randrange(BURST)
                thread.start()
                deadline = time.monotonic() + 60
                while not (burst.done or (len(burst.acked) >= k and burst.posting.is_set())):
                    if time.monotonic() > deadline:
                        break
                    time.sleep(0.0005)
                time.sleep(rng.uniform(0.3 * span, span))

                def phase(burst: Burst = burst) -> str:
                    # About the post in flight: landed when its write transaction is open, or
                    # it is committed and its answer has not arrived.
                    flying = [t for t in burst.pending if t not in burst.acked]
                    stored = set(titles(burst.tag))
                    if any(t in stored for t in flying):
                        return COMMITTED
                    if flying and db.writers():
                        return WRITING
                    return ACKNOWLEDGED if burst.done or not flying else BEFORE

                where, backends = freeze_and_kill(server.worker_pids(), phase, db)
                thread.join(60)
                db.settle(backends)
                landed = tally.kill(where)
                server.wait_ready()
                burst.resend()
                acknowledged += burst.acked
                if landed:
                    break
        stored: dict[str, int] = {}
        for (title,) in db.query(
            "SELECT title FROM engagements_engagement WHERE title LIKE %s", ("% create %",)
        ):
            stored[str(title)] = stored.get(str(title), 0) + 1
        tally.acknowledged = len(acknowledged)
        for title in acknowledged:
            if title not in stored:
                tally.problem("lost", f"{title}: acknowledged, not stored")
        for title, n in stored.items():
            if n > 1:
                tally.problem("duplicated", f"{title}: stored {n} times")
    finally:
        server.stop()
    return tally
