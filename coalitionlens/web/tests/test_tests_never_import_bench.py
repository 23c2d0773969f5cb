"""No test reaches into ``bench/``: the benchmarks set process-wide state when imported
(``bench/analytics.py`` sets ``NUMBA_NUM_THREADS=1`` in the environment, after which the next
kernel compiled in a process whose parallel kernels have started raises "Cannot set
NUMBA_NUM_THREADS to a different value" — a CI failure once). A test that needs a benchmark's data
makes it with the tests' own generators (``coalitionlens.core.tests.helpers``)."""

from __future__ import annotations

import ast
from pathlib import Path

ROOT = Path(__file__).resolve().parents[3]
BENCH = ROOT / "bench"
PACKAGE = ROOT / "coalitionlens"
#: Calls that would load a file from bench/ without an import statement.
LOADERS = {"spec_from_file_location", "run_path", "insert", "append", "import_module"}


def _bench_modules() -> set[str]:
    return {"bench"} | {path.stem for path in BENCH.glob("*.py")}


def reaches_bench(source: str, bench_modules: set[str]) -> list[str]:
    """Where ``source`` imports a benchmark module or puts a bench/ path on its way."""
    found = []
    for node in ast.walk(ast.parse(source)):
        names: list[str] = []
        if isinstance(node, ast.Import):
            names = [alias.name for alias in node.names]
        elif isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
            names = [node.module]
        found += [
            f"line {node.lineno}: import {name}"
            for name in names
            if name.split(".")[0] in bench_modules
        ]
        if isinstance(node, ast.Call):
            func = node.func
            called = func.attr if isinstance(func, ast.Attribute) else getattr(func, "id", "")
            if called in LOADERS and any("bench" in ast.unparse(arg) for arg in node.args):
                found.append(f"line {node.lineno}: {ast.unparse(node)}")
    return found


def test_the_check_sees_each_way_in() -> None:
    modules = {"bench", "analytics"}
    for source in (
        "import analytics",
        "from analytics import federation",
        "from bench.analytics import federation",
        "import sys\nsys.path.insert(0, str(ROOT / 'bench'))",
        "import importlib.util as u\nu.spec_from_file_location('a', 'bench/analytics.py')",
        "import runpy\nrunpy.run_path('bench/cli.py')",
    ):
        assert reaches_bench(source, modules), source
    for source in (
        "from coalitionlens.core.tests.helpers import clustered_network",
        "from . import analytics_helpers",
        "x = 'the bench prints it'",
    ):
        assert reaches_bench(source, modules) == [], source


def test_no_test_module_reaches_into_bench() -> None:
    modules = _bench_modules()
    assert "analytics" in modules  # the check knows the benchmarks it guards against
    offenders = [
        f"{path.relative_to(ROOT)} {where}"
        for path in sorted(PACKAGE.rglob("*.py"))
        if "tests" in path.parts or path.name == "conftest.py"
        for where in reaches_bench(path.read_text(encoding="utf-8"), modules)
    ]
    assert offenders == []
