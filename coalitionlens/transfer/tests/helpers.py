"""Building import files in tests."""

from __future__ import annotations

import io
import zipfile
from typing import Any

from openpyxl import Workbook


def xlsx(sheets: dict[str, list[list[Any]]]) -> bytes:
    book = Workbook()
    first = True
    for name, rows in sheets.items():
        sheet = book.active if first else book.create_sheet(name)
        assert sheet is not None
        sheet.title = name
        first = False
        for row in rows:
            sheet.append(row)
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()


def csv_bytes(rows: list[list[Any]], sep: str = ",") -> bytes:
    return ("\n".join(sep.join(str(c) for c in row) for row in rows) + "\n").encode()


ORGS = [
    ["name", "sector", "subsector", "scale"],
    ["Riverside Legal Aid", "CIVIL_SOCIETY", "VICTIM_SERVICES", "NATIONAL"],
    ["Harbour Police Unit", "Law enforcement", "", "LOCAL"],
]
ENGAGEMENTS = [
    ["date", "practice_type", "title", "leads", "counterparts", "domains"],
    [
        "2025-03-14",
        "JOINT_EVENT",
        "Port awareness day",
        "Riverside Legal Aid",
        "Harbour Police Unit",
        "AWARENESS; PREVENTION",
    ],
]


MAIN_NS = "http://schemas.openxmlformats.org/spreadsheetml/2006/main"
REL_NS = "http://schemas.openxmlformats.org/officeDocument/2006/relationships"


def raw_xlsx(sheets: dict[str, str], *, dimensions: dict[str, str] | None = None) -> bytes:
    """A minimal XLSX written by hand: ``sheets`` maps a sheet name to the XML of its ``<row>``s,
    so a test can build what no spreadsheet program writes (a declared dimension, a cell far away,
    a formula whose cached value is text)."""
    dimensions = dimensions or {}
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as archive:
        overrides = "".join(
            f'<Override PartName="/xl/worksheets/sheet{i}.xml" ContentType="application/'
            'vnd.openxmlformats-officedocument.spreadsheetml.worksheet+xml"/>'
            for i in range(1, len(sheets) + 1)
        )
        archive.writestr(
            "[Content_Types].xml",
            '<?xml version="1.0" encoding="UTF-8"?>'
            '<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">'
            '<Default Extension="rels" ContentType="application/'
            'vnd.openxmlformats-package.relationships+xml"/>'
            '<Default Extension="xml" ContentType="application/xml"/>'
            '<Override PartName="/xl/workbook.xml" ContentType="application/'
            'vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml"/>'
            f"{overrides}</Types>",
        )
        archive.writestr(
            "_rels/.rels",
            '<?xml version="1.0" encoding="UTF-8"?>'
            '<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">'
            f'<Relationship Id="rId1" Type="{REL_NS}/officeDocument" Target="xl/workbook.xml"/>'
            "</Relationships>",
        )
        entries = "".join(
            f'<sheet name="{name}" sheetId="{i}" r:id="rId{i}"/>'
            for i, name in enumerate(sheets, start=1)
        )
        archive.writestr(
            "xl/workbook.xml",
            f'<?xml version="1.0" encoding="UTF-8"?><workbook xmlns="{MAIN_NS}" '
            f'xmlns:r="{REL_NS}"><sheets>{entries}</sheets></workbook>',
        )
        rels = "".join(
            f'<Relationship Id="rId{i}" Type="{REL_NS}/worksheet" '
            f'Target="worksheets/sheet{i}.xml"/>'
            for i in range(1, len(sheets) + 1)
        )
        archive.writestr(
            "xl/_rels/workbook.xml.rels",
            '<?xml version="1.0" encoding="UTF-8"?>'
            '<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">'
            f"{rels}</Relationships>",
        )
        for i, (name, rows) in enumerate(sheets.items(), start=1):
            dimension = dimensions.get(name)
            head = f'<dimension ref="{dimension}"/>' if dimension else ""
            archive.writestr(
                f"xl/worksheets/sheet{i}.xml",
                f'<?xml version="1.0" encoding="UTF-8"?><worksheet xmlns="{MAIN_NS}">'
                f"{head}<sheetData>{rows}</sheetData></worksheet>",
            )
    return out.getvalue()


def inline_row(number: int, values: list[str]) -> str:
    """One ``<row>`` of inline strings, from column A."""
    cells = "".join(
        f'<c r="{_letter(i + 1)}{number}" t="inlineStr"><is><t>{v}</t></is></c>'
        for i, v in enumerate(values)
    )
    return f'<row r="{number}">{cells}</row>'


def _letter(n: int) -> str:
    out = ""
    while n:
        n, rem = divmod(n - 1, 26)
        out = chr(65 + rem) + out
    return out


ODS_NS = (
    'xmlns:office="urn:oasis:names:tc:opendocument:xmlns:office:1.0" '
    'xmlns:table="urn:oasis:names:tc:opendocument:xmlns:table:1.0" '
    'xmlns:text="urn:oasis:names:tc:opendocument:xmlns:text:1.0"'
)


def raw_ods(tables: dict[str, str]) -> bytes:
    """A minimal ODS written by hand: ``tables`` maps a sheet name to the XML of its rows."""
    body = "".join(
        f'<table:table table:name="{name}">{rows}</table:table>' for name, rows in tables.items()
    )
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as archive:
        archive.writestr(
            zipfile.ZipInfo("mimetype"), "application/vnd.oasis.opendocument.spreadsheet"
        )
        archive.writestr(
            "META-INF/manifest.xml",
            '<?xml version="1.0" encoding="UTF-8"?><manifest:manifest xmlns:manifest='
            '"urn:oasis:names:tc:opendocument:xmlns:manifest:1.0"><manifest:file-entry '
            'manifest:full-path="/" manifest:media-type="application/'
            'vnd.oasis.opendocument.spreadsheet"/><manifest:file-entry manifest:full-path='
            '"content.xml" manifest:media-type="text/xml"/></manifest:manifest>',
        )
        archive.writestr(
            "content.xml",
            f'<?xml version="1.0" encoding="UTF-8"?><office:document-content {ODS_NS} '
            f'office:version="1.2"><office:body><office:spreadsheet>{body}'
            "</office:spreadsheet></office:body></office:document-content>",
        )
    return out.getvalue()


def ods_row(values: list[str], repeat: int = 1) -> str:
    cells = "".join(
        f'<table:table-cell office:value-type="string"><text:p>{v}</text:p></table:table-cell>'
        for v in values
    )
    attr = f' table:number-rows-repeated="{repeat}"' if repeat > 1 else ""
    return f"<table:table-row{attr}>{cells}</table:table-row>"
