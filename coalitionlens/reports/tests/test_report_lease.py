"""The lease on a report job, in one process: claims, renewals and takeovers are conditional, so a
worker that lost its job writes nothing; what the report page says about a job and its end."""

from __future__ import annotations

import datetime as dt

import pytest
from django.urls import reverse
from django.utils import timezone
from django_tasks_db.models import DBTaskResult

from coalitionlens.audit.models import Action, AuditEntry
from coalitionlens.reports import services
from coalitionlens.reports.models import Report, ReportStatus
from coalitionlens.reports.tasks import report_generate

NOW = dt.datetime(2026, 6, 1, 9, 0, tzinfo=dt.UTC)
DB_BACKEND = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend"}}
IMMEDIATE = {"default": {"BACKEND": "django_tasks.backends.immediate.ImmediateBackend"}}


def _report(cast, **fields):
    defaults = {"coalition": cast.lens, "role": "coordinator", "format": "html", "language": "en"}
    return Report.objects.create(**{**defaults, **fields})


def _page(client, cast, report):
    client.force_login(cast.alice)
    return client.get(reverse("report_detail", args=["lens", report.pk]))


def test_a_claim_holds_the_lease_for_the_configured_time(cast, settings):
    settings.COALITIONLENS_REPORT_LEASE_SECONDS = 45
    report = _report(cast)
    assert services.report_claim(report_id=report.pk, attempt=1, worker="h:1", now=NOW)
    report.refresh_from_db()
    assert (report.status, report.attempt, report.worker) == (ReportStatus.RUNNING, 1, "h:1")
    assert report.lease_expires_at == NOW + dt.timedelta(seconds=45)
    # The same attempt cannot be claimed twice (a task run twice makes the report once).
    assert not services.report_claim(report_id=report.pk, attempt=1, worker="h:2", now=NOW)
    assert services.report_renew(report_id=report.pk, attempt=1, progress=40, now=NOW + ONE)
    report.refresh_from_db()
    assert report.lease_expires_at == NOW + ONE + dt.timedelta(seconds=45)
    assert report.progress == 40


ONE = dt.timedelta(seconds=1)


def test_a_live_lease_is_left_alone(cast, settings):
    settings.TASKS = DB_BACKEND
    report = _report(cast)
    services.report_claim(report_id=report.pk, attempt=1, worker="h:1", now=NOW)
    lease = dt.timedelta(seconds=settings.COALITIONLENS_REPORT_LEASE_SECONDS)
    assert services.report_reap(now=NOW + lease - ONE) == []
    assert services.report_reap(now=NOW + lease) == []  # expired means strictly past it
    assert Report.objects.get(pk=report.pk).status == ReportStatus.RUNNING
    assert services.report_reap(now=NOW + lease + ONE) == [(report.pk, "retried")]


def test_a_worker_that_lost_its_job_can_write_nothing(cast, settings):
    settings.TASKS = DB_BACKEND
    report = _report(cast)
    services.report_claim(report_id=report.pk, attempt=1, worker="h:1", now=NOW)
    later = NOW + dt.timedelta(hours=1)
    assert services.report_reap(now=later) == [(report.pk, "retried")]
    (task,) = DBTaskResult.objects.all()
    assert task.args_kwargs["args"] == [report.pk, 2]
    assert services.report_claim(report_id=report.pk, attempt=2, worker="h:2", now=later)
    # The first worker was only slow, not dead: its renewals and its file are refused.
    assert not services.report_renew(report_id=report.pk, attempt=1, now=later)
    assert not services.report_done(report_id=report.pk, attempt=1, content=b"old", now=later)
    assert not services.report_fail(report_id=report.pk, attempt=1, error="OSError", now=later)
    assert services.report_done(report_id=report.pk, attempt=2, content=b"new", now=later)
    report.refresh_from_db()
    assert (report.status, report.attempt, bytes(report.content)) == ("done", 2, b"new")
    assert not AuditEntry.objects.filter(object_type="reports.report").exists()


