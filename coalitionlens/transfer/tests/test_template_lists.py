"""The import template: drop-down lists on coded columns in the chosen language, instructions."""

from __future__ import annotations

import io

import pytest
from django.conf import settings
from openpyxl import load_workbook

from coalitionlens.transfer.columns import COLUMNS, KINDS
from coalitionlens.transfer.services import ImportFile, import_preview
from coalitionlens.transfer.template import template_bytes

pytestmark = pytest.mark.django_db


def _lists(book):
    """column header (kind.key) → the entries of its drop-down list."""
    sheet = book["lists"]
    out = {}
    for column in sheet.iter_cols(values_only=True):
        out[column[0]] = [v for v in column[1:] if v is not None]
    return out


@pytest.mark.parametrize("language", [code for code, _name in settings.LANGUAGES])
def test_every_coded_column_has_a_drop_down_of_labels_in_the_language_that_import_back(
    cast, language
):
    book = load_workbook(io.BytesIO(template_bytes(language)))
    assert book["lists"].sheet_state == "hidden"
    lists = _lists(book)
    for kind in KINDS:
        sheet = book[kind]
        ranges = {}
        for validation in sheet.data_validations.dataValidation:
            assert validation.type == "list"
            assert validation.errorStyle in ("warning", "information")
            ranges[str(validation.sqref).split(":")[0]] = validation.formula1
        coded = [
            (i, c)
            for i, c in enumerate(COLUMNS[kind])
            if c.codes is not None or c.type in ("sector", "subsector", "bool")
        ]
        assert len(ranges) == len(coded), kind
        for i, column in coded:
            letter = chr(ord("A") + i)
            formula = ranges[f"{letter}2"]
            assert formula.startswith("=lists!$")
            entries = lists[f"{kind}.{column.key}"]
            assert entries
            # Each entry, as a person picks it, imports as a value of the column.
            rows = [[c.key for c in COLUMNS[kind]]]
            for entry in entries:
                row = [None] * len(COLUMNS[kind])
                row[i] = entry
                rows.append(row)
            data = _workbook({kind: rows})
            report = import_preview(coalition=cast.lens, file=ImportFile("t.xlsx", data))
            wrong = [e for e in report.errors if e.column == column.key]
            assert not wrong, (language, kind, column.key, [str(e) for e in wrong][:3])
    assert book["instructions"]["A1"].value
    if language == "fr":
        assert "Modèle" in book["instructions"]["A1"].value


def _workbook(sheets):
    from coalitionlens.transfer.tests.helpers import xlsx

    return xlsx(sheets)


def test_the_template_page_is_in_the_visitor_language(client, cast):
    from django.urls import reverse

    client.force_login(cast.carol)
    response = client.get(reverse("transfer_template", args=["lens"]), HTTP_ACCEPT_LANGUAGE="fr")
    book = load_workbook(io.BytesIO(response.content))
    assert "Entreprises" in _lists(book)["organisations.sector"]


