"""axe-core (vendored, pinned: static/vendor/axe-core-*/) run in Debian's Chromium on every main page,
as a coordinator and as a member, in English and Khmer, at a phone's and a desktop's width.

axe is injected by Playwright as an init script (``context.add_init_script(path=...)``, which the
DevTools protocol runs in every document before its own scripts): the page's content security policy
stays on (an inline ``<script>`` tag would be refused by it) and no page ever links the file."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest

from coalitionlens.accounts.tests.factories import PASSWORD
from coalitionlens.conftest import sign_in
from coalitionlens.insights.tests.helpers import grow
from coalitionlens.surveys.models import RoundStatus
from coalitionlens.surveys.services import round_close
from coalitionlens.surveys.tests.factories import RespondentFactory
from coalitionlens.tensions.tests.factories import TensionFactory

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

VENDOR = Path(__file__).resolve().parents[2] / "static" / "vendor"
AXE = next(VENDOR.glob("axe-core-*/axe.min.js"))
WIDTHS = (390, 1366)


def _pages(cast) -> list[str]:
    orgs = grow(cast.lens, 12)
    TensionFactory(coalition=cast.lens)
    respondent = RespondentFactory(round__coalition=cast.lens, organisation=orgs[0])
    round_ = respondent.round
    round_.status = RoundStatus.OPEN
    round_.opened_at = round_.created_at
    round_.save()
    round_close(round=round_, actor=cast.alice, now=dt.datetime.now(dt.UTC))
    engagement = orgs[0].participations.first().engagement
    base = "/c/lens"
    return [
        f"{base}/",
        f"{base}/insights/",
        f"{base}/organisations/",
        f"{base}/organisations/{orgs[0].pk}/",
        f"{base}/engagements/",
        f"{base}/engagements/{engagement.pk}/",
        f"{base}/engagements/new/",
        f"{base}/insights/network/",
        f"{base}/insights/diagnostics/",
        f"{base}/surveys/",
        f"{base}/surveys/{round_.pk}/results/",
        f"{base}/reports/",
        f"{base}/tensions/",
    ]


def _violations(page) -> list[str]:
    found = page.evaluate(
        """async () => {
          const r = await axe.run(document, {resultTypes: ["violations"]});
          return r.violations.map(v => v.impact + " " + v.id + ": " +
            v.nodes.slice(0, 3).map(n => n.target.join(" ")).join(" | "));
        }"""
    )
    return list(found)


@pytest.mark.parametrize("who", ["alice@example.org", "bob@example.org"], ids=["coordinator", "member"])
@pytest.mark.parametrize("lang", ["en", "km"])
def test_axe_finds_no_violation_on_the_main_pages(browser, live_server, cast, who, lang):
    pages = _pages(cast)
    found: list[str] = []
    for width in WIDTHS:
        context = browser.new_context(viewport={"width": width, "height": 900})
        context.add_init_script(path=str(AXE))
        page = context.new_page()
        page.set_default_timeout(30_000)
        sign_in(page, live_server, who, PASSWORD)
        if lang != "en":
            page.goto(f"{live_server.url}/c/lens/")
            with page.expect_navigation():
                page.select_option("#language-switch", lang)
        for path in pages:
            response = page.goto(live_server.url + path)
            assert response is not None
            if response.status in (403, 404):
                status = f"{response.status}"
            else:
                assert response.status == 200, (path, response.status)
                status = ""
            page.wait_for_load_state("networkidle")
            for v in _violations(page):
                found.append(f"{width}px {path}{' ' + status if status else ''}: {v}")
        context.close()
    assert found == [], "\n".join(found)
