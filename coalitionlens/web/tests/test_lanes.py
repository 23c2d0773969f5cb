"""``make test``'s two lanes share the engine-independent tests: each runs in exactly one lane, every
other test in both, and without a lane every test runs (coalitionlens/conftest.py)."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[3]
#: a folder with browser tests, one_engine tests (the handouts) and ordinary ones
FOLDER = "coalitionlens/reports/tests"

pytestmark = pytest.mark.slow


def _collected(lane: str) -> set[str]:
    env = {**os.environ, "COALITIONLENS_TEST_LANE": lane, "DATABASE_URL": ""}
    out = subprocess.run(
        [
            sys.executable,
            "-m",
            "pytest",
            "--collect-only",
            "-o",
            "addopts=",
            "-q",
            "-p",
            "no:cacheprovider",
            FOLDER,
        ],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        check=True,
    ).stdout
    return {line for line in out.splitlines() if "::" in line}


def test_each_shared_test_runs_in_one_lane_and_every_other_in_both():
    everything = _collected("")
    sqlite, postgresql = _collected("sqlite"), _collected("postgresql")
    shared = everything - (sqlite & postgresql)
    assert sqlite | postgresql == everything, "a test runs in neither lane"
    assert any("test_exercise_handout" in t for t in shared), "the handouts are not shared"
    assert any("test_browser" in t for t in shared), "the browser tests are not shared"
    assert not any("test_roles" in t for t in shared), "an engine-dependent test is shared"
    # alternately by node id: the halves differ by at most one test
    assert abs(len(shared & sqlite) - len(shared & postgresql)) <= 1
    assert not (shared & sqlite & postgresql)
