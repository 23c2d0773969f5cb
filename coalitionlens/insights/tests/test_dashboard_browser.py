"""In Debian's Chromium (CSP strict): the dashboard shows its charts and their tables."""

from __future__ import annotations

import pytest
from playwright.sync_api import expect

from coalitionlens.accounts.tests.factories import PASSWORD
from coalitionlens.conftest import sign_in
from coalitionlens.insights.tests.helpers import _errors, grow

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


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
