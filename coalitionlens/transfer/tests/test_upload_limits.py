"""SAFETY.md "Uploads" (issue 12): caps on rows, columns, cells and cell length, checked while the
file is read, each refusal naming the file, sheet, row and column; the preview parsed once."""

from __future__ import annotations

import io
import re

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import RequestFactory
from django.urls import reverse

from coalitionlens.transfer.models import ImportBatch
from coalitionlens.transfer.readers import FileRejected, read_sheets
from coalitionlens.transfer.tests.helpers import (
    ORGS,
    csv_bytes,
    inline_row,
    ods_row,
    raw_ods,
    raw_xlsx,
    xlsx,
)

HEADER = inline_row(1, ["name", "sector"])


def _upload(client, data: bytes, name: str):
    return client.post(
        reverse("transfer_import", args=["lens"]),
        {"file": SimpleUploadedFile(name, data), "kind": ""},
    )


def _field_errors(response) -> str:
    html = response.content.decode()
    return " ".join(re.findall(r'<div class="invalid-feedback d-block">(.*?)</div>', html, re.S))


def _refusal(data: bytes, **kw) -> FileRejected:
    with pytest.raises(FileRejected) as info:
        read_sheets(data, **kw)
    return info.value


# --- cell length ---------------------------------------------------------------------------------


@pytest.mark.django_db
def test_a_csv_cell_longer_than_the_cap_is_refused_on_upload_naming_file_row_and_column(
    client, cast
):
    client.force_login(cast.alice)
    # Longer than the csv module's own limit (131,072) too: that used to be the generic 500 page.
    data = b'name,sector,notes\nRiverside,CIVIL_SOCIETY,"' + b"x" * 140_000 + b'"\n'
    response = _upload(client, data, "orgs.csv")
    assert response.status_code == 400
    error = _field_errors(response)
    assert "orgs.csv" in error
    assert "row 2" in error
    assert "column C" in error
    assert "32,767 characters" in error
    assert not ImportBatch.objects.exists()


def test_the_long_cell_is_found_among_quoted_fields_and_delimiters(settings):
    settings.COALITIONLENS_IMPORT_MAX_CELL_CHARS = 1000
    data = b'a;b;c;d\n"x;y";"say ""hi""";;' + b"z" * 1500 + b"\n"
    refused = _refusal(data, name="semi.csv")
    assert (refused.row, refused.column) == (2, "D")


def test_an_xlsx_cell_longer_than_the_cap_is_refused_while_it_is_read(settings):
    settings.COALITIONLENS_IMPORT_MAX_CELL_CHARS = 1000
    data = raw_xlsx({"organisations": HEADER + inline_row(2, ["x", "y" * 1001])})
    refused = _refusal(data)
    assert (refused.sheet, refused.row, refused.column) == ("organisations", 2, "B")
    assert "1,000 characters" in refused.reason


def test_an_ods_cell_longer_than_the_cap_is_refused_while_it_is_read(settings):
    settings.COALITIONLENS_IMPORT_MAX_CELL_CHARS = 1000
    data = raw_ods({"Organisations": ods_row(["name", "sector"]) + ods_row(["x" * 1001, "y"])})
    refused = _refusal(data)
    assert (refused.sheet, refused.row, refused.column) == ("Organisations", 2, "A")


# --- formula cells -------------------------------------------------------------------------------


@pytest.mark.django_db
def test_an_xlsx_formula_cell_holding_text_reads_as_that_text(client, cast):
    client.force_login(cast.alice)
    # A formula whose cached result is text, in a cell that does not say so (t="str"):
    # the generic 500 page before.
    formula = (
        '<row r="2"><c r="A2"><f>"Lotus"&amp;" Youth Forum"</f><v>Lotus Youth Forum</v></c>'
        '<c r="B2" t="inlineStr"><is><t>CIVIL_SOCIETY</t></is></c></row>'
    )
    response = _upload(client, raw_xlsx({"organisations": HEADER + formula}), "orgs.xlsx")
    assert response.status_code == 302
    page = client.get(response["Location"])
    assert page.status_code == 200
    assert "Lotus Youth Forum" in page.content.decode()


# --- rows, columns, cells ------------------------------------------------------------------------


