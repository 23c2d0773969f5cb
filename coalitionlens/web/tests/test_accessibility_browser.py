"""axe-core (vendored, pinned: static/vendor/axe-core-*/) run in Debian's Chromium on every main page,
as each role of the coalition (coordinator, member, analyst, viewer: every value of ``Role``), in
English and Khmer, at a phone's and a desktop's width: 0 violations of any impact.

One browser, one data set and, per role and width, one signed-in context that reads the pages in
English, switches to Khmer and reads them again (``make`` prints the test's duration with
``--durations``). The markup does not depend on the database engine and ``make test`` runs the
suite on both at once, so each engine's run takes half of the roles (:data:`HALVES`, chosen from
``connection.vendor``); a cheap test checks that the halves cover every role exactly once. Each
page costs one navigation (to its ``load`` event, no idle wait; the network map's page also waits
for its drawing) and one ``axe.run``.

axe is injected by Playwright as an init script (``context.add_init_script(path=...)``, which the
DevTools protocol runs in every document before its own scripts): the page's content security policy
stays on (an inline ``<script>`` tag would be refused by it) and no page ever links the file."""

from __future__ import annotations

import datetime as dt
import re
from pathlib import Path

import pytest
from django.db import connection

from coalitionlens.accounts.tests.factories import PASSWORD
from coalitionlens.coalitions.vocab import Role
from coalitionlens.conftest import sign_in
from coalitionlens.insights.tests.helpers import grow
from coalitionlens.surveys.models import RoundStatus
from coalitionlens.surveys.services import round_close
from coalitionlens.surveys.tests.factories import RespondentFactory
from coalitionlens.tensions.tests.factories import TensionFactory

VENDOR = Path(__file__).resolve().parents[2] / "static" / "vendor"
AXE = next(VENDOR.glob("axe-core-*/axe.min.js"))
WIDTHS = (390, 1366)
# Violations left on purpose, each with its page, rule and the reason; the test fails when one of
# them is gone too (so the entry is removed), and on any violation not listed here.
LEFT: dict[tuple[str, str], str] = {}
# Which roles each engine's run reads the pages as (any other engine reads them as every role).
HALVES: dict[str, tuple[str, ...]] = {
    "sqlite": (Role.COORDINATOR, Role.MEMBER),
    "postgresql": (Role.ANALYST, Role.VIEWER),
}
# Pages that finish after their load event, and what shows they are done: the map drawn by its
# script, an organisation's place in the network swapped in by htmx (its "Loading…" state, the
# request held back, is read by insights/tests/test_organisation_network_browser.py).
DRAWN = (
    (re.compile(r"/insights/network/$"), "#network-map[data-node-count]"),
    (re.compile(r"/organisations/\d+/$"), "[data-testid=organisation-network]"),
)


def test_the_engines_halves_cover_every_role_exactly_once():
    tried = [role for half in HALVES.values() for role in half]
    assert sorted(tried) == sorted(Role.values)


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


def _switch_language(page, lang: str) -> None:
    """From the page on screen when it has the switch, without another navigation first."""
    if page.locator("#language-switch").count() == 0:
        page.goto(page.url.split("/c/", 1)[0] + "/c/lens/")
    with page.expect_navigation():  # the switch sits in the folded menu on a phone
        page.evaluate(
            "(lang) => { const s = document.getElementById('language-switch');"
            " s.value = lang; s.form.submit(); }",
            lang,
        )


@pytest.mark.browser
@pytest.mark.both_engines  # it halves its roles between the engines itself
@pytest.mark.django_db(transaction=True)
def test_axe_finds_no_violation_on_the_main_pages(browser, live_server, cast):
    people = cast.by_role()
    assert set(people) == set(Role.values), "a role of the coalition has no one in the cast"
    half = HALVES.get(connection.vendor, tuple(Role.values))
    people = {role: user for role, user in people.items() if role in half}
    assert people, connection.vendor
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
                    _switch_language(page, lang)
                for path in pages:
                    response = page.goto(live_server.url + path)
                    assert response is not None
                    if response.status in (403, 404):
                        status = f"{response.status}"
                    else:
                        assert response.status == 200, (role, path, response.status)
                        status = ""
                    for pattern, done in DRAWN:
                        if pattern.search(path) and status == "":
                            page.wait_for_selector(done, state="attached")
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
