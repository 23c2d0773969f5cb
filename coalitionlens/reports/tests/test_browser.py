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
