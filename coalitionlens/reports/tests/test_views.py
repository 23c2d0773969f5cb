"""The Reports page: who may use it, the background generation, and the audited download."""

from __future__ import annotations

import pytest
from django.urls import reverse

from coalitionlens.audit.models import Action, AuditEntry
from coalitionlens.reports.models import Report, ReportStatus
from coalitionlens.transfer.tests.test_views import signed_in_just_now


@pytest.fixture(autouse=True)
def _tasks_run_in_the_request(settings):
    settings.TASKS = {"default": {"BACKEND": "django_tasks.backends.immediate.ImmediateBackend"}}


@pytest.mark.parametrize("role", ["member", "viewer"])
def test_members_and_viewers_are_refused_the_reports_page_with_an_audit_entry(client, cast, role):
    user = cast.by_role()[role]
    client.force_login(user)
    assert client.get(reverse("report_list", args=["lens"])).status_code == 403
    (entry,) = AuditEntry.objects.filter(action=Action.DENIED, actor=user)
    assert entry.summary.startswith("cl.make_reports GET ")


@pytest.mark.parametrize("role", ["coordinator", "analyst"])
def test_coordinators_and_analysts_make_a_report_in_the_background(
    client, cast, role, django_capture_on_commit_callbacks
):
    user = cast.by_role()[role]
    client.force_login(user)
    assert client.get(reverse("report_list", args=["lens"])).status_code == 200
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(
            reverse("report_list", args=["lens"]),
            {"format": "html", "language": "fr", "safe": "on"},
        )
    report = Report.objects.get(coalition=cast.lens)
    assert response["Location"] == reverse("report_detail", args=["lens", report.pk])
    assert report.status == ReportStatus.DONE
    assert report.progress == 100
    assert report.role == role
    assert report.safe
    assert b'<html lang="fr"' in bytes(report.content)


def test_a_pending_report_shows_its_progress_and_reloads_itself(client, cast):
    report = Report.objects.create(
        coalition=cast.lens, role="coordinator", format="pdf", language="en", progress=40
    )
    client.force_login(cast.alice)
    response = client.get(reverse("report_detail", args=["lens", report.pk]))
    assert response["Refresh"] == "2"
    assert b'value="40"' in response.content


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
