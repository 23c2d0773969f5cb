"""`coalitionlens import --sheet`, and the progress bars of import, export, backup and restore, in
real processes on their own SQLite database: bars on standard error when it is a terminal, with
their totals; never with --quiet or --json, and never a byte of them on standard output."""

from __future__ import annotations

import json
import os
import pty
import subprocess
import sys
from pathlib import Path

import pytest

from coalitionlens.cli.tests.test_every_command import OWN_SQLITE, _person_env
from coalitionlens.cli.tests.test_import_options import SETUP, _run
from coalitionlens.transfer.tests.helpers import xlsx

pytestmark = OWN_SQLITE

BIN = Path(sys.executable).parent
WORKBOOK = {
    "organisations": [
        ["name", "sector"],
        ["Shelter", "CIVIL_SOCIETY"],
        ["Port", "GOVERNMENT"],
    ],
    "Contacts": [["Name", "E-mail", "Phone"], ["Ana", "ana@example.org", "+1 555 0100"]],
    "Extra": [["name", "sector"], ["Hotel Group", "BUSINESS"]],
    "memberships": [["name", "sector"], ["Church", "FAITH_BASED"]],  # misnamed: organisations
}


@pytest.fixture
def place(tmp_path):
    env = _person_env(tmp_path / "data")
    done = _run([sys.executable, "-c", SETUP], tmp_path, env)
    assert done.returncode == 0, done.stderr
    (tmp_path / "book.xlsx").write_bytes(xlsx(WORKBOOK))
    return tmp_path, env


def _cl(place, *args):
    cwd, env = place
    return _run([str(BIN / "coalitionlens"), *args], cwd, env)


def _names(report) -> set[str]:
    return {r["label"] for r in report["rows"] if r["kind"] == "organisations"}


def test_sheet_names_the_sheets_to_read_their_kind_or_those_to_skip(place):
    done = _cl(place, "import", "lens", "book.xlsx", "--dry-run", "--json")
    assert done.returncode == 1  # the misnamed memberships sheet lacks its columns
    report = json.loads(done.stdout)
    sheets = {s["name"]: s for s in report["sheets"]}
    assert sheets["Contacts"]["kinds"] == []
    assert any("Contacts" in w["message"] for w in report["warnings"])
    done = _cl(
        place, "import", "lens", "book.xlsx", "--dry-run", "--json", "--sheet", "organisations"
    )
    report = json.loads(done.stdout)
    assert done.returncode == 0, report["errors"]
    assert _names(report) == {"Shelter", "Port"}
    assert {s["name"] for s in report["sheets"] if s["skipped"]} == {
        "Contacts",
        "Extra",
        "memberships",
    }
    done = _cl(
        place, "import", "lens", "book.xlsx", "--json", "--dry-run",
        "--sheet", "memberships=organisations", "--sheet", "organisations", "--sheet", "Extra",
    )  # fmt: skip
    report = json.loads(done.stdout)
    assert done.returncode == 0, report["errors"]
    assert _names(report) == {"Shelter", "Port", "Hotel Group", "Church"}
    done = _cl(place, "import", "lens", "book.xlsx", "--sheet", "memberships=skip")
    assert done.returncode == 0, done.stderr
    assert "Imported." in done.stdout


def test_a_sheet_the_file_does_not_have_is_an_error_listing_those_it_has(place):
    done = _cl(place, "import", "lens", "book.xlsx", "--sheet", "Members")
    assert done.returncode == 1
    line = next(e for e in done.stderr.splitlines() if "'Members'" in e)
    assert "no sheet of that name" in line
    assert "organisations, Contacts, Extra, memberships" in line
    done = _cl(place, "import", "lens", "book.xlsx", "--sheet", "=organisations")
    assert done.returncode == 2
    assert "name a sheet" in done.stderr


def on_a_terminal(place, *args) -> tuple[int, str, str]:
    """Run with standard error on a pseudo-terminal and standard output to a file: the exit
    status, what was drawn on the terminal and what standard output received."""
    cwd, env = place
    leader, follower = pty.openpty()
    out = cwd / "stdout.txt"
    with out.open("wb") as stdout:
        process = subprocess.Popen(
            [str(BIN / "coalitionlens"), *args],
            env={**env, "COLUMNS": "120", "TERM": "xterm"},
            cwd=cwd,
            stdout=stdout,
            stderr=follower,
            stdin=subprocess.DEVNULL,
        )
        os.close(follower)
        drawn = b""
        while True:
            try:
                chunk = os.read(leader, 4096)
            except OSError:  # the child closed its end
                break
            if not chunk:
                break
            drawn += chunk
        os.close(leader)
        code = process.wait(timeout=300)
    return code, drawn.decode(errors="replace"), out.read_text()


def test_bars_go_to_standard_error_with_their_totals_and_never_to_standard_output(place):
    args = ("import", "lens", "book.xlsx", "--sheet", "memberships=skip")
    code, drawn, stdout = on_a_terminal(place, *args, "--dry-run")
    assert code == 0
    assert "Importing book.xlsx" in drawn
    assert "rows" in drawn
    assert "\x1b" not in stdout  # no escape code, no bar
    assert "Dry run: nothing was written." in stdout
    code, drawn, stdout = on_a_terminal(place, *args, "--dry-run", "--json")
    assert code == 0
    assert "Importing" not in drawn
    assert json.loads(stdout)["ok"] is True  # the whole of standard output is the JSON
    code, drawn, _stdout = on_a_terminal(place, *args, "--quiet")
    assert code == 0
    assert "Importing" not in drawn
    code, drawn, stdout = on_a_terminal(place, "export", "lens", "-f", "csv", "-o", "out.zip")
    assert code == 0
    assert "7/7" in drawn  # four kinds, the rest of the coalition, the network, the file
    assert stdout.startswith("Wrote out.zip")
    code, drawn, _stdout = on_a_terminal(place, "export", "lens", "-f", "gexf", "-o", "n.gexf")
    assert "2/2" in drawn
    code, drawn, stdout = on_a_terminal(place, "backup", "-o", "b.bak")
    assert code == 0
    assert "Backing up (checked)" in drawn
    assert "2/2" in drawn
    assert "\x1b" not in stdout
    code, drawn, stdout = on_a_terminal(place, "restore", "b.bak", "--yes")
    assert code == 0, drawn
    assert "Restoring (copied)" in drawn
    assert "2/2" in drawn
    assert stdout.startswith("Restored b.bak")
    code, drawn, _stdout = on_a_terminal(place, "backup", "-o", "q.bak", "--quiet")
    assert code == 0
    assert "Backing up" not in drawn
