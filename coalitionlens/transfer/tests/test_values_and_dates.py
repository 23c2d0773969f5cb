"""Values as people write them (synonyms, values mapped once) and dates never silently wrong."""

from __future__ import annotations

import datetime as dt

import pytest

from coalitionlens.coalitions import vocab
from coalitionlens.coalitions.models import Membership, Organisation
from coalitionlens.coalitions.tests.factories import OrganisationFactory
from coalitionlens.transfer.codes import ValueMap, codebook_for, synonyms
from coalitionlens.transfer.columns import CODED
from coalitionlens.transfer.models import ValueMapping
from coalitionlens.transfer.parse import ImportOptions, SectorBooks, _date, _excel_serial
from coalitionlens.transfer.services import (
    ImportFile,
    import_apply,
    import_batch_answer,
    import_batch_create,
    import_preview,
)
from coalitionlens.transfer.tests.helpers import xlsx

pytestmark = pytest.mark.django_db


def test_every_synonym_of_the_data_file_reads_as_its_code(cast):
    books = SectorBooks.for_coalition(cast.lens)
    by_name = {spec.codes.__name__: spec.codes for spec in CODED.values() if spec.codes}
    for vocabulary, codes in synonyms().items():
        for code, words in codes.items():
            if vocabulary == "sectors":
                book = books.top if code in books.top.labels else books.sub
            else:
                book = codebook_for(by_name[vocabulary])
            assert code in {str(c) for c in book.labels}, (vocabulary, code)
            for word in words:
                assert str(book.match(word)) == code, (vocabulary, code, word)


def test_a_workbook_with_entreprise_and_societe_civile_imports_with_the_right_codes(cast):
    rows = [
        ["name", "sector", "scale"],
        ["Hotel Group", "Entreprise", "Nationale"],
        ["Shelter", "Société civile", "locales"],
        ["Relief", "INGO", "internationale"],
        ["Agency", "UN", "international"],
        ["Hall", "ONG", "National"],
    ]
    report = import_apply(
        coalition=cast.lens, file=ImportFile("o.xlsx", xlsx({"organisations": rows})), actor=None
    )
    assert report.ok, [str(e) for e in report.errors]
    got = {
        o.name: (o.sector.code, o.scale) for o in Organisation.objects.filter(coalition=cast.lens)
    }
    assert got == {
        "Hotel Group": ("BUSINESS", "NATIONAL"),
        "Shelter": ("CIVIL_SOCIETY", "LOCAL"),
        "Relief": ("INTERNATIONAL_NGO", "INTERNATIONAL"),
        "Agency": ("INTERGOVERNMENTAL", "INTERNATIONAL"),
        "Hall": ("CIVIL_SOCIETY", "NATIONAL"),
    }


def test_a_plural_reads_as_its_singular():
    book = codebook_for(vocab.MembershipTier)
    assert book.match("Observers") == "OBSERVER"
    assert book.match("Honoraries") is None


ODD = [
    ["name", "sector", "scale"],
    ["A", "Entr. privée", "LOCAL"],
    ["B", "entr. privée", "LOCAL"],
    ["C", "Entr. Privée ", "LOCAL"],
    ["D", "MEDIA", "tout le pays"],
]
ODD_XLSX = xlsx({"organisations": ODD})


def test_an_unknown_value_refuses_the_whole_file_with_where_and_what_was_expected(cast):
    report = import_apply(coalition=cast.lens, file=ImportFile("o.xlsx", ODD_XLSX), actor=None)
    assert not report.ok
    assert not Organisation.objects.exists()
    first = report.errors[0]
    assert (first.sheet, first.row, first.column, first.value) == (
        "organisations",
        2,
        "sector",
        "Entr. privée",
    )
    assert "BUSINESS" in first.expected
    assert first.ask == "value"


