"""The preview says, row by row, what an import would do, and every error says where and why."""

from __future__ import annotations

import pytest

from coalitionlens.coalitions.models import Organisation
from coalitionlens.coalitions.tests.factories import MembershipFactory, OrganisationFactory
from coalitionlens.transfer.services import ImportFile, import_preview
from coalitionlens.transfer.tests.helpers import ENGAGEMENTS, ORGS, csv_bytes, xlsx

pytestmark = pytest.mark.django_db


def _preview(cast, data, name="file.xlsx", kind=None):
    return import_preview(coalition=cast.lens, file=ImportFile(name, data, kind))


def test_new_rows_are_reported_and_nothing_is_written(cast):
    report = _preview(cast, xlsx({"organisations": ORGS, "engagements": ENGAGEMENTS}))
    assert report.ok, [str(e) for e in report.errors]
    assert report.counts()["organisations"]["new"] == 2
    assert report.counts()["engagements"]["new"] == 1
    assert not Organisation.objects.filter(coalition=cast.lens).exists()


def test_unchanged_and_changed_rows_are_told_apart_with_the_fields_that_change(cast):
    OrganisationFactory(coalition=cast.lens, name="Riverside Legal Aid", scale="NATIONAL")
    from coalitionlens.coalitions.tests.factories import core_sector

    OrganisationFactory(
        coalition=cast.lens,
        name="harbour  police unit",
        sector=core_sector("LAW_ENFORCEMENT"),
        scale="NATIONAL",
    )
    Organisation.objects.filter(name="Riverside Legal Aid").update(
        subsector=core_sector("VICTIM_SERVICES")
    )
    report = _preview(cast, xlsx({"organisations": ORGS}))
    by_label = {r.label: r for r in report.rows}
    assert by_label["Riverside Legal Aid"].status == "unchanged"
    changed = by_label["Harbour Police Unit"]
    assert changed.status == "changed"
    assert changed.changes["scale"] == ["NATIONAL", "LOCAL"]
    assert changed.changes["name"] == ["harbour  police unit", "Harbour Police Unit"]


def test_an_error_names_file_sheet_row_column_value_and_what_was_expected(cast):
    rows = [*ORGS, ["Lotus Youth Forum", "Busines", "", "NATIONAL"]]
    report = _preview(cast, xlsx({"Annuaire": rows}), name="directory.xlsx")
    (error,) = report.errors
    assert (error.file, error.sheet, error.row, error.column, error.value) == (
        "directory.xlsx",
        "Annuaire",
        4,
        "sector",
        "Busines",
    )
    assert "BUSINESS" in error.expected
    assert error.suggestion == "BUSINESS (Business)"
    assert [r.status for r in report.rows] == ["new", "new", "error"]
    text = str(error)
    assert "directory.xlsx" in text
    assert "row 4" in text
    assert "Busines" in text


def test_headers_match_forgivingly_in_french_with_accents_case_and_spaces(cast):
    rows = [
        ["  NOM ", "Secteur", "Sous-secteur", "Échelle", "Confessionnelle"],
        ["Église de la Paix", "Organisation confessionnelle", "", "local", "oui"],
    ]
    report = _preview(cast, csv_bytes(rows, sep=";"), name="orgs.csv")
    assert report.ok, [str(e) for e in report.errors]
    assert report.rows[0].kind == "organisations"


def test_coded_values_match_codes_and_labels_in_every_shipped_language(cast):
    from django.utils import translation

    from coalitionlens.coalitions import vocab

    with translation.override("km"):
        khmer_business = str(vocab.SECTOR_LABELS["BUSINESS"])
    with translation.override("fr"):
        french_gov = str(vocab.SECTOR_LABELS["GOVERNMENT"])
    rows = [
        ["name", "sector"],
        ["A", "business"],
        ["B", khmer_business],
        ["C", french_gov.upper()],
        ["D", "Law_Enforcement"],
    ]
    report = _preview(cast, csv_bytes(rows))
    assert report.ok, [str(e) for e in report.errors]


def test_a_near_miss_gets_a_suggestion_but_never_a_silent_guess(cast):
    rows = [["name", "sector", "scale"], ["A", "BUSINESS", "Nationl"]]
    report = _preview(cast, csv_bytes(rows))
    (error,) = report.errors
    assert error.suggestion.startswith("NATIONAL")
    assert report.rows[0].status == "error"


def test_near_duplicate_organisation_names_are_warned_about(cast):
    OrganisationFactory(coalition=cast.lens, name="Riverside Legal Aid Centre")
    rows = [["name", "sector"], ["Riverside Legal-Aid Centre", "CIVIL_SOCIETY"]]
    report = _preview(cast, csv_bytes(rows))
    assert report.ok
    assert any("Riverside Legal Aid Centre" in w.message for w in report.warnings)


def test_unknown_organisations_are_errors_with_a_suggestion(cast):
    OrganisationFactory(coalition=cast.lens, name="Riverside Legal Aid")
    rows = [
        ["organisation", "joined_on", "status"],
        ["Riverside Legal Ade", "2024-01-01", "ACTIVE"],
    ]
    report = _preview(cast, csv_bytes(rows), kind="memberships")
    (error,) = report.errors
    assert error.column == "organisation"
    assert error.suggestion == "Riverside Legal Aid"


def test_model_rules_are_checked_in_the_preview(cast):
    OrganisationFactory(coalition=cast.lens, name="Riverside Legal Aid")
    rows = [
        ["organisation", "joined_on", "status"],
        ["Riverside Legal Aid", "2024-01-01", "WITHDRAWN"],
    ]
    report = _preview(cast, csv_bytes(rows))
    (error,) = report.errors
    assert error.column == "" or error.row == 2
    assert "end date" in error.message


def test_a_missing_required_column_is_an_error_on_the_header_row(cast):
    rows = [["date", "title", "leads"], ["2025-01-01", "x", "y"]]
    report = _preview(cast, xlsx({"engagements": rows}))
    assert any(e.column == "practice_type" and e.row == 1 for e in report.errors)


def test_rows_repeating_a_natural_key_are_errors(cast):
    rows = [["name", "sector"], ["Alpha", "MEDIA"], ["ALPHA ", "MEDIA"]]
    report = _preview(cast, csv_bytes(rows))
    assert [r.status for r in report.rows] == ["new", "error"]
    assert "row 2" in report.errors[0].message


def test_existing_records_are_matched_by_natural_key(cast):
    org = OrganisationFactory(coalition=cast.lens, name="Riverside Legal Aid")
    MembershipFactory(organisation=org, joined_on="2024-01-15", tier="FULL", status="ACTIVE")
    rows = [
        ["organisation", "joined_on", "tier", "status"],
        ["Riverside Legal Aid", "15/01/2024", "Associate", "ACTIVE"],
        ["Riverside Legal Aid", "2025-01-15", "FULL", "ACTIVE"],
    ]
    report = _preview(cast, csv_bytes(rows))
    assert [r.status for r in report.rows] == ["changed", "new"]
    assert report.rows[0].changes == {"tier": ["FULL", "ASSOCIATE"]}
