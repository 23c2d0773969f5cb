"""In Debian's Chromium (CSP strict): the organisation profile loads its place in the network, and a coordinator records a finding from the diagnostics page."""

from __future__ import annotations

import pytest
from playwright.sync_api import expect

from coalitionlens.accounts.tests.factories import PASSWORD
from coalitionlens.conftest import sign_in
from coalitionlens.insights.tests.helpers import _errors, grow
from coalitionlens.tensions.models import Tension

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


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
