"""In Debian's Chromium (CSP strict), at a phone's width: while the organisation page is still
fetching its place in the network (the request held back here, as a slow connection holds it), its
"Loading…" line passes axe-core (the line was dimmed with the request, and its grey text then failed
WCAG AA contrast); once the request is let through, the partial replaces it."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from playwright.sync_api import expect

from coalitionlens.accounts.tests.factories import PASSWORD
from coalitionlens.conftest import sign_in
from coalitionlens.insights.tests.helpers import _errors, grow

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

VENDOR = Path(__file__).resolve().parents[2] / "static" / "vendor"
AXE = next(VENDOR.glob("axe-core-*/axe.min.js"))


def test_the_loading_line_passes_axe_while_the_request_runs(browser, live_server, cast):
    orgs = grow(cast.lens, 4)
    context = browser.new_context(viewport={"width": 390, "height": 844})
    context.add_init_script(path=str(AXE))
    page = context.new_page()
    page.set_default_timeout(30_000)
    errors = _errors(page)
    sign_in(page, live_server, "bob@example.org", PASSWORD)
    held = []
    page.route(f"**/c/lens/organisations/{orgs[0].pk}/network/", lambda route: held.append(route))
    page.goto(f"{live_server.url}/c/lens/organisations/{orgs[0].pk}/")
    loader = page.locator("[data-testid=organisation-network-loader]")
    # htmx has sent the request: the loading state
    expect(loader).to_have_class(re.compile(r"\bhtmx-request\b"))
    assert len(held) == 1
    assert errors == []
    # the loader's opacity, once any transition has run (axe reads the colours as drawn)
    page.wait_for_timeout(400)
    found = page.evaluate(
        """async () => {
          const r = await axe.run(document, {resultTypes: ["violations"]});
          return r.violations.map(v => v.id + ": " + v.nodes.map(n => n.target.join(" ")
            + " " + (n.any[0] ? n.any[0].message : "")).join(" | "));
        }"""
    )
    assert found == []
    # axe sets inline styles as it reads colours, which the page's CSP refuses (logged as errors)
    errors.clear()
    held[0].continue_()
    expect(page.locator("[data-testid=organisation-network]")).to_be_visible()
    expect(loader).to_have_count(0)
    assert errors == []
    context.close()
