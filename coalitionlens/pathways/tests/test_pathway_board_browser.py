"""In Debian's Chromium (CSP strict): a member filters the pathway board by province and by
trafficking type with the keyboard alone, sees where the pathway breaks, and reaches the board's
organisations by Tab."""

from __future__ import annotations

from typing import Any

import pytest
from playwright.sync_api import expect

from coalitionlens.accounts.tests.factories import PASSWORD
from coalitionlens.coalitions.tests.factories import OrganisationFactory
from coalitionlens.conftest import sign_in
from coalitionlens.insights.tests.helpers import _errors
from coalitionlens.pathways.tests.factories import ReferralTieFactory, ServiceFactory

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def _tab_to(page: Any, selector: str, *, presses: int = 80) -> None:
    """Press Tab until ``selector`` has the focus (fails if it never does: not reachable)."""
    target = page.locator(selector)
    for _ in range(presses):
        page.keyboard.press("Tab")
        if target.evaluate("el => el === document.activeElement"):
            return
    raise AssertionError(f"{selector} is not reachable with the keyboard")


def _filter(page: Any, **choices: str) -> None:
    """Choose each filter's value and send the form, from the keyboard."""
    page.locator("body").focus()
    for name, value in choices.items():
        _tab_to(page, f"#id_{name}")
        page.locator(f"#id_{name}").select_option(value)
    _tab_to(page, "form[role=search] button[type=submit]")
    with page.expect_navigation():
        page.keyboard.press("Enter")


def test_a_member_filters_the_board_and_sees_the_gap(
    page: Any, live_server: Any, cast: Any
) -> None:
    hotline = OrganisationFactory(coalition=cast.lens, name="Fictional Lantern Hotline")
    north = OrganisationFactory(
        coalition=cast.lens, name="Fictional North Shelter", province="North"
    )
    south = OrganisationFactory(
        coalition=cast.lens, name="Fictional South Refuge", province="South"
    )
    ReferralTieFactory(
        from_service__organisation=hotline,
        from_service__name="Night line",
        to_service__organisation=north,
        to_service__name="North beds",
        to_service__provinces=["North"],
    )
    ServiceFactory(
        organisation=south,
        name="South beds",
        stage="SHELTER",
        trafficking_types=["SEXUAL"],
        populations=["WOMEN"],
        provinces=["South"],
    )
    errors = _errors(page)
    sign_in(page, live_server, "bob@example.org", PASSWORD)
    page.goto(f"{live_server.url}/c/lens/pathway/")
    shelter = page.locator("section[aria-labelledby=stage-SHELTER]")
    expect(shelter).to_contain_text("Fictional North Shelter")
    expect(shelter).to_contain_text("Fictional South Refuge")

    _filter(page, province="North")
    assert "province=North" in page.url
    expect(shelter).to_contain_text("Fictional North Shelter")
    expect(shelter).not_to_contain_text("Fictional South Refuge")
    expect(page.locator("[data-testid=ties]")).to_contain_text("Night line")
    _tab_to(page, "[data-node] a >> text=Fictional North Shelter")  # a node, by keyboard

    _filter(page, province="South", trafficking_type="SEXUAL")
    assert "trafficking_type=SEXUAL" in page.url
    expect(shelter).to_contain_text("Fictional South Refuge")
    identification = page.locator("section[aria-labelledby=stage-IDENTIFICATION]")
    expect(identification).not_to_contain_text("Fictional Lantern Hotline")
    expect(identification.locator("[data-flag=gap]")).to_have_text("No provider")
    expect(shelter.locator("[data-flag=fragile]")).to_have_text("One provider only")
    expect(page.locator("[data-testid=ties]")).to_contain_text("No referral tie recorded.")
    assert errors == []
