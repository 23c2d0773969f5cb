"""`coalitionlens import / export / template`: exit status, every error printed, also as JSON."""

from __future__ import annotations

import json

import pytest
from typer.testing import CliRunner

from coalitionlens.audit.models import Action, AuditEntry
from coalitionlens.cli.main import app
from coalitionlens.coalitions.models import Organisation
from coalitionlens.transfer.tests.helpers import ORGS, csv_bytes, xlsx

pytestmark = pytest.mark.django_db
runner = CliRunner()


def test_import_writes_a_clean_file_and_a_dry_run_writes_nothing(cast, tmp_path):
    path = tmp_path / "orgs.xlsx"
    path.write_bytes(xlsx({"organisations": ORGS}))
    result = runner.invoke(app, ["import", "lens", str(path), "--dry-run"])
    assert result.exit_code == 0, result.output
    assert "Dry run" in result.output
    assert not Organisation.objects.exists()
    result = runner.invoke(app, ["import", "lens", str(path)])
    assert result.exit_code == 0, result.output
    assert Organisation.objects.filter(coalition=cast.lens).count() == 2


def test_import_exits_non_zero_and_prints_every_error(cast, tmp_path):
    path = tmp_path / "orgs.csv"
    path.write_bytes(csv_bytes([*ORGS, ["A", "Busines", "", "x"], ["B", "MEDIA", "", "Nationl"]]))
    result = runner.invoke(app, ["import", "lens", str(path)])
    assert result.exit_code == 1
    assert result.output.count("error: orgs.csv") == 3
    assert "row 4 › column 'sector'" in result.output
    assert "Did you mean BUSINESS" in result.output
    assert not Organisation.objects.exists()


def test_import_json_lists_every_error_with_its_place(cast, tmp_path):
    path = tmp_path / "orgs.csv"
    path.write_bytes(csv_bytes([*ORGS, ["A", "Busines", "", "NATIONAL"]]))
    result = runner.invoke(app, ["import", "lens", str(path), "--json"])
    assert result.exit_code == 1
    report = json.loads(result.stdout)
    (error,) = report["errors"]
    assert {k: error[k] for k in ("file", "row", "column", "value")} == {
        "file": "orgs.csv",
        "row": 4,
        "column": "sector",
        "value": "Busines",
    }
    assert report["applied"] is False


def test_import_to_an_unknown_coalition_fails_clearly(cast, tmp_path):
    path = tmp_path / "orgs.csv"
    path.write_bytes(csv_bytes(ORGS))
    result = runner.invoke(app, ["import", "nowhere", str(path)])
    assert result.exit_code == 2
    assert "No coalition" in result.output


def test_export_writes_the_file_and_an_audit_entry(cast, tmp_path):
    Organisation.objects.create(coalition=cast.lens, name="=HYPERLINK(1)", sector=_sector("MEDIA"))
    out = tmp_path / "lens.xlsx"
    result = runner.invoke(app, ["export", "lens", "--format", "xlsx", "-o", str(out)])
    assert result.exit_code == 0, result.output
    from openpyxl import load_workbook

    book = load_workbook(out)
    cell = book["organisations"]["A2"]
    # Text, shown as typed: a string cell with Excel's quote prefix, never a formula.
    assert cell.value == "=HYPERLINK(1)"
    assert cell.data_type == "s"
    assert cell.quotePrefix
    assert AuditEntry.objects.filter(action=Action.EXPORT, coalition_id=cast.lens.pk).exists()


def test_a_safe_export_is_audited_as_safe(cast, tmp_path):
    Organisation.objects.create(
        coalition=cast.lens, name="Hidden Shelter", at_risk=True, sector=_sector("MEDIA")
    )
    out = tmp_path / "lens.gexf"
    result = runner.invoke(app, ["export", "lens", "-f", "gexf", "--safe", "-o", str(out)])
    assert result.exit_code == 0, result.output
    assert b"Hidden Shelter" not in out.read_bytes()
    entry = AuditEntry.objects.get(action=Action.EXPORT)
    assert entry.summary == "gexf safe export of lens as coordinator"


def test_template_writes_a_workbook_with_a_sheet_per_kind(tmp_path, db):
    out = tmp_path / "t.xlsx"
    result = runner.invoke(app, ["template", "-o", str(out)])
    assert result.exit_code == 0, result.output
    from openpyxl import load_workbook

    names = load_workbook(out).sheetnames
    assert {
        "organisations",
        "memberships",
        "partnerships",
        "engagements",
        "accepted values",
    } <= set(names)


def _sector(code):
    from coalitionlens.coalitions.tests.factories import core_sector

    return core_sector(code)
