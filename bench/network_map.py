"""The network map's data and page for a coalition grown to 2,000 organisations.

Loads the demo into a temporary SQLite database, adds organisations to the largest demo coalition
until it has 2,000 (each a member or a partner, in engagements of 2–4 organisations drawn at
random over the last five years; seeded), then times, in process and signed in as
its coordinator: the first request (analysis and layout computed), a request served from the
process's own cache, and one from the shared database cache (as another server process would). The
target is the issue's 300 ms for a warm request.

Run:  .venv/bin/python bench/network_map.py
"""

from __future__ import annotations

import datetime as dt
import os
import random
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

SLUG = "lenhara"
ORGANISATIONS = 2000
TARGET_MS = 300.0
BIN = Path(sys.executable).parent / "coalitionlens"


def grow(coalition: Any, n: int, seed: int = 0) -> None:
    from coalitionlens.coalitions.models import Membership, Organisation, Partnership, Sector
    from coalitionlens.engagements.models import Engagement, Participation

    rng = random.Random(seed)
    today = dt.date.today()
    sectors = list(Sector.objects.filter(coalition__isnull=True, parent__isnull=True))
    added = Organisation.objects.bulk_create(
        [
            Organisation(coalition=coalition, name=f"Bench organisation {i:04d}", sector=rng.choice(sectors))
            for i in range(n)
        ]
    )  # fmt: skip
    Membership.objects.bulk_create(
        [
            Membership(coalition=coalition, organisation=o, status="ACTIVE",
                       joined_on=today - dt.timedelta(days=rng.randrange(30, 3000)))
            for o in added[::2]
        ]
    )  # fmt: skip
    Partnership.objects.bulk_create(
        [
            Partnership(coalition=coalition, organisation=o, partnership_type="TECHNICAL_SUPPORT",
                        started_on=today - dt.timedelta(days=rng.randrange(30, 3000)))
            for o in added[1::2]
        ]
    )  # fmt: skip
    everyone = list(Organisation.objects.filter(coalition=coalition))
    engagements = Engagement.objects.bulk_create(
        [
            Engagement(coalition=coalition, title=f"Bench engagement {i}",
                       date=today - dt.timedelta(days=rng.randrange(0, 5 * 365)),
                       practice_type="JOINT_EVENT", initiated_by="COALITION",
                       confidentiality=rng.choice(["INTERNAL", "INTERNAL", "CONFIDENTIAL"]))
            for i in range(n)
        ]
    )  # fmt: skip
    parts = []
    for e in engagements:
        lead, *others = rng.sample(everyone, rng.randint(2, 4))
        parts.append(
            Participation(coalition=coalition, engagement=e, organisation=lead, role="LEAD")
        )
        parts += [
            Participation(coalition=coalition, engagement=e, organisation=o, role="COUNTERPART")
            for o in others
        ]  # fmt: skip
    Participation.objects.bulk_create(parts)


def _time(client: Any, url: str) -> tuple[float, int]:
    t = time.perf_counter()
    response = client.get(url)
    assert response.status_code == 200, (url, response.status_code)
    return 1000 * (time.perf_counter() - t), len(response.content)


def main() -> None:
    with tempfile.TemporaryDirectory() as data_dir:
        os.environ["COALITIONLENS_DATA_DIR"] = data_dir
        os.environ["COALITIONLENS_DEMO"] = "1"  # demo coordinators: no second factor
        os.environ["COALITIONLENS_INSECURE_HTTP"] = "1"  # plain http on loopback, as `demo` serves
        os.environ.pop("DATABASE_URL", None)
        subprocess.run([str(BIN), "demo", "--no-serve"], check=True, capture_output=True)  # noqa: S603
        os.environ.setdefault("DJANGO_SETTINGS_MODULE", "coalitionlens.web.settings")
        import django

        django.setup()
        from django.db import transaction
        from django.test import Client

        from coalitionlens.accounts.models import User
        from coalitionlens.coalitions.models import Coalition
        from coalitionlens.insights.caching import clear_local

        coalition = Coalition.objects.get(slug=SLUG)
        with transaction.atomic():
            grow(coalition, ORGANISATIONS - coalition.organisations.count())
        n = coalition.organisations.count()
        client = Client(SERVER_NAME="127.0.0.1")
        client.force_login(User.objects.get(email=f"coordinator@{SLUG}.demo"))
        print(f"{SLUG} grown to {n} organisations")
        print(f"{'request':50s} {'ms':>8s} {'bytes':>9s}")
        for name, url in [
            ("network.json", f"/c/{SLUG}/insights/network.json"),
            ("network page", f"/c/{SLUG}/insights/network/"),
        ]:
            cold, size = _time(client, url)
            warm = [_time(client, url)[0] for _ in range(20)]
            shared = []
            for _ in range(5):
                clear_local()
                shared.append(_time(client, url)[0])
            print(f"{name + ': first (analysis + layout)':50s} {cold:8.0f} {size:9d}")
            print(f"{name + ': warm, median of 20':50s} {statistics.median(warm):8.1f}")
            print(f"{name + ': from the shared cache, median of 5':50s} {statistics.median(shared):8.1f}")  # fmt: skip
        worst = max(statistics.median(warm), statistics.median(shared))
        verdict = "meets" if worst <= TARGET_MS else "misses"
        print(f"warm requests {verdict} the {TARGET_MS:.0f} ms target; the first request after a "
              "change of data computes the analysis once")  # fmt: skip
        browser(n)


