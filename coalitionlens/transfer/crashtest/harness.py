"""What every scenario shares: the databases, the processes, the kill that proves where it landed.

* **Databases**: one template database per engine is migrated and seeded once (:mod:`.seed`); every
  scenario gets a copy under a name of its own (``crashtest_<pid>_<random>_<scenario>``: a file copy
  on SQLite, ``CREATE DATABASE … TEMPLATE`` on PostgreSQL), and every one of them is dropped at the
  end. No name is fixed, so two harnesses (or the test suite) never meet.
* **Processes**: a :class:`Zygote` forks CLI commands from a process that set Django up once; a
  :class:`Server` is a real ``coalitionlens serve --workers 2`` (gunicorn), whose worker processes
  are the ones killed (the master forks new ones at once), and which is also killed whole and
  started again at the end of a scenario.
* **Kills**: :func:`freeze_and_kill` stops the target with SIGSTOP, asks the scenario what phase the
  operation was in *while nothing can move*, then sends SIGKILL. A kill counts as landed only when
  the phase shows the operation had begun and had not been acknowledged; the others are counted as
  missed and the run is tried again with a new kill time.
"""

from __future__ import annotations

import json
import os
import random
import shutil
import signal
import socket
import sqlite3
import subprocess
import sys
import threading
import time
import urllib.error
import urllib.parse
import urllib.request
from collections.abc import Callable, Iterator
from contextlib import contextmanager, suppress
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit, urlunsplit

__all__ = [
    "BEFORE",
    "Database",
    "Engine",
    "Server",
    "Tally",
    "Zygote",
    "freeze_and_kill",
]

#: Phases an operation can be in when it is frozen.
BEFORE = "before"  # not begun: nothing written, no write transaction open
WRITING = "writing"  # its write transaction is open
COMMITTED = "committed"  # committed, not yet acknowledged
ACKNOWLEDGED = "acknowledged"  # the client or the command said it was done

#: How many kill times a run draws before it counts its kill as missed (one that landed outside
#: the operation: before it began or after it was acknowledged).
ATTEMPTS = 5
LOCKED = "locked"  # SQLite: the stopped process holds a lock readers wait on; phase unknown
LANDED = (WRITING, COMMITTED)


@dataclass
class Tally:
    """What one scenario found; the line printed per scenario."""

    scenario: str
    engine: str
    runs: int = 0
    landed: int = 0
    missed: int = 0
    phases: dict[str, int] = field(default_factory=dict)
    acknowledged: int = 0
    lost: int = 0
    duplicated: int = 0
    half_written: int = 0
    problems: list[str] = field(default_factory=list)
    skipped: str = ""
    seconds: float = 0.0

    def kill(self, phase: str) -> bool:
        self.phases[phase] = self.phases.get(phase, 0) + 1
        if phase in LANDED:
            self.landed += 1
            return True
        self.missed += 1
        return False

    def problem(self, kind: str, text: str) -> None:
        setattr(self, kind, getattr(self, kind) + 1)
        self.problems.append(f"{kind.replace('_', '-')}: {text}")

    def ok(self, required: int) -> bool:
        if self.skipped:
            return True
        return not (self.lost or self.duplicated or self.half_written or self.problems) and (
            self.landed >= required
        )

    def line(self) -> str:
        name = f"{self.engine:10s} {self.scenario:13s}"
        if self.skipped:
            return f"{name} SKIPPED: {self.skipped}"
        where = ", ".join(f"{k} {v}" for k, v in sorted(self.phases.items()))
        return (
            f"{name} kills landed {self.landed}/{self.runs} (missed {self.missed}; at kill: {where}); "
            f"acknowledged {self.acknowledged}; lost {self.lost}; duplicated {self.duplicated}; "
            f"half-written {self.half_written}; {self.seconds:.0f} s"
        )


def _unique(prefix: str) -> str:
    return f"{prefix}_{os.getpid()}_{random.SystemRandom().randrange(16**8):08x}"


