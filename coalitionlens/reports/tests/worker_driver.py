"""What test_worker_recovery does in a process of its own, against the database its real report
workers use (a SQLite *file*, which the in-memory test database cannot be; or PostgreSQL's test
database). Each command prints one JSON line.

    python -m coalitionlens.reports.tests.worker_driver request     # a coordinator asks for a report
    python -m coalitionlens.reports.tests.worker_driver page ID     # the coordinator opens its page
    python -m coalitionlens.reports.tests.worker_driver race N      # N threads take over one job
"""

from __future__ import annotations

import json
import os
import sys
from typing import Any


def request() -> dict[str, Any]:
    from django.core.management import call_command

    from coalitionlens.accounts.tests.factories import RoleFactory, UserFactory
    from coalitionlens.coalitions.tests.factories import CoalitionFactory, OrganisationFactory
    from coalitionlens.conftest import _ensure_core_sectors
    from coalitionlens.reports.services import report_request

    call_command("migrate", interactive=False, verbosity=0)
    _ensure_core_sectors()
    coalition = CoalitionFactory(slug="recover", name="Recovery Coalition")
    for _ in range(4):
        OrganisationFactory(coalition=coalition)
    alice = UserFactory(email="alice@recover.example.org", display_name="Alice")
    RoleFactory(user=alice, coalition=coalition, role="coordinator")
    report = report_request(
        coalition=coalition, user=alice, role="coordinator", fmt="html", lang="en", safe=False
    )
    return {"report": report.pk}


def page(report_id: int) -> dict[str, Any]:
    from django.test import Client
    from django.urls import reverse

    from coalitionlens.conftest import passed_second_step
    from coalitionlens.reports.models import Report

    report = Report.objects.select_related("coalition").get(pk=report_id)
    alice = report.requested_by
    client = Client()
    client.force_login(alice)
    passed_second_step(client, alice)
    response = client.get(
        reverse("report_detail", args=[report.coalition.slug, report.pk]),
        secure=True,
        headers={"host": "localhost"},
    )
    return {
        "status_code": response.status_code,
        "refresh": response.get("Refresh"),
        "html": response.content.decode(),
    }


def race(threads: int) -> dict[str, Any]:
    """A report whose first worker's lease has expired, and ``threads`` threads (each with its own
    connection, like so many processes) trying to take it over at the same moment."""
    import datetime as dt
    import threading

    from django.db import connection
    from django.utils import timezone
    from django_tasks_db.models import DBTaskResult

    from coalitionlens.reports.models import Report, ReportStatus
    from coalitionlens.reports.services import report_take_over

    report_id = request()["report"]
    now = timezone.now()
    Report.objects.filter(pk=report_id).update(
        status=ReportStatus.RUNNING, attempt=1, lease_expires_at=now - dt.timedelta(seconds=1)
    )
    DBTaskResult.objects.all().delete()  # the request's own task: only the takeover's count
    barrier = threading.Barrier(threads)
    outcomes: list[str | None] = []
    errors: list[str] = []

    def take_over() -> None:
        try:
            barrier.wait()
            outcomes.append(report_take_over(report_id=report_id, attempt=1, now=now))
        except Exception as exc:  # reported to the caller
            errors.append(repr(exc))
        finally:
            connection.close()

    pool = [threading.Thread(target=take_over) for _ in range(threads)]
    for t in pool:
        t.start()
    for t in pool:
        t.join()
    report = Report.objects.get(pk=report_id)
    return {
        "won": sorted(o for o in outcomes if o),
        "lost": outcomes.count(None),
        "errors": errors,
        "tasks": [t.args_kwargs["args"] for t in DBTaskResult.objects.all()],
        "status": report.status,
        "report": report_id,
    }


def main() -> None:
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "coalitionlens.web.settings")
    import django

    django.setup()
    command, *args = sys.argv[1:]
    if command == "request":
        out = request()
    elif command == "page":
        out = page(int(args[0]))
    else:
        out = race(int(args[0]))
    print(json.dumps(out))


if __name__ == "__main__":
    main()
