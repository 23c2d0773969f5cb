"""What test_worker_recovery does in a process of its own, against the database its real report
workers use (a SQLite *file*, which the in-memory test database cannot be; or PostgreSQL's test
database). Each command prints one JSON line.

    python -m coalitionlens.reports.tests.worker_driver request     # a coordinator asks for a report
    python -m coalitionlens.reports.tests.worker_driver page ID     # the coordinator opens its page
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


def main() -> None:
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "coalitionlens.web.settings")
    import django

    django.setup()
    command, *args = sys.argv[1:]
    out = request() if command == "request" else page(int(args[0]))
    print(json.dumps(out))


if __name__ == "__main__":
    main()