def test_a_value_mapped_once_applies_to_all_its_rows_in_that_column_only(cast):
    options = ImportOptions(values=ValueMap())
    options.values.add("sector", "Entr. privée", "BUSINESS")
    options.values.add("scale", "tout le pays", "NATIONAL")
    report = import_apply(
        coalition=cast.lens, file=ImportFile("o.xlsx", ODD_XLSX, options=options), actor=None
    )
    assert report.ok, [str(e) for e in report.errors]
    sectors = set(Organisation.objects.values_list("sector__code", flat=True))
    assert sectors == {"BUSINESS", "MEDIA"}
    assert Organisation.objects.get(name="D").scale == "NATIONAL"
    bad = ValueMap()
    bad.add("scale", "Entr. privée", "NATIONAL")  # the other column: does not apply to sector
    report = import_preview(
        coalition=cast.other,
        file=ImportFile("o.xlsx", ODD_XLSX, options=ImportOptions(values=bad)),
    )
    assert {e.value for e in report.errors} == {"Entr. privée", "entr. privée", "tout le pays"} | {
        "Entr. Privée"
    }


def test_a_code_the_column_does_not_accept_is_an_error_not_a_write(cast):
    values = ValueMap()
    values.add("", "Entr. privée", "NATIONAL")
    values.add("", "tout le pays", "NATIONAL")
    report = import_preview(
        coalition=cast.lens,
        file=ImportFile("o.xlsx", ODD_XLSX, options=ImportOptions(values=values)),
    )
    assert [e.column for e in report.errors] == ["sector"] * 3
    assert "NATIONAL" in report.errors[0].message


def test_the_preview_groups_unknown_values_and_remembers_answers_for_this_coalition_only(cast):
    batch = import_batch_create(coalition=cast.lens, actor=cast.alice, name="o.xlsx", data=ODD_XLSX)
    questions = batch.preview["questions"]["values"]
    assert [(q["column"], q["value"], q["count"]) for q in questions] == [
        ("sector", "Entr. privée", 3),
        ("scale", "tout le pays", 1),
    ]
    assert questions[0]["suggestion"] == "BUSINESS" or questions[0]["suggestion"] == ""
    assert ("BUSINESS", "Business") in [tuple(c) for c in questions[0]["choices"]]
    with pytest.raises(ValueError):
        import_batch_answer(
            batch=batch,
            actor=cast.alice,
            values={("sector", "Entr. privée"): "LOCAL"},
            date_orders={},
        )
    assert not ValueMapping.objects.exists()
    batch = import_batch_answer(
        batch=batch,
        actor=cast.alice,
        values={("sector", "Entr. privée"): "BUSINESS", ("scale", "tout le pays"): "NATIONAL"},
        date_orders={},
    )
    assert batch.preview["ok"]
    assert batch.preview["questions"]["values"] == []
    assert ValueMapping.objects.filter(coalition=cast.lens).count() == 2
    from coalitionlens.audit.models import AuditEntry

    assert AuditEntry.objects.filter(object_type="transfer.importbatch").count() == 1
    # The next import of the same coalition needs no answer; another coalition's does.
    again = import_preview(coalition=cast.lens, file=ImportFile("next.xlsx", ODD_XLSX))
    assert again.ok, [str(e) for e in again.errors]
    # Said, not silent: each remembered mapping used is a warning with its count of rows.
    told = {(w.column, w.value): w.message for w in again.warnings}
    assert "BUSINESS" in told[("sector", "Entr. privée")]
    assert "3" in told[("sector", "Entr. privée")]
    other = import_preview(coalition=cast.other, file=ImportFile("next.csv", ODD_XLSX))
    assert len(other.errors) == 4


US = [
    ["organisation", "joined_on"],
    ["Shelter", "3/4/2019"],
    ["Port", "11/12/2020"],
]


def test_us_dates_need_an_order_and_with_mdy_read_month_first(cast):
    for name in ("Shelter", "Port"):
        OrganisationFactory(coalition=cast.lens, name=name)
    data = xlsx({"memberships": US})
    report = import_apply(coalition=cast.lens, file=ImportFile("m.xlsx", data), actor=None)
    (error,) = report.errors
    assert error.column == "joined_on"
    assert error.ask == "date_order"
    assert "3/4/2019" in error.value
    assert "11/12/2020" in error.value
    assert not Membership.objects.exists()
    options = ImportOptions(date_orders={"": "mdy"})
    report = import_apply(
        coalition=cast.lens, file=ImportFile("m.xlsx", data, options=options), actor=None
    )
    assert report.ok, [str(e) for e in report.errors]
    joined = dict(Membership.objects.values_list("organisation__name", "joined_on"))
    assert joined == {"Shelter": dt.date(2019, 3, 4), "Port": dt.date(2020, 11, 12)}