def test_the_second_stop_fails_the_report_with_one_audit_entry(cast, settings):
    settings.TASKS = DB_BACKEND
    report = _report(cast)
    services.report_claim(report_id=report.pk, attempt=1, worker="h:1", now=NOW)
    services.report_reap(now=NOW + dt.timedelta(hours=1))
    services.report_claim(report_id=report.pk, attempt=2, worker="h:2", now=NOW)
    end = NOW + dt.timedelta(hours=2)
    assert services.report_reap(now=end) == [(report.pk, "failed")]
    assert services.report_reap(now=end) == []
    report.refresh_from_db()
    assert (report.status, report.failure, report.finished_at) == ("failed", "worker-stopped", end)
    assert DBTaskResult.objects.count() == 1  # no third attempt
    (entry,) = AuditEntry.objects.filter(object_type="reports.report")
    assert entry.action == Action.UPDATE
    assert entry.coalition_id == cast.lens.pk
    assert entry.summary == (
        f"report {report.pk} failed on attempt 2: the worker stopped while making it, twice"
    )


def test_a_job_that_raises_fails_at_once_with_the_error_class_only(client, cast, settings):
    settings.TASKS = IMMEDIATE
    report = _report(cast, format="docx")  # report_build refuses it with a ValueError
    report_generate.enqueue(report.pk, 1)
    report.refresh_from_db()
    assert (report.status, report.attempt, report.failure) == ("failed", 1, "ValueError")
    (entry,) = AuditEntry.objects.filter(object_type="reports.report")
    assert entry.summary == f"report {report.pk} failed on attempt 1: the job raised ValueError"
    response = _page(client, cast, report)
    assert "Refresh" not in response
    html = response.content.decode()
    assert "The report could not be made: ValueError." in html
    assert "unknown report format" not in html  # the error's message stays out of the page
    assert "Traceback" not in html


def test_the_page_takes_over_a_job_whose_worker_stopped(client, cast, settings):
    settings.TASKS = DB_BACKEND
    report = _report(cast)
    services.report_claim(report_id=report.pk, attempt=1, worker="h:1")
    Report.objects.filter(pk=report.pk).update(lease_expires_at=timezone.now() - ONE)
    response = _page(client, cast, report)
    assert response["Refresh"] == "2"
    assert b"Second attempt: the worker making the first one stopped." in response.content
    report.refresh_from_db()
    assert (report.status, report.attempt) == ("queued", 1)
    (task,) = DBTaskResult.objects.all()
    assert task.args_kwargs["args"] == [report.pk, 2]


def test_the_reports_list_takes_over_too(client, cast, settings):
    settings.TASKS = DB_BACKEND
    report = _report(cast, status=ReportStatus.RUNNING, attempt=2)
    Report.objects.filter(pk=report.pk).update(lease_expires_at=timezone.now() - ONE)
    client.force_login(cast.alice)
    assert client.get(reverse("report_list", args=["lens"])).status_code == 200
    assert Report.objects.get(pk=report.pk).status == ReportStatus.FAILED


@pytest.mark.parametrize(("age", "says"), [(5, False), (20, True)])
def test_a_job_no_worker_started_says_it_waits_for_the_worker(client, cast, age, says):
    report = _report(cast, queued_at=timezone.now() - dt.timedelta(seconds=age))
    response = _page(client, cast, report)
    assert response["Refresh"] == "2"
    assert (b"Waiting for the report worker" in response.content) is says
    assert Report.objects.get(pk=report.pk).status == ReportStatus.QUEUED  # never retried


@pytest.mark.parametrize("status", [ReportStatus.DONE, ReportStatus.FAILED])
def test_the_page_stops_reloading_once_the_report_is_made_or_failed(client, cast, status):
    response = _page(client, cast, _report(cast, status=status))
    assert response.status_code == 200
    assert "Refresh" not in response
