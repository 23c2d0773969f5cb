"""How fast the command line starts, and the first Diagnostics page after a fresh ``make demo``.

Three figures, against their targets (issue 14):

* ``coalitionlens --help``: CPU (user + system) of the child process, target 0.2 s;
* ``coalitionlens coalitions --json`` on the demo database: CPU of the child, target 0.8 s;
* the first Diagnostics page after a fresh ``make demo``: wall time of the first GET, target 3 s.

The CPU figures are medians over ``--rounds`` rounds, each round running ``python -c pass`` (the
reference: a bare interpreter), then ``--help``, then ``coalitions --json``, interleaved so that the
machine's load falls on all three alike; each figure is printed with its ratio to the bare
interpreter measured in the same run. CPU is read from ``os.wait4`` of each child.

The page: the demo is loaded into a new data directory the way ``make demo`` does
(``COALITIONLENS_DEMO=1 COALITIONLENS_INSECURE_HTTP=1 coalitionlens demo --no-serve``, SQLite),
with an empty numba cache of its own (``NUMBA_CACHE_DIR``, as on a machine that never compiled the
kernels: ``demo`` compiles them); then ``coalitionlens serve`` starts as ``make demo`` starts it
(its task worker, which only builds reports, is left out), the bench signs in as the coordinator
of the largest demo coalition as soon as the server answers, and times the first GET of that
coalition's Diagnostics page, then a second one (the page's cache).

Python reads compiled bytecode when the install wrote it (``make venv`` and ``make bench`` do:
``uv sync --compile-bytecode``); with ``PYTHONDONTWRITEBYTECODE`` set and no bytecode every start
compiles the sources again, which the bench reports.

Run:  .venv/bin/python bench/cli.py [--rounds 7]
"""

from __future__ import annotations

import argparse
import os
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from _serving import free_port, sign_in, wait

ROOT = Path(__file__).resolve().parent.parent
BIN = Path(sys.executable).parent / "coalitionlens"
SLUG = "lenhara"  # the largest demo coalition
TARGETS = {"--help": 0.2, "coalitions --json": 0.8}
TARGET_PAGE = 3.0


def cpu_of(args: list[str], env: dict[str, str]) -> float:
    """CPU seconds (user + system) of one child running ``args``, its output discarded."""
    child = subprocess.Popen(  # noqa: S603 - our own interpreter and command
        args, env=env, cwd=ROOT, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE
    )
    _, status, usage = os.wait4(child.pid, 0)
    child.returncode = os.waitstatus_to_exitcode(status)
    error = child.stderr.read().decode() if child.stderr else ""
    if child.returncode != 0:
        raise SystemExit(f"{' '.join(args)} failed ({child.returncode}):\n{error[-2000:]}")
    return usage.ru_utime + usage.ru_stime


def demo_env(data: Path) -> dict[str, str]:
    """The environment ``make demo`` gives its commands, on a data directory of its own."""
    env = {
        k: v
        for k, v in os.environ.items()
        if k not in {"DATABASE_URL", "DJANGO_SETTINGS_MODULE"}
        and not k.startswith("COALITIONLENS_")
    }
    env.update(
        COALITIONLENS_DATA_DIR=str(data / "var"),
        COALITIONLENS_DEMO="1",
        COALITIONLENS_INSECURE_HTTP="1",
        NUMBA_CACHE_DIR=str(data / "numba"),
    )
    return env


def bytecode_note() -> str:
    import pandas  # a large dependency: was its bytecode written at install?

    cached = Path(pandas.__file__).parent / "__pycache__"
    tag = sys.implementation.cache_tag
    has = cached.is_dir() and any(p.name.endswith(f"{tag}.pyc") for p in cached.iterdir())
    dont = os.environ.get("PYTHONDONTWRITEBYTECODE")
    return f"bytecode: installed packages {'compiled' if has else 'NOT compiled'}" + (
        ", PYTHONDONTWRITEBYTECODE set" if dont else ""
    )


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--rounds", type=int, default=7, help="interleaved rounds (default 7)")
    options = parser.parse_args()

    with tempfile.TemporaryDirectory(prefix="bench-cli-") as tmp:
        data = Path(tmp)
        env = demo_env(data)
        started = time.perf_counter()
        subprocess.run(  # noqa: S603 - our own command
            [str(BIN), "demo", "--no-serve"], env=env, cwd=ROOT, check=True, capture_output=True
        )
        demo_seconds = time.perf_counter() - started

        commands = {
            "python -c pass": [sys.executable, "-c", "pass"],
            "--help": [str(BIN), "--help"],
            "coalitions --json": [str(BIN), "coalitions", "--json"],
        }
        for args in commands.values():  # once untimed: the file system cache, as for a person
            cpu_of(args, env)
        samples: dict[str, list[float]] = {name: [] for name in commands}
        for _ in range(options.rounds):
            for name, args in commands.items():
                samples[name].append(cpu_of(args, env))

        answered, first, second = first_diagnostics_page(env)

    bare = statistics.median(samples["python -c pass"])
    print(f"coalitionlens start-up, CPU of the child (user+sys), median of {options.rounds} rounds")
    print(f"  {bytecode_note()}")
    print(f"  {'command':<34}{'CPU s':>8}{'x bare':>9}{'- bare s':>10}{'target s':>10}  ")
    for name, values in samples.items():
        figure = statistics.median(values)
        target = TARGETS.get(name)
        verdict = "" if target is None else ("ok" if figure <= target else "OVER")
        shown = "coalitionlens " + name if name in TARGETS else name
        print(
            f"  {shown:<34}{figure:>8.3f}{figure / bare:>9.1f}{figure - bare:>10.3f}"
            f"{'' if target is None else f'{target:.1f}':>10}  {verdict}"
        )
    print(
        f"\nfresh `make demo`: demo --no-serve took {demo_seconds:.1f} s (kernels compiled there)"
    )
    print(f"  `coalitionlens serve` answered {answered:.1f} s after it started (kernels loaded)")
    verdict = "ok" if first <= TARGET_PAGE else "OVER"
    print(
        f"  first Diagnostics page of {SLUG} after the server answers: {first:.2f} s wall "
        f"(target {TARGET_PAGE:.0f} s) {verdict}"
    )
    print(
        f"  the same page again (its cache): {second:.2f} s, first / again = {first / second:.1f}"
    )


def first_diagnostics_page(env: dict[str, str]) -> tuple[float, float, float]:
    """Serve the demo as ``make demo`` does; sign in. The seconds until the server answered, and
    the first and the second GET of Diagnostics."""
    port = free_port()
    started = time.perf_counter()
    server = subprocess.Popen(  # noqa: S603 - our own command
        [str(BIN), "serve", "--port", str(port)],
        env=env,
        cwd=ROOT,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    try:
        base = f"http://127.0.0.1:{port}"
        wait(base + "/accounts/login/")
        answered = time.perf_counter() - started
        opener, _jar = sign_in(base, SLUG)
        url = f"{base}/c/{SLUG}/insights/diagnostics/"
        times = []
        for _ in range(2):
            started = time.perf_counter()
            with opener.open(url, timeout=300) as answer:
                body = answer.read()
                if answer.status != 200 or b"<html" not in body.lower():
                    raise SystemExit(f"{url} answered {answer.status}")
            times.append(time.perf_counter() - started)
    finally:
        server.terminate()
        server.wait(timeout=15)
    return answered, times[0], times[1]


if __name__ == "__main__":
    main()
