"""Report generation as a background task (django-tasks): the worker builds the file and records
its progress on the :class:`Report` row, which the page reads."""

from __future__ import annotations

import logging

from django.utils import timezone
from django_tasks import task

from coalitionlens.reports.models import Report, ReportStatus
from coalitionlens.reports.services import report_build

__all__ = ["report_generate"]

log = logging.getLogger(__name__)


@task()
def report_generate(report_id: int) -> None:
    report = Report.objects.select_related("coalition").get(pk=report_id)
    Report.objects.filter(pk=report.pk).update(status=ReportStatus.RUNNING, progress=1)

    def step(pct: int, what: str) -> None:
        Report.objects.filter(pk=report.pk).update(progress=max(1, min(pct, 99)))

    try:
        content = report_build(
            coalition=report.coalition,
            role=report.role,
            fmt=report.format,
            lang=report.language,
            safe=report.safe,
            progress=step,
        )
    except Exception:
        log.exception("report %s failed", report.pk)
        Report.objects.filter(pk=report.pk).update(status=ReportStatus.FAILED)
        raise
    Report.objects.filter(pk=report.pk).update(
        status=ReportStatus.DONE, progress=100, content=content, finished_at=timezone.now()
    )
