"""``coalitionlens report``."""

from __future__ import annotations

from typer.testing import CliRunner

from coalitionlens.cli.main import app
from coalitionlens.coalitions.models import Organisation

runner = CliRunner()


def test_it_writes_a_safe_html_report_in_the_language_asked(marivo, tmp_path):
    out = tmp_path / "r.html"
    result = runner.invoke(
        app,
        ["report", "marivo", "--format", "html", "--lang", "km", "--safe", "-o", str(out)],
    )
    assert result.exit_code == 0, result.output
    html = out.read_text(encoding="utf-8")
    assert '<html lang="km"' in html
    for name in Organisation.objects.filter(coalition=marivo).values_list("name", flat=True):
        assert name not in html


def test_it_reports_as_of_a_past_year(marivo, tmp_path):
    out = tmp_path / "r.csv"
    result = runner.invoke(
        app, ["report", "marivo", "--format", "csv", "--period", "2024", "-o", str(out)]
    )
    assert result.exit_code == 0, result.output
    assert "2023" in out.read_text(encoding="utf-8")  # the previous period's column


def test_it_refuses_an_unknown_coalition_format_or_language(db, tmp_path):
    out = str(tmp_path / "x")
    assert runner.invoke(app, ["report", "nowhere", "-o", out]).exit_code == 2
    assert runner.invoke(app, ["report", "marivo", "--format", "doc", "-o", out]).exit_code == 2
    assert runner.invoke(app, ["report", "marivo", "--lang", "de", "-o", out]).exit_code == 2
