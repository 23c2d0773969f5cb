"""Scenario ``survey``: respondents answer and submit through their links while the server dies.

Each run is one respondent (a fresh invitation link) going through the whole survey as a browser
does: consent, every section ("Save and continue"), then "submit". The answers are filled the same
way for every respondent, so the number of answers stored after each section is known from an
unkilled calibration respondent. The server's workers are killed at a moment drawn inside the span
between the consent and the submit's answer. Then:

* all-or-nothing: the respondent's stored answers are exactly the count after the last section
  the browser saw answered, or after the one in flight — never part of a section;
* the browser resends what got no answer, finishes and submits: the response is then complete,
  submitted once, and no respondent has two responses; every earlier respondent's submitted
  answers are still there, and the round counts each submitted response once.
"""

from __future__ import annotations

import http.client
import json
import random
import re
import threading
import time
from html.parser import HTMLParser
from pathlib import Path
from typing import Any

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


class _Form(HTMLParser):
    """The fields of a survey section's form, filled the same way every time."""

    def __init__(self) -> None:
        super().__init__()
        self.fields: list[tuple[str, str]] = []
        self._radios: set[str] = set()
        self._checks: dict[str, int] = {}
        self._select: str | None = None
        self._options: list[str] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        a = {k: v or "" for k, v in attrs}
        name = a.get("name", "")
        if tag == "input" and name:
            kind = a.get("type", "text")
            if kind == "hidden" or kind == "text":
                self.fields.append((name, a.get("value", "")))
            elif kind == "radio" and a.get("value") and name not in self._radios:
                self._radios.add(name)
                self.fields.append((name, a["value"]))
            elif kind == "checkbox" and self._checks.get(name, 0) < 3:
                self._checks[name] = self._checks.get(name, 0) + 1
                self.fields.append((name, a.get("value", "on")))
        elif tag == "select" and name:
            self._select, self._options = name, []
        elif tag == "option" and self._select and a.get("value"):
            self._options.append(a["value"])

    def handle_endtag(self, tag: str) -> None:
        if tag == "select" and self._select:
            if self._options:
                self.fields.append((self._select, self._options[-1]))
            self._select = None


def filled(html: str) -> list[tuple[str, str]]:
    form = _Form()
    form.feed(html)
    return form.fields


class Respondent:
    """One respondent's answering, step by step; ``steps_answered`` is what the browser saw."""

    def __init__(self, client: Client, token: str) -> None:
        self.client, self.token = client, token
        self.steps_answered = 0  # consent = 1, each section +1, the submit +1
        self.in_flight = False
        self.next_path = ""
        self.done = False

    def _post(self, path: str, fields: list[tuple[str, str]] | dict[str, Any]) -> tuple[int, str]:
        data = fields if isinstance(fields, dict) else _encode(fields)
        self.in_flight = True
        status, _body, where = self.client.request(path, data)
        self.in_flight = False
        if status not in (302, 303):
            raise SystemExit(f"survey post to {path} answered {status}")
        self.steps_answered += 1
        return status, where

    def step(self) -> bool:
        """Do the next step; False when submitted."""
        base = f"/s/{self.token}/"
        if self.steps_answered == 0:
            if not self.client.csrf():
                self.client.request(base)
            _s, where = self._post(
                base, {"csrfmiddlewaretoken": self.client.csrf(), "consent": "yes"}
            )
            self.next_path = _path(where)
            return True
        if "/p/" in self.next_path:
            _status, html, _ = self.client.request(self.next_path)
            fields = filled(html)
            _s, where = self._post(self.next_path, fields)
            self.next_path = _path(where)
            return True
        if not self.done:
            self._post(base + "submit/", {"csrfmiddlewaretoken": self.client.csrf()})
            self.done = True
        return False

    def finish(self) -> None:
        try:
            while self.step():
                pass
        except (OSError, http.client.HTTPException):
            self.in_flight = False  # the answer was cut off by the kill


def _encode(fields: list[tuple[str, str]]) -> bytes:
    import urllib.parse

    return urllib.parse.urlencode(fields).encode()


def _path(location: str) -> str:
    return re.sub(r"^https?://[^/]+", "", location)


