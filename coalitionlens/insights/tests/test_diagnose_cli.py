"""``coalitionlens diagnose``: the findings of a demo coalition, as a table and as JSON."""

from __future__ import annotations

import json

import pytest
from typer.testing import CliRunner

from coalitionlens.cli.main import app
from coalitionlens.demo.load import load_demo

runner = CliRunner()
pytestmark = pytest.mark.django_db


def test_diagnose_json_gives_each_finding_with_its_evidence_and_guidance() -> None:
    load_demo(only=["marivo"])
    result = runner.invoke(app, ["diagnose", "marivo", "--json"])
    assert result.exit_code == 0, result.output
    findings = json.loads(result.stdout)["findings"]
    assert findings
    for f in findings:
        assert {"rule", "severity", "signal", "evidence", "tension_level", "tension_category",
                "strategies", "exercises"} <= set(f)  # fmt: skip
        assert f["strategies"]
        assert f["exercises"]


def test_diagnose_prints_a_table_and_refuses_an_unknown_slug() -> None:
    load_demo(only=["marivo"])
    result = runner.invoke(app, ["diagnose", "marivo"])
    assert result.exit_code == 0, result.output
    # marivo records its funding flows: one funder gives about 60 % (the demo), so the money rule
    # speaks, not the partnership count of DONOR_CONCENTRATION
    assert "TOP_FUNDER_DEPENDENCE" in result.output
    assert runner.invoke(app, ["diagnose", "nowhere"]).exit_code == 2
