"""End-to-end in Debian's Chromium: what a coordinator and a member actually see and do."""

from __future__ import annotations

import datetime as dt
import re

import pytest
from playwright.sync_api import expect

from coalitionlens.accounts.tests.factories import PASSWORD
from coalitionlens.coalitions.models import Organisation
from coalitionlens.coalitions.tests.factories import OrganisationFactory, core_sector
from coalitionlens.conftest import sign_in
from coalitionlens.engagements.models import Engagement, Participation
from coalitionlens.engagements.tests.factories import EngagementFactory

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_a_coordinator_adds_an_organisation_and_an_engagement_and_finds_them(
    page, live_server, cast
):
    OrganisationFactory(coalition=cast.lens, name="Riverside Legal Aid")
    sign_in(page, live_server, "alice@example.org", PASSWORD)
    assert "/c/lens/" in page.url

    page.goto(f"{live_server.url}/c/lens/organisations/new/")
    page.fill("#id_name", "Harbourline Shipping Co.")
    page.select_option("#id_sector", label="Business")
    page.select_option("#id_scale", "NATIONAL")
    page.click("main button[type=submit]")
    page.wait_for_url("**/organisations/*/")
    assert page.locator("h1").inner_text() == "Harbourline Shipping Co."

    page.goto(f"{live_server.url}/c/lens/engagements/new/")
    page.fill("#id_date", "2026-03-14")
    page.select_option("#id_practice_type", "SUPPLY_CHAIN")
    page.fill("#id_title", "Recruitment-fee audit with shippers")
    leads = page.locator("input[data-picker-for=leads]")
    leads.fill("Riverside")
    page.locator("[data-pick-name='Riverside Legal Aid']").click()
    counterparts = page.locator("input[data-picker-for=counterparts]")
    counterparts.fill("Harbour")
    page.locator("[data-pick-name='Harbourline Shipping Co.']").click()
    assert page.locator("[data-chip-for=counterparts]").inner_text().startswith("Harbourline")
    page.check("input[name=domains][value=PREVENTION]")
    page.click("main button[type=submit]")
    page.wait_for_url("**/engagements/*/")

    engagement = Engagement.objects.get(title="Recruitment-fee audit with shippers")
    roles = dict(
        Participation.objects.filter(engagement=engagement).values_list(
            "organisation__name", "role"
        )
    )
    assert roles == {"Riverside Legal Aid": "LEAD", "Harbourline Shipping Co.": "COUNTERPART"}
    assert engagement.date == dt.date(2026, 3, 14)

    page.goto(f"{live_server.url}/c/lens/engagements/")
    assert page.get_by_role("link", name="Recruitment-fee audit with shippers").is_visible()
    page.goto(f"{live_server.url}/c/lens/organisations/?q=Harbour")
    assert page.get_by_role("link", name="Harbourline Shipping Co.").is_visible()
    assert (
        Organisation.objects.filter(coalition=cast.lens, name="Harbourline Shipping Co.").count()
        == 1
    )


def test_a_form_with_errors_says_which_field_and_saves_nothing(page, live_server, cast):
    sign_in(page, live_server, "alice@example.org", PASSWORD)
    page.goto(f"{live_server.url}/c/lens/memberships/new/")
    org = OrganisationFactory(coalition=cast.lens, name="Lotus Youth Forum")
    page.reload()
    page.select_option("#id_organisation", label="Lotus Youth Forum")
    page.select_option("#id_status", "WITHDRAWN")
    page.fill("#id_joined_on", "2025-06-01")
    page.fill("#id_ended_on", "2024-01-01")
    page.click("main button[type=submit]")
    feedback = page.locator("[data-field=ended_on] .invalid-feedback")
    assert "before the start date" in feedback.inner_text()
    assert not org.memberships.exists()


