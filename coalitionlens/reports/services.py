"""Make a report: gather its contents in a language, render HTML, PDF or CSV; and the life of its
background job (claim, lease renewal, takeover of a job whose worker stopped, failure)."""

from __future__ import annotations

import datetime as dt
import logging
import uuid
from typing import Any

from django.conf import settings
from django.db import transaction
from django.utils import timezone, translation
from django_tasks import TaskResultStatus
from django_tasks_db.models import DBTaskResult

from coalitionlens.audit.models import Action
from coalitionlens.audit.services import audit_record
from coalitionlens.coalitions.models import Coalition
from coalitionlens.reports.models import WORKER_STOPPED, Report, ReportStatus
from coalitionlens.reports.rendering import report_csv, report_html, report_pdf
from coalitionlens.reports.selectors import Progress, report_data

__all__ = [
    "EARLIEST_DAY",
    "FORMATS",
    "LANGUAGES",
    "MAX_ATTEMPTS",
    "WAIT_NOTICE",
    "report_build",
    "report_claim",
    "report_done",
    "report_fail",
    "report_reap",
    "report_renew",
    "report_request",
    "report_take_over",
]

log = logging.getLogger(__name__)

#: A job whose worker stopped is retried once: the second stop marks it failed.
MAX_ATTEMPTS = 2
#: A job queued this long and not started: the page says it waits for the report worker.
WAIT_NOTICE = dt.timedelta(seconds=15)

FORMATS = {"html": "text/html; charset=utf-8", "pdf": "application/pdf", "csv": "text/csv"}
LANGUAGES = ("en", "fr", "km")
#: The earliest day a report asked for on the web may be as of (the form refuses one before it).
EARLIEST_DAY = dt.date(2000, 1, 1)


def report_build(
    *,
    coalition: Coalition,
    role: str,
    fmt: str,
    lang: str | None = None,
    safe: bool = False,
    today: dt.date | None = None,
    progress: Progress | None = None,
) -> bytes:
    """The bytes of a report of ``coalition`` as ``role`` may see it, in ``lang`` (default: the
    coalition's language), as of ``today`` (default: the day it is made: the command line's
    ``--period``, the web form's "As of", ``Report.as_of``). ``progress(percent, what)`` is called
    as the work goes on."""
    if fmt not in FORMATS:
        raise ValueError(f"unknown report format {fmt!r}; choose from {', '.join(FORMATS)}")
    lang = lang or coalition.default_language or "en"
    step = progress or (lambda pct, what: None)
    with translation.override(lang):
        data = report_data(
            coalition=coalition, role=role, lang=lang, safe=safe, today=today, progress=step
        )
        if fmt == "csv":
            out = report_csv(data)
        else:
            step(80, "HTML")
            html = report_html(data)
            if fmt == "html":
                out = html.encode("utf-8")
            else:
                step(85, "PDF")
                out = report_pdf(html)
    step(100, "")
    return out


def report_request(*, coalition: Coalition, user: Any, role: str, fmt: str, lang: str,
                   safe: bool, as_of: dt.date | None = None) -> Report:  # fmt: skip
    """Record a report request (as of the day ``as_of``; ``None``: the day it is made) and queue
    its generation once the request's transaction commits."""
    from coalitionlens.reports.tasks import report_generate

    report = Report(
        coalition=coalition,
        requested_by=user,
        role=role,
        format=fmt,
        language=lang,
        safe=safe,
        as_of=as_of,
    )
    report.full_clean(exclude=["content", "requested_by"])
    with transaction.atomic():
        report.save()
        transaction.on_commit(lambda: report_generate.enqueue(report.pk, 1))
    return report


# --- the job's lease --------------------------------------------------------------------------
# Every write below is one conditional UPDATE on the report's row, conditioned on its status and
# attempt: whichever process runs it first wins, any other matches no row, on SQLite (one writer
# at a time) as on PostgreSQL (the second UPDATE waits for the row and re-checks its WHERE). The
# attempt is the fencing token: a worker that lost its lease writes nothing any more. Hosts keep
# their clocks in step (NTP); the lease is long next to their drift.


def _lease_end(now: dt.datetime) -> dt.datetime:
    return now + dt.timedelta(seconds=settings.COALITIONLENS_REPORT_LEASE_SECONDS)


def report_claim(*, report_id: int, attempt: int, worker: str, task_id: str = "",
                 now: dt.datetime | None = None) -> bool:  # fmt: skip
    """A worker starts ``attempt`` of a queued report: it holds the lease until renewed. False when
    the attempt is not due (already started, taken over, or finished): the worker skips it."""
    now = now or timezone.now()
    return bool(
        Report.objects.filter(pk=report_id, status=ReportStatus.QUEUED, attempt=attempt - 1).update(
            status=ReportStatus.RUNNING,
            attempt=attempt,
            worker=worker[:100],
            task_id=task_id[:64],
            progress=1,
            lease_expires_at=_lease_end(now),
        )
    )


