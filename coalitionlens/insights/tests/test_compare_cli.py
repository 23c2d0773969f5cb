"""``coalitionlens compare``: the comparative table as JSON and as a workbook."""

from __future__ import annotations

import json

import pytest
from typer.testing import CliRunner

from coalitionlens.cli.main import app
from coalitionlens.demo.load import load_demo

runner = CliRunner()
pytestmark = pytest.mark.django_db


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


def test_compare_json_names_each_column_and_takes_files_beside_local_coalitions(tmp_path) -> None:
    from coalitionlens.coalitions.models import Coalition

    load_demo(only=["marivo"])
    marivo = Coalition.objects.get(slug="marivo")
    path = tmp_path / "marivo.json"
    result = runner.invoke(app, ["compare", "marivo", "--export-column", str(path)])
    assert result.exit_code == 0, result.output
    result = runner.invoke(app, ["compare", "marivo", "--file", str(path), "--json"])
    assert result.exit_code == 0, result.output
    doc = json.loads(result.stdout)
    assert doc["coalitions"][0] == {"slug": "marivo", "id": marivo.pk, "name": marivo.name}
    assert doc["coalitions"][1]["file"] == "marivo.json"
    assert all(r["source"] for r in doc["rows"])
    organisations = next(r for r in doc["rows"] if r["measure"] == "Organisations")
    assert organisations["values"][0] == organisations["values"][1]


def test_compare_refuses_a_file_naming_it_and_what_is_wrong(tmp_path) -> None:
    path = tmp_path / "notes.json"
    path.write_text('{"format": "something else"}')
    result = runner.invoke(app, ["compare", "--file", str(path)])
    assert result.exit_code == 2
    assert "notes.json: not a comparison column file" in result.output
