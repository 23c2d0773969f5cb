"""Report generation as a background task (django-tasks): the worker builds the file and records
its progress on the :class:`Report` row, which the page reads.

A worker holds a lease on the job it runs (``COALITIONLENS_REPORT_LEASE_SECONDS``) and renews it at
every step and on a timer, for a step (the PDF) can outlast the lease. A job whose lease ran out
lost its worker (killed, its host gone): every report worker looks for such jobs when it starts
and then periodically, as do the reports pages, and one of them takes the job over
(``services.report_reap``): retried once as a new task, then marked failed.
"""

from __future__ import annotations

import logging
import os
import socket
import threading
import time
from types import TracebackType

from django.apps import apps
from django.conf import settings
from django.db import connection
from django_tasks import TaskContext, task

from coalitionlens.reports.models import Report
from coalitionlens.reports.services import (
    report_build,
    report_claim,
    report_done,
    report_fail,
    report_reap,
    report_renew,
)

__all__ = ["WorkerStopped", "reaper_start", "report_generate", "worker_identity"]

log = logging.getLogger(__name__)


class WorkerStopped(Exception):
    """Recorded on the task of a worker that stopped mid-job (its lease expired)."""


class _LeaseLost(Exception):
    """This worker's lease was taken over: another attempt owns the report now."""


def worker_identity() -> str:
    return f"{socket.gethostname()}:{os.getpid()}"


def _lease_seconds() -> float:
    return float(settings.COALITIONLENS_REPORT_LEASE_SECONDS)


def _test_slow_down() -> None:
    # Tests only: lets a test kill a worker mid-job. Read from the worker's environment, which
    # only whoever starts the worker sets; unset (always, outside tests) it costs one lookup.
    delay = os.environ.get("COALITIONLENS_TEST_SLOW_REPORT")
    if delay:
        time.sleep(float(delay))


class _Heartbeat:
    """Renews the lease every third of it from a thread of its own, while the job runs."""

    def __init__(self, report_id: int, attempt: int) -> None:
        self.report_id = report_id
        self.attempt = attempt
        self.stop = threading.Event()
        self.thread = threading.Thread(target=self._run, name="report-heartbeat", daemon=True)

    def _run(self) -> None:
        try:
            while not self.stop.wait(_lease_seconds() / 3):
                if not report_renew(report_id=self.report_id, attempt=self.attempt):
                    return  # taken over: the job's own next step finds out and stops
        except Exception as exc:  # a database fault: the job's own renewals go on trying
            log.warning("report %s: lease renewal failed (%s)", self.report_id, type(exc).__name__)
        finally:
            connection.close()  # this thread's own connection

    def __enter__(self) -> _Heartbeat:
        self.thread.start()
        return self

    def __exit__(
        self, et: type[BaseException] | None, e: BaseException | None, tb: TracebackType | None
    ) -> None:
        self.stop.set()
        self.thread.join(timeout=_lease_seconds())


@task(takes_context=True)
def report_generate(context: TaskContext, report_id: int, attempt: int = 1) -> None:
    """Make report ``report_id``: ``attempt`` 1, or 2 when the first worker stopped."""
    report_reap()  # a job left by a worker that died is noticed by the next one to start a job
    if not report_claim(
        report_id=report_id,
        attempt=attempt,
        worker=worker_identity(),
        task_id=str(context.task_result.id),
    ):
        log.warning("report %s: attempt %s is not due any more; skipped", report_id, attempt)
        return
    report = Report.objects.select_related("coalition").defer("content").get(pk=report_id)

    def step(pct: int, what: str) -> None:
        _test_slow_down()
        if not report_renew(report_id=report_id, attempt=attempt, progress=max(1, min(pct, 99))):
            raise _LeaseLost

    with _Heartbeat(report_id, attempt):
        try:
            content = report_build(
                coalition=report.coalition,
                role=report.role,
                fmt=report.format,
                lang=report.language,
                safe=report.safe,
                today=report.as_of,  # kept on the row, so a retried report keeps its day
                progress=step,
            )
        except _LeaseLost:
            log.warning("report %s: attempt %s lost its lease; it stops", report_id, attempt)
            return
        except Exception as exc:
            # The class name only: an error's message may quote the coalition's data.
            log.error("report %s failed on attempt %s: %s", report_id, attempt, type(exc).__name__)
            report_fail(report_id=report_id, attempt=attempt, error=type(exc).__name__)
            raise
    if not report_done(report_id=report_id, attempt=attempt, content=content):
        log.warning("report %s: attempt %s lost its lease; its file is dropped", report_id, attempt)


# --- the reaper in every worker process ------------------------------------------------------


def _reap_forever(stop: threading.Event) -> None:
    while not apps.ready and not stop.wait(0.1):
        pass
    while not stop.is_set():
        try:
            report_reap()
        except Exception as exc:  # database unreachable: try again next round
            log.warning("report reaper: %s", type(exc).__name__)
        finally:
            connection.close()
        stop.wait(max(1.0, _lease_seconds() / 2))


def reaper_start() -> threading.Event:
    """Look for jobs whose worker stopped, at once and every half lease, on a thread of its own:
    started in every report worker process (``ReportsConfig.ready``), so an idle worker recovers
    them too. Returns the event that stops it."""
    stop = threading.Event()
    threading.Thread(target=_reap_forever, args=(stop,), name="report-reaper", daemon=True).start()
    return stop