@pytest.mark.parametrize("language", [code for code, _name in settings.LANGUAGES])
def test_the_services_sheet_has_drop_downs_whose_labels_import_back(cast, language):
    """Stage, trafficking types, populations and capacity: each label of the drop-down, in the
    template's language, reads back as its code in the whole-coalition import."""
    from coalitionlens.pathways.models import Service
    from coalitionlens.transfer.template import SERVICE_CODED
    from coalitionlens.transfer.whole import PATHWAY_COLUMNS, import_whole

    book = load_workbook(io.BytesIO(template_bytes(language)))
    sheet = book["services"]
    keys = [c.value for c in sheet[1]]
    assert keys == list(PATHWAY_COLUMNS["services"])
    lists = _lists(book)
    starts = {str(v.sqref).split(":")[0]: v.formula1 for v in sheet.data_validations.dataValidation}
    assert len(starts) == len(SERVICE_CODED)
    for key, choices, _several in SERVICE_CODED:
        letter = chr(ord("A") + keys.index(key))
        assert starts[f"{letter}2"].startswith("=lists!$")
        entries = lists[f"services.{key}"]
        assert len(entries) == len(choices.choices)
        rows = [keys]
        for n, entry in enumerate(entries):
            values = {
                "organisation": "Template Shelter",
                "name": f"Service {n}",
                "stage": "SHELTER",
                "trafficking_types": "LABOUR",
                "populations": "ADULTS",
                key: entry,
            }
            rows.append([values.get(k) for k in keys])
        data = _workbook({"organisations": [["name", "sector"], ["Template Shelter", "NGO"]],
                          "services": rows})  # fmt: skip
        report = import_whole(coalition=cast.lens, name="t.xlsx", data=data, actor=None)
        assert report.ok, (language, key, [str(e) for e in report.errors][:3])
        got = sorted(
            {str(v) for s in Service.objects.filter(coalition=cast.lens) for v in _as_list(s, key)}
        )
        assert got == sorted(choices.values), (language, key)
        Service.objects.filter(coalition=cast.lens).delete()


def _as_list(service, key):
    value = getattr(service, key)
    return value if isinstance(value, list) else [value]


@pytest.mark.parametrize("language", [code for code, _name in settings.LANGUAGES])
def test_the_fundings_sheet_has_a_band_drop_down_whose_labels_import_back(cast, language):
    """Power and money: the fundings sheet's amount band, picked from the drop-down in the
    template's language, reads back as its code; an unknown band names its row and column."""
    from coalitionlens.coalitions.models import Funding
    from coalitionlens.coalitions.vocab import FundingBand
    from coalitionlens.transfer.whole import EXTRA_COLUMNS, import_whole

    book = load_workbook(io.BytesIO(template_bytes(language)))
    sheet = book["fundings"]
    keys = [c.value for c in sheet[1]]
    assert keys == list(EXTRA_COLUMNS["fundings"])
    [validation] = sheet.data_validations.dataValidation
    letter = chr(ord("A") + keys.index("amount_band"))
    assert str(validation.sqref).startswith(f"{letter}2")
    entries = _lists(book)["fundings.amount_band"]
    assert len(entries) == len(FundingBand.choices)
    orgs = [["name", "sector"], ["Template Donor", "DONOR_FOUNDATION"], ["Template Shelter", "NGO"]]
    rows = [keys] + [
        [{"funder": "Template Donor", "recipient": "Template Shelter", "amount_band": entry,
          "started_on": f"2024-0{n + 1}-01"}.get(k) for k in keys]
        for n, entry in enumerate(entries)
    ]  # fmt: skip
    report = import_whole(
        coalition=cast.lens,
        name="t.xlsx",
        data=_workbook({"organisations": orgs, "fundings": rows}),
        actor=None,
    )
    assert report.ok, (language, [str(e) for e in report.errors][:3])
    got = sorted(Funding.objects.filter(coalition=cast.lens).values_list("amount_band", flat=True))
    assert got == sorted(FundingBand.values)
    rows[1][keys.index("amount_band")] = "a great deal"
    report = import_whole(
        coalition=cast.lens,
        name="t.xlsx",
        data=_workbook({"organisations": orgs, "fundings": rows}),
        actor=None,
    )
    assert not report.ok
    assert any(e.column == "amount_band" and e.row == 2 for e in report.errors)
    rows[1][keys.index("amount_band")] = entries[0]
    rows[1][keys.index("amount")], rows[1][keys.index("currency")] = "500", "us$"
    report = import_whole(
        coalition=cast.lens,
        name="t.xlsx",
        data=_workbook({"organisations": orgs, "fundings": rows}),
        actor=None,
    )
    assert [(e.row, e.column) for e in report.errors] == [(2, "currency")]
    assert "ISO 4217" in report.errors[0].message