class Engine:
    """One engine's template database and the copies made of it."""

    def __init__(self, name: str, base_url: str, workdir: Path) -> None:
        self.name = name
        self.base_url = base_url
        self.workdir = workdir
        self.template = _unique("crashtest")
        self.copies: list[str] = []

    # --- PostgreSQL administration ----------------------------------------------------------
    def _url(self, db: str) -> str:
        return urlunsplit(urlsplit(self.base_url)._replace(path="/" + db))

    def _admin(self, statement: str) -> None:
        import psycopg

        with psycopg.connect(self._url("postgres"), autocommit=True) as connection:
            connection.execute(statement)

    def env(self, db: str, datadir: Path) -> dict[str, str]:
        env = dict(os.environ)
        env.pop("DJANGO_SETTINGS_MODULE", None)
        datadir.mkdir(parents=True, exist_ok=True)
        env.update(
            COALITIONLENS_DATA_DIR=str(datadir),
            COALITIONLENS_IMPORT_MAX_BYTES=str(1 << 30),
            COALITIONLENS_DEMO="1",
            COALITIONLENS_INSECURE_HTTP="1",
            COALITIONLENS_LOG_LEVEL="CRITICAL",
        )
        if self.name == "sqlite":
            env["DATABASE_URL"] = ""
            env["COALITIONLENS_SQLITE_PATH"] = str(self.workdir / f"{db}.sqlite3")
        else:
            env["DATABASE_URL"] = self._url(db)
        return env

    def create_template(self) -> float:
        """Migrate and seed the template database; returns the seconds it took."""
        started = time.monotonic()
        if self.name == "postgresql":
            self._admin(f'CREATE DATABASE "{self.template}"')
        env = self.env(self.template, self.workdir / "template")
        result = subprocess.run(
            [sys.executable, "-m", "coalitionlens.transfer.crashtest.seed"],
            env=env,
            capture_output=True,
            text=True,
            timeout=900,
            check=False,
        )
        if result.returncode != 0:
            raise SystemExit(f"the template database could not be made:\n{result.stderr[-3000:]}")
        if self.name == "sqlite":
            path = self.workdir / f"{self.template}.sqlite3"
            connection = sqlite3.connect(path)
            connection.execute("PRAGMA wal_checkpoint(TRUNCATE)")
            connection.close()
        return time.monotonic() - started

    def copy(self, scenario: str) -> Database:
        name = f"{self.template}_{scenario.replace('-', '_')}"
        if self.name == "sqlite":
            shutil.copyfile(
                self.workdir / f"{self.template}.sqlite3", self.workdir / f"{name}.sqlite3"
            )
        else:
            self._admin(f'CREATE DATABASE "{name}" TEMPLATE "{self.template}"')
        self.copies.append(name)
        return Database(self, name)

    def drop(self, name: str) -> None:
        if self.name == "sqlite":
            for suffix in ("", "-wal", "-shm"):
                (self.workdir / f"{name}.sqlite3{suffix}").unlink(missing_ok=True)
        else:
            self._admin(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')

    def drop_all(self) -> None:
        for name in [*self.copies, self.template]:
            try:
                self.drop(name)
            except Exception as exc:
                print(f"could not drop {name}: {exc}", file=sys.stderr)


class Database:
    """One scenario's database, read with the engine's own client (outside Django)."""

    def __init__(self, engine: Engine, name: str) -> None:
        self.engine = engine
        self.name = name
        self.path = engine.workdir / f"{name}.sqlite3"
        self.url = engine._url(name)
        self.datadir = engine.workdir / name
        self.timeout = 30.0

    @property
    def sqlite(self) -> bool:
        return self.engine.name == "sqlite"

    def env(self) -> dict[str, str]:
        return self.engine.env(self.name, self.datadir)

    def query(self, sql: str, params: tuple[Any, ...] = ()) -> list[tuple[Any, ...]]:
        if self.sqlite:
            connection = sqlite3.connect(self.path, timeout=self.timeout)
            try:
                return connection.execute(sql.replace("%s", "?"), params).fetchall()
            finally:
                connection.close()
        import psycopg

        with psycopg.connect(self.url) as pg:
            return pg.execute(sql, params).fetchall()

    def one(self, sql: str, params: tuple[Any, ...] = ()) -> Any:
        return self.query(sql, params)[0][0]

    def writers(self) -> list[int]:
        """Who holds an open transaction now (PostgreSQL: backend pids; SQLite: [0] if any).

        PostgreSQL: a session that has written in its transaction, or whose transaction spans more
        than the statement running (Django's ``atomic``; single statements run in autocommit).

        SQLite takes its write lock at BEGIN (IMMEDIATE transactions), so a writer is seen by trying
        to take the lock without waiting; the attempt is rolled back at once.
        """
        if self.sqlite:
            connection = sqlite3.connect(self.path, timeout=0, isolation_level=None)
            try:
                connection.execute("BEGIN IMMEDIATE")
                connection.execute("ROLLBACK")
                return []
            except sqlite3.OperationalError:
                return [0]
            finally:
                connection.close()
        return [
            int(row[0])
            for row in self.query(
                "SELECT pid FROM pg_stat_activity WHERE datname = current_database()"
                " AND pid <> pg_backend_pid() AND (backend_xid IS NOT NULL"
                " OR state LIKE 'idle in transaction%%' OR xact_start < query_start)"
            )
        ]

    def settle(self, backends: list[int]) -> None:
        """Wait until the killed processes' server sessions are gone (PostgreSQL).

        A backend notices that its client is gone only when it next talks to it, and a COMMIT sent
        just before the kill still completes; the database is read once those sessions have ended.
        """
        if self.sqlite or not backends:
            return
        deadline = time.monotonic() + 120
        while time.monotonic() < deadline:
            left = self.query(
                "SELECT count(*) FROM pg_stat_activity WHERE pid = ANY(%s)", (backends,)
            )[0][0]
            if left == 0:
                return
            time.sleep(0.02)
        raise SystemExit("a killed process's database session did not end")

    def integrity(self) -> str:
        if self.sqlite:
            result = self.query("PRAGMA integrity_check")
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


class Zygote:
    """Forks ``coalitionlens`` commands from one process that has set Django up (see zygote.py)."""

    def __init__(self, env: dict[str, str]) -> None:
        self.process = subprocess.Popen(
            [sys.executable, "-m", "coalitionlens.transfer.crashtest.zygote"],
            env=env,
            stdin=subprocess.PIPE,
            stdout=subprocess.PIPE,
            text=True,
        )
        self._lock = threading.Lock()
        self._exits: dict[int, int] = {}
        self._pids: list[int] = []
        self._cond = threading.Condition()
        assert self.process.stdout is not None
        if self.process.stdout.readline().strip() != "ready":
            raise SystemExit("the command zygote did not start")
        threading.Thread(target=self._read, daemon=True).start()

    def _read(self) -> None:
        assert self.process.stdout is not None
        for line in self.process.stdout:
            kind, *rest = line.split()
            with self._cond:
                if kind == "pid":
                    self._pids.append(int(rest[0]))
                elif kind == "exit":
                    self._exits[int(rest[0])] = int(rest[1])
                self._cond.notify_all()

    def spawn(
        self, out: Path, argv: list[str] | None = None, manage: list[str] | None = None
    ) -> int:
        command: dict[str, Any] = {"out": str(out)}
        if manage is not None:
            command["manage"] = manage
        else:
            command["argv"] = argv
        with self._lock, self._cond:
            before = len(self._pids)
            assert self.process.stdin is not None
            self.process.stdin.write(json.dumps(command) + "\n")
            self.process.stdin.flush()
            self._cond.wait_for(lambda: len(self._pids) > before, timeout=30)
            return self._pids[before]

    def exited(self, pid: int) -> int | None:
        with self._cond:
            return self._exits.get(pid)

    def wait(self, pid: int, timeout: float = 600) -> int:
        with self._cond:
            if not self._cond.wait_for(lambda: pid in self._exits, timeout=timeout):
                raise SystemExit(f"command {pid} did not finish in {timeout:.0f} s")
            return self._exits[pid]

    def close(self) -> None:
        if self.process.stdin:
            self.process.stdin.close()
        self.process.kill()
        self.process.wait()


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


def children(pid: int) -> list[int]:
    try:
        text = Path(f"/proc/{pid}/task/{pid}/children").read_text()
    except OSError:
        return []
    return [int(p) for p in text.split()]


class Server:
    """A real ``coalitionlens serve`` on a free loopback port (``workers`` > 1: gunicorn)."""

    def __init__(self, env: dict[str, str], log: Path, workers: int = 2) -> None:
        self.env = env
        self.log = log
        self.workers = workers
        self.port = free_port()
        self.base = f"http://127.0.0.1:{self.port}"
        self.process: subprocess.Popen[bytes] | None = None

    def start(self, timeout: float = 180) -> None:
        with self.log.open("ab") as log:
            self.process = subprocess.Popen(  # noqa: S603
                [
                    sys.executable,
                    "-c",
                    "from coalitionlens.cli.main import app; app()",
                    "serve",
                    "--port",
                    str(self.port),
                    "--workers",
                    str(self.workers),
                ],
                env=self.env,
                stdout=log,
                stderr=subprocess.STDOUT,
                start_new_session=True,
            )
        self.wait_ready(timeout)

    def wait_ready(self, timeout: float = 60) -> None:
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            if self.process is not None and self.process.poll() is not None:
                raise SystemExit(f"the server stopped: see {self.log}")
            if self.workers == 1 or len(children(self.pid)) >= self.workers:
                try:
                    login = self.base + "/accounts/login/"  # http://127.0.0.1 only
                    urllib.request.urlopen(login, timeout=5).read()  # noqa: S310  # nosec B310
                    return
                except (OSError, urllib.error.HTTPError):
                    pass
            time.sleep(0.05)
        raise SystemExit(f"the server did not answer at {self.base}: see {self.log}")

    @property
    def pid(self) -> int:
        assert self.process is not None
        return self.process.pid

    def worker_pids(self) -> list[int]:
        return children(self.pid)

    def stop(self) -> None:
        """Kill the whole server (master and workers) with SIGKILL."""
        if self.process is not None and self.process.poll() is None:
            os.killpg(self.pid, signal.SIGKILL)
            self.process.wait()


@contextmanager
def frozen(pids: list[int], *, group: bool = False) -> Iterator[None]:
    """SIGSTOP ``pids`` (process groups with ``group``) for the body, then SIGKILL them."""
    send = os.killpg if group else os.kill
    for pid in pids:
        with suppress(ProcessLookupError):
            send(pid, signal.SIGSTOP)
    try:
        yield
    finally:
        for pid in pids:
            with suppress(ProcessLookupError):
                send(pid, signal.SIGKILL)


def freeze_and_kill(
    pids: list[int], phase: Callable[[], str], db: Database, *, group: bool = False
) -> tuple[str, list[int]]:
    """Stop ``pids``, read the operation's phase, kill them. Returns (phase, their DB sessions).

    The time between the stop and the reading does not matter: a stopped process cannot advance.
    A reply already on its way is given a moment to arrive (it was sent before the stop).
    """
    with frozen(pids, group=group):
        time.sleep(0.05)
        backends = db.writers() if not db.sqlite else []
        db.timeout = 2.0
        try:
            where = phase()
        except sqlite3.OperationalError:
            # The stopped process holds a lock that even readers wait on (a checkpoint of the
            # write-ahead log): whether its operation had finished cannot be told, so the kill is
            # not counted as landed.
            where = LOCKED
        finally:
            db.timeout = 30.0
    return where, backends


def wait_until(predicate: Callable[[], bool], timeout: float, step: float = 0.005) -> float:
    """Poll ``predicate``; the seconds until it held (raises after ``timeout``)."""
    started = time.monotonic()
    while not predicate():
        if time.monotonic() - started > timeout:
            raise SystemExit("timed out waiting during calibration")
        time.sleep(step)
    return time.monotonic() - started


class Client:
    """A browser's worth of HTTP: cookies, CSRF, forms; loopback only."""

    def __init__(self, base: str) -> None:
        import http.cookiejar

        self.base = base
        self.jar = http.cookiejar.CookieJar()
        self.opener = urllib.request.build_opener(
            urllib.request.HTTPCookieProcessor(self.jar), _NoRedirect()
        )

    def request(
        self,
        path: str,
        data: dict[str, Any] | bytes | None = None,
        *,
        headers: dict[str, str] | None = None,
        timeout: float = 120,
    ) -> tuple[int, str, str]:
        """(status, body, Location) — a redirect is returned, not followed."""
        body = urllib.parse.urlencode(data, doseq=True).encode() if isinstance(data, dict) else data
        req = urllib.request.Request(  # noqa: S310 - loopback http only
            self.base + path, data=body, headers={"Referer": self.base + path, **(headers or {})}
        )
        try:
            with self.opener.open(req, timeout=timeout) as response:
                return response.status, response.read().decode(errors="replace"), ""
        except urllib.error.HTTPError as exc:
            return exc.code, exc.read().decode(errors="replace"), exc.headers.get("Location", "")

    def csrf(self) -> str:
        for cookie in self.jar:
            if cookie.name == "csrftoken":
                return str(cookie.value)
        return ""

    def sign_in(self, email: str, password: str) -> None:
        import re

        _status, html, _ = self.request("/accounts/login/")
        token = re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', html)
        if token is None:
            raise SystemExit("no CSRF token on the sign-in page")
        status, _body, _where = self.request(
            "/accounts/login/",
            {"csrfmiddlewaretoken": token.group(1), "login": email, "password": password},
        )
        if not any(c.name == "sessionid" for c in self.jar):
            raise SystemExit(f"could not sign in as {email} (status {status})")


class _NoRedirect(urllib.request.HTTPRedirectHandler):
    def redirect_request(self, *args: Any, **kwargs: Any) -> None:
        return None