def test_a_sheet_declaring_a_million_rows_is_refused_before_its_rows_are_read():
    # The rows after the declaration are not even well-formed: the refusal comes before them.
    data = raw_xlsx(
        {"organisations": HEADER + '<row r="1048576"><c r="A1048576" t="inlineStr"><is><t>x'},
        dimensions={"organisations": "A1:B1048576"},
    )
    refused = _refusal(data, name="sparse.xlsx")
    assert refused.sheet == "organisations"
    assert (refused.row, refused.column) == (1048576, "B")
    assert "50,000 rows" in refused.reason
    assert "sparse.xlsx" in str(refused)


def test_a_cell_far_down_a_sheet_that_declares_no_dimension_is_refused_at_its_row(settings):
    settings.COALITIONLENS_IMPORT_MAX_ROWS = 1000
    data = raw_xlsx({"organisations": HEADER + inline_row(5000, ["x", "y"])})
    refused = _refusal(data)
    assert (refused.sheet, refused.row, refused.column) == ("organisations", 5000, "A")


def test_empty_rows_far_down_a_sheet_are_not_rows(settings):
    settings.COALITIONLENS_IMPORT_MAX_ROWS = 1000
    styled_only = '<row r="900000"><c r="A900000" s="1"/></row>'
    [sheet] = read_sheets(raw_xlsx({"organisations": HEADER + styled_only}))
    assert sheet.rows == [["name", "sector"]]


def test_rows_past_the_cap_are_refused_naming_the_row(settings):
    settings.COALITIONLENS_IMPORT_MAX_ROWS = 100
    refused = _refusal(csv_bytes([["name", "sector"]] + [["x", "y"]] * 150), name="big.csv")
    assert (refused.row, refused.column) == (101, "A")
    assert "100 rows" in refused.reason
    assert str(refused).startswith("big.csv")


def test_blank_lines_after_the_data_are_not_rows(settings):
    settings.COALITIONLENS_IMPORT_MAX_ROWS = 100
    [sheet] = read_sheets(csv_bytes([["name", "sector"]] + [["x", "y"]] * 50) + b"\n" * 10_000)
    assert len(sheet.rows) == 51


def test_the_row_cap_counts_the_rows_of_every_sheet(settings):
    settings.COALITIONLENS_IMPORT_MAX_ROWS = 100
    rows = [["name", "sector"]] + [["x", "y"]] * 59
    refused = _refusal(xlsx({"organisations": rows, "memberships": rows}))
    assert (refused.sheet, refused.row) == ("memberships", 41)


def test_columns_past_the_cap_are_refused_naming_the_column(settings):
    settings.COALITIONLENS_IMPORT_MAX_COLUMNS = 20
    refused = _refusal(csv_bytes([[f"c{i}" for i in range(30)]]))
    assert (refused.row, refused.column) == (1, "U")
    refused = _refusal(raw_xlsx({"wide": '<row r="3"><c r="AB3"><v>1</v></c></row>'}))
    assert (refused.sheet, refused.row, refused.column) == ("wide", 3, "AB")


def test_one_csv_line_of_millions_of_fields_is_refused_before_it_is_split(settings):
    settings.COALITIONLENS_IMPORT_MAX_COLUMNS = 1000
    refused = _refusal(b"ab," * 3_000_000)
    assert (refused.row, refused.column) == (1, "ALM")


def test_cells_past_the_cap_are_refused(settings):
    settings.COALITIONLENS_IMPORT_MAX_CELLS = 100
    refused = _refusal(csv_bytes([["name", "sector"]] + [["x", "y"]] * 60))
    assert refused.row == 51
    assert "100 cells" in refused.reason


def test_an_ods_row_repeated_a_million_times_is_refused_without_being_expanded(settings):
    settings.COALITIONLENS_IMPORT_MAX_ROWS = 100
    data = raw_ods({"Organisations": ods_row(["name", "sector"]) + ods_row(["x", "y"], 1_000_000)})
    refused = _refusal(data)
    assert (refused.sheet, refused.row) == ("Organisations", 101)


def test_empty_ods_rows_and_columns_repeated_to_the_end_of_the_sheet_cost_nothing():
    # What LibreOffice writes after the data.
    filler = (
        '<table:table-row table:number-rows-repeated="1048570">'
        '<table:table-cell table:number-columns-repeated="16384"/></table:table-row>'
    )
    wide_blank = '<table:table-cell table:number-columns-repeated="16000"/>'
    first = ods_row(["name", "sector"]).replace(
        "</table:table-row>", wide_blank + "</table:table-row>"
    )
    [sheet] = read_sheets(raw_ods({"Organisations": first + filler}))
    assert sheet.rows == [["name", "sector"]]


