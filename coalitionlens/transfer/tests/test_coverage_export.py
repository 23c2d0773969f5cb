"""The coverage matrix as CSV and XLSX: the cells the coverage page shows, with its filters, as every
export (SAFETY.md): for the roles that may export (coordinators, analysts), after a recent sign-in,
audited; members and viewers read the page but download nothing; nobody of another coalition, and
nobody signed out, downloads it."""

from __future__ import annotations

import csv
import io
import re

import pytest
from django.urls import reverse
from openpyxl import load_workbook

from coalitionlens.accounts.tests.helpers import signed_in_just_now
from coalitionlens.audit.models import Action, AuditEntry
from coalitionlens.pathways.tests.test_coverage_page import _pathway

pytestmark = pytest.mark.django_db

URL = "pathway_coverage"


EXPORT = "pathway_coverage_export"


def _page_cells(content: bytes) -> list[tuple[str, str]]:
    return re.findall(r'data-flag="(\w+)" data-stage="(\w+)"', content.decode())


@pytest.mark.parametrize("role", ["coordinator", "analyst"])
def test_the_csv_export_holds_the_cells_of_the_page(client, cast, role):
    _pathway(cast.lens)
    user = cast.by_role()[role]
    client.force_login(user)
    signed_in_just_now(client, user)
    page = client.get(reverse(URL, args=["lens"]), {"province": "North"})
    assert (
        reverse(EXPORT, args=["lens"]) + "?format=csv&amp;province=North" in page.content.decode()
    )
    response = client.get(reverse(EXPORT, args=["lens"]), {"format": "csv", "province": "North"})
    assert response.status_code == 200
    assert response["Content-Disposition"] == 'attachment; filename="lens-coverage.csv"'
    rows = list(csv.DictReader(io.StringIO(response.content.decode("utf-8-sig"))))
    assert [(r["flag"], r["stage"]) for r in rows] == _page_cells(page.content)
    shelter = next(
        r
        for r in rows
        if r["stage"] == "SHELTER"
        and r["trafficking_type"] == "LABOUR"
        and r["population"] == "ADULTS"
    )
    assert shelter["province"] == "North"
    assert shelter["providers"] == "Northern Shelter"
    entry = AuditEntry.objects.get(action=Action.EXPORT, actor=user)
    assert entry.coalition_id == cast.lens.pk
    assert entry.changes["filters"] == {"province": "North"}


@pytest.mark.parametrize("role", ["member", "viewer"])
def test_members_and_viewers_read_the_page_but_export_nothing(client, cast, role):
    _pathway(cast.lens)
    user = cast.by_role()[role]
    client.force_login(user)
    signed_in_just_now(client, user)
    page = client.get(reverse(URL, args=["lens"]))
    assert page.status_code == 200
    assert reverse(EXPORT, args=["lens"]) not in page.content.decode()
    for fmt in ("csv", "xlsx"):
        response = client.get(reverse(EXPORT, args=["lens"]), {"format": fmt})
        assert response.status_code == 403
        assert b"Northern Shelter" not in response.content
    assert not AuditEntry.objects.filter(action=Action.EXPORT).exists()


def test_the_export_needs_a_recent_sign_in(client, cast):
    _pathway(cast.lens)
    client.force_login(cast.carol)
    signed_in_just_now(client, cast.carol, ago=16 * 60)
    response = client.get(reverse(EXPORT, args=["lens"]), {"format": "csv", "province": "North"})
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("account_reauthenticate"))
    assert b"Northern Shelter" not in response.content
    assert not AuditEntry.objects.filter(action=Action.EXPORT).exists()


def test_the_xlsx_export_holds_the_cells_of_the_page(client, cast):
    _pathway(cast.lens)
    client.force_login(cast.carol)
    signed_in_just_now(client, cast.carol)
    page = client.get(reverse(URL, args=["lens"]), {"province": "South"})
    response = client.get(reverse(EXPORT, args=["lens"]), {"format": "xlsx", "province": "South"})
    assert response.status_code == 200
    sheet = load_workbook(io.BytesIO(response.content))["coverage"]
    header, *lines = list(sheet.values)
    assert header[:6] == (
        "province",
        "trafficking_type",
        "population",
        "stage",
        "flag",
        "providers",
    )
    assert [(line[4], line[3]) for line in lines] == _page_cells(page.content)
    assert "Northern Shelter" not in str(lines)


def test_nobody_of_another_coalition_exports_the_matrix(client, cast):
    _pathway(cast.lens)
    client.force_login(cast.dave)
    signed_in_just_now(client, cast.dave)
    for fmt in ("csv", "xlsx"):
        assert client.get(reverse(EXPORT, args=["lens"]), {"format": fmt}).status_code == 404
    own = client.get(reverse(EXPORT, args=["other"]), {"format": "csv"})
    assert own.status_code == 200
    assert b"Hotline NGO" not in own.content
    assert client.get(reverse(EXPORT, args=["other"]), {"format": "pdf"}).status_code == 404


def test_a_stranger_signed_out_is_sent_to_sign_in(client, cast):
    _pathway(cast.lens)
    response = client.get(reverse(EXPORT, args=["lens"]), {"format": "csv"})
    assert response.status_code == 302
    assert b"Hotline NGO" not in response.content
