"""A fuzz test of every importer (issue 12): random and mutated CSV, XLSX and ODS files, and
mutations of the template workbook, go through the web upload as a coordinator (upload, preview,
apply) and through ``coalitionlens import``. Never a server error; a refused or failed import writes
nothing (the row count of every model is unchanged)."""

from __future__ import annotations

import csv
import datetime as dt
import io
import zipfile
from functools import cache
from typing import Any

import pytest
from django.apps import apps
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from typer.testing import CliRunner

from coalitionlens.cli.main import app
from coalitionlens.transfer.columns import COLUMNS, KINDS
from coalitionlens.transfer.models import ImportBatch
from coalitionlens.transfer.tests.helpers import ODS_NS, raw_xlsx

pytestmark = pytest.mark.django_db

FUZZ = settings(
    max_examples=30,
    deadline=None,
    suppress_health_check=[
        HealthCheck.function_scoped_fixture,
        HealthCheck.too_slow,
        HealthCheck.data_too_large,
    ],
)
KEYS = sorted({c.key for columns in COLUMNS.values() for c in columns})
#: Values that mean something to some column, and values that have broken parsers elsewhere.
VALUES = [
    "",
    " ",
    "Riverside Legal Aid",
    "Harbour Police Unit",
    "riverside  legal aid",
    "CIVIL_SOCIETY",
    "Law enforcement",
    "VICTIM_SERVICES",
    "JOINT_EVENT",
    "AWARENESS; PREVENTION",
    "NATIONAL",
    "FULL",
    "REFERRAL",
    "yes",
    "oui",
    "no",
    "3",
    "3.5",
    "-0",
    "1e400",
    "NaN",
    "inf",
    "²",
    "٣",
    "9" * 5000,
    "2025-03-14",
    "31/02/2025",
    "2025-03-14T10:00:00",
    "=1+1",
    "'=cmd|'/c calc'!A1",
    "a\nb",
    'say "hi"',
    "x" * 300,
    "\u202etxt",
]
cell = st.one_of(
    st.sampled_from(VALUES),
    st.text(max_size=30),
    st.integers(min_value=-(10**20), max_value=10**20),
    st.floats(),
    st.booleans(),
    st.dates(min_value=dt.date(1900, 3, 1), max_value=dt.date(9999, 12, 31)),
    st.none(),
)
header = st.lists(st.one_of(st.sampled_from(KEYS), st.text(max_size=12)), min_size=1, max_size=8)
table = st.tuples(header, st.lists(st.lists(cell, max_size=9), max_size=8)).map(
    lambda t: [t[0], *t[1]]
)
sheet_name = st.one_of(st.sampled_from(KINDS), st.sampled_from(["Sheet1", "Lists", "Read me"]))


def _counts() -> dict[str, int]:
    return {m._meta.label: m._default_manager.count() for m in apps.get_models()}


def _text(value: Any) -> str:
    return "" if value is None else value.isoformat() if isinstance(value, dt.date) else str(value)


def _check(client, tmp_path, data: bytes, name: str) -> None:
    """Through the web upload, preview and apply, then through the command line."""
    before = _counts()
    response = client.post(
        reverse("transfer_import", args=["lens"]),
        {"file": SimpleUploadedFile(name, data), "kind": ""},
    )
    assert response.status_code in (302, 400)
    if response.status_code == 400:
        assert _counts() == before
    else:
        uploaded = _counts()
        assert uploaded == {**before, "transfer.ImportBatch": before["transfer.ImportBatch"] + 1}
        assert client.get(response["Location"]).status_code == 200
        batch = ImportBatch.objects.latest("pk")
        applied = client.post(reverse("importbatch_apply", args=["lens", batch.pk]))
        assert applied.status_code in (302, 400)
        if applied.status_code == 400:
            assert _counts() == uploaded
    path = tmp_path / name
    path.write_bytes(data)
    before = _counts()
    result = CliRunner().invoke(app, ["import", "lens", str(path)])
    assert result.exit_code in (0, 1), result.output
    assert result.exception is None or isinstance(result.exception, SystemExit), result.exception
    if result.exit_code == 1:
        assert _counts() == before


@pytest.fixture
def coordinator(client, cast):
    client.force_login(cast.alice)
    return client


# --- encoders ------------------------------------------------------------------------------------


def _csv(rows: list[list[Any]], delimiter: str, encoding: str) -> bytes:
    out = io.StringIO()
    csv.writer(out, delimiter=delimiter).writerows([[_text(v) for v in r] for r in rows])
    return out.getvalue().encode(encoding, errors="replace")


def _xlsx(sheets: list[tuple[str, list[list[Any]]]]) -> bytes:
    from openpyxl import Workbook
    from openpyxl.cell.cell import ILLEGAL_CHARACTERS_RE

    book = Workbook()
    book.remove(book.active)
    for i, (name, rows) in enumerate(sheets):
        sheet = book.create_sheet(f"{name[:25]}{i}" if i else name[:31])
        for row in rows:
            sheet.append(
                [ILLEGAL_CHARACTERS_RE.sub("", v) if isinstance(v, str) else v for v in row]
            )
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()


def _escape(text: str) -> str:
    text = "".join(ch for ch in text if ch in "\t\n" or " " <= ch <= "\ud7ff" or ch > "\ue000")
    return (
        text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;").replace('"', "&quot;")
    )


