"""A report's download: it needs a recent sign-in and is audited."""

from __future__ import annotations

import pytest
from django.urls import reverse

from coalitionlens.accounts.tests.helpers import signed_in_just_now
from coalitionlens.audit.models import Action, AuditEntry
from coalitionlens.reports.models import Report, ReportStatus

pytestmark = pytest.mark.usefixtures("tasks_run_in_the_request")


def test_a_download_needs_a_recent_sign_in_and_is_audited(client, cast):
    report = Report.objects.create(
        coalition=cast.lens,
        role="analyst",
        format="html",
        language="en",
        status=ReportStatus.DONE,
        content=b"<html>report</html>",
    )
    url = reverse("report_download", args=["lens", report.pk])
    client.force_login(cast.carol)
    signed_in_just_now(client, cast.carol, ago=16 * 60)
    response = client.get(url)
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("account_reauthenticate"))
    assert not AuditEntry.objects.filter(action=Action.EXPORT).exists()

    signed_in_just_now(client, cast.carol)
    response = client.get(url)
    assert response.status_code == 200
    assert response.content == b"<html>report</html>"
    assert "attachment" in response["Content-Disposition"]
    entry = AuditEntry.objects.get(action=Action.EXPORT)
    assert entry.actor == cast.carol
    assert entry.coalition_id == cast.lens.pk
