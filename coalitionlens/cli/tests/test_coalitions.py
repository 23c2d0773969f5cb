"""``coalitionlens coalitions``: slugs and counts, as a table or as JSON."""

from __future__ import annotations

import json

import pytest
from typer.testing import CliRunner

from coalitionlens.cli.main import app
from coalitionlens.demo.load import load_demo

runner = CliRunner()
pytestmark = pytest.mark.django_db


def test_coalitions_json_lists_the_three_demo_slugs_with_counts() -> None:
    load_demo()
    result = runner.invoke(app, ["coalitions", "--json"])
    assert result.exit_code == 0, result.output
    rows = json.loads(result.stdout)
    assert [r["slug"] for r in rows] == ["lenhara", "marivo", "zembora"]
    for row in rows:
        assert 40 <= row["organisations"] <= 120
        assert 0 < row["members"] < row["organisations"]
        assert row["partnerships"] > 0
        assert row["engagements"] > 0


def test_coalitions_table_shows_every_slug() -> None:
    load_demo()
    result = runner.invoke(app, ["coalitions"])
    assert result.exit_code == 0, result.output
    for slug in ("lenhara", "marivo", "zembora"):
        assert slug in result.output


def test_coalitions_on_an_empty_server_says_how_to_load_the_demo() -> None:
    result = runner.invoke(app, ["coalitions"])
    assert result.exit_code == 0
    assert "coalitionlens demo" in result.output
    assert json.loads(runner.invoke(app, ["coalitions", "--json"]).stdout) == []
