"""`coalitionlens report --period` in a real process on the demo database: a report for a past
year counts the ties of that year's network, not today's."""

from __future__ import annotations

import csv
import datetime as dt
import io
import subprocess
from pathlib import Path

import pytest

from coalitionlens.cli.tests.test_every_command import (
    BIN,
    OWN_SQLITE,
    _person_env,
    demo_data,  # noqa: F401  (the session's demo database, loaded once)
)

pytestmark = [OWN_SQLITE, pytest.mark.slow]


def _glance(data: Path, *period: str) -> dict[str, str]:
    """The summary's "At a glance" rows of a CSV report of the demo's marivo."""
    out = data / f"report{''.join(period)}.csv"
    done = subprocess.run(
        [
            str(BIN / "coalitionlens"),
            "report",
            "marivo",
            "--format",
            "csv",
            *period,
            "-o",
            str(out),
        ],
        env=_person_env(data),
        cwd=data,
        capture_output=True,
        text=True,
        timeout=300,
        check=False,
    )
    assert done.returncode == 0, done.stderr
    rows = list(csv.reader(io.StringIO(out.read_text(encoding="utf-8-sig"))))
    start = rows.index(["Measure", "Value"]) + 1
    end = rows.index([], start)
    return dict(rows[start:end])


def test_a_past_years_report_counts_that_years_ties(demo_data: Path) -> None:  # noqa: F811
    last_year = str(dt.date.today().year - 1)
    now, then = _glance(demo_data), _glance(demo_data, "--period", last_year)
    # the demo's engagements run up to this year: its network at the end of last year is smaller
    assert int(then["Ties"]) < int(now["Ties"])
    assert int(then["Organisations in the network"]) <= int(now["Organisations in the network"])
