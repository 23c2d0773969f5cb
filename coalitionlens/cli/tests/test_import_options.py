"""`coalitionlens import --map / --map-file / --date-order`, each in a real process on its own
SQLite database: values mapped, US dates read month first, and clear errors without them."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest

from coalitionlens.cli.tests.test_every_command import OWN_SQLITE, _person_env
from coalitionlens.transfer.tests.helpers import xlsx

pytestmark = OWN_SQLITE

BIN = Path(sys.executable).parent
SETUP = """
from coalitionlens.cli._django import migrate, setup_django
setup_django(); migrate()
from coalitionlens.coalitions.models import Coalition
Coalition.objects.create(slug="lens", name="Lens", country="Fictland",
    region="SOUTHEAST_ASIA", governance_model="NETWORK_ADMINISTRATIVE", languages=["en"])
"""


def _run(args, cwd, env):
    return subprocess.run(
        args, cwd=cwd, env=env, capture_output=True, text=True, timeout=300, check=False
    )


@pytest.fixture
def place(tmp_path):
    env = _person_env(tmp_path / "data")
    done = _run([sys.executable, "-c", SETUP], tmp_path, env)
    assert done.returncode == 0, done.stderr
    return tmp_path, env


WORKBOOK = {
    "organisations": [
        ["name", "sector", "scale"],
        ["Hotel Group", "Entreprise", "tout le pays"],
        ["Shelter", "Société civile", "Loc."],
        ["Port", "Entr. publique", "Loc."],
    ],
    "memberships": [
        ["organisation", "joined_on", "status"],
        ["Hotel Group", "3/4/2019", "en règle"],
        ["Shelter", "11/12/2020", "en règle"],
        ["Port", 43528, "ACTIVE"],  # an Excel serial in a number cell: 2019-03-04
    ],
}


def _import(place, *options):
    cwd, env = place
    (cwd / "file.xlsx").write_bytes(xlsx(WORKBOOK))
    return _run([str(BIN / "coalitionlens"), "import", "lens", "file.xlsx", *options], cwd, env)


def _exported(place):
    cwd, env = place
    done = _run(
        [str(BIN / "coalitionlens"), "export", "lens", "--format", "json", "-o", "out.json"],
        cwd,
        env,
    )
    assert done.returncode == 0, done.stderr
    return json.loads((cwd / "out.json").read_text())


def test_without_mappings_or_date_order_the_file_is_refused_whole_with_clear_errors(place):
    done = _import(place)
    assert done.returncode == 1
    assert "nothing was imported" in done.stderr
    assert "row 4 › column 'sector': Not an accepted value. Found 'Entr. publique'" in done.stderr
    assert "column 'scale'" in done.stderr
    # The date column is named with its sample values, and the way out is said.
    line = next(e for e in done.stderr.splitlines() if "joined_on" in e)
    for needed in ("3/4/2019", "11/12/2020", "dmy", "mdy"):
        assert needed in line
    assert _exported(place)["organisations"] == []


def test_map_map_file_and_date_order_import_the_file(place):
    cwd, _env = place
    (cwd / "map.csv").write_text(
        "column,value,code\nscale,tout le pays,NATIONAL\n,Loc.,LOCAL\n", encoding="utf-8"
    )
    (cwd / "map.toml").write_text('"en règle" = "ACTIVE"\n', encoding="utf-8")
    done = _import(
        place,
        "--map",
        "sector:Entr. publique=GOVERNMENT",
        "--map-file",
        "map.csv",
        "--date-order",
        "mdy",
        "--dry-run",
    )
    assert done.returncode == 1  # "en règle" is still unknown
    assert "Found 'en règle'" in done.stderr
    (cwd / "both.toml").write_text(
        '"Loc." = "LOCAL"\n"en règle" = "ACTIVE"\n[scale]\n"tout le pays" = "NATIONAL"\n',
        encoding="utf-8",
    )
    done = _import(
        place,
        "--map",
        "sector:Entr. publique=GOVERNMENT",
        "--map-file",
        "both.toml",
        "--date-order",
        "mdy",
    )
    assert done.returncode == 0, done.stderr
    data = _exported(place)
    orgs = {o["name"]: (o["sector"], o["scale"]) for o in data["organisations"]}
    assert orgs == {
        "Hotel Group": ("BUSINESS", "NATIONAL"),
        "Shelter": ("CIVIL_SOCIETY", "LOCAL"),
        "Port": ("GOVERNMENT", "LOCAL"),
    }
    joined = {m["organisation"]: (m["joined_on"], m["status"]) for m in data["memberships"]}
    assert joined == {
        "Hotel Group": ("2019-03-04", "ACTIVE"),
        "Shelter": ("2020-11-12", "ACTIVE"),
        "Port": ("2019-03-04", "ACTIVE"),
    }


def test_bad_options_are_usage_errors_that_say_what_to_write(place):
    cwd, _env = place
    done = _import(place, "--map", "Entreprise")
    assert done.returncode == 2
    assert "VALUE=CODE" in done.stderr
    done = _import(place, "--date-order", "ymd")
    assert done.returncode == 2
    assert "dmy or mdy" in done.stderr
    (cwd / "bad.csv").write_text("what,ever\n", encoding="utf-8")
    done = _import(place, "--map-file", "bad.csv")
    assert done.returncode == 2
    assert "value and code" in done.stderr