def report_renew(*, report_id: int, attempt: int, progress: int | None = None,
                 now: dt.datetime | None = None) -> bool:  # fmt: skip
    """The heartbeat: extend the lease (and record the progress). False when the worker lost the
    job to a takeover, and must stop."""
    now = now or timezone.now()
    fields: dict[str, Any] = {"lease_expires_at": _lease_end(now)}
    if progress is not None:
        fields["progress"] = progress
    return bool(
        Report.objects.filter(pk=report_id, status=ReportStatus.RUNNING, attempt=attempt).update(
            **fields
        )
    )


def report_done(*, report_id: int, attempt: int, content: bytes,
                now: dt.datetime | None = None) -> bool:  # fmt: skip
    """Store the file. False (and nothing stored) when this attempt no longer holds the job."""
    now = now or timezone.now()
    return bool(
        Report.objects.filter(pk=report_id, status=ReportStatus.RUNNING, attempt=attempt).update(
            status=ReportStatus.DONE,
            progress=100,
            content=content,
            finished_at=now,
            lease_expires_at=None,
        )
    )


def _failed(*, report_id: int, queryset: Any, reason: str, now: dt.datetime) -> bool:
    """Mark failed through ``queryset`` (the condition that makes this caller the one to do it)
    and write the audit entry, in one transaction."""
    with transaction.atomic():
        if not queryset.update(
            status=ReportStatus.FAILED, failure=reason[:100], finished_at=now, lease_expires_at=None
        ):
            return False
        report = Report.objects.defer("content").get(pk=report_id)
        audit_record(
            action=Action.UPDATE,
            coalition_id=report.coalition_id,
            obj=report,
            summary=f"report {report.pk} failed on attempt {report.attempt}: "
            + (
                "the worker stopped while making it, twice"
                if reason == WORKER_STOPPED
                else f"the job raised {reason}"
            ),
            changes={"status": [ReportStatus.RUNNING.value, ReportStatus.FAILED.value]},
        )
    return True


def report_fail(*, report_id: int, attempt: int, error: str,
                now: dt.datetime | None = None) -> bool:  # fmt: skip
    """The job raised: the report failed, its reason the error's class name ``error`` (never the
    message, which may quote confidential data), with an audit entry."""
    now = now or timezone.now()
    queryset = Report.objects.filter(pk=report_id, status=ReportStatus.RUNNING, attempt=attempt)
    return _failed(report_id=report_id, queryset=queryset, reason=error, now=now)


def report_take_over(*, report_id: int, attempt: int, task_id: str = "",
                     now: dt.datetime | None = None) -> str | None:  # fmt: skip
    """Take over ``attempt`` of a report whose lease has expired: queue the next attempt as a new
    task, or, after :data:`MAX_ATTEMPTS`, mark it failed. Returns "retried" or "failed" to the one
    caller that won, None to every other."""
    from coalitionlens.reports.tasks import report_generate

    now = now or timezone.now()
    expired = Report.objects.filter(
        pk=report_id, status=ReportStatus.RUNNING, attempt=attempt, lease_expires_at__lt=now
    )
    if attempt >= MAX_ATTEMPTS:
        if not _failed(report_id=report_id, queryset=expired, reason=WORKER_STOPPED, now=now):
            return None
        outcome = "failed"
    else:
        # The next attempt's task is queued in the same transaction (the database backend writes
        # it as a row): a crash leaves either the old state, to be taken over again, or both.
        with transaction.atomic():
            if not expired.update(
                status=ReportStatus.QUEUED,
                queued_at=now,
                progress=0,
                worker="",
                lease_expires_at=None,
            ):
                return None
            report_generate.enqueue(report_id, attempt + 1)
        outcome = "retried"
    _task_abandoned(task_id, now)
    log.warning(
        "report %s: the worker of attempt %s stopped (lease expired); %s",
        report_id,
        attempt,
        "queued attempt %s" % (attempt + 1) if outcome == "retried" else "marked failed",
    )
    return outcome


def _task_abandoned(task_id: str, now: dt.datetime) -> None:
    """The database backend's row for the dead worker's task would say RUNNING for ever: close it.
    (Other backends' task ids are not UUIDs and have no row here.)"""
    try:
        uid = uuid.UUID(task_id)
    except ValueError:
        return
    DBTaskResult.objects.filter(id=uid, status=TaskResultStatus.RUNNING).update(
        status=TaskResultStatus.FAILED,
        finished_at=now,
        exception_class_path="coalitionlens.reports.tasks.WorkerStopped",
        traceback="",
    )


def report_reap(*, coalition: Coalition | None = None, report_id: int | None = None,
                now: dt.datetime | None = None) -> list[tuple[int, str]]:  # fmt: skip
    """Take over every running report (of ``coalition``, or just ``report_id``) whose lease has
    expired. Called by every report worker, on start and periodically, and by the reports pages;
    any number of processes may call it at once. Returns ``(report id, outcome)`` for those this
    call took over."""
    now = now or timezone.now()
    expired = Report.objects.filter(status=ReportStatus.RUNNING, lease_expires_at__lt=now)
    if coalition is not None:
        expired = expired.filter(coalition=coalition)
    if report_id is not None:
        expired = expired.filter(pk=report_id)
    taken = []
    for pk, attempt, task_id in expired.values_list("pk", "attempt", "task_id"):
        outcome = report_take_over(report_id=pk, attempt=attempt, task_id=task_id, now=now)
        if outcome:
            taken.append((pk, outcome))
    return taken
