"""Faults of the machine (coalitionlens/web/faults.py), made for real against a server in its own
process: PostgreSQL cut off by a network partition, and a full disk under SQLite. Each answers a
503 page in the site's layout that says nothing was saved, with Retry-After and no traceback, and
logs one line; the server recovers by itself when the fault ends."""

from __future__ import annotations

import errno
import shutil
import sqlite3
import subprocess
from collections.abc import Iterator
from pathlib import Path

import psycopg
import pytest
from django.conf import settings
from django.db import connections
from django.utils import translation
from django.utils.translation import gettext

from coalitionlens.web.faults import DATABASE, DISK, classify
from coalitionlens.web.tests import servers
from coalitionlens.web.tests.servers import BIN, Client, Partition, fill, person_env, serving

NOT_ANSWERING = "The database is not answering — nothing was saved; try again in a minute"
DISK_FULL = "The server's disk is full — nothing was saved"
PASSWORD = "a-long-passphrase-for-tests-42"


def _translated(text: str, language: str) -> str:
    with translation.override(language):
        return gettext(text)


def _assert_fault_page(answer, heading: str, language: str = "en") -> None:  # type: ignore[no-untyped-def]
    expected = _translated(heading, language)
    if language != "en":
        assert expected != heading, f"no {language} translation of {heading!r}"
    assert answer.status == 503, answer.body[:500]
    assert expected in answer.body
    assert answer.headers.get("Retry-After") == "60"
    assert answer.headers.get("Cache-Control") == "no-store"
    assert "default-src 'self'" in answer.headers.get("Content-Security-Policy", "")
    assert 'class="navbar' in answer.body  # the site's layout, not a bare error page
    assert "Traceback" not in answer.body


# --- PostgreSQL: a network partition -----------------------------------------------------------

CONNECT, STATEMENT = 2, 2  # seconds, set small for the server under test


@pytest.mark.skipif(connections["default"].vendor != "postgresql", reason="PostgreSQL timeouts")
def test_a_partition_fails_requests_within_the_timeout_and_the_server_recovers(
    transactional_db: None, tmp_path: Path
) -> None:
    db = settings.DATABASES["default"]
    proxy = Partition((db.get("HOST") or "127.0.0.1", int(db.get("PORT") or 5432)))
    auth = db["USER"] + (f":{db['PASSWORD']}" if db.get("PASSWORD") else "")
    env = person_env(
        tmp_path,
        DATABASE_URL=f"postgresql://{auth}@127.0.0.1:{proxy.port}/{db['NAME']}",
        COALITIONLENS_DB_CONNECT_TIMEOUT=str(CONNECT),
        COALITIONLENS_DB_STATEMENT_TIMEOUT=str(STATEMENT),
    )
    try:
        with serving(env, tmp_path) as server:
            clients = {language: Client(server.base, language) for language in ("en", "fr", "km")}
            for client in clients.values():
                client.get("/accounts/login/")

            def sign_in(client: Client) -> object:
                # a wrong password: the form again, once the database has been asked
                return client.post(
                    "/accounts/login/", {"login": "nobody@example.org", "password": PASSWORD}
                )

            before = sign_in(clients["en"])
            assert before.status == 200, before.body[:300]  # type: ignore[attr-defined]
            proxy.cut()
            for language, client in clients.items():
                answer = sign_in(client)
                _assert_fault_page(answer, NOT_ANSWERING, language)
                # the health check, then a new connection: each waits a connect timeout at most
                assert answer.seconds < STATEMENT + 2 * CONNECT + 3  # type: ignore[attr-defined]
            proxy.heal()
            after = sign_in(clients["en"])
            assert after.status == 200, after.body[:300]  # type: ignore[attr-defined]
        log = server.stderr()
    finally:
        proxy.close()
    lines = [line for line in log.splitlines() if "not answering" in line]
    assert len(lines) >= 3
    assert f"127.0.0.1:{proxy.port}" in lines[0]
    assert "Traceback" not in log


