"""``coalitionlens analyze`` on plain files."""

import json
from pathlib import Path

import pytest
from typer.testing import CliRunner

from coalitionlens.cli.main import app
from coalitionlens.core import ROLES

runner = CliRunner()


@pytest.fixture
def files(tmp_path: Path) -> tuple[Path, Path]:
    orgs = tmp_path / "orgs.csv"
    ties = tmp_path / "ties.csv"
    orgs.write_text(
        "id,name,sector\nhub,Secretariat,CIVIL_SOCIETY\na,Ministry,GOVERNMENT\n"
        "b,Hotel group,BUSINESS\nc,Shelter,civil society\nd,Church,faith-based\n",
        encoding="utf-8",
    )
    ties.write_text(
        "source,target,weight\nhub,a,1\nhub,b,2\nhub,c,1\nhub,d,1\nc,d,1\na,hub,1\n",
        encoding="utf-8",
    )
    return orgs, ties


def test_json_output_is_one_object_with_network_sectors_and_organisations(
    files: tuple[Path, Path],
) -> None:
    orgs, ties = files
    result = runner.invoke(
        app, ["analyze", "--orgs", str(orgs), "--ties", str(ties), "--directed", "--json"]
    )
    assert result.exit_code == 0, result.output
    document = json.loads(result.stdout)
    assert set(document) == {"network", "sectors", "organisations"}
    assert document["network"]["organisations"] == 5
    assert document["network"]["directed"] is True
    hub = next(org for org in document["organisations"] if org["id"] == "hub")
    for key in ("sector", "degree", "betweenness", "ei_index", "constraint"):
        assert key in hub
    assert set(hub["brokerage"]) == set(ROLES)
    # a → hub → b, c, d are open two-paths from government through civil society.
    assert hub["brokerage"]["liaison"] == 2
    assert hub["brokerage"]["gatekeeper"] == 1
    assert {row["sector"] for row in document["sectors"]} == {
        "GOVERNMENT",
        "CIVIL_SOCIETY",
        "FAITH_BASED",
        "BUSINESS",
    }


def test_tables_are_printed_without_json(files: tuple[Path, Path]) -> None:
    orgs, ties = files
    result = runner.invoke(
        app, ["analyze", "--orgs", str(orgs), "--ties", str(ties), "--secretariat", "hub"]
    )
    assert result.exit_code == 0, result.output
    for title in ("Network", "By sector", "Organisations", "Brokerage roles"):
        assert title in result.stdout


@pytest.mark.parametrize(
    ("ties_text", "message"),
    [
        ("source,weight\nhub,1\n", "column 'target'"),
        ("source,target\nhub,a\nhub,zz\n", "row 3, column 'target'"),
        ("source,target,weight\nhub,a,many\n", "row 2, column 'weight'"),
    ],
)
def test_bad_input_exits_non_zero_naming_file_row_and_column(
    files: tuple[Path, Path], ties_text: str, message: str
) -> None:
    orgs, ties = files
    ties.write_text(ties_text, encoding="utf-8")
    result = runner.invoke(app, ["analyze", "--orgs", str(orgs), "--ties", str(ties)])
    assert result.exit_code == 2
    assert str(ties) in result.output
    assert message in result.output


def test_help_shows_an_example() -> None:
    result = runner.invoke(app, ["analyze", "--help"])
    assert result.exit_code == 0
    assert "coalitionlens analyze --orgs" in result.stdout
