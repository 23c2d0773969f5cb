"""In Debian's Chromium (CSP strict): every insight page renders; the map draws its nodes; the
organisation profile loads its place in the network; a coordinator records a finding."""

from __future__ import annotations

import pytest
from playwright.sync_api import expect

from coalitionlens.accounts.tests.factories import PASSWORD
from coalitionlens.conftest import sign_in
from coalitionlens.insights.tests.helpers import grow
from coalitionlens.tensions.models import Tension

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def _errors(page):
    errors: list[str] = []
    page.on("console", lambda m: errors.append(m.text) if m.type == "error" else None)
    page.on("pageerror", lambda e: errors.append(str(e)))
    return errors


def test_the_network_map_draws_every_node(page, live_server, cast):
    orgs = grow(cast.lens, 12)
    errors = _errors(page)
    sign_in(page, live_server, "bob@example.org", PASSWORD)
    page.goto(f"{live_server.url}/c/lens/insights/network/")
    expected = page.locator("[data-testid=network-table] tbody tr").count()
    assert expected > len(orgs)  # and the secretariat and the factories' lead organisations
    expect(page.locator("#network-map")).to_have_attribute("data-node-count", str(expected))
    assert int(page.locator("#network-map").get_attribute("data-edge-count")) > 0
    assert page.locator("#network-map canvas").count() > 0
    assert errors == []


def test_the_dashboard_shows_charts_and_their_tables(page, live_server, cast):
    grow(cast.lens, 8)
    errors = _errors(page)
    sign_in(page, live_server, "alice@example.org", PASSWORD)
    page.goto(f"{live_server.url}/c/lens/insights/")
    charts = page.locator("img.chart")
    assert charts.count() == 6
    for i in range(charts.count()):
        img = charts.nth(i)
        img.scroll_into_view_if_needed()
        expect(img).to_have_js_property("complete", True)
        assert img.evaluate("i => i.naturalWidth") > 0
    assert page.locator("[data-testid=table-macro] tbody tr").count() == 4
    assert page.locator("[data-testid=overdue] tbody tr").count() >= 1
    assert errors == []


def test_exercises_and_comparison_pages_render(page, live_server, cast):
    grow(cast.lens, 5)
    sign_in(page, live_server, "carol@example.org", PASSWORD)
    page.goto(f"{live_server.url}/c/lens/insights/exercises/")
    assert page.locator("article.exercise").count() >= 12
    page.goto(f"{live_server.url}/c/lens/insights/compare/")
    expect(page.locator("[data-testid=compare-coalitions]")).to_be_visible()
    expect(page.locator("[data-testid=compare-periods]")).to_be_visible()


def test_the_profile_loads_its_place_and_a_coordinator_records_a_finding(page, live_server, cast):
    orgs = grow(cast.lens, 12)
    errors = _errors(page)
    sign_in(page, live_server, "alice@example.org", PASSWORD)
    page.goto(f"{live_server.url}/c/lens/organisations/{orgs[0].pk}/")
    expect(page.locator("[data-testid=organisation-network]")).to_be_visible()
    page.goto(f"{live_server.url}/c/lens/insights/diagnostics/")
    first = page.locator("article.finding").first
    first.locator("input[name=title]").fill("Recorded in the browser")
    first.locator("button[type=submit]").click()
    page.wait_for_url("**/c/lens/tensions/*/")
    assert Tension.objects.filter(title="Recorded in the browser").exists()
    assert errors == []
