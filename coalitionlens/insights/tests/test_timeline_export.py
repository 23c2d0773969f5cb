"""The timeline's export: CSV files or an XLSX workbook, for coordinators and analysts, after a
recent sign-in, audited; its safe mode names no organisation."""

from __future__ import annotations

import io
import zipfile

import pytest
from django.urls import reverse
from openpyxl import load_workbook

from coalitionlens.accounts.tests.helpers import signed_in_just_now
from coalitionlens.audit.models import Action, AuditEntry
from coalitionlens.insights.tests.helpers import timeline_coalition

pytestmark = pytest.mark.django_db

EXPORT = "insights_timeline_export"


@pytest.mark.parametrize(
    ("who", "allowed"), [("alice", True), ("carol", True), ("bob", False), ("vic", False)]
)
def test_the_export_is_for_coordinators_and_analysts(client, cast, who, allowed):
    timeline_coalition(cast.lens)
    user = getattr(cast, who)
    client.force_login(user)
    signed_in_just_now(client, user)
    response = client.get(reverse(EXPORT, args=["lens"]), {"format": "xlsx"})
    assert response.status_code == (200 if allowed else 403)
    assert AuditEntry.objects.filter(action=Action.EXPORT).exists() == allowed


def test_the_export_needs_a_recent_sign_in(client, cast):
    client.force_login(cast.carol)
    signed_in_just_now(client, cast.carol, ago=16 * 60)
    response = client.get(reverse(EXPORT, args=["lens"]), {"format": "csv"})
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("account_reauthenticate"))
    assert not AuditEntry.objects.filter(action=Action.EXPORT).exists()


def test_someone_of_another_coalition_exports_nothing(client, cast):
    client.force_login(cast.dave)
    signed_in_just_now(client, cast.dave)
    assert client.get(reverse(EXPORT, args=["lens"])).status_code == 404
    assert client.get(reverse(EXPORT, args=["lens"]), {"format": "pdf"}).status_code == 404


def test_the_analysts_file_holds_the_analysts_ties_and_is_audited(client, cast):
    orgs = timeline_coalition(cast.lens)
    client.force_login(cast.carol)
    signed_in_just_now(client, cast.carol)
    response = client.get(reverse(EXPORT, args=["lens"]), {"format": "csv", "period": "quarter"})
    assert response.status_code == 200
    assert response["Content-Disposition"] == 'attachment; filename="lens-timeline-quarter.zip"'
    archive = zipfile.ZipFile(io.BytesIO(response.content))
    periods = archive.read("timeline-periods.csv").decode("utf-8-sig").splitlines()
    assert periods[0].startswith("label,start,end,members_joined")
    assert len(periods) == 1 + 8
    assert orgs["B"].name in archive.read("timeline-organisations.csv").decode()
    entry = AuditEntry.objects.get(action=Action.EXPORT)
    assert entry.summary == "csv timeline export of lens as analyst"
    assert entry.changes["period"] == "quarter"


def test_a_safe_export_names_no_organisation(client, cast):
    orgs = timeline_coalition(cast.lens)
    client.force_login(cast.alice)
    signed_in_just_now(client, cast.alice)
    response = client.get(reverse(EXPORT, args=["lens"]), {"format": "xlsx", "safe": "1"})
    assert response["Content-Disposition"] == 'attachment; filename="lens-timeline-year-safe.xlsx"'
    cells = [
        str(v) for s in load_workbook(io.BytesIO(response.content)) for r in s.values for v in r
    ]
    assert not any(o.name in c for o in orgs.values() for c in cells)
    assert AuditEntry.objects.get(action=Action.EXPORT).changes["safe"] is True
