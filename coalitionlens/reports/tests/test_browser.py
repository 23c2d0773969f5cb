"""In Debian's Chromium (CSP strict): a coordinator asks for a report, watches it, downloads it."""

from __future__ import annotations

import pytest
from playwright.sync_api import expect

from coalitionlens.accounts.tests.factories import PASSWORD
from coalitionlens.audit.models import Action, AuditEntry
from coalitionlens.conftest import sign_in
from coalitionlens.insights.tests.helpers import grow

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


@pytest.fixture(autouse=True)
def _tasks_run_in_the_request(settings):
    settings.TASKS = {"default": {"BACKEND": "django_tasks.backends.immediate.ImmediateBackend"}}


def test_a_coordinator_makes_a_safe_french_report_and_downloads_it(page, live_server, cast):
    orgs = grow(cast.lens, 8)
    errors: list[str] = []
    page.on("console", lambda m: errors.append(m.text) if m.type == "error" else None)
    sign_in(page, live_server, "alice@example.org", PASSWORD)
    page.goto(f"{live_server.url}/c/lens/")
    page.get_by_role("button", name="Insights").click()
    page.get_by_role("link", name="Reports").click()
    page.select_option("#id_format", "html")
    page.select_option("#id_language", "fr")
    page.check("#id_safe")
    page.get_by_role("button", name="Make the report").click()
    link = page.locator("[data-testid=report-download]")
    expect(link).to_be_visible()
    with page.expect_download() as info:
        link.click()
    html = info.value.path().read_text(encoding="utf-8")
    assert '<html lang="fr"' in html
    assert "Mode sûr" in html
    for org in orgs:
        assert org.name not in html
    assert AuditEntry.objects.filter(action=Action.EXPORT, actor=cast.alice).count() == 1
    assert errors == []


def test_a_coordinator_makes_a_report_as_of_a_past_day(page, live_server, cast):
    import datetime as dt
    from pathlib import Path

    grow(cast.lens, 4)
    errors: list[str] = []
    page.on("console", lambda m: errors.append(m.text) if m.type == "error" else None)
    sign_in(page, live_server, "alice@example.org", PASSWORD)
    page.set_viewport_size({"width": 1280, "height": 800})
    page.goto(f"{live_server.url}/c/lens/reports/")
    day = dt.date.today() - dt.timedelta(days=40)
    page.select_option("#id_format", "html")
    page.fill("#id_as_of", day.isoformat())
    shots = Path(__file__).resolve().parents[3] / "test-artifacts" / "reports"
    shots.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=str(shots / "reports-as-of-form.png"), full_page=True)
    page.get_by_role("button", name="Make the report").click()
    expect(page.locator("[data-testid=report-as-of]")).to_have_text(f"as of {day.isoformat()}")
    link = page.locator("[data-testid=report-download]")
    expect(link).to_be_visible()
    with page.expect_download() as info:
        link.click()
    assert info.value.suggested_filename.endswith(f"-{day.isoformat()}.html")
    page.screenshot(path=str(shots / "report-as-of-detail.png"), full_page=True)
    assert errors == []
