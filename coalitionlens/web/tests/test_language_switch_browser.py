"""In Debian's Chromium: the language switch is not sent by the first arrow key (a keyboard user
moves through the languages first, then presses Enter or the button that appears); a mouse choice
is sent at once."""

from __future__ import annotations

import pytest
from django.urls import reverse
from playwright.sync_api import expect

from coalitionlens.accounts.tests.factories import PASSWORD
from coalitionlens.conftest import sign_in

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_arrow_keys_do_not_reload_the_page_and_enter_switches(page, live_server, cast):
    sign_in(page, live_server, "bob@example.org", PASSWORD)
    page.goto(f"{live_server.url}/c/lens/organisations/")
    navigations: list[str] = []
    page.on("framenavigated", lambda f: navigations.append(f.url) if f == page.main_frame else None)
    switch = page.locator("#language-switch")
    assert switch.evaluate("s => s.form.getAttribute('action')") == reverse("set_language")
    apply = page.locator("[data-autosubmit-apply]")
    expect(apply).to_be_hidden()
    switch.focus()
    switch.press("ArrowDown")  # English → Français, on a closed select: a change event at once
    page.wait_for_timeout(500)
    assert navigations == []
    assert page.locator("html").get_attribute("lang") == "en"
    assert switch.input_value() == "fr"
    expect(apply).to_be_visible()
    with page.expect_navigation():
        switch.press("Enter")
    assert page.locator("html").get_attribute("lang") == "fr"
    assert "/c/lens/organisations/" in page.url

    with page.expect_navigation():  # a mouse choice (Playwright's select) is sent at once
        page.select_option("#language-switch", "en")
    assert page.locator("html").get_attribute("lang") == "en"
