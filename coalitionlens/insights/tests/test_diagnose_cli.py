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
    findings = json.loads(result.stdout)
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
    assert "DONOR_CONCENTRATION" in result.output
    assert runner.invoke(app, ["diagnose", "nowhere"]).exit_code == 2


def test_compare_prints_the_table_as_json_and_writes_a_workbook(tmp_path) -> None:
    from openpyxl import load_workbook

    load_demo(only=["marivo", "zembora"])
    result = runner.invoke(app, ["compare", "marivo", "zembora", "--json"])
    assert result.exit_code == 0, result.output
    doc = json.loads(result.stdout)
    assert len(doc["columns"]) == 2
    measures = {r["measure"] for r in doc["rows"]}
    assert {"Governance", "Dependence on the secretariat", "E-I index (sectors)"} <= measures
    path = tmp_path / "compare.xlsx"
    result = runner.invoke(
        app, ["compare", "marivo", "zembora", "--format", "xlsx", "-o", str(path)]
    )
    assert result.exit_code == 0, result.output
    rows = list(load_workbook(path).active.values)
    assert rows[0][:2] == ("section", "measure")
    assert len(rows) == len(doc["rows"]) + 1
    assert runner.invoke(app, ["compare", "marivo", "zembora"]).exit_code == 0
