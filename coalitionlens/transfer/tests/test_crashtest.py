"""The crash harness itself runs (CI runs it 20 times per engine; see .ci/run)."""

from __future__ import annotations

import pytest

from coalitionlens.transfer import crashtest

pytestmark = pytest.mark.slow


def test_the_crash_harness_kills_imports_and_finds_the_database_consistent(capsys):
    assert crashtest.main(["--engine", "sqlite", "--runs", "2", "--rows", "300"]) == 0
    out = capsys.readouterr().out
    assert "2 kills" in out
    assert "0 problems" in out