def _ods(sheets: list[tuple[str, list[list[Any]]]], repeats: list[int]) -> bytes:
    def cell_xml(value: Any, repeat: int) -> str:
        attr = f' table:number-columns-repeated="{repeat}"' if repeat > 1 else ""
        if value is None:
            return f"<table:table-cell{attr}/>"
        if isinstance(value, bool):
            kind = f'office:value-type="boolean" office:boolean-value="{str(value).lower()}"'
        elif isinstance(value, (int, float)):
            kind = f'office:value-type="float" office:value="{value}"'
        elif isinstance(value, dt.date):
            kind = f'office:value-type="date" office:date-value="{value.isoformat()}"'
        else:
            kind = 'office:value-type="string"'
        return (
            f"<table:table-cell {kind}{attr}><text:p>{_escape(_text(value))}</text:p>"
            "</table:table-cell>"
        )

    tables = []
    for name, rows in sheets:
        body = "".join(
            "<table:table-row>"
            + "".join(cell_xml(v, repeats[(i + j) % len(repeats)]) for j, v in enumerate(row))
            + "</table:table-row>"
            for i, row in enumerate(rows)
        )
        tables.append(f'<table:table table:name="{_escape(name)}">{body}</table:table>')
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("mimetype", "application/vnd.oasis.opendocument.spreadsheet")
        archive.writestr(
            "content.xml",
            f'<?xml version="1.0" encoding="UTF-8"?><office:document-content {ODS_NS}>'
            f"<office:body><office:spreadsheet>{''.join(tables)}</office:spreadsheet>"
            "</office:body></office:document-content>",
        )
    return out.getvalue()


@cache
def _template() -> bytes:
    from coalitionlens.transfer.template import template_bytes

    return template_bytes()


def _mutate(data: bytes, edits: list[tuple[int, int, bytes]]) -> bytes:
    out = bytearray(data)
    for position, length, replacement in edits:
        at = position % (len(out) + 1)
        out[at : at + length] = replacement
    return bytes(out)


edits = st.lists(
    st.tuples(st.integers(0, 1 << 20), st.integers(0, 8), st.binary(max_size=8)),
    min_size=1,
    max_size=6,
)


# --- the tests -----------------------------------------------------------------------------------


@FUZZ
@given(
    data=st.one_of(st.binary(max_size=3000), st.binary(max_size=3000).map(b"PK\x03\x04".__add__))
)
def test_random_bytes(coordinator, tmp_path, data):
    _check(coordinator, tmp_path, data, "random.csv")


@FUZZ
@given(
    rows=table,
    delimiter=st.sampled_from([",", ";", "\t", "|"]),
    encoding=st.sampled_from(["utf-8", "utf-8-sig", "cp1252", "utf-16"]),
    edit=st.one_of(st.none(), edits),
)
def test_random_csv_files(coordinator, tmp_path, rows, delimiter, encoding, edit):
    data = _csv(rows, delimiter, encoding)
    _check(coordinator, tmp_path, _mutate(data, edit) if edit else data, "data.csv")


@FUZZ
@given(sheets=st.lists(st.tuples(sheet_name, table), min_size=1, max_size=3))
def test_random_xlsx_workbooks(coordinator, tmp_path, sheets):
    _check(coordinator, tmp_path, _xlsx(sheets), "data.xlsx")


cell_type = st.sampled_from(["", ' t="s"', ' t="str"', ' t="b"', ' t="e"', ' t="d"', ' t="n"'])
xml_cell = st.tuples(
    st.sampled_from(["A", "B", "C", "AA", "XFD", ""]),
    st.integers(1, 1_048_576),
    cell_type,
    st.booleans(),
    st.one_of(st.sampled_from(VALUES), st.text(max_size=12)),
)


@FUZZ
@given(
    cells=st.lists(xml_cell, max_size=12),
    dimension=st.sampled_from(["", "A1:C3", "A1:XFD1048576", "Q"]),
)
def test_hand_written_xlsx_sheets(coordinator, tmp_path, cells, dimension):
    rows = '<row r="1"><c r="A1" t="inlineStr"><is><t>name</t></is></c></row>'
    for column, row, kind, formula, value in cells:
        ref = f' r="{column}{row}"' if column else ""
        f = "<f>A1</f>" if formula else ""
        rows += f'<row r="{row}"><c{ref}{kind}>{f}<v>{_escape(value)}</v></c></row>'
    dims = {"organisations": dimension} if dimension else None
    _check(coordinator, tmp_path, raw_xlsx({"organisations": rows}, dimensions=dims), "hand.xlsx")


@FUZZ
@given(
    sheets=st.lists(st.tuples(sheet_name, table), min_size=1, max_size=3),
    repeats=st.lists(st.sampled_from([1, 1, 2, 300, 20000]), min_size=1, max_size=4),
)
def test_random_ods_spreadsheets(coordinator, tmp_path, sheets, repeats):
    _check(coordinator, tmp_path, _ods(sheets, repeats), "data.ods")


@FUZZ
@given(edit=edits, inside=st.booleans(), entry=st.integers(0, 50))
def test_mutations_of_the_template_workbook(coordinator, tmp_path, edit, inside, entry):
    data = _template()
    if inside:
        # Mutate one part of the workbook and zip it again, so the parsers see the damage.
        out = io.BytesIO()
        with zipfile.ZipFile(io.BytesIO(data)) as src, zipfile.ZipFile(out, "w") as dst:
            items = src.infolist()
            target = items[entry % len(items)].filename
            for item in items:
                body = src.read(item)
                dst.writestr(item, _mutate(body, edit) if item.filename == target else body)
        data = out.getvalue()
    else:
        data = _mutate(data, edit)
    _check(coordinator, tmp_path, data, "template.xlsx")
