"""A report whose worker dies is retried once by another worker, then marked failed: real worker
processes (``python -m django db_worker``) killed with SIGKILL mid-job, on a SQLite file or on
PostgreSQL's test database."""

from __future__ import annotations

import json
import os
import signal
import socket
import sqlite3
import subprocess
import sys
import time
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import pytest
from django.db import connection

# Transactional: on PostgreSQL the workers share the test database, and what they commit is flushed.
pytestmark = [pytest.mark.slow, pytest.mark.django_db(transaction=True)]

LEASE = 2  # seconds: a dead worker is noticed quickly
SLOW = "0.5"  # seconds each step of a report takes in these workers, so a kill lands mid-job


@dataclass
class World:
    """The database the workers share, how to read it from outside Django, and the workers."""

    env: dict[str, str]
    sqlite_path: Path | None
    pg: dict[str, Any] | None
    logs: Path
    workers: list[subprocess.Popen[bytes]] = field(default_factory=list)

    def query(self, sql: str, *params: Any) -> list[tuple[Any, ...]]:
        if self.sqlite_path is not None:
            with sqlite3.connect(self.sqlite_path, timeout=30) as c:
                return c.execute(sql, params).fetchall()
        import psycopg

        assert self.pg is not None
        with psycopg.connect(**self.pg, autocommit=True) as c:
            return c.execute(sql.replace("?", "%s"), params).fetchall()

    def report(self, pk: int) -> dict[str, Any]:
        (row,) = self.query(
            "SELECT status, attempt, progress, worker, failure, length(content)"
            " FROM reports_report WHERE id = ?",
            pk,
        )
        return dict(
            zip(["status", "attempt", "progress", "worker", "failure", "size"], row, strict=True)
        )

    def drive(self, *args: str) -> dict[str, Any]:
        out = subprocess.run(
            [sys.executable, "-m", "coalitionlens.reports.tests.worker_driver", *args],
            env=self.env,
            capture_output=True,
            text=True,
            timeout=300,
        )
        assert out.returncode == 0, out.stderr
        return json.loads(out.stdout.strip().splitlines()[-1])

    def start_worker(self, *, slow: str | None = SLOW) -> subprocess.Popen[bytes]:
        env = dict(self.env)
        if slow:
            env["COALITIONLENS_TEST_SLOW_REPORT"] = slow
        log = (self.logs / f"worker-{len(self.workers)}.log").open("wb")
        worker = subprocess.Popen(
            [
                sys.executable,
                "-m",
                "django",
                "db_worker",
                "--settings=coalitionlens.web.settings",
                "--interval=0.2",
                "--no-startup-delay",
                "--no-reload",
            ],
            env=env,
            stdout=log,
            stderr=subprocess.STDOUT,
        )
        self.workers.append(worker)
        return worker

    def wait_for(self, pk: int, what: str, check: Any, timeout: float = 90) -> dict[str, Any]:
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            row = self.report(pk)
            if check(row):
                return row
            for w in self.workers:
                if w.poll() not in (None, -signal.SIGKILL):
                    pytest.fail(f"a worker exited with {w.returncode}:\n{self.worker_logs()}")
            time.sleep(0.1)
        pytest.fail(f"report {pk} never {what}: {self.report(pk)}\n{self.worker_logs()}")

    def worker_logs(self) -> str:
        return "\n".join(p.read_text(errors="replace") for p in sorted(self.logs.glob("*.log")))


@pytest.fixture(scope="session")
def _migrated_sqlite(tmp_path_factory: Any) -> Path:
    """A SQLite file migrated once (from zero, as `migrate` does it) that each test copies."""
    path = tmp_path_factory.mktemp("workers") / "migrated.sqlite3"
    env = {k: v for k, v in os.environ.items() if not k.startswith("COALITIONLENS_")}
    env.update(DATABASE_URL="", COALITIONLENS_SQLITE_PATH=str(path))
    env["COALITIONLENS_DATA_DIR"] = str(path.parent)
    env.pop("DJANGO_SETTINGS_MODULE", None)
    subprocess.run(
        [sys.executable, "-m", "django", "migrate", "--settings=coalitionlens.web.settings"],
        env=env,
        check=True,
        capture_output=True,
        timeout=600,
    )
    return path


@pytest.fixture
def world(request: Any, tmp_path: Path) -> Iterator[World]:
    env = {k: v for k, v in os.environ.items() if not k.startswith("COALITIONLENS_")}
    env.pop("DJANGO_SETTINGS_MODULE", None)
    env.update(
        COALITIONLENS_DATA_DIR=str(tmp_path),
        COALITIONLENS_REPORT_LEASE_SECONDS=str(LEASE),
        COALITIONLENS_INSECURE_HTTP="1",
    )
    sqlite_path = pg = None
    if connection.vendor == "sqlite":
        sqlite_path = tmp_path / "workers.sqlite3"
        with (
            sqlite3.connect(request.getfixturevalue("_migrated_sqlite")) as source,
            sqlite3.connect(sqlite_path) as target,
        ):
            source.backup(target)  # the WAL's pages too
        env["DATABASE_URL"] = ""
        env["COALITIONLENS_SQLITE_PATH"] = str(sqlite_path)
    else:
        db = connection.settings_dict
        pg = {
            "host": db["HOST"] or "127.0.0.1",
            "port": db["PORT"] or 5432,
            "user": db["USER"],
            "password": db["PASSWORD"] or None,
            "dbname": db["NAME"],
        }
        auth = db["USER"] + (f":{db['PASSWORD']}" if db["PASSWORD"] else "")
        env["DATABASE_URL"] = f"postgresql://{auth}@{pg['host']}:{pg['port']}/{db['NAME']}"
    w = World(env=env, sqlite_path=sqlite_path, pg=pg, logs=tmp_path)
    yield w
    for worker in w.workers:
        if worker.poll() is None:
            worker.kill()
        worker.wait()


