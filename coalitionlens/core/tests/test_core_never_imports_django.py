import ast
import subprocess
import sys
from pathlib import Path

CORE = Path(__file__).resolve().parents[1]


def test_no_module_under_core_imports_django() -> None:
    offenders = []
    for path in CORE.rglob("*.py"):
        tree = ast.parse(path.read_text(encoding="utf-8"))
        for node in ast.walk(tree):
            names = []
            if isinstance(node, ast.Import):
                names = [alias.name for alias in node.names]
            elif isinstance(node, ast.ImportFrom) and node.module:
                names = [node.module]
            offenders += [
                f"{path.name}: {name}" for name in names if name.split(".")[0] == "django"
            ]
    assert offenders == []


def test_importing_every_core_module_loads_no_django() -> None:
    modules = [f"coalitionlens.core.{p.stem}" for p in CORE.glob("*.py") if p.stem != "__init__"]
    code = (
        "import importlib, sys\n"
        f"for name in {modules!r}: importlib.import_module(name)\n"
        "print('django' in sys.modules)"
    )
    result = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, check=True
    )
    assert result.stdout.strip() == "False"


HEAVY = ("igraph", "numba", "scipy", "pandas", "numpy", "networkx", "coalitionlens.core._kernels")


def _loaded_after(code: str) -> list[str]:
    probe = f"import sys\n{code}\nprint(' '.join(m for m in {HEAVY!r} if m in sys.modules))"
    result = subprocess.run(
        [sys.executable, "-c", probe], capture_output=True, text=True, check=True
    )
    return result.stdout.split()


def test_importing_the_core_loads_no_heavy_module_until_a_measure_is_used() -> None:
    assert _loaded_after("import coalitionlens.core") == []
    # and the probe sees them once a measure is reached (so the empty list above means something)
    used = _loaded_after("import coalitionlens.core\ncoalitionlens.core.betweenness")
    assert {"numba", "scipy", "coalitionlens.core._kernels"} <= set(used)
