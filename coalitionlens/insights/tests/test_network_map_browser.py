"""In Debian's Chromium (CSP strict): the network map draws every node."""

from __future__ import annotations

import pytest
from playwright.sync_api import expect

from coalitionlens.accounts.tests.factories import PASSWORD
from coalitionlens.conftest import sign_in
from coalitionlens.insights.tests.helpers import _errors, grow

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


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
