"""The Reports page: who may use it, and the report it makes in the background."""

from __future__ import annotations

import pytest
from django.urls import reverse

from coalitionlens.audit.models import Action, AuditEntry
from coalitionlens.reports.models import Report, ReportStatus

pytestmark = pytest.mark.usefixtures("tasks_run_in_the_request")


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


def test_the_report_form_is_laid_out_like_the_other_forms(client, cast):
    client.force_login(cast.alice)
    body = client.get(reverse("report_list", args=["lens"])).content.decode()
    assert 'class="row g-3 form-narrow mb-4" data-testid="report-form"' in body
    for name, css in (
        ("format", "form-select"),
        ("language", "form-select"),
        ("safe", "form-check-input"),
    ):
        assert f'name="{name}" class="{css}"' in body or f'class="{css}" name="{name}"' in body, (
            name
        )
    assert 'data-field="safe"' in body
