"""In Debian's Chromium: a coordinator uploads a workbook with errors, reads them in the preview,
fixes nothing, and finds that nothing was written."""

from __future__ import annotations

import pytest

from coalitionlens.accounts.tests.factories import PASSWORD
from coalitionlens.coalitions.models import Organisation
from coalitionlens.conftest import sign_in
from coalitionlens.engagements.models import Engagement
from coalitionlens.transfer.tests.helpers import ENGAGEMENTS, ORGS, xlsx

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_a_workbook_with_errors_is_previewed_and_nothing_is_written(
    page, live_server, cast, tmp_path
):
    bad_orgs = [*ORGS, ["Lotus Youth Forum", "Busines", "", "NATIONAL"]]
    bad_engagements = [*ENGAGEMENTS, ["2025-02-30", "JOINT_EVENT", "Bad day", "Nobody Org"]]
    path = tmp_path / "coalition.xlsx"
    path.write_bytes(xlsx({"organisations": bad_orgs, "engagements": bad_engagements}))

    sign_in(page, live_server, "alice@example.org", PASSWORD)
    page.click("text=Manage")  # the navigation groups the admin pages in a menu
    page.click("text=Import and export")
    page.wait_for_url("**/c/lens/import/")
    page.set_input_files("#id_file", str(path))
    page.click("main button[type=submit]")
    page.wait_for_url("**/c/lens/import/*/")

    errors = page.locator("[data-testid=error]")
    assert errors.count() == 3
    text = page.locator("[data-testid=errors]").inner_text()
    assert "Busines" in text
    assert "BUSINESS" in text
    assert "2025-02-30" in text
    assert "Nobody Org" in text
    assert page.locator("[data-testid=rows] tr[data-status=error]").count() == 2
    assert page.locator("[data-testid=rows] tr[data-status=new]").count() == 3
    assert page.locator("[data-testid=apply]").count() == 0

    page.goto(f"{live_server.url}/c/lens/organisations/")
    assert "Riverside Legal Aid" not in page.content()
    assert not Organisation.objects.filter(coalition=cast.lens).exists()
    assert not Engagement.objects.filter(coalition=cast.lens).exists()
