"""Reports: generated report files (the safe-mode aliases live in ``coalitions.aliases``)."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from coalitionlens.coalitions.models import Coalition


class ReportFormat(models.TextChoices):
    HTML = "html", "HTML"
    PDF = "pdf", "PDF"


class ReportStatus(models.TextChoices):
    QUEUED = "queued", _("Waiting")
    RUNNING = "running", _("Being made")
    DONE = "done", _("Ready")
    FAILED = "failed", _("Failed")


#: ``Report.failure`` when both attempts lost their worker (otherwise: the error's class name).
WORKER_STOPPED = "worker-stopped"


class Report(models.Model):
    """One requested report: who asked, as which role, how far its generation is, and the file."""

    coalition = models.ForeignKey(
        Coalition, on_delete=models.CASCADE, related_name="reports", verbose_name=_("coalition")
    )
    requested_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        related_name="+",
        verbose_name=_("requested by"),
    )
    role = models.CharField(_("role"), max_length=20)
    format = models.CharField(_("format"), max_length=4, choices=ReportFormat.choices)
    language = models.CharField(_("language"), max_length=10)
    safe = models.BooleanField(_("safe mode"), default=False)
    # The day the report is as of (``report_build(today=…)``); empty: the day it is made.
    as_of = models.DateField(_("as of"), null=True, blank=True)
    status = models.CharField(
        _("status"), max_length=10, choices=ReportStatus.choices, default=ReportStatus.QUEUED
    )
    progress = models.PositiveSmallIntegerField(_("progress"), default=0)
    created_at = models.DateTimeField(_("requested at"), auto_now_add=True)
    finished_at = models.DateTimeField(_("finished at"), null=True, blank=True)
    content = models.BinaryField(_("file"), default=bytes, editable=False)
    # The worker's lease (reports/tasks.py): a job RUNNING past its lease lost its worker, and one
    # process takes it over (services.report_reap), once; ``attempt`` is the fencing token every
    # write of a worker is conditioned on, so a worker that lost its lease can change nothing.
    queued_at = models.DateTimeField(_("queued at"), default=timezone.now)
    attempt = models.PositiveSmallIntegerField(_("attempt"), default=0)
    lease_expires_at = models.DateTimeField(_("lease expires at"), null=True, blank=True)
    worker = models.CharField(_("worker"), max_length=100, blank=True)
    task_id = models.CharField(_("task"), max_length=64, blank=True)
    failure = models.CharField(_("reason for failure"), max_length=100, blank=True)

    class Meta:
        ordering = ["-created_at", "-id"]
        verbose_name = _("report")
        verbose_name_plural = _("reports")

    def __str__(self) -> str:
        return f"report {self.pk} of {self.coalition_id}"

    @property
    def failure_reason(self) -> str:
        """Why the report failed, in words (the error's class at most: never its message)."""
        if self.failure == WORKER_STOPPED:
            return str(_("The worker stopped while making this report, twice."))
        if self.failure:
            return str(_("The report could not be made: %(error)s.") % {"error": self.failure})
        return ""

    @property
    def filename(self) -> str:
        safe = "-safe" if self.safe else ""
        day = f"-{self.as_of.isoformat()}" if self.as_of else ""
        return f"{self.coalition.slug}-report-{self.language}{safe}{day}.{self.format}"