def _free_port() -> int:
    """A loopback port nobody listens on (other runs share the machine)."""
    import socket

    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


def browser(n: int, port: int = 0) -> None:
    """In Debian's Chromium: time from opening the map to every node drawn, a zoom and pan, and
    each of the map's controls (sector filter, zoom button, ego view)."""
    port = port or _free_port()
    if not Path("/usr/bin/chromium").exists():
        print("browser: /usr/bin/chromium missing, skipped")
        return
    from playwright.sync_api import sync_playwright

    server = subprocess.Popen(  # noqa: S603
        [str(BIN), "serve", "--port", str(port)],
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    base = f"http://127.0.0.1:{port}"
    try:
        args = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking"]
        with sync_playwright() as pw:
            chromium = pw.chromium.launch(executable_path="/usr/bin/chromium", args=args)
            # bypass_csp: the frame-wait below is injected script, which the app's CSP would refuse
            context = chromium.new_context(viewport={"width": 1280, "height": 900}, bypass_csp=True)
            page = context.new_page()
            for _ in range(100):  # the server starts in a few seconds
                try:
                    page.goto(base + "/accounts/login/")
                    break
                except Exception:  # not listening yet
                    time.sleep(0.2)
            page.fill("#id_login", f"coordinator@{SLUG}.demo")
            page.fill("#id_password", "lens-demo-2026")
            page.click("main button[type=submit]")
            page.wait_for_load_state("networkidle")
            opened = 0.0
            for label in ("first open (server computes)", "second open (cached)"):
                t = time.perf_counter()
                page.goto(f"{base}/c/{SLUG}/insights/network/")
                page.wait_for_selector(f"#network-map[data-node-count='{n}']", timeout=120_000)
                opened = 1000 * (time.perf_counter() - t)
                print(
                    f"{'browser: ' + label + ', all ' + str(n) + ' nodes drawn':50s} {1000 * (time.perf_counter() - t):8.0f}"
                )
            box = page.locator("#network-map").bounding_box()
            assert box is not None
            cx, cy = box["x"] + box["width"] / 2, box["y"] + box["height"] / 2
            t = time.perf_counter()
            page.mouse.move(cx, cy)
            for _ in range(10):
                page.mouse.wheel(0, -120)
            page.mouse.down()
            for step in range(20):
                page.mouse.move(cx + 10 * step, cy + 5 * step)
            page.mouse.up()
            page.evaluate(
                "() => new Promise(r => requestAnimationFrame(() => requestAnimationFrame(r)))"
            )
            ms = 1000 * (time.perf_counter() - t)
            print(
                f"{'browser: 10 zoom steps and a 20-step pan':50s} {ms:8.0f}  ({ms / 30:.0f} ms per step)"
            )

            # the map's controls, each timed from the action to its figures written on the map
            def timed(label: str, action: Any, attr: str, value: str) -> None:
                t = time.perf_counter()
                action()
                page.wait_for_selector(f"#network-map[{attr}='{value}']", timeout=60_000)
                ms = 1000 * (time.perf_counter() - t)
                print(f"{'browser: ' + label:50s} {ms:8.0f}  ({ms / opened:.2f} × opening the map)")

            sectors = page.eval_on_selector_all("#map-sector option", "os => os.map(o => o.value)")
            first = page.get_attribute("[data-testid=network-table] tbody tr", "data-node") or ""
            timed(
                "reset (every node shown)",
                lambda: page.click("#map-reset"),
                "data-hidden-count",
                "0",
            )
            t = time.perf_counter()
            page.select_option("#map-sector", sectors[1])
            page.wait_for_function(
                "document.getElementById('network-map').dataset.hiddenCount !== '0'"
            )
            ms = 1000 * (time.perf_counter() - t)
            print(
                f"{'browser: filter by one sector':50s} {ms:8.0f}  ({ms / opened:.2f} × opening the map)"
            )
            timed(
                "back to every sector",
                lambda: page.select_option("#map-sector", ""),
                "data-hidden-count",
                "0",
            )
            t = time.perf_counter()
            page.click("#map-zoom-in")
            page.wait_for_function("() => new Promise(r => requestAnimationFrame(() => r(true)))")
            ms = 1000 * (time.perf_counter() - t)
            print(
                f"{'browser: zoom-in button':50s} {ms:8.0f}  ({ms / opened:.2f} × opening the map)"
            )

            def ego() -> None:
                page.click(f"tr[data-node='{first}'] button.map-show")
                page.click("#map-ego")

            timed("ego view of the most central organisation", ego, "data-ego", first)
            timed("back to the whole network", lambda: page.click("#map-ego-exit"), "data-ego", "")
            chromium.close()
    finally:
        server.terminate()
        server.wait(timeout=30)


if __name__ == "__main__":
    main()