def test_a_member_does_not_see_the_confidential_fields_of_a_confidential_engagement(
    page, live_server, cast
):
    e = EngagementFactory(
        coalition=cast.lens,
        title="Joint inspection planning",
        confidentiality="CONFIDENTIAL",
        outcome_notes="Unit commander agreed to share shelter referrals",
        follow_up="Call the liaison officer",
    )
    police = OrganisationFactory(
        coalition=cast.lens,
        name="Northern Precinct Anti-Trafficking Unit",
        sector=core_sector("LAW_ENFORCEMENT"),
    )
    Participation.objects.create(
        coalition=cast.lens, engagement=e, organisation=police, role="COUNTERPART"
    )

    sign_in(page, live_server, "bob@example.org", PASSWORD)
    page.goto(f"{live_server.url}/c/lens/engagements/{e.pk}/")
    body = page.locator("main").inner_text()
    assert "Joint inspection planning" not in body  # titles often name the counterpart
    assert "Joint event or campaign" in body  # the practice type stays visible
    assert page.locator("[data-testid=masked-notice]").is_visible()
    for secret in (
        "Joint inspection planning",
        "Unit commander agreed",
        "Call the liaison officer",
        "Northern Precinct",
    ):
        assert secret not in body
    assert page.locator("dd[data-hidden]").count() >= 4

    page.goto(f"{live_server.url}/c/lens/engagements/")
    assert "Northern Precinct" not in page.locator("tbody").inner_text()


def test_the_interface_switches_to_french_and_to_khmer(page, live_server, cast):
    sign_in(page, live_server, "alice@example.org", PASSWORD)
    page.goto(f"{live_server.url}/c/lens/organisations/")
    assert page.locator("html").get_attribute("lang") == "en"
    assert page.get_by_role("button", name="Sign out").is_visible()

    with page.expect_navigation():
        page.select_option("#language-switch", "fr")
    assert page.locator("html").get_attribute("lang") == "fr"
    assert page.get_by_role("button", name="Se déconnecter").is_visible()
    assert "/c/lens/organisations/" in page.url

    with page.expect_navigation():
        page.select_option("#language-switch", "km")
    assert page.locator("html").get_attribute("lang") == "km"
    nav = page.locator("nav").first.inner_text()
    assert any("\u1780" <= ch <= "\u17ff" for ch in nav), "the navigation is not in Khmer script"
    page.screenshot(path=str(live_server_artifacts() / "khmer-organisations.png"), full_page=True)


def test_the_pages_fit_a_phone_screen(browser, live_server, cast):
    OrganisationFactory(coalition=cast.lens, name="Mekong Shelter Collective")
    context = browser.new_context(viewport={"width": 360, "height": 740})
    page = context.new_page()
    sign_in(page, live_server, "alice@example.org", PASSWORD)
    for path in ("/c/lens/", "/c/lens/organisations/", "/c/lens/engagements/new/"):
        page.goto(live_server.url + path)
        overflow = page.evaluate("document.documentElement.scrollWidth - window.innerWidth")
        assert overflow <= 1, f"{path} is wider than a 360-pixel screen by {overflow}px"
    context.close()


def live_server_artifacts():
    from pathlib import Path

    out = Path(__file__).resolve().parents[3] / "test-artifacts"
    out.mkdir(exist_ok=True)
    return out


def test_the_organisation_list_filters_as_you_type(page, live_server, cast):
    for name, code in (
        ("Dawn Shelter", "CIVIL_SOCIETY"),
        ("Dusk Shelter", "FAITH_BASED"),
        ("Port Authority", "GOVERNMENT"),
    ):
        OrganisationFactory(coalition=cast.lens, name=name, sector=core_sector(code))
    sign_in(page, live_server, "alice@example.org", PASSWORD)
    page.goto(f"{live_server.url}/c/lens/organisations/")
    count = page.locator("[data-testid=count]")
    assert count.inner_text().startswith("3 ")
    page.fill("#id_q", "Shelter")
    expect(count).to_have_text(re.compile(r"^2 "))
    page.select_option("#id_macro_sector", "CIVIL")
    page.wait_for_url("**macro_sector=CIVIL**")
    assert page.locator("tbody tr").count() == 2
    page.select_option("#id_sector", "FAITH_BASED")
    expect(count).to_have_text(re.compile(r"^1 "))
    assert (
        page.url.count("q=") == 1
    )  # the address holds the filters once, so it can be shared or reloaded
    assert page.locator("tbody").inner_text().strip().startswith("Dusk Shelter")
