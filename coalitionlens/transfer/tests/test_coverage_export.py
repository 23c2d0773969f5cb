"""The coverage matrix as CSV and XLSX: the cells the coverage page shows, with its filters, for
every role of the coalition; nobody of another coalition, and nobody signed out, downloads it."""

from __future__ import annotations

import csv
import io
import re

import pytest
from django.urls import reverse
from openpyxl import load_workbook

from coalitionlens.pathways.tests.test_coverage_page import _pathway

pytestmark = pytest.mark.django_db

URL = "pathway_coverage"


EXPORT = "pathway_coverage_export"


def _page_cells(content: bytes) -> list[tuple[str, str]]:
    return re.findall(r'data-flag="(\w+)" data-stage="(\w+)"', content.decode())


@pytest.mark.parametrize("role", ["coordinator", "member", "analyst", "viewer"])
def test_the_csv_export_holds_the_cells_of_the_page(client, cast, role):
    _pathway(cast.lens)
    client.force_login(cast.by_role()[role])
    page = client.get(reverse(URL, args=["lens"]), {"province": "North"})
    assert reverse(EXPORT, args=["lens", "csv"]) + "?province=North" in page.content.decode()
    response = client.get(reverse(EXPORT, args=["lens", "csv"]), {"province": "North"})
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


def test_the_xlsx_export_holds_the_cells_of_the_page(client, cast):
    _pathway(cast.lens)
    client.force_login(cast.vic)
    page = client.get(reverse(URL, args=["lens"]), {"province": "South"})
    response = client.get(reverse(EXPORT, args=["lens", "xlsx"]), {"province": "South"})
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
    for fmt in ("csv", "xlsx"):
        assert client.get(reverse(EXPORT, args=["lens", fmt])).status_code == 404
    own = client.get(reverse(EXPORT, args=["other", "csv"]))
    assert own.status_code == 200
    assert b"Hotline NGO" not in own.content
    assert client.get(reverse(EXPORT, args=["other", "pdf"])).status_code == 404


def test_a_stranger_signed_out_is_sent_to_sign_in(client, cast):
    _pathway(cast.lens)
    response = client.get(reverse(EXPORT, args=["lens", "csv"]))
    assert response.status_code == 302
    assert b"Hotline NGO" not in response.content