# --- a full disk, for real: a 20 MB tmpfs as the data folder -------------------------------------


@pytest.fixture
def small_disk(tmp_path: Path) -> Iterator[Path]:
    with servers.small_disk(tmp_path) as disk:
        yield disk


def test_a_full_disk_answers_sign_in_with_a_503_saying_nothing_was_saved(
    small_disk: Path, tmp_path: Path
) -> None:
    env = person_env(small_disk)
    with serving(env, tmp_path) as server:
        made = subprocess.run(
            [
                str(BIN / "coalitionlens"),
                "createuser",
                "ana@example.org",
                "--admin",
                "--password-stdin",
            ],
            input=PASSWORD + "\n",
            env=env,
            capture_output=True,
            text=True,
            check=False,
        )
        assert made.returncode == 0, made.stderr
        # Empty the write-ahead log, so the next write needs new space on the disk.
        database = sqlite3.connect(small_disk / "coalitionlens.sqlite3")
        database.execute("PRAGMA wal_checkpoint(TRUNCATE)")
        database.close()
        filler = fill(small_disk)
        clients = {language: Client(server.base, language) for language in ("en", "fr", "km")}
        for language, client in clients.items():
            assert client.get("/accounts/login/").status == 200
            answer = client.post(
                "/accounts/login/", {"login": "ana@example.org", "password": PASSWORD}
            )
            _assert_fault_page(answer, DISK_FULL, language)
            assert not any(cookie.name == "sessionid" for cookie in client.jar)
        filler.unlink()
        client = Client(server.base)
        client.get("/accounts/login/")
        again = client.post("/accounts/login/", {"login": "ana@example.org", "password": PASSWORD})
        assert again.status == 200, again.body[:300]  # signed in: on to the second-factor set-up
        assert any(cookie.name == "sessionid" for cookie in client.jar)
    log = server.stderr()
    lines = [line for line in log.splitlines() if "disk full" in line]
    assert len(lines) == 3, log[-3000:]
    assert f"the disk holding {small_disk} is full (0 B free)" in lines[0]
    assert "Traceback" not in log


# --- what is recognised, and what is not -------------------------------------------------------


def test_no_space_left_on_a_file_names_its_folder_and_its_free_space(tmp_path: Path) -> None:
    fault = classify(OSError(errno.ENOSPC, "No space left on device", str(tmp_path / "x.xlsx")))
    assert fault is not None
    assert fault.kind == DISK
    assert fault.where == str(tmp_path)
    assert fault.free == shutil.disk_usage(tmp_path).free


def test_a_bug_is_not_taken_for_a_fault(db: None) -> None:
    from django.db import IntegrityError, ProgrammingError

    assert classify(ValueError("nope")) is None
    assert classify(IntegrityError("UNIQUE constraint failed")) is None
    assert classify(ProgrammingError("no such table: x")) is None
    assert classify(OSError(errno.EACCES, "Permission denied", "/x")) is None


only_postgresql = pytest.mark.skipif(
    connections["default"].vendor != "postgresql", reason="PostgreSQL error codes"
)


@only_postgresql
def test_postgresql_out_of_disk_is_a_full_disk_of_the_database_server(db: None) -> None:
    fault = classify(psycopg.errors.DiskFull('could not extend file "base/1/2": No space left'))
    assert fault is not None
    assert fault.kind == DISK
    assert fault.free is None  # the database server's disk: not this machine's to measure
    assert "is full" in fault.line()


@only_postgresql
def test_a_statement_past_its_timeout_is_the_database_not_answering(db: None) -> None:
    fault = classify(psycopg.errors.QueryCanceled("canceling statement due to statement timeout"))
    assert fault is not None
    assert fault.kind == DATABASE
    assert fault.reason == "canceling statement due to statement timeout"


@only_postgresql
def test_a_query_written_wrong_is_not_the_database_not_answering(db: None) -> None:
    assert classify(psycopg.ProgrammingError("the query has 1 placeholder")) is None
