"""The command line imports only what the command asked for needs, and the analytics kernels are
compiled ahead of the first page. Structural tests, in real processes: which modules a start
imports (``-X importtime``), which kernels a warm-up compiled and where their cache files are.
The timings are bench/cli.py's."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest
from typer.main import get_command

from coalitionlens.cli.main import COMMANDS, app

BIN = Path(sys.executable).parent
HEAVY = {"django", "pandas", "numpy", "numba", "igraph", "scipy", "pydantic", "openpyxl"}
COMMAND_MODULES = {spec.split(":")[0] for spec in COMMANDS.values()}
#: The kernels no page reaches (coalitionlens/core/warmup.py says why).
UNREACHED = {"_passes_floor"}


def _plain_env(**extra: str) -> dict[str, str]:
    env = {
        k: v
        for k, v in os.environ.items()
        if k not in {"DJANGO_SETTINGS_MODULE", "DATABASE_URL"}
        and not k.startswith(("COALITIONLENS_", "PYTEST", "NUMBA_"))
    }
    return env | extra


#: What the installed ``coalitionlens`` script runs, then the names in ``sys.modules`` at exit.
RUNNER = (
    "import atexit, json, sys\n"
    "atexit.register(lambda: sys.__stderr__.write('MODULES ' + json.dumps(sorted(sys.modules))))\n"
    "sys.argv[0] = 'coalitionlens'\n"
    "from coalitionlens.cli.main import app\n"
    "sys.exit(app())\n"
)


def _imports(*args: str) -> set[str]:
    """Every module a real ``coalitionlens ARGS`` process had imported when it exited."""
    shown = subprocess.run(
        [sys.executable, "-c", RUNNER, *args],
        env=_plain_env(),
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )
    assert shown.returncode == 0, shown.stderr[-2000:]
    assert "Usage: coalitionlens" in shown.stdout
    return set(json.loads(shown.stderr.rsplit("MODULES ", 1)[1]))


def test_help_imports_no_command_module_and_none_of_the_heavy_libraries() -> None:
    imported = _imports("--help")
    assert "coalitionlens.cli.main" in imported
    assert not {name.split(".")[0] for name in imported} & HEAVY
    assert not imported & COMMAND_MODULES, "`--help` imported the commands' modules"


@pytest.mark.parametrize("name", ["coalitions", "warm", "survey"])
def test_a_commands_help_imports_its_own_module_only(name: str) -> None:
    module = COMMANDS[name].split(":")[0]
    imported = _imports(name, "--help")
    assert module in imported
    assert not imported & (COMMAND_MODULES - {module})
    assert "django" not in {m.split(".")[0] for m in imported}


def test_the_listing_shows_each_command_with_the_help_typer_builds_from_it() -> None:
    group = get_command(app)
    for name in COMMANDS:
        listed = group.summary(name)  # type: ignore[attr-defined]
        built = group.commands[name]  # type: ignore[attr-defined]
        assert listed.help == built.help, name
        assert listed.name == built.name == name


def test_every_command_is_in_the_tree_the_reference_walks() -> None:
    group = get_command(app)
    assert list(group.commands) == list(COMMANDS)  # type: ignore[attr-defined]
    assert list(group.list_commands(None)) == list(COMMANDS)  # type: ignore[attr-defined]


def _warm(cache: Path) -> subprocess.CompletedProcess[str]:
    done = subprocess.run(
        [str(BIN / "coalitionlens"), "warm", "--json"],
        env=_plain_env(NUMBA_CACHE_DIR=str(cache)),
        capture_output=True,
        text=True,
        timeout=600,
        check=False,
    )
    assert done.returncode == 0, done.stderr[-2000:]
    return done


@pytest.mark.slow
def test_warm_compiles_every_kernel_a_page_reaches_and_a_later_process_loads_them_from_disk(
    tmp_path: Path,
) -> None:
    cache = tmp_path / "numba"
    record = json.loads(_warm(cache).stdout)
    compiled = {name for name, count in record["kernels"].items() if count}
    assert compiled == set(record["kernels"]) - UNREACHED
    where = Path(record["cache"])
    assert where.is_relative_to(cache)
    for name in compiled:
        assert list(where.glob(f"*{name}*.nbi")), f"no cache index for {name}"
        assert list(where.glob(f"*{name}*.nbc")), f"no compiled code for {name}"

    # A later process: every kernel the pages reach comes from the disk cache, none is compiled.
    code = (
        "import json\n"
        "from coalitionlens.core import _kernels\n"
        "from coalitionlens.core.warmup import warm_kernels\n"
        "warm_kernels()\n"
        "print(json.dumps({n: [len(d.signatures), sum(d.stats.cache_hits.values()),"
        " sum(d.stats.cache_misses.values())] for n, d in _kernels.dispatchers().items()}))\n"
    )
    later = subprocess.run(
        [sys.executable, "-c", code],
        env=_plain_env(NUMBA_CACHE_DIR=str(cache)),
        capture_output=True,
        text=True,
        timeout=600,
        check=False,
    )
    assert later.returncode == 0, later.stderr[-2000:]
    stats = json.loads(later.stdout)
    loaded = {name for name, (signatures, _hits, _misses) in stats.items() if signatures}
    # _brandes_chunk is compiled into _brandes_parallel, its caller, and _role (a brokerage role of
    # a two-path) into the two brokerage kernels, and Leiden's four phases into _leiden_kernel:
    # loaded with them, not alone.
    inlined = {"_brandes_chunk", "_role", "_move_nodes", "_refine", "_aggregate", "_renumber"}
    assert compiled - loaded <= inlined
    for name in loaded:
        signatures, hits, misses = stats[name]
        assert misses == 0, f"{name} was compiled again instead of loaded from {where}"
        assert hits == signatures, name
