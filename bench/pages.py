"""Insight pages under load: p95 response time with 20 concurrent clients on loopback, demo scale.

Loads the demo into a temporary SQLite database, serves it as `coalitionlens serve --workers 2` does
(gunicorn, two processes: one per core of a 2-core machine; `--workers 1` is waitress) on
127.0.0.1, signs in as the coordinator of the largest demo coalition, warms each page once (the
computed parts are cached per coalition, visibility class, language and data stamp; see
coalitionlens/insights/caching.py), then runs 20 client threads over the dashboard, network map,
network data, diagnostics and comparison pages: bounded to 1,000 requests and 120 seconds. Prints
p50/p95 per page and overall, against the 300 ms target. The clients run on the same machine and
share its cores with the server. The second worker starts with an empty in-process cache, hence
the few slower first requests (max column).

Run:  .venv/bin/python bench/pages.py [--workers 1]

``--synchronous`` prices durable commits on page writes instead: two servers on copies of the same
demo database, one with ``COALITIONLENS_SQLITE_SYNCHRONOUS=NORMAL``, one with FULL (the product's
default), each signed in as the coordinator; one client creates organisations through the form
(``--writes`` per server), a GET of the form then its POST, alternating between the two servers
(NORMAL first in one round, FULL in the next), and times each POST up to its redirect. Prints p50
and mean per mode and the ratio FULL / NORMAL.

Run:  .venv/bin/python bench/pages.py --synchronous --writes 100
"""

from __future__ import annotations

import argparse
import html.parser
import os
import re
import shutil
import sqlite3
import statistics
import subprocess
import sys
import tempfile
import threading
import time
import urllib.error
import urllib.parse
import urllib.request
from pathlib import Path

from _serving import free_port, sign_in, wait

CLIENTS = 20
MAX_REQUESTS = 1000
MAX_SECONDS = 120.0
TARGET_P95_MS = 300.0
SLUG = "lenhara"
PAGES = {
    "dashboard": f"/c/{SLUG}/insights/",
    "network": f"/c/{SLUG}/insights/network/",
    "network.json": f"/c/{SLUG}/insights/network.json",
    "diagnostics": f"/c/{SLUG}/insights/diagnostics/",
    "comparison": f"/c/{SLUG}/insights/compare/",
}
#: `coalitionlens serve --workers`: one process per core of the machine this bench was sized on (2).
WORKERS = 2
BIN = Path(sys.executable).parent / "coalitionlens"


class _Form(html.parser.HTMLParser):
    """The fields of the page's form that has a ``name`` input, as a browser would send them
    untouched: hidden and text inputs' values, each select's chosen option (the first one with a
    value when the select is required)."""

    def __init__(self) -> None:
        super().__init__()
        self.forms: list[dict[str, str]] = []
        self._select: str | None = None
        self._required = False

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        a = {k: v or "" for k, v in attrs}
        if tag == "form":
            self.forms.append({})
        elif self.forms and tag in {"input", "textarea"} and a.get("name"):
            if a.get("type") not in {"checkbox", "radio", "submit"}:
                self.forms[-1][a["name"]] = a.get("value", "")
        elif self.forms and tag == "select":
            self._select = a.get("name")
            self._required = "required" in a
        elif self.forms and tag == "option" and self._select and a.get("value"):
            if "selected" in a:
                self.forms[-1][self._select] = a["value"]
            elif self._required:
                self.forms[-1].setdefault(self._select, a["value"])

    def handle_endtag(self, tag: str) -> None:
        if tag == "select":
            self._select = None


def _form_fields(page: str) -> dict[str, str]:
    parser = _Form()
    parser.feed(page)
    return next(f for f in parser.forms if "name" in f)


class _NoRedirect(urllib.request.HTTPRedirectHandler):
    def redirect_request(self, *args: object, **kwargs: object) -> None:
        return None