def test_a_day_above_twelve_decides_the_order_of_the_whole_column(cast):
    for name in ("Shelter", "Port", "Hall"):
        OrganisationFactory(coalition=cast.lens, name=name)
    us = [*US, ["Hall", "12/31/2021"]]
    report = import_preview(
        coalition=cast.lens, file=ImportFile("m.xlsx", xlsx({"memberships": us}))
    )
    assert report.ok, [str(e) for e in report.errors]
    eu = [*US, ["Hall", "31/12/2021"]]
    report = import_preview(
        coalition=cast.lens, file=ImportFile("m.xlsx", xlsx({"memberships": eu}))
    )
    assert report.ok, [str(e) for e in report.errors]
    mixed = [*US, ["Hall", "31/12/2021"], ["Hall", "12/31/2022"]]
    report = import_preview(
        coalition=cast.lens, file=ImportFile("m.xlsx", xlsx({"memberships": mixed}))
    )
    assert any(e.ask == "date_order" for e in report.errors)


def test_the_preview_asks_the_date_order_and_apply_uses_the_answer(cast):
    for name in ("Shelter", "Port"):
        OrganisationFactory(coalition=cast.lens, name=name)
    batch = import_batch_create(
        coalition=cast.lens, actor=cast.alice, name="m.xlsx", data=xlsx({"memberships": US})
    )
    assert [d["column"] for d in batch.preview["questions"]["dates"]] == ["joined_on"]
    batch = import_batch_answer(
        batch=batch, actor=cast.alice, values={}, date_orders={"joined_on": "mdy"}
    )
    assert batch.preview["ok"]
    from coalitionlens.transfer.services import batch_file

    report = import_apply(
        coalition=cast.lens, file=batch_file(batch), actor=cast.alice, batch=batch
    )
    assert report.ok
    assert Membership.objects.get(organisation__name="Shelter").joined_on == dt.date(2019, 3, 4)


def test_excel_serials_and_iso_dates_are_dates():
    assert _excel_serial(1) == dt.date(1900, 1, 1)
    assert _excel_serial(59) == dt.date(1900, 2, 28)
    assert _excel_serial(60) is None  # Excel's 1900-02-29, a day that never was
    assert _excel_serial(61) == dt.date(1900, 3, 1)
    assert _excel_serial(43528) == dt.date(2019, 3, 4)
    assert _excel_serial(43528.75) == dt.date(2019, 3, 4)
    assert _excel_serial(0) is None
    assert _excel_serial(float("nan")) is None
    assert _excel_serial(10**9) is None
    assert _date("2019-03-04") == dt.date(2019, 3, 4)
    assert _date(True) is None


def test_a_serial_number_in_a_date_column_of_a_workbook_imports_as_its_date(cast):
    OrganisationFactory(coalition=cast.lens, name="Shelter")
    data = xlsx({"memberships": [["organisation", "joined_on"], ["Shelter", 43528]]})
    report = import_apply(coalition=cast.lens, file=ImportFile("m.xlsx", data), actor=None)
    assert report.ok, [str(e) for e in report.errors]
    assert Membership.objects.get().joined_on == dt.date(2019, 3, 4)


def test_one_unknown_value_in_many_rows_is_one_question_counting_every_row(cast):
    from coalitionlens.transfer.parse import MAX_ERRORS

    rows = [["name", "sector"], *[[f"Org {n}", "Entr. privée"] for n in range(MAX_ERRORS + 200)]]
    batch = import_batch_create(
        coalition=cast.lens, actor=cast.alice, name="many.xlsx", data=xlsx({"organisations": rows})
    )
    (question,) = batch.preview["questions"]["values"]
    assert question["count"] == MAX_ERRORS + 200
