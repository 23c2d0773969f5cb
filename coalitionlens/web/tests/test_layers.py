"""The layers are a contract a machine checks (`.importlinter`, run by `make lint`).

These tests run import-linter on a copy of the package: as it is, every contract holds; with one
forbidden import planted, the contract it breaks is reported and the run fails.
"""

from __future__ import annotations

import shutil
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[3]
LINT = Path(sys.executable).with_name("lint-imports")


def _copy(tmp_path: Path) -> Path:
    shutil.copytree(
        ROOT / "coalitionlens",
        tmp_path / "coalitionlens",
        ignore=shutil.ignore_patterns("__pycache__", "static", "locale", "*.json", "*.mo"),
    )
    shutil.copy(ROOT / ".importlinter", tmp_path / ".importlinter")
    return tmp_path


def _lint(where: Path) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [str(LINT), "--no-cache"],
        cwd=where,
        env={"PYTHONPATH": str(where), "PATH": "/usr/bin:/bin"},
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )


def test_every_layer_contract_holds_on_the_code_as_it_is(tmp_path: Path) -> None:
    run = _lint(_copy(tmp_path))
    assert run.returncode == 0, run.stdout + run.stderr
    assert "0 broken" in run.stdout


@pytest.mark.parametrize(
    ("module", "line", "contract"),
    [
        ("core/_planted.py", "import django\n", "The analytics core imports no Django"),
        ("core/_planted.py", "import coalitionlens.coalitions.models\n", "no Django and no app"),
        ("engagements/_planted.py", "import coalitionlens.web.urls\n", "Apps are layered"),
        ("coalitions/_planted.py", "import coalitionlens.surveys.models\n", "Apps are layered"),
        ("kit/_planted.py", "import coalitionlens.engagements.policy\n", "Apps are layered"),
        ("reports/_planted.py", "import igraph\n", "igraph stays inside the analytics core"),
    ],
)
def test_a_planted_import_across_a_layer_breaks_its_contract(
    tmp_path: Path, module: str, line: str, contract: str
) -> None:
    where = _copy(tmp_path)
    (where / "coalitionlens" / module).write_text(line)
    run = _lint(where)
    assert run.returncode != 0
    broken = run.stdout.split("Broken contracts", 1)[-1]
    assert contract in broken, run.stdout
