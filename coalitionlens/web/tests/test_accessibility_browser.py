"""axe-core (vendored, pinned: static/vendor/axe-core-*/) run in Debian's Chromium on every main page,
as each role of the coalition (coordinator, member, analyst, viewer: every value of ``Role``), in
English and Khmer, at a phone's and a desktop's width: 0 violations of any impact.

One browser, one data set and, per role and width, one signed-in context that reads the pages in
English, switches to Khmer and reads them again (``make`` prints the test's duration with
``--durations``).

axe is injected by Playwright as an init script (``context.add_init_script(path=...)``, which the
DevTools protocol runs in every document before its own scripts): the page's content security policy
stays on (an inline ``<script>`` tag would be refused by it) and no page ever links the file."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest

from coalitionlens.accounts.tests.factories import PASSWORD
from coalitionlens.coalitions.vocab import Role
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
# Violations left on purpose, each with its page, rule and the reason; the test fails when one of
# them is gone too (so the entry is removed), and on any violation not listed here.
LEFT: dict[tuple[str, str], str] = {}


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
    return [
        "/",
        "/c/lens/",
        "/c/lens/insights/",
        "/c/lens/organisations/",
        f"/c/lens/organisations/{orgs[0].pk}/",
        "/c/lens/engagements/",
        f"/c/lens/engagements/{engagement.pk}/",
        "/c/lens/engagements/new/",
        "/c/lens/insights/network/",
        "/c/lens/insights/diagnostics/",
        "/c/lens/insights/exercises/",
        "/c/lens/insights/compare/",
        "/help/metrics/",
        "/c/lens/surveys/",
        f"/c/lens/surveys/{round_.pk}/",
        f"/c/lens/surveys/{round_.pk}/results/",
        "/c/lens/reports/",
        "/c/lens/tensions/",
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


def _switch_language(page, live_server, lang: str) -> None:
    page.goto(f"{live_server.url}/c/lens/")
    with page.expect_navigation():  # the switch sits in the folded menu on a phone
        page.evaluate(
            "(lang) => { const s = document.getElementById('language-switch');"
            " s.value = lang; s.form.submit(); }",
            lang,
        )


def test_axe_finds_no_violation_on_the_main_pages(browser, live_server, cast):
    people = cast.by_role()
    assert set(people) == set(Role.values), "a role of the coalition is not tried"
    pages = _pages(cast)
    found: list[str] = []
    seen_left: set[tuple[str, str]] = set()
    for role, user in people.items():
        for width in WIDTHS:
            context = browser.new_context(viewport={"width": width, "height": 900})
            context.add_init_script(path=str(AXE))
            page = context.new_page()
            page.set_default_timeout(30_000)
            sign_in(page, live_server, user.email, PASSWORD)
            for lang in ("en", "km"):
                if lang != "en":
                    _switch_language(page, live_server, lang)
                for path in pages:
                    response = page.goto(live_server.url + path)
                    assert response is not None
                    if response.status in (403, 404):
                        status = f"{response.status}"
                    else:
                        assert response.status == 200, (role, path, response.status)
                        status = ""
                    page.wait_for_load_state("networkidle")
                    for v in _violations(page):
                        rule = v.split(" ")[1].rstrip(":")
                        left = next((k for k in LEFT if path.endswith(k[0]) and rule == k[1]), None)
                        if left is not None:
                            seen_left.add(left)
                            continue
                        where = f"{role} {lang} {width}px {path}"
                        found.append(f"{where}{' ' + status if status else ''}: {v}")
            context.close()
    assert found == [], "\n".join(found)
    assert seen_left == set(LEFT), f"fixed, remove from LEFT: {set(LEFT) - seen_left}"
