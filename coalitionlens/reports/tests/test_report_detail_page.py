"""A report's page while it is being made."""

from __future__ import annotations

import pytest
from django.urls import reverse

from coalitionlens.reports.models import Report

pytestmark = pytest.mark.usefixtures("tasks_run_in_the_request")


def test_a_pending_report_shows_its_progress_and_reloads_itself(client, cast):
    report = Report.objects.create(
        coalition=cast.lens, role="coordinator", format="pdf", language="en", progress=40
    )
    client.force_login(cast.alice)
    response = client.get(reverse("report_detail", args=["lens", report.pk]))
    assert response["Refresh"] == "2"
    assert b'value="40"' in response.content