def test_the_text_of_a_spreadsheet_is_capped_like_a_csv_file_is_by_its_size(settings):
    settings.COALITIONLENS_IMPORT_MAX_BYTES = 4096
    rows = "".join(inline_row(i, ["y" * 1000]) for i in range(1, 11))
    refused = _refusal(raw_xlsx({"notes": rows}))
    assert refused.sheet == "notes"
    assert "4,096 characters" in refused.reason


def test_a_shared_text_longer_than_the_cap_is_refused_at_the_cell_that_uses_it(settings):
    settings.COALITIONLENS_IMPORT_MAX_CELL_CHARS = 100
    data = xlsx({"organisations": [["name", "notes"], ["x", "short"], ["y", "z" * 101]]})
    refused = _refusal(data)
    assert (refused.sheet, refused.row, refused.column) == ("organisations", 3, "B")


def test_a_document_type_declaration_is_refused():
    data = raw_xlsx({"organisations": HEADER})
    import zipfile

    out = io.BytesIO()
    with zipfile.ZipFile(io.BytesIO(data)) as src, zipfile.ZipFile(out, "w") as dst:
        for item in src.infolist():
            body = src.read(item)
            if item.filename == "xl/worksheets/sheet1.xml":
                body = body.replace(
                    b"<worksheet",
                    b'<!DOCTYPE w [<!ENTITY a "aaaaaaaaaa"><!ENTITY b "&a;&a;&a;&a;">]><worksheet',
                )
            dst.writestr(item, body)
    refused = _refusal(out.getvalue())
    assert refused.sheet == "organisations"


# --- the upload path -----------------------------------------------------------------------------


@pytest.mark.django_db
def test_a_file_over_a_cap_is_refused_on_upload_and_nothing_is_kept(client, cast, settings):
    settings.COALITIONLENS_IMPORT_MAX_ROWS = 10
    client.force_login(cast.alice)
    response = _upload(client, csv_bytes([["name", "sector"]] + [["x", "y"]] * 20), "o.csv")
    assert response.status_code == 400
    assert "o.csv" in _field_errors(response)
    assert "row 11" in _field_errors(response)
    assert not ImportBatch.objects.exists()


@pytest.mark.django_db
def test_the_preview_is_parsed_once_at_upload_and_not_read_again_per_visit(client, cast):
    client.force_login(cast.alice)
    response = _upload(client, xlsx({"organisations": ORGS}), "orgs.xlsx")
    assert response.status_code == 302
    # Were the preview parsed again per visit, it would now find a broken file.
    ImportBatch.objects.update(data=b"\x89PNG\r\n\x1a\n not a spreadsheet any more")
    for _visit in range(2):
        html = client.get(response["Location"]).content.decode()
        assert "Riverside Legal Aid" in html
        assert html.count('data-status="new"') == 2
        assert 'data-testid="apply"' in html


def test_a_request_body_over_the_cap_is_refused_before_it_is_read(settings):
    settings.COALITIONLENS_IMPORT_MAX_BYTES = 1 << 20
    boundary = "lensboundary"
    body = (
        (
            f'--{boundary}\r\nContent-Disposition: form-data; name="csrfmiddlewaretoken"\r\n\r\n'
            f'token\r\n--{boundary}\r\nContent-Disposition: form-data; name="file"; '
            f'filename="big.csv"\r\nContent-Type: text/csv\r\n\r\n'
        ).encode()
        + b"a,b\n" * (2 << 20)
        + f"\r\n--{boundary}--\r\n".encode()
    )

    class Counting(io.BytesIO):
        consumed = 0

        def read(self, size=-1):
            chunk = super().read(size)
            Counting.consumed += len(chunk)
            return chunk

    request = RequestFactory().generic(
        "POST",
        "/c/lens/import/",
        **{
            "wsgi.input": Counting(body),
            "CONTENT_LENGTH": str(len(body)),
            "CONTENT_TYPE": f"multipart/form-data; boundary={boundary}",
        },
    )
    from coalitionlens.transfer.uploads import upload_too_large

    assert request.POST["csrfmiddlewaretoken"] == "token"
    assert "file" not in request.FILES
    assert upload_too_large(request)
    assert Counting.consumed < 256 * 1024
