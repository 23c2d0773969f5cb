"""Sheets laid out as coordinators keep them: a title above the header, a header on two rows with
merged cells, blank columns, an extra sheet of contacts, and a member list with memberships."""

from __future__ import annotations

import datetime as dt
import io

import pytest
from openpyxl import Workbook

from coalitionlens.coalitions.models import Membership, Organisation
from coalitionlens.transfer.services import ImportFile, import_apply, import_preview
from coalitionlens.transfer.tests.helpers import xlsx as _book

pytestmark = pytest.mark.django_db


def _workbook() -> bytes:
    book = Workbook()
    members = book.active
    assert members is not None
    members.title = "Coalition list 2025"
    members.append(["Zembora anti-trafficking coalition: members"])  # a title row
    members.append([])
    members.append(["Organisation", "Sector", None, "Membership", None])
    members.append([None, None, None, "Joined", "Status"])
    members.merge_cells("A3:A4")
    members.merge_cells("B3:B4")
    members.merge_cells("D3:E3")
    members.append(["Riverside Legal Aid", "CIVIL_SOCIETY", None, "2019-03-04", "ACTIVE"])
    members.append(["Harbour Police Unit", "LAW_ENFORCEMENT", None, "2021-06-01", "SUSPENDED"])
    contacts = book.create_sheet("Contacts")
    contacts.append(["Name", "E-mail", "Phone"])
    contacts.append(["Ana Example", "ana@example.org", "+855 12 000 000"])
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()


def test_a_member_list_below_a_title_with_a_merged_header_imports_with_its_memberships(cast):
    report = import_apply(
        coalition=cast.lens, file=ImportFile("members.xlsx", _workbook()), actor=cast.alice
    )
    assert report.ok, [str(i) for i in report.errors]
    assert report.applied
    orgs = dict(
        Organisation.objects.filter(coalition=cast.lens).values_list("name", "sector__code")
    )
    assert orgs == {
        "Riverside Legal Aid": "CIVIL_SOCIETY",
        "Harbour Police Unit": "LAW_ENFORCEMENT",
    }
    memberships = set(
        Membership.objects.filter(coalition=cast.lens).values_list(
            "organisation__name", "joined_on", "status"
        )
    )
    assert memberships == {
        ("Riverside Legal Aid", dt.date(2019, 3, 4), "ACTIVE"),
        ("Harbour Police Unit", dt.date(2021, 6, 1), "SUSPENDED"),
    }
    skipped = [w for w in report.warnings if w.sheet == "Contacts"]
    assert len(skipped) == 1
    assert "Contacts" in skipped[0].message
    # The membership columns were used, not reported as unknown.
    assert not [w for w in report.warnings if w.column in ("Membership Joined", "Status")]


def test_the_preview_names_the_header_row_found_under_the_title(cast):
    report = import_preview(coalition=cast.lens, file=ImportFile("members.xlsx", _workbook()))
    assert report.ok
    rows = sorted({(r.kind, r.row) for r in report.rows})
    assert rows == [
        ("memberships", 5),
        ("memberships", 6),
        ("organisations", 5),
        ("organisations", 6),
    ]


def test_an_organisation_list_without_a_joined_date_or_status_makes_no_memberships(cast):
    data = _book({"Sheet1": [["Name", "Sector", "Category"], ["Port Traders", "BUSINESS", "x"]]})
    report = import_apply(coalition=cast.lens, file=ImportFile("orgs.xlsx", data), actor=cast.alice)
    assert report.ok, [str(i) for i in report.errors]
    assert Organisation.objects.filter(coalition=cast.lens, name="Port Traders").exists()
    assert not Membership.objects.filter(coalition=cast.lens).exists()
    assert [w.column for w in report.warnings] == ["Category"]
