"""In Debian's Chromium: the engagement form's organisation picker is an ARIA combobox that the
keyboard drives, and Enter in it picks an organisation without submitting the form."""

from __future__ import annotations

import pytest
from playwright.sync_api import expect

from coalitionlens.accounts.tests.factories import PASSWORD
from coalitionlens.coalitions.tests.factories import OrganisationFactory
from coalitionlens.conftest import sign_in
from coalitionlens.engagements.models import Engagement

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_the_picker_is_a_combobox_that_arrows_enter_and_escape_drive(page, live_server, cast):
    for name in ("Riverside Legal Aid", "Riverside Shelter", "Hilltop Clinic"):
        OrganisationFactory(coalition=cast.lens, name=name)
    sign_in(page, live_server, "alice@example.org", PASSWORD)
    posts: list[str] = []
    page.on("request", lambda r: posts.append(r.url) if r.method == "POST" else None)
    page.goto(f"{live_server.url}/c/lens/engagements/new/")

    box = page.locator("input[data-picker-for=leads]")
    assert box.get_attribute("role") == "combobox"
    assert box.get_attribute("aria-expanded") == "false"
    listbox = page.locator("#" + (box.get_attribute("aria-controls") or "missing"))
    assert listbox.get_attribute("role") == "listbox"
    assert listbox.get_attribute("aria-label")

    box.fill("Riverside")
    expect(box).to_have_attribute("aria-expanded", "true")
    options = listbox.get_by_role("option")
    expect(options).to_have_count(2)
    assert listbox.locator("button").count() == 0

    box.press("ArrowDown")
    first = options.nth(0)
    expect(box).to_have_attribute("aria-activedescendant", first.get_attribute("id") or "?")
    expect(first).to_have_attribute("aria-selected", "true")
    box.press("ArrowDown")
    second = options.nth(1)
    expect(box).to_have_attribute("aria-activedescendant", second.get_attribute("id") or "?")
    chosen = second.get_attribute("data-pick-name")
    box.press("Enter")

    chip = page.locator("[data-chip-for=leads]")
    expect(chip).to_have_count(1)
    assert chip.inner_text().startswith(chosen or "?")
    expect(box).to_have_attribute("aria-expanded", "false")
    assert box.get_attribute("aria-activedescendant") is None
    assert "/engagements/new/" in page.url
    assert posts == []  # Enter chose; it did not submit
    assert not Engagement.objects.exists()
    expect(box).to_be_focused()

    box.fill("Hilltop")
    expect(box).to_have_attribute("aria-expanded", "true")
    box.press("Escape")
    expect(box).to_have_attribute("aria-expanded", "false")
    expect(listbox).to_be_hidden()
    box.press("Enter")  # with the list closed, Enter still does not submit
    page.wait_for_timeout(300)
    assert posts == []
    expect(chip).to_have_count(1)
