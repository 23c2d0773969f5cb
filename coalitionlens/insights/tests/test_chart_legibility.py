"""Dashboard charts are legible on a phone and on a desktop: in Debian's Chromium at 390 px and at
1,366 px, in English and in Khmer, no chart text is drawn smaller than 11 CSS px.

A chart's text is drawn as outlines (insights/charts.py), each text a ``<g id="text_…">`` holding a
group scaled by ``fontsize / 100`` (matplotlib's text-to-path units) in the SVG's user units; its size
on screen is that font size times the ratio of the picture's width on screen to its viewBox width.
"""

from __future__ import annotations

import pytest
from playwright.sync_api import expect

from coalitionlens.accounts.tests.factories import PASSWORD
from coalitionlens.conftest import sign_in
from coalitionlens.insights.tests.helpers import grow

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

#: For each chart on the page: its source as chosen by the browser, its width on screen, and the
#: font sizes (CSS px as shown) of all its texts.
_MEASURE = """
async () => {
  const out = [];
  for (const img of document.querySelectorAll("img.chart")) {
    const svg = new DOMParser().parseFromString(
      await (await fetch(img.currentSrc)).text(), "image/svg+xml").documentElement;
    const viewBox = svg.getAttribute("viewBox").split(/[ ,]+/).map(Number);
    const shown = img.getBoundingClientRect().width;
    const sizes = [];
    for (const text of svg.querySelectorAll('g[id^="text_"]')) {
      for (const g of text.querySelectorAll("g[transform]")) {
        const m = /scale\\(([-0-9.e]+)/.exec(g.getAttribute("transform"));
        if (m) sizes.push(Math.abs(Number(m[1])) * 100 * shown / viewBox[2]);
      }
    }
    out.push({src: img.currentSrc, shown, texts: sizes.length, smallest: Math.min(...sizes)});
  }
  return out;
}
"""


@pytest.mark.parametrize("lang", ["en", "km"])
@pytest.mark.parametrize("width", [390, 1366])
def test_no_chart_text_is_smaller_than_11_px_on_a_phone_or_a_desktop(
    browser, live_server, cast, width, lang
):
    grow(cast.lens, 10)
    context = browser.new_context(viewport={"width": width, "height": 900}, locale=lang)
    page = context.new_page()
    page.set_default_timeout(30_000)
    try:
        sign_in(page, live_server, "alice@example.org", PASSWORD)
        page.goto(f"{live_server.url}/c/lens/insights/")
        assert page.locator("html").get_attribute("lang") == lang
        charts = page.locator("img.chart")
        assert charts.count() == 6
        for i in range(charts.count()):
            charts.nth(i).scroll_into_view_if_needed()
            expect(charts.nth(i)).to_have_js_property("complete", True)
        measured = page.evaluate(_MEASURE)
    finally:
        context.close()
    assert len(measured) == 6
    size = "size=narrow" if width < 576 else "name="
    for chart in measured:
        assert size in chart["src"]  # the phone gets the narrow drawing, the desktop the wide one
        assert chart["texts"] > 3, chart
        assert chart["shown"] <= width
        assert chart["smallest"] >= 11, chart
