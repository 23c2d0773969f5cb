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


def test_the_library_filters_without_script_and_each_exercise_prints_on_one_page(
    page, live_server, cast
):
    from coalitionlens.insights.tests.helpers import pdf_page_count

    sign_in(page, live_server, "carol@example.org", PASSWORD)
    page.goto(f"{live_server.url}/c/lens/insights/exercises/")
    page.select_option("#kind", "EVALUATING")
    page.select_option("#category", "DONOR_COMPETITION")
    page.get_by_role("button", name="Show").click()
    page.wait_for_url("**kind=EVALUATING**")
    assert page.locator("article.exercise").count() == 1
    page.get_by_role("link", name="Review our dependence on donors").first.click()
    expect(page.locator("article.handout h1")).to_have_text("Review our dependence on donors")
    # the longest exercises (most steps, longest Khmer), as a browser prints the page
    for lang in ("en", "fr", "km"):
        page.context.add_cookies(
            [{"name": "django_language", "value": lang, "url": live_server.url}]
        )
        for exercise_id in ("plan-on-a-wall", "survivor-leadership-compact", "who-is-in-the-room"):
            page.goto(f"{live_server.url}/c/lens/insights/exercises/exercise/?id={exercise_id}")
            page.emulate_media(media="print")
            pdf = page.pdf(format="A4", prefer_css_page_size=True)
            assert pdf_page_count(pdf) == 1, (exercise_id, lang)