def answers(db: Database, respondent_pk: int) -> tuple[int, int, int]:
    """(responses, answers, submitted) of a respondent."""
    rows = db.query(
        "SELECT count(DISTINCT r.id), count(a.id), count(DISTINCT CASE WHEN r.submitted_at IS NOT"
        " NULL THEN r.id END) FROM surveys_response r LEFT JOIN surveys_answer a ON"
        " a.response_id = r.id WHERE r.respondent_id = %s",
        (respondent_pk,),
    )
    return int(rows[0][0]), int(rows[0][1]), int(rows[0][2])


def run(engine: Engine, runs: int, rng: random.Random) -> Tally:
    tally = Tally("survey", engine.name)
    db = engine.copy("survey")
    tokens: list[str] = json.loads(
        Path(engine.workdir / "template" / "survey-links.json").read_text()
    )
    hashes = _hashes(db)
    server = Server(db.env(), db.datadir / "server.log")
    server.start()
    try:
        # Calibration: the answer count after each step, and how long a respondent takes.
        token = tokens.pop()
        who = Respondent(Client(server.base), token)
        pk = hashes(token)
        expected = [0]
        started = time.monotonic()
        while True:
            more = who.step()
            expected.append(answers(db, pk)[1])
            if not more:
                break
        # The span of an answering without the counting in between (another respondent).
        started = time.monotonic()
        timing = tokens.pop()
        Respondent(Client(server.base), timing).finish()
        span = time.monotonic() - started
        if answers(db, pk) != (1, expected[-1], 1) or expected[-1] == 0:
            raise SystemExit("the calibration respondent's answers were not stored")
        print(
            f"  {engine.name} survey: {len(expected) - 1} steps, {expected[-1]} answers, {span:.2f} s"
        )
        tally.acknowledged += 1
        finished = [pk, hashes(timing)]
        for number in range(runs):
            tally.runs += 1
            for _attempt in range(ATTEMPTS):
                token = tokens.pop()
                pk = hashes(token)
                who = Respondent(Client(server.base), token)
                thread = threading.Thread(target=who.finish, daemon=True)
                delay = rng.uniform(0.1 * span, 0.9 * span)
                thread.start()
                time.sleep(delay)

                def phase(who: Respondent = who, pk: int = pk) -> str:
                    if who.done and not who.in_flight:
                        return ACKNOWLEDGED
                    if db.writers():
                        return WRITING
                    return COMMITTED if answers(db, pk)[0] else BEFORE

                where, backends = freeze_and_kill(server.worker_pids(), phase, db)
                thread.join(60)
                db.settle(backends)
                landed = tally.kill(where)
                responses, stored, _submitted = answers(db, pk)
                seen = who.steps_answered
                allowed = {expected[min(seen, len(expected) - 1)]}
                if seen + 1 < len(expected):
                    allowed.add(expected[seen + 1])
                if responses > 1:
                    tally.problem("duplicated", f"run {number}: {responses} responses")
                if stored not in allowed:
                    tally.problem(
                        "half_written" if stored > min(allowed) else "lost",
                        f"run {number}: {stored} answers after step {seen}, not one of {allowed}",
                    )
                tally.acknowledged += seen
                # The browser resends what got no answer, goes on and submits.
                server.wait_ready()
                who.finish()
                if not who.done:
                    tally.problem("lost", f"run {number}: could not finish after the restart")
                if answers(db, pk) != (1, expected[-1], 1):
                    tally.problem("lost", f"run {number}: {answers(db, pk)} after finishing")
                finished.append(pk)
                if landed:
                    break
        server.stop()
        server.start()
        for pk in finished:
            if answers(db, pk) != (1, expected[-1], 1):
                tally.problem("lost", f"respondent {pk}: {answers(db, pk)} after the restart")
        submitted = db.one("SELECT count(*) FROM surveys_response WHERE submitted_at IS NOT NULL")
        if int(submitted) != len(finished):
            tally.problem("duplicated", f"{submitted} submitted responses for {len(finished)}")
        integrity = db.integrity()
        if integrity != "ok":
            tally.problem("half_written", integrity)
    finally:
        server.stop()
    return tally


def _hashes(db: Database) -> Any:
    import hashlib

    table = {
        str(h): int(pk)
        for pk, h in db.query(
            "SELECT id, token_hash FROM surveys_respondent WHERE token_hash IS NOT NULL"
        )
    }

    def lookup(token: str) -> int:
        return table[hashlib.sha256(token.encode()).hexdigest()]

    return lookup
