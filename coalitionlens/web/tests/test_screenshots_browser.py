"""Screenshots of the main pages, in English and Khmer, at a phone's and a desktop's width, written
into ``test-artifacts/screenshots/`` (git-ignored) for a person to look at one by one.

Each page must also hold what a screenshot cannot prove at a glance: no horizontal overflow (nothing
wider than the window), and in Khmer the shipped Noto Sans Khmer face loaded and able to draw the
page's own Khmer text (``document.fonts.check``), so no character falls back to a box."""

from __future__ import annotations

import struct
from pathlib import Path

import pytest

from coalitionlens.accounts.tests.factories import PASSWORD
from coalitionlens.conftest import sign_in
from coalitionlens.web.tests.test_accessibility_browser import _pages

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

OUT = Path(__file__).resolve().parents[3] / "test-artifacts" / "screenshots"
WIDTHS = (390, 1366)
#: name of the shot -> the path's ending among the pages the accessibility test visits
SHOTS = {
    "home": "/c/lens/",
    "dashboard": "/c/lens/insights/",
    "network-map": "/c/lens/insights/network/",
    "diagnostics": "/c/lens/insights/diagnostics/",
    "survey-results": "/results/",
    "metrics-help": "/help/metrics/",
}
KHMER_FACE = "CL Noto Sans Khmer"

#: What the page says about its width and its Khmer text.
_PROBE = """async (face) => {
  await document.fonts.ready;
  const text = document.body.innerText;
  const khmer = (text.match(/[\\u1780-\\u17FF]+/g) || []).join(" ").slice(0, 400);
  const faces = [...document.fonts].filter(f => f.family.replace(/["']/g, "") === face);
  if (khmer) { await Promise.all(faces.map(f => f.load().catch(() => null))); }
  return {
    scroll: document.documentElement.scrollWidth,
    client: document.documentElement.clientWidth,
    khmer: khmer,
    loaded: faces.filter(f => f.status === "loaded").length,
    drawable: khmer ? document.fonts.check("16px '" + face + "'", khmer) : null,
    family: getComputedStyle(document.body).fontFamily,
  };
}"""


def _png_size(path: Path) -> tuple[int, int]:
    head = path.read_bytes()[:24]
    assert head[:8] == b"\x89PNG\r\n\x1a\n", f"{path.name} is not a PNG"
    assert head[12:16] == b"IHDR"
    width, height = struct.unpack(">II", head[16:24])
    return width, height


def _path(pages: list[str], ending: str) -> str:
    return next(p for p in pages if p.endswith(ending))


@pytest.mark.parametrize("lang", ["en", "km"])
def test_screenshots_of_the_main_pages_fit_the_window_and_draw_their_script(
    browser, live_server, cast, lang
):
    pages = _pages(cast)
    # A name as long as the top bar shows (10rem, then cut), so the bar is measured at its widest.
    cast.alice.display_name = "Alice Coordinator of the Lens Coalition"
    cast.alice.save(update_fields=["display_name"])
    OUT.mkdir(parents=True, exist_ok=True)
    problems: list[str] = []
    for width in WIDTHS:
        context = browser.new_context(viewport={"width": width, "height": 900})
        page = context.new_page()
        page.set_default_timeout(60_000)
        sign_in(page, live_server, "alice@example.org", PASSWORD)
        if lang != "en":
            page.goto(f"{live_server.url}/c/lens/")
            with page.expect_navigation():  # the switch sits in the folded menu on a phone
                page.evaluate(
                    "(lang) => { const s = document.getElementById('language-switch');"
                    " s.value = lang; s.form.submit(); }",
                    lang,
                )
        for name, ending in SHOTS.items():
            response = page.goto(live_server.url + _path(pages, ending))
            assert response is not None, name
            assert response.status == 200, (name, response.status)
            page.wait_for_load_state("networkidle")
            probe = page.evaluate(_PROBE, KHMER_FACE)
            shot = OUT / f"{name}-{lang}-{width}.png"
            shot.unlink(missing_ok=True)
            page.screenshot(path=str(shot), full_page=True)
            assert shot.is_file(), shot
            assert _png_size(shot)[0] == width, (shot.name, _png_size(shot))
            if probe["scroll"] > probe["client"]:
                problems.append(
                    f"{shot.name}: {probe['scroll']} px wide in a {probe['client']} px window"
                )
            if lang == "km":
                if not probe["khmer"]:
                    problems.append(f"{shot.name}: no Khmer text on the Khmer page")
                elif not (probe["loaded"] and probe["drawable"]):
                    problems.append(f"{shot.name}: Khmer text not drawn with {KHMER_FACE}")
                if KHMER_FACE not in probe["family"]:
                    problems.append(f"{shot.name}: body font is {probe['family']}")
        context.close()
    assert problems == [], "\n".join(problems)
