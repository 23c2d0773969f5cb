"""Reading import files safely (SAFETY.md "Uploads") into plain rows of cells.

The format is found from the bytes, never from the file name: XLSX and ODS are zip archives told
apart by their entries; CSV is text. Zip archives are checked before any parser sees them: the number
of entries, and the unpacked size counted while actually inflating (the sizes an archive declares can
lie), so a zip bomb is refused after reading at most the cap.
"""

from __future__ import annotations

import csv
import datetime as dt
import io
import zipfile
from dataclasses import dataclass, field
from typing import Any

from django.conf import settings
from django.utils.translation import gettext as _

__all__ = ["FileRejected", "Sheet", "read_sheets", "sniff_format"]

ZIP_MAGIC = b"PK\x03\x04"
OLE2_MAGIC = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"  # old .xls and other Office 97 files
ODS_MIME = b"application/vnd.oasis.opendocument.spreadsheet"
CHUNK = 1 << 16


class FileRejected(Exception):
    """The file cannot be read at all; the message says why, for people."""


@dataclass
class Sheet:
    name: str
    #: Rows of cells; cells are str, int, float, bool, date or None.
    rows: list[list[Any]] = field(default_factory=list)


def sniff_format(data: bytes) -> str:
    """``"xlsx"``, ``"ods"`` or ``"csv"`` from the contents; :class:`FileRejected` otherwise."""
    if data.startswith(ZIP_MAGIC):
        names = set(_checked_zip(data).namelist())
        if "xl/workbook.xml" in names and "[Content_Types].xml" in names:
            return "xlsx"
        if "content.xml" in names and "mimetype" in names:
            with zipfile.ZipFile(io.BytesIO(data)) as archive:
                if archive.read("mimetype").strip() == ODS_MIME:
                    return "ods"
        raise FileRejected(_("This zip file is not an XLSX or ODS spreadsheet."))
    if data.startswith(OLE2_MAGIC):
        raise FileRejected(
            _("This is an old Excel (.xls) file: save it as .xlsx or .csv and upload it again.")
        )
    if b"\x00" in data[:8192]:
        raise FileRejected(_("This file is neither a spreadsheet nor CSV text."))
    _decode(data)
    return "csv"


def _checked_zip(data: bytes) -> zipfile.ZipFile:
    max_entries = settings.COALITIONLENS_IMPORT_MAX_ZIP_ENTRIES
    max_unpacked = settings.COALITIONLENS_IMPORT_MAX_UNPACKED_BYTES
    try:
        archive = zipfile.ZipFile(io.BytesIO(data))
        entries = archive.infolist()
    except (zipfile.BadZipFile, OSError) as exc:
        raise FileRejected(_("This spreadsheet is damaged (not a readable zip file).")) from exc
    if len(entries) > max_entries:
        raise FileRejected(
            _("This spreadsheet has too many parts (%(n)s; at most %(max)s).")
            % {"n": len(entries), "max": max_entries}
        )
    if sum(e.file_size for e in entries) > max_unpacked:
        raise FileRejected(_("This spreadsheet unpacks to more than the size allowed."))
    total = 0
    try:
        for entry in entries:
            with archive.open(entry) as stream:
                while chunk := stream.read(CHUNK):
                    total += len(chunk)
                    if total > max_unpacked:
                        raise FileRejected(
                            _("This spreadsheet unpacks to more than the size allowed.")
                        )
    except (zipfile.BadZipFile, OSError, EOFError, ValueError) as exc:
        raise FileRejected(_("This spreadsheet is damaged (not a readable zip file).")) from exc
    return archive


def _decode(data: bytes) -> str:
    for encoding in ("utf-8-sig", "cp1252"):
        try:
            return data.decode(encoding)
        except UnicodeDecodeError:
            continue
    raise FileRejected(_("This text file is in an encoding that cannot be read; save it as UTF-8."))


def read_sheets(data: bytes, fmt: str | None = None, *, name: str = "") -> list[Sheet]:
    """Every sheet of the file as rows of cells. ``name`` labels a CSV's single sheet."""
    fmt = fmt or sniff_format(data)
    if fmt in ("xlsx", "ods"):
        _checked_zip(data)  # again: the caller may have passed ``fmt`` without sniffing
    if fmt == "xlsx":
        return _read_xlsx(data)
    if fmt == "ods":
        return _read_ods(data)
    return [Sheet(name=name, rows=_read_csv(_decode(data)))]


def _read_csv(text: str) -> list[list[Any]]:
    sample = text[:8192]
    try:
        dialect: Any = csv.Sniffer().sniff(sample, delimiters=",;\t")
    except csv.Error:
        dialect = csv.excel
    return [list(row) for row in csv.reader(io.StringIO(text, newline=""), dialect)]


def _cell(value: Any) -> Any:
    if isinstance(value, dt.datetime):
        return value.date() if value.time() == dt.time(0) else value
    if isinstance(value, float) and value.is_integer():
        return int(value)
    return value


def _read_xlsx(data: bytes) -> list[Sheet]:
    import openpyxl

    try:
        book = openpyxl.load_workbook(io.BytesIO(data), read_only=True, data_only=True)
    except Exception as exc:
        raise FileRejected(_("This XLSX file cannot be read: %(error)s") % {"error": exc}) from exc
    sheets = []
    try:
        for ws in book.worksheets:
            rows = [[_cell(v) for v in row] for row in ws.iter_rows(values_only=True)]
            sheets.append(Sheet(name=ws.title, rows=rows))
    finally:
        book.close()
    return sheets


def _read_ods(data: bytes) -> list[Sheet]:
    import pandas as pd

    try:
        frames = pd.read_excel(
            io.BytesIO(data), engine="odf", sheet_name=None, header=None, dtype=object
        )
    except Exception as exc:
        raise FileRejected(_("This ODS file cannot be read: %(error)s") % {"error": exc}) from exc
    sheets = []
    for sheet_name, frame in frames.items():
        rows = [
            [None if _is_missing(v) else _cell(_unpandas(v)) for v in row]
            for row in frame.itertuples(index=False, name=None)
        ]
        sheets.append(Sheet(name=str(sheet_name), rows=rows))
    return sheets


def _is_missing(value: Any) -> bool:
    try:
        return bool(value != value)  # NaN / NaT
    except Exception:
        return False


def _unpandas(value: Any) -> Any:
    if hasattr(value, "to_pydatetime"):
        return value.to_pydatetime()
    return value
