"""Reading import files safely (SAFETY.md "Uploads") into plain rows of cells.

The format is found from the bytes, never from the file name: XLSX and ODS are zip archives told
apart by their entries; CSV is text. Zip archives are checked before any parser sees them: the number
of entries, and the unpacked size counted while actually inflating (the sizes an archive declares can
lie), so a zip bomb is refused after reading at most the cap.

Every file is then read as a stream, and its caps (:class:`Limits`, from the
``COALITIONLENS_IMPORT_MAX_*`` settings) are checked on the way, so memory is bounded by the caps
whatever the file's shape:

* rows: a cell in a row past the cap is refused when it is met (rows of every sheet count together);
  an XLSX sheet that *declares* cells past the caps (its ``<dimension>``) is refused before any row
  is read. Empty rows, and empty ODS rows or cells repeated to the end of a sheet, are skipped
  without being built;
* columns, and cells in all: a row is refused before it is kept. A CSV line is refused from the
  number of its delimiters before the csv module splits it;
* characters per cell: a cell is refused as soon as its text passes the cap, before it is kept (the
  XML is read with expat, a piece of text at a time; CSV through ``csv.field_size_limit``);
* characters in all: a spreadsheet holds no more text than a CSV file of the size cap could.

Every refusal is a :class:`FileRejected` naming the file, sheet, row and column. XML with a document
type declaration (entity expansion) is refused.

CSV is read here; XLSX and ODS in :mod:`coalitionlens.transfer.spreadsheets`; the caps and the rows
kept within them are :mod:`coalitionlens.transfer.bounds`.
"""

from __future__ import annotations

import codecs
import csv
import io
import zipfile
from typing import Any

from django.conf import settings
from django.utils.translation import gettext as _

from coalitionlens.transfer.bounds import (
    CHUNK,
    ZIP_ERRORS,
    FileRejected,
    Limits,
    Sheet,
    SheetReader,
    damaged,
    grouped,
)
from coalitionlens.transfer.spreadsheets import read_ods, read_xlsx

__all__ = ["FileRejected", "Limits", "Sheet", "read_sheets", "sniff_format"]

ZIP_MAGIC = b"PK\x03\x04"
OLE2_MAGIC = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"  # old .xls and other Office 97 files
ODS_MIME = b"application/vnd.oasis.opendocument.spreadsheet"


# --- sniffing ------------------------------------------------------------------------------------


def sniff_format(data: bytes) -> str:
    """``"xlsx"``, ``"ods"`` or ``"csv"`` from the contents; :class:`FileRejected` otherwise."""
    if data.startswith(ZIP_MAGIC):
        archive = _checked_zip(data)
        names = set(archive.namelist())
        if "xl/workbook.xml" in names and "[Content_Types].xml" in names:
            return "xlsx"
        if "content.xml" in names and "mimetype" in names:
            try:
                mime = archive.read("mimetype")
            except ZIP_ERRORS as exc:
                raise FileRejected(damaged("mimetype")) from exc
            if mime.strip() == ODS_MIME:
                return "ods"
        raise FileRejected(_("This zip file is not an XLSX or ODS spreadsheet."))
    if data.startswith(OLE2_MAGIC):
        raise FileRejected(
            _("This is an old Excel (.xls) file: save it as .xlsx or .csv and upload it again.")
        )
    if b"\x00" in data[:8192]:
        raise FileRejected(_("This file is neither a spreadsheet nor CSV text."))
    _encoding(data)
    return "csv"


def _checked_zip(data: bytes) -> zipfile.ZipFile:
    max_entries = settings.COALITIONLENS_IMPORT_MAX_ZIP_ENTRIES
    max_unpacked = settings.COALITIONLENS_IMPORT_MAX_UNPACKED_BYTES
    try:
        archive = zipfile.ZipFile(io.BytesIO(data))
        entries = archive.infolist()
    except ZIP_ERRORS as exc:
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
    except ZIP_ERRORS as exc:
        raise FileRejected(_("This spreadsheet is damaged (not a readable zip file).")) from exc
    return archive