def _kill_mid_job(world: World, worker: subprocess.Popen[bytes], pk: int, attempt: int) -> None:
    """Wait until ``worker`` is well into ``attempt`` of the report, SIGKILL it, and check the
    kill landed mid-job (the row still says running, as its dead worker left it)."""
    row = world.wait_for(
        pk,
        f"got under way on attempt {attempt}",
        lambda r: r["status"] == "running" and r["attempt"] == attempt and r["progress"] >= 20,
    )
    assert row["worker"] == f"{socket.gethostname()}:{worker.pid}"
    worker.send_signal(signal.SIGKILL)
    worker.wait()
    row = world.report(pk)
    assert (row["status"], row["attempt"]) == ("running", attempt), "the job ended before the kill"
    assert row["progress"] < 100


def test_a_report_whose_worker_is_killed_is_finished_by_the_next_worker(world):
    pk = world.drive("request")["report"]
    _kill_mid_job(world, world.start_worker(), pk, attempt=1)

    second = world.start_worker(slow=None)
    row = world.wait_for(pk, "was made", lambda r: r["status"] in ("done", "failed"))
    assert row["status"] == "done"
    assert row["attempt"] == 2
    assert row["worker"] == f"{socket.gethostname()}:{second.pid}"
    assert row["size"] > 1000
    (content,) = world.query("SELECT content FROM reports_report WHERE id = ?", pk)[0]
    assert b"Recovery Coalition" in bytes(content)
    # The dead worker's task is closed, not left running for ever; the retry was a task of its own.
    # The worker marks the report done, then its task: on a loaded machine the query can fall
    # between the two, so wait (a bounded while) for the task to leave RUNNING.
    deadline = time.monotonic() + 30
    while True:
        tasks = world.query(
            "SELECT status, exception_class_path FROM django_tasks_database_dbtaskresult"
            " ORDER BY enqueued_at"
        )
        if all(status != "RUNNING" for status, _ in tasks) or time.monotonic() > deadline:
            break
        time.sleep(0.1)
    assert tasks == [
        ("FAILED", "coalitionlens.reports.tasks.WorkerStopped"),
        ("SUCCESSFUL", ""),
    ]
    page = world.drive("page", str(pk))
    assert page["status_code"] == 200
    assert page["refresh"] is None  # a finished report's page stops reloading itself
    assert 'data-testid="report-download"' in page["html"]


def test_a_report_whose_two_workers_are_killed_fails_with_its_reason_and_an_audit_entry(world):
    pk = world.drive("request")["report"]
    _kill_mid_job(world, world.start_worker(), pk, attempt=1)
    _kill_mid_job(world, world.start_worker(), pk, attempt=2)

    time.sleep(LEASE + 0.5)  # the second lease runs out; no worker is left: the page notices
    page = world.drive("page", str(pk))
    assert page["status_code"] == 200
    assert "The worker stopped while making this report, twice." in page["html"]
    assert page["refresh"] is None
    row = world.report(pk)
    assert (row["status"], row["attempt"], row["failure"]) == ("failed", 2, "worker-stopped")
    entries = world.query(
        "SELECT action, summary FROM audit_auditentry"
        " WHERE object_type = 'reports.report' AND object_id = ?",
        str(pk),
    )
    assert entries == [
        ("update", f"report {pk} failed on attempt 2: the worker stopped while making it, twice")
    ]


def test_a_worker_that_outlasts_its_lease_in_one_step_keeps_the_job(world):
    """A single step longer than the lease (a long PDF): the heartbeat thread renews the lease,
    so the reaper of an idle worker alongside never takes the job over."""
    pk = world.drive("request")["report"]
    busy = world.start_worker(slow=str(LEASE + 0.5))
    world.wait_for(pk, "started", lambda r: r["status"] == "running")
    world.start_worker(slow=None)  # idle: its reaper looks every second
    row = world.wait_for(pk, "was made", lambda r: r["status"] in ("done", "failed"), timeout=180)
    assert (row["status"], row["attempt"]) == ("done", 1)
    assert row["worker"] == f"{socket.gethostname()}:{busy.pid}"


@pytest.mark.parametrize("threads", [2, 8])
def test_one_of_several_processes_takes_over_an_expired_job(world, threads):
    out = world.drive("race", str(threads))
    assert out["errors"] == []
    assert out["won"] == ["retried"]
    assert out["lost"] == threads - 1
    assert out["tasks"] == [[out["report"], 2]]  # attempt 2 queued once
    assert out["status"] == "queued"
