"""The crash harness itself runs (CI runs every scenario 20 times per engine; see .ci/run)."""

from __future__ import annotations

import pytest

from coalitionlens.transfer.crashtest.__main__ import main, required

pytestmark = pytest.mark.slow


def test_three_in_four_kills_must_land():
    assert required(20) == 15
    assert required(2) == 2


def test_the_crash_harness_kills_imports_mid_write_and_finds_the_database_consistent(capsys):
    assert main(["--engine", "sqlite", "--runs", "2", "--scenario", "cli-import"]) == 0
    out = capsys.readouterr().out
    assert "kills landed 2/2" in out
    assert "lost 0; duplicated 0; half-written 0" in out