def _encoding(data: bytes) -> str:
    """UTF-8 (with or without a byte-order mark), else Windows-1252: checked a piece at a time."""
    view = memoryview(data)
    for encoding in ("utf-8-sig", "cp1252"):
        decoder = codecs.getincrementaldecoder(encoding)()
        try:
            for start in range(0, len(view), CHUNK):
                decoder.decode(view[start : start + CHUNK])
            decoder.decode(b"", True)
        except UnicodeDecodeError:
            continue
        return encoding
    raise FileRejected(_("This text file is in an encoding that cannot be read; save it as UTF-8."))


# --- reading -------------------------------------------------------------------------------------


def read_sheets(
    data: bytes,
    fmt: str | None = None,
    *,
    name: str = "",
    file: str = "",
    limits: Limits | None = None,
) -> list[Sheet]:
    """Every sheet of the file as rows of cells, within ``limits`` (default: the settings).

    ``name`` labels a CSV's single sheet; ``file`` (default ``name``) names the file in refusals.
    """
    reader = SheetReader(limits or Limits.from_settings(), file or name)
    try:
        fmt = fmt or sniff_format(data)
        if fmt == "xlsx":
            read_xlsx(_checked_zip(data), reader)
        elif fmt == "ods":
            read_ods(_checked_zip(data), reader)
        else:
            _read_csv(data, reader, name)
    except FileRejected as exc:
        exc.file = exc.file or reader.file
        raise
    reader.finish_sheet()
    return reader.sheets


# --- CSV -----------------------------------------------------------------------------------------


def _read_csv(data: bytes, reader: SheetReader, name: str) -> None:
    encoding = _encoding(data)
    try:
        dialect: Any = csv.Sniffer().sniff(
            data[:8192].decode(encoding, errors="ignore"), delimiters=",;\t"
        )
    except csv.Error:
        dialect = csv.excel
    limits = reader.limits
    # Process-wide, but every import sets the same value: a longer field stops the csv module
    # before it is kept.
    csv.field_size_limit(limits.cell_chars)
    delimiter = dialect.delimiter
    record: list[str] = []  # the lines of the record being read
    state = {"number": 0, "delimiters": 0}

    def lines() -> Any:
        for line in io.TextIOWrapper(io.BytesIO(data), encoding=encoding, newline=""):
            if "\x00" in line:  # binary past the part sniff_format looked at
                reader.refuse(
                    _("This file is neither a spreadsheet nor CSV text."), state["number"] + 1
                )
            record.append(line)
            state["delimiters"] += line.count(delimiter)
            if state["delimiters"] >= limits.columns:
                # Counted before the csv module splits the line into (up to millions of) fields;
                # a delimiter inside quotes counts too, so this is an upper bound.
                reader.refuse(
                    _("This cell is past the %(max)s columns a sheet may have.")
                    % {"max": grouped(limits.columns)},
                    state["number"] + 1,
                    limits.columns + 1,
                )
            yield line

    reader.start_sheet(name)
    records = csv.reader(lines(), dialect)
    while True:
        try:
            row = next(records)
        except StopIteration:
            break
        except csv.Error as exc:
            number = state["number"] + 1
            text = "".join(record)
            if "field larger than field limit" in str(exc):
                reader.check_length(
                    limits.cell_chars + 1, number, _long_field(text, dialect, limits.cell_chars)
                )
            reader.refuse(_("This row cannot be read as CSV (%(error)s).") % {"error": exc}, number)
        state["number"] += 1
        state["delimiters"] = 0
        record.clear()
        if any(row):
            reader.add_row(state["number"], row)


def _long_field(text: str, dialect: Any, cap: int) -> int:
    """The column of the first field of one CSV record longer than ``cap`` characters."""
    text = text.rstrip("\r\n")
    delimiter, quote = dialect.delimiter, dialect.quotechar or ""
    column, i, n = 1, 0, len(text)
    while i <= n:
        length = 0
        if quote and text.startswith(quote, i):
            i += 1
            while i < n:
                j = text.find(quote, i)
                if j < 0:
                    length, i = length + n - i, n
                    break
                length += j - i
                if dialect.doublequote and text.startswith(quote, j + 1):
                    length, i = length + 1, j + 2
                    continue
                i = j + 1
                break
        end = text.find(delimiter, i)
        length += (n if end < 0 else end) - i
        if length > cap or end < 0:
            return column
        i, column = end + 1, column + 1
    return column
