"""`coalitionlens export` / `import` of a whole coalition, in real processes on a demo database,
and their progress bars: drawn on a terminal (a pseudo-terminal here), never when piped."""

from __future__ import annotations

import csv
import io
import json
import os
import pty
import subprocess
import sys
import zipfile
from pathlib import Path

import pytest

from coalitionlens.cli.tests.test_every_command import (
    BIN,
    OWN_SQLITE,
    _person_env,
    demo_data,  # noqa: F401  (the session's demo database, loaded once)
)

pytestmark = [OWN_SQLITE, pytest.mark.slow]


def run(args: list[str], data: Path) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [str(BIN / "coalitionlens"), *args],
        env=_person_env(data),
        cwd=data,
        capture_output=True,
        text=True,
        timeout=300,
        check=False,
    )


def on_a_terminal(args: list[str], data: Path) -> tuple[int, str]:
    """Run with standard error on a pseudo-terminal (standard output discarded); what it drew."""
    leader, follower = pty.openpty()
    env = {**_person_env(data), "COLUMNS": "100", "TERM": "xterm"}
    process = subprocess.Popen(
        [str(BIN / "coalitionlens"), *args],
        env=env,
        cwd=data,
        stdout=subprocess.DEVNULL,  # a pipe nobody reads while the terminal is read would fill
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
    process.communicate(timeout=300)
    os.close(leader)
    return process.returncode, drawn.decode("utf-8", errors="replace")


def _copy_coalition(data: Path, slug: str) -> None:
    """An empty coalition, as an administrator makes one (there is no CLI command for it)."""
    code = (
        "import django; django.setup();"
        "from coalitionlens.coalitions.models import Coalition;"
        f"Coalition.objects.create(slug={slug!r}, name='Copy', country='Elsewhere',"
        " region='EUROPE', governance_model='LEAD')"
    )
    env = {**_person_env(data), "DJANGO_SETTINGS_MODULE": "coalitionlens.web.settings"}
    done = subprocess.run(
        [sys.executable, "-c", code], env=env, cwd=data, capture_output=True, text=True, check=False
    )
    assert done.returncode == 0, done.stderr


def test_one_kind_is_written_as_one_csv_and_all_kinds_refuse_a_csv_name(demo_data: Path) -> None:  # noqa: F811
    one = demo_data / "organisations.csv"
    done = run(
        ["export", "zembora", "-f", "csv", "--kind", "organisations", "-o", str(one)], demo_data
    )
    assert done.returncode == 0, done.stderr
    assert one.read_bytes().decode("utf-8-sig").startswith("name,acronym,sector")
    refused = run(["export", "zembora", "-f", "csv", "-o", str(demo_data / "all.csv")], demo_data)
    assert refused.returncode == 2
    assert "--kind" in refused.stderr
    assert ".zip" in refused.stderr
    assert not (demo_data / "all.csv").exists()


@pytest.mark.parametrize("fmt", ["json", "csv"])
def test_an_export_imports_into_an_empty_coalition_and_exports_the_same(
    demo_data: Path,  # noqa: F811
    fmt: str,
) -> None:
    slug = f"copy-{fmt}"
    _copy_coalition(demo_data, slug)
    first = demo_data / f"zembora-whole.{'zip' if fmt == 'csv' else fmt}"
    assert run(["export", "zembora", "-f", fmt, "-o", str(first)], demo_data).returncode == 0
    imported = run(["import", slug, str(first), "--json"], demo_data)
    assert imported.returncode == 0, imported.stdout[-2000:] + imported.stderr
    report = json.loads(imported.stdout)
    assert report["applied"]
    assert report["counts"]["tensions"]["new"] > 0
    assert report["counts"]["partnerships"]["new"] > 0
    second = demo_data / f"copy.{'zip' if fmt == 'csv' else fmt}"
    assert run(["export", slug, "-f", fmt, "-o", str(second)], demo_data).returncode == 0
    if fmt == "json":
        mine = json.loads(second.read_bytes())
        theirs = json.loads(first.read_bytes())
        assert mine.pop("coalition")["slug"] == slug
        theirs.pop("coalition")
        mine["profile"][0].pop("name")
        theirs["profile"][0].pop("name")
        assert mine == theirs
    else:
        mine, theirs = _csv_files(second), _csv_files(first)
        assert mine.pop("profile.csv")[1][1:] == theirs.pop("profile.csv")[1][1:]  # all but name
        assert mine == theirs
        assert len(mine["network-ties.csv"]) > 100


def _csv_files(path: Path) -> dict[str, list[list[str]]]:
    with zipfile.ZipFile(path) as archive:
        return {
            n: list(csv.reader(io.StringIO(archive.read(n).decode("utf-8-sig"))))
            for n in archive.namelist()
        }


def test_progress_is_drawn_on_a_terminal_and_not_when_piped(demo_data: Path) -> None:  # noqa: F811
    out = str(demo_data / "progress.xlsx")
    code, drawn = on_a_terminal(["export", "zembora", "-f", "xlsx", "-o", out], demo_data)
    assert code == 0
    assert "Exporting zembora" in drawn
    piped = run(["export", "zembora", "-f", "xlsx", "-o", out], demo_data)
    assert piped.returncode == 0
    assert "Exporting" not in piped.stderr + piped.stdout
    code, drawn = on_a_terminal(["backup", "-o", str(demo_data / "p.bak")], demo_data)
    assert code == 0
    assert "Backing up" in drawn
    # --json: quiet even on a terminal
    code, drawn = on_a_terminal(["import", "zembora", out, "--dry-run", "--json"], demo_data)
    assert code == 0
    assert "Importing" not in drawn
    code, drawn = on_a_terminal(["import", "zembora", out, "--dry-run"], demo_data)
    assert code == 0
    assert "Importing progress.xlsx" in drawn


@pytest.mark.parametrize("kind", ["fundings", "services"])
def test_the_power_and_pathway_kinds_export_as_one_csv(demo_data: Path, kind: str) -> None:  # noqa: F811
    """Issue 18's kinds through ``export --kind`` in a real process: the columns the
    whole-coalition import reads back, a row per record of the demo coalition."""
    from coalitionlens.transfer.whole import EXTRA_COLUMNS

    one = demo_data / f"{kind}.csv"
    done = run(["export", "marivo", "-f", "csv", "--kind", kind, "-o", str(one)], demo_data)
    assert done.returncode == 0, done.stderr
    rows = list(csv.reader(io.StringIO(one.read_bytes().decode("utf-8-sig"))))
    assert tuple(rows[0]) == EXTRA_COLUMNS[kind]
    assert len(rows) > 2
    assert all(len(r) == len(rows[0]) for r in rows)
    unknown = run(["export", "marivo", "-f", "csv", "--kind", "funding", "-o", str(one)], demo_data)
    assert unknown.returncode == 2
    assert "fundings" in unknown.stderr
