"""In Debian's Chromium: a member answers the survey on a 360-pixel-wide phone screen, in Khmer."""

from __future__ import annotations

import pytest

from coalitionlens.coalitions.tests.factories import OrganisationFactory, core_sector
from coalitionlens.surveys.models import Answer, Response
from coalitionlens.surveys.tests.factories import RespondentFactory, invite

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def _fits(page) -> None:
    width = page.evaluate("document.documentElement.scrollWidth")
    assert width <= 360, f"the page scrolls sideways on a phone ({width}px)"


def test_a_member_answers_in_khmer_on_a_small_phone(browser, live_server, cast):
    home = OrganisationFactory(coalition=cast.lens, name="Riverside Shelter")
    ministry = OrganisationFactory(
        coalition=cast.lens, name="Ministry of Labour", sector=core_sector("GOVERNMENT")
    )
    OrganisationFactory(coalition=cast.lens, name="Harbour Hotels", sector=core_sector("BUSINESS"))
    respondent = RespondentFactory(
        round__coalition=cast.lens,
        organisation=home,
        email=cast.bob.email,
        name="Bob",
        language="km",
    )
    token = invite(respondent)
    context = browser.new_context(
        viewport={"width": 360, "height": 740}, is_mobile=True, device_scale_factor=2
    )
    page = context.new_page()
    page.set_default_timeout(15_000)
    try:
        page.goto(f"{live_server.url}/s/{token}/")
        assert page.locator("html").get_attribute("lang") == "km"
        assert "មុនពេលអ្នកចាប់ផ្ដើម" in page.locator("h1").inner_text()
        _fits(page)
        page.click("button[value=yes]")

        page.wait_for_url("**/p/partners/**")
        assert page.locator("button.primary").inner_text() == "រក្សាទុក ហើយបន្ត"  # "Save and continue"
        page.get_by_label("Ministry of Labour").check()
        _fits(page)
        page.click("button.primary")

        page.wait_for_url("**/p/ratings/**")
        page.select_option(f"select[name=p{ministry.pk}_level]", "3")
        page.select_option(f"select[name=p{ministry.pk}_trust_open]", "2")
        _fits(page)
        page.click("button.primary")

        page.wait_for_url("**/p/health-1/**")
        assert "យល់ស្រប" in page.content()
        page.locator("input[name=shared_power_1][value='4']").check()
        _fits(page)
        page.screenshot(path="test-artifacts/survey-km-360.png")
        page.click("button.primary")
        page.wait_for_url("**/p/health-2/**")

        page.goto(f"{live_server.url}/s/{token}/")  # resume later: the saved pages are ticked
        assert page.locator(".sections .ok").count() >= 3
        page.click("form[action*=submit] button")
        page.wait_for_load_state("networkidle")
    finally:
        context.close()

    keys = dict(Answer.objects.values_list("key", "value"))
    assert keys[f"relationship:level:{ministry.pk}:"] == 3
    assert keys["health:shared_power_1::"] == 4
    response = Response.objects.get()
    assert response.language == "km"
    assert response.submitted_at is not None
