"""Apply writes everything or nothing, re-importing changes nothing, and one audit entry sums it up."""

from __future__ import annotations

import io

import pandas as pd
import pytest

from coalitionlens.audit.models import Action, AuditEntry
from coalitionlens.coalitions.models import Membership, Organisation
from coalitionlens.engagements.models import Engagement, Participation
from coalitionlens.transfer.services import ImportFile, import_apply
from coalitionlens.transfer.tests.helpers import ENGAGEMENTS, ORGS, xlsx

pytestmark = pytest.mark.django_db


def _apply(cast, data, name="file.xlsx"):
    return import_apply(coalition=cast.lens, file=ImportFile(name, data), actor=cast.alice)


def _counts(coalition):
    return (
        Organisation.objects.filter(coalition=coalition).count(),
        Engagement.objects.filter(coalition=coalition).count(),
        Participation.objects.filter(coalition=coalition).count(),
        Membership.objects.filter(coalition=coalition).count(),
    )


def test_a_clean_workbook_is_written_with_its_participants(cast):
    report = _apply(cast, xlsx({"organisations": ORGS, "engagements": ENGAGEMENTS}))
    assert report.ok
    assert report.applied
    engagement = Engagement.objects.get(coalition=cast.lens)
    assert engagement.domains == ["AWARENESS", "PREVENTION"]
    roles = dict(engagement.participations.values_list("organisation__name", "role"))
    assert roles == {"Riverside Legal Aid": "LEAD", "Harbour Police Unit": "COUNTERPART"}
    entry = AuditEntry.objects.get(action=Action.IMPORT)
    assert entry.coalition_id == cast.lens.pk
    assert entry.actor == cast.alice
    assert entry.changes["counts"]["organisations"]["new"] == 2
    assert len(entry.changes["sha256"]) == 64


def test_one_bad_row_anywhere_leaves_the_database_untouched(cast):
    bad_engagements = [
        *ENGAGEMENTS,
        ["2025-13-01", "JOINT_EVENT", "Bad date", "Riverside Legal Aid"],
    ]
    before = _counts(cast.lens)
    audit_before = AuditEntry.objects.count()
    report = _apply(cast, xlsx({"organisations": ORGS, "engagements": bad_engagements}))
    assert not report.ok
    assert not report.applied
    (error,) = report.errors
    assert (error.sheet, error.row, error.column) == ("engagements", 3, "date")
    assert _counts(cast.lens) == before
    assert AuditEntry.objects.count() == audit_before


def test_a_failure_while_writing_rolls_everything_back(cast, monkeypatch):
    # The last write of an import (participants) meets a database error: everything before it,
    # organisations and engagements, must be rolled back with it.
    from django.db import DatabaseError

    monkeypatch.setattr(Participation._meta, "db_table", "no_such_table")
    with pytest.raises(DatabaseError):
        _apply(cast, xlsx({"organisations": ORGS, "engagements": ENGAGEMENTS}))
    monkeypatch.undo()
    assert _counts(cast.lens) == (0, 0, 0, 0)


def test_importing_the_same_file_twice_changes_nothing(cast):
    data = xlsx({"organisations": ORGS, "engagements": ENGAGEMENTS})
    _apply(cast, data)
    before = _counts(cast.lens)
    updated = list(Organisation.objects.order_by("pk").values_list("updated_at", flat=True))
    report = _apply(cast, data)
    assert report.totals() == {"new": 0, "changed": 0, "unchanged": 3, "error": 0}
    assert _counts(cast.lens) == before
    assert list(Organisation.objects.order_by("pk").values_list("updated_at", flat=True)) == updated


def test_changed_participants_replace_the_old_ones(cast):
    _apply(cast, xlsx({"organisations": ORGS, "engagements": ENGAGEMENTS}))
    swapped = [
        ENGAGEMENTS[0],
        [
            *ENGAGEMENTS[1][:3],
            "Harbour Police Unit",
            "Riverside Legal Aid",
            "AWARENESS; PREVENTION",
        ],
    ]
    report = _apply(cast, xlsx({"engagements": swapped}))
    assert report.rows[0].status == "changed"
    assert set(report.rows[0].changes) == {"leads", "counterparts"}
    roles = dict(Participation.objects.values_list("organisation__name", "role"))
    assert roles == {"Harbour Police Unit": "LEAD", "Riverside Legal Aid": "COUNTERPART"}


def test_another_coalitions_organisations_are_never_matched(cast):
    from coalitionlens.coalitions.tests.factories import OrganisationFactory

    OrganisationFactory(coalition=cast.other, name="Riverside Legal Aid")
    report = _apply(cast, xlsx({"engagements": ENGAGEMENTS}))
    assert not report.ok
    assert {e.column for e in report.errors} == {"leads", "counterparts"}
    assert Engagement.objects.count() == 0


def test_ods_and_csv_files_import_like_xlsx(cast):
    out = io.BytesIO()
    with pd.ExcelWriter(out, engine="odf") as writer:
        pd.DataFrame(ORGS[1:], columns=ORGS[0]).to_excel(
            writer, sheet_name="Organisations", index=False
        )
        pd.DataFrame(ENGAGEMENTS[1:], columns=ENGAGEMENTS[0]).to_excel(
            writer, sheet_name="Engagements", index=False
        )
    report = _apply(cast, out.getvalue(), name="data.ods")
    assert report.ok, [str(e) for e in report.errors]
    assert _counts(cast.lens)[:3] == (2, 1, 2)


def test_the_template_workbook_imports_cleanly(cast):
    from coalitionlens.transfer.template import template_bytes

    report = _apply(cast, template_bytes(), name="template.xlsx")
    assert report.ok, [str(e) for e in report.errors]
    assert report.warnings == []
    # two organisations, a membership, a partnership, an engagement, a service and a funding flow
    # (issue 18)
    assert report.totals()["new"] == 7
    assert cast.lens.fundings.get().amount_band == "F_10K_50K"


def test_a_filled_in_template_keeps_its_sheet_choice_and_its_services(cast):
    """The template has a services sheet, so it is read as a whole-coalition workbook; a sheet the
    coordinator added (their contacts) is still offered in the sheet choice and can be skipped,
    and the services come in with the rest."""
    import io

    import openpyxl

    from coalitionlens.pathways.models import Service
    from coalitionlens.transfer.parse import SKIP, ImportOptions
    from coalitionlens.transfer.services import import_preview
    from coalitionlens.transfer.template import template_bytes

    book = openpyxl.load_workbook(io.BytesIO(template_bytes()))
    contacts = book.create_sheet("Contacts")
    contacts.append(["Name", "Phone"])
    contacts.append(["Fictional Person", "012 345 678"])
    out = io.BytesIO()
    book.save(out)
    data = out.getvalue()
    preview = import_preview(coalition=cast.lens, file=ImportFile("filled.xlsx", data))
    assert "Contacts" in {s["name"] for s in preview.sheets}
    skip = ImportOptions(sheets={"Contacts": SKIP})
    report = import_apply(
        coalition=cast.lens, file=ImportFile("filled.xlsx", data, options=skip), actor=cast.alice
    )
    assert report.ok, [str(e) for e in report.errors]
    assert report.totals()["new"] == 7
    assert Service.objects.filter(organisation__coalition=cast.lens).count() == 1
    assert "Fictional Person" not in {o.name for o in cast.lens.organisations.all()}
