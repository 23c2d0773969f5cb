"""In Debian's Chromium: the invitation links, shown once, each have a copy button that puts the link
on the clipboard (static/js/copy-links.js, no inline script)."""

from __future__ import annotations

import pytest
from playwright.sync_api import expect

from coalitionlens.accounts.tests.factories import PASSWORD
from coalitionlens.conftest import sign_in
from coalitionlens.surveys.tests.factories import RespondentFactory

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_a_coordinator_copies_an_invitation_link(browser, live_server, cast, settings):
    settings.EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
    first = RespondentFactory(round__coalition=cast.lens, name="Sok Dara")
    RespondentFactory(round=first.round, name="Chan Lina")
    context = browser.new_context(viewport={"width": 1280, "height": 900})
    context.grant_permissions(["clipboard-read", "clipboard-write"], origin=live_server.url)
    page = context.new_page()
    errors: list[str] = []
    page.on("console", lambda m: errors.append(m.text) if m.type == "error" else None)
    sign_in(page, live_server, "alice@example.org", PASSWORD)
    page.goto(f"{live_server.url}/c/lens/surveys/{first.round.pk}/")
    page.get_by_role("button", name="Send invitations to everyone not yet invited").click()
    links = page.locator("[data-testid=links] input[readonly]")
    expect(links).to_have_count(2)
    buttons = page.get_by_role("button", name="Copy", exact=True)
    expect(buttons).to_have_count(2)
    button = page.locator("button[data-copy='#invitation-link-2']")
    button.click()
    expect(button).to_have_text("Copied")
    copied = page.evaluate("navigator.clipboard.readText()")
    assert copied == links.nth(1).input_value()
    assert copied.startswith(live_server.url + "/s/")
    assert errors == []
    context.close()
