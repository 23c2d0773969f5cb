"""In Debian's Chromium: the exercise library and the comparison page render."""

from __future__ import annotations

import pytest
from playwright.sync_api import expect

from coalitionlens.accounts.tests.factories import PASSWORD
from coalitionlens.conftest import sign_in
from coalitionlens.insights.tests.helpers import grow

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_exercises_and_comparison_pages_render(page, live_server, cast):
    grow(cast.lens, 5)
    sign_in(page, live_server, "carol@example.org", PASSWORD)
    page.goto(f"{live_server.url}/c/lens/insights/exercises/")
    assert page.locator("article.exercise").count() >= 12
    page.goto(f"{live_server.url}/c/lens/insights/compare/")
    expect(page.locator("[data-testid=compare-coalitions]")).to_be_visible()
    expect(page.locator("[data-testid=compare-periods]")).to_be_visible()