def synchronous_costs(writes: int) -> None:
    """Page writes under synchronous=NORMAL and =FULL, interleaved between two servers."""
    with tempfile.TemporaryDirectory(dir=Path.cwd()) as root:
        dirs = {mode: Path(root, mode.lower()) for mode in ("NORMAL", "FULL")}
        base_env = {**os.environ, "COALITIONLENS_DEMO": "1"}
        base_env.pop("DATABASE_URL", None)
        dirs["NORMAL"].mkdir()
        demo = [str(BIN), "demo", "--no-serve"]
        env = {**base_env, "COALITIONLENS_DATA_DIR": str(dirs["NORMAL"])}
        subprocess.run(demo, env=env, check=True, capture_output=True)  # noqa: S603 - our command
        dirs["FULL"].mkdir()
        name = "coalitionlens.sqlite3"
        with (
            sqlite3.connect(dirs["NORMAL"] / name) as src,
            sqlite3.connect(dirs["FULL"] / name) as dst,
        ):
            src.backup(dst)  # the same database for both servers
        servers, clients = [], {}
        try:
            for mode, folder in dirs.items():
                port = free_port()
                server_env = {
                    **base_env,
                    "COALITIONLENS_DATA_DIR": str(folder),
                    "COALITIONLENS_SQLITE_SYNCHRONOUS": mode,
                }
                servers.append(
                    subprocess.Popen(  # noqa: S603 - our own command
                        [str(BIN), "serve", "--port", str(port)],
                        env=server_env,
                        stdout=subprocess.DEVNULL,
                        stderr=subprocess.DEVNULL,
                    )
                )
                base = f"http://127.0.0.1:{port}"
                wait(base + "/accounts/login/")
                _opener, jar = sign_in(base, SLUG)
                opener = urllib.request.build_opener(
                    urllib.request.HTTPCookieProcessor(jar), _NoRedirect
                )
                clients[mode] = (base, opener)
            times: dict[str, list[float]] = {"NORMAL": [], "FULL": []}
            url = f"/c/{SLUG}/organisations/new/"
            for i in range(writes):
                for mode in ("NORMAL", "FULL") if i % 2 == 0 else ("FULL", "NORMAL"):
                    base, opener = clients[mode]
                    fields = _form_fields(opener.open(base + url).read().decode())
                    fields["name"] = f"Bench organisation {mode.lower()} {i:04d}"
                    request = urllib.request.Request(  # noqa: S310 - loopback
                        base + url,
                        data=urllib.parse.urlencode(fields).encode(),
                        headers={"Referer": base + url},
                    )
                    started = time.perf_counter()
                    try:
                        opener.open(request).read()
                    except urllib.error.HTTPError as answer:
                        if answer.code != 302:
                            errors = re.findall(
                                r"invalid-feedback[^>]*>([^<]+)", answer.read().decode()
                            )
                            raise SystemExit(
                                f"{mode}: the form answered {answer.code}: {errors}"
                            ) from None
                    else:
                        raise SystemExit(f"{mode}: the form did not save (no redirect)")
                    times[mode].append(1000 * (time.perf_counter() - started))
        finally:
            for server in servers:
                server.terminate()
                server.wait(timeout=10)
        shutil.rmtree(root, ignore_errors=True)
    normal, full = (statistics.median(times[m]) for m in ("NORMAL", "FULL"))
    print(f"page writes: {writes} organisations created per server through the form, interleaved")
    for mode in ("NORMAL", "FULL"):
        xs = times[mode]
        print(f"synchronous={mode:6s} p50 {statistics.median(xs):6.1f} ms  "
              f"mean {statistics.fmean(xs):6.1f} ms  max {max(xs):6.1f} ms")  # fmt: skip
    print(f"ratio FULL / NORMAL (p50): {full / normal:.2f} ×")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument(
        "--workers", type=int, default=WORKERS, help=f"server processes (default {WORKERS})"
    )
    parser.add_argument(
        "--synchronous", action="store_true", help="price synchronous=FULL on page writes"
    )
    parser.add_argument("--writes", type=int, default=100, help="writes per server (--synchronous)")
    options = parser.parse_args()
    if options.synchronous:
        synchronous_costs(options.writes)
        return
    workers = options.workers
    with tempfile.TemporaryDirectory() as data_dir:
        # Demo mode: the demo coordinators sign in without a second factor (docs/security.md).
        env = {**os.environ, "COALITIONLENS_DATA_DIR": data_dir, "COALITIONLENS_DEMO": "1"}
        env.pop("DATABASE_URL", None)
        t0 = time.perf_counter()
        demo = [str(BIN), "demo", "--no-serve"]
        subprocess.run(demo, env=env, check=True, capture_output=True)  # noqa: S603 - our command
        print(f"demo loaded in {time.perf_counter() - t0:.1f} s")
        port = free_port()
        server = subprocess.Popen(  # noqa: S603 - our own command
            [
                str(BIN),
                "serve",
                "--host",
                "127.0.0.1",
                "--port",
                str(port),
                "--workers",
                str(workers),
            ],
            env=env,
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
        )
        base = f"http://127.0.0.1:{port}"
        try:
            wait(base + "/accounts/login/")
            opener, _jar = sign_in(base, SLUG)
            for name, path in PAGES.items():
                t = time.perf_counter()
                body = opener.open(base + path).read()
                print(
                    f"warm-up {name:13s} {1000 * (time.perf_counter() - t):7.0f} ms  {len(body):8d} bytes"
                )
            timings: dict[str, list[float]] = {name: [] for name in PAGES}
            errors: list[str] = []
            lock = threading.Lock()
            counter = iter(range(MAX_REQUESTS))
            deadline = time.monotonic() + MAX_SECONDS
            names = list(PAGES)

            def client() -> None:
                while time.monotonic() < deadline:
                    with lock:
                        i = next(counter, None)
                    if i is None:
                        return
                    name = names[i % len(names)]
                    t = time.perf_counter()
                    try:
                        opener.open(base + PAGES[name], timeout=30).read()
                    except OSError as exc:
                        with lock:
                            errors.append(f"{name}: {exc}")
                        continue
                    with lock:
                        timings[name].append(1000 * (time.perf_counter() - t))

            start = time.perf_counter()
            threads = [threading.Thread(target=client) for _ in range(CLIENTS)]
            for th in threads:
                th.start()
            for th in threads:
                th.join()
            wall = time.perf_counter() - start
        finally:
            server.terminate()
            server.wait(timeout=10)
    everything = [x for xs in timings.values() for x in xs]
    print(f"\nserver: coalitionlens serve --workers {workers}")
    print(f"{CLIENTS} clients, {len(everything)} requests in {wall:.1f} s "
          f"({len(everything) / wall:.0f} req/s), errors: {len(errors)}")  # fmt: skip
    print(f"{'page':13s} {'n':>5s} {'p50 ms':>8s} {'p95 ms':>8s} {'max ms':>8s}")

    def p95(xs: list[float]) -> float:
        return statistics.quantiles(xs, n=20)[-1] if len(xs) > 1 else (xs[0] if xs else 0.0)

    for name, xs in timings.items():
        if xs:
            print(
                f"{name:13s} {len(xs):5d} {statistics.median(xs):8.0f} {p95(xs):8.0f} {max(xs):8.0f}"
            )
    overall = p95(everything)
    verdict = "meets" if overall <= TARGET_P95_MS and not errors else "misses"
    print(f"{'all':13s} {len(everything):5d} {statistics.median(everything):8.0f} {overall:8.0f} "
          f"{max(everything):8.0f}  → {verdict} the {TARGET_P95_MS:.0f} ms p95 target")  # fmt: skip
    for e in errors[:5]:
        print("error:", e)


if __name__ == "__main__":
    main()
