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
"""

from __future__ import annotations

import codecs
import csv
import datetime as dt
import io
import math
import posixpath
import re
import zipfile
import zlib
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any, NoReturn
from xml.parsers import expat

from django.conf import settings
from django.utils import formats
from django.utils.translation import gettext as _

__all__ = ["FileRejected", "Limits", "Sheet", "column_letter", "read_sheets", "sniff_format"]

ZIP_MAGIC = b"PK\x03\x04"
OLE2_MAGIC = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"  # old .xls and other Office 97 files
ODS_MIME = b"application/vnd.oasis.opendocument.spreadsheet"
CHUNK = 1 << 16
ZIP_ERRORS = (
    zipfile.BadZipFile,
    zlib.error,
    OSError,
    EOFError,
    ValueError,
    KeyError,
    NotImplementedError,  # an unsupported compression method
    RuntimeError,  # an encrypted entry
)
_INTEGER = re.compile(r"[+-]?\d{1,18}\Z", re.ASCII)
_DECIMAL = re.compile(r"[+-]?(?:\d+\.?\d*|\.\d+)(?:[eE][+-]?\d{1,4})?\Z", re.ASCII)
_REF = re.compile(r"\$?([A-Za-z]{1,4})\$?(\d{1,9})\Z")


class FileRejected(Exception):
    """The file cannot be read; ``reason`` says why, for people, and the other attributes where."""

    def __init__(
        self,
        reason: str,
        *,
        file: str = "",
        sheet: str = "",
        row: int | None = None,
        column: str = "",
    ) -> None:
        super().__init__(reason)
        self.reason = reason
        self.file = file
        self.sheet = sheet
        self.row = row
        self.column = column

    def __str__(self) -> str:
        where = [self.file] if self.file else []
        if self.sheet:
            where.append(_("sheet “%(name)s”") % {"name": self.sheet})
        if self.row is not None:
            where.append(_("row %(n)s") % {"n": self.row})
        if self.column:
            where.append(_("column %(letter)s") % {"letter": self.column})
        return " › ".join(where) + ": " + self.reason if where else self.reason


@dataclass(frozen=True)
class Limits:
    """How much one file may hold."""

    rows: int  #: rows of all the sheets together, counted to each sheet's last non-empty row
    columns: int  #: columns of one sheet
    cells: int  #: cells of all the sheets together
    cell_chars: int  #: characters of one cell
    text_chars: int  #: characters of text of all the cells together

    @classmethod
    def from_settings(cls) -> Limits:
        return cls(
            rows=settings.COALITIONLENS_IMPORT_MAX_ROWS,
            columns=settings.COALITIONLENS_IMPORT_MAX_COLUMNS,
            cells=settings.COALITIONLENS_IMPORT_MAX_CELLS,
            cell_chars=settings.COALITIONLENS_IMPORT_MAX_CELL_CHARS,
            # No more than a CSV file within the size cap could hold.
            text_chars=settings.COALITIONLENS_IMPORT_MAX_BYTES,
        )


@dataclass
class Sheet:
    name: str
    #: Rows of cells; cells are str, int, float, bool, date or None. Row ``i`` of the list is row
    #: ``i + 1`` of the sheet; rows are cut after their last value (CSV rows are kept as they are).
    rows: list[list[Any]] = field(default_factory=list)


def column_letter(number: int) -> str:
    """The spreadsheet name of a column: 1 → ``A``, 27 → ``AA``.

    >>> column_letter(1), column_letter(28), column_letter(16384)
    ('A', 'AB', 'XFD')
    """
    letters = ""
    while number > 0:
        number, rest = divmod(number - 1, 26)
        letters = chr(65 + rest) + letters
    return letters


def _column_number(letters: str) -> int:
    number = 0
    for ch in letters.upper():
        number = number * 26 + ord(ch) - 64
    return number


def _n(number: int) -> str:
    return formats.number_format(number, force_grouping=True)


# --- the caps of one file ------------------------------------------------------------------------


class _Reader:
    """The sheets read so far and what they used of the caps."""

    def __init__(self, limits: Limits, file: str) -> None:
        self.limits = limits
        self.file = file
        self.sheets: list[Sheet] = []
        self.sheet: Sheet | None = None
        self.rows_before = 0  # rows of the sheets already read
        self.last_row = 0  # last non-empty row of the sheet being read
        self.cells = 0
        self.text = 0

    def refuse(self, reason: str, row: int | None = None, column: int = 0) -> NoReturn:
        raise FileRejected(
            reason,
            file=self.file,
            sheet=self.sheet.name if self.sheet else "",
            row=row,
            column=column_letter(column) if column else "",
        )

    def start_sheet(self, name: str) -> None:
        self.finish_sheet()
        self.sheet = Sheet(name=name)
        self.last_row = 0

    def finish_sheet(self) -> None:
        if self.sheet is not None:
            self.sheets.append(self.sheet)
            self.rows_before += self.last_row
            self.sheet = None

    def check_place(self, row: int, column: int) -> None:
        """A value in (row, column): within the rows and columns a file may have?"""
        if self.rows_before + row > self.limits.rows:
            self.refuse(
                _(
                    "This row is past the %(max)s rows a file may hold "
                    "(the rows of all its sheets together)."
                )
                % {"max": _n(self.limits.rows)},
                row,
                column,
            )
        if column > self.limits.columns:
            self.refuse(
                _("This cell is past the %(max)s columns a sheet may have.")
                % {"max": _n(self.limits.columns)},
                row,
                column,
            )

    def check_length(self, length: int, row: int, column: int) -> None:
        if length > self.limits.cell_chars:
            self.refuse(
                _("This cell holds more than the %(max)s characters a cell may hold.")
                % {"max": _n(self.limits.cell_chars)},
                row,
                column,
            )

    def add_text(self, length: int, row: int | None = None, column: int = 0) -> None:
        self.text += length
        if self.text > self.limits.text_chars:
            self.refuse(
                _("The file holds more than the %(max)s characters of text allowed in all.")
                % {"max": _n(self.limits.text_chars)},
                row,
                column,
            )

    def add_row(self, number: int, cells: list[Any]) -> None:
        """Keep a row that has a value; rows come in order (a repeated number replaces the row)."""
        assert self.sheet is not None
        first = next(i for i, v in enumerate(cells, start=1) if v is not None and v != "")
        too_wide = len(cells) > self.limits.columns
        self.check_place(number, self.limits.columns + 1 if too_wide else first)
        if self.cells + len(cells) > self.limits.cells:
            self.refuse(
                _("The file holds more than the %(max)s cells allowed.")
                % {"max": _n(self.limits.cells)},
                number,
                self.limits.cells - self.cells + 1,
            )
        self.cells += len(cells)
        rows = self.sheet.rows
        if number <= len(rows):
            rows[number - 1] = cells
            return
        rows.extend([] for _gap in range(number - 1 - len(rows)))
        rows.append(cells)
        self.last_row = number


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
                raise FileRejected(_damaged("mimetype")) from exc
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


def _damaged(part: str) -> str:
    return _("This spreadsheet is damaged: its part %(part)s cannot be read.") % {"part": part}


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
    reader = _Reader(limits or Limits.from_settings(), file or name)
    try:
        fmt = fmt or sniff_format(data)
        if fmt == "xlsx":
            _read_xlsx(_checked_zip(data), reader)
        elif fmt == "ods":
            _read_ods(_checked_zip(data), reader)
        else:
            _read_csv(data, reader, name)
    except FileRejected as exc:
        exc.file = exc.file or reader.file
        raise
    reader.finish_sheet()
    return reader.sheets


def _cell(value: Any) -> Any:
    if isinstance(value, dt.datetime):
        return value.date() if value.time() == dt.time(0) else value
    if isinstance(value, float) and value.is_integer() and abs(value) < 2**53:
        return int(value)
    return value


def _number(text: str) -> int | float | None:
    """The number ``text`` writes, or ``None`` (also for infinities and NaN)."""
    text = text.strip()
    if _INTEGER.match(text):
        return int(text)
    if _DECIMAL.match(text):
        value = float(text)
        return value if math.isfinite(value) else None
    return None


# --- CSV -----------------------------------------------------------------------------------------


def _read_csv(data: bytes, reader: _Reader, name: str) -> None:
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
                    % {"max": _n(limits.columns)},
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


# --- XML, a piece at a time ----------------------------------------------------------------------


class _Done(Exception):
    """Everything wanted from a part has been read."""


def _local(name: str) -> str:
    return name[name.rfind("}") + 1 :]


def _parse_part(
    archive: zipfile.ZipFile,
    part: str,
    reader: _Reader,
    start: Callable[[str, dict[str, str]], None],
    end: Callable[[str], None],
    text: Callable[[str], None] | None = None,
) -> None:
    """Feed ``part`` of the archive to expat, ``CHUNK`` bytes at a time; names are local names."""
    parser = expat.ParserCreate(namespace_separator="}")
    parser.buffer_text = True
    parser.StartElementHandler = lambda name, attrs: start(_local(name), attrs)
    parser.EndElementHandler = lambda name: end(_local(name))
    if text is not None:
        parser.CharacterDataHandler = text

    def no_dtd(*_args: Any) -> None:
        reader.refuse(
            _("This spreadsheet declares a document type or entities, which is not allowed.")
        )

    parser.StartDoctypeDeclHandler = no_dtd
    parser.EntityDeclHandler = no_dtd
    parser.SetParamEntityParsing(expat.XML_PARAM_ENTITY_PARSING_NEVER)
    try:
        with archive.open(part) as stream:
            while chunk := stream.read(CHUNK):
                parser.Parse(chunk, False)
            parser.Parse(b"", True)
    except _Done:
        return
    except expat.ExpatError as exc:
        reader.refuse(_damaged(part) + f" ({expat.ErrorString(exc.code)}, line {exc.lineno})")
    except ZIP_ERRORS:
        reader.refuse(_damaged(part))


def _elements(
    archive: zipfile.ZipFile, part: str, reader: _Reader, wanted: set[str]
) -> list[tuple[str, str, dict[str, str]]]:
    """(parent, name, attributes) of the ``wanted`` elements of a small part."""
    found: list[tuple[str, str, dict[str, str]]] = []
    stack: list[str] = [""]
    most = 4 * settings.COALITIONLENS_IMPORT_MAX_ZIP_ENTRIES + 200_000

    def start(name: str, attrs: dict[str, str]) -> None:
        if name in wanted:
            found.append((stack[-1], name, {_local(k): v for k, v in attrs.items()}))
            if len(found) > most:
                reader.refuse(_damaged(part))
        stack.append(name)

    _parse_part(archive, part, reader, start, lambda name: stack.pop())
    return found


# --- XLSX ----------------------------------------------------------------------------------------


class _Overlong:
    """A shared text longer than a cell may hold: refused at the first cell that uses it."""

    def __init__(self, length: int) -> None:
        self.length = length


def _read_xlsx(archive: zipfile.ZipFile, reader: _Reader) -> None:
    from openpyxl.utils.datetime import MAC_EPOCH, WINDOWS_EPOCH

    rels: dict[str, tuple[str, str]] = {}
    for _parent, _name, attrs in _elements(
        archive, "xl/_rels/workbook.xml.rels", reader, {"Relationship"}
    ):
        if attrs.get("TargetMode") == "External" or "Target" not in attrs:
            continue
        target = attrs["Target"]
        path = target.lstrip("/") if target.startswith("/") else posixpath.join("xl", target)
        rels[attrs.get("Id", "")] = (attrs.get("Type", ""), posixpath.normpath(path))
    sheets, epoch = [], WINDOWS_EPOCH
    for _parent, name, attrs in _elements(
        archive, "xl/workbook.xml", reader, {"sheet", "workbookPr"}
    ):
        if name == "workbookPr" and attrs.get("date1904", "").lower() in ("1", "true"):
            epoch = MAC_EPOCH
        elif name == "sheet":
            sheets.append((attrs.get("name", ""), attrs.get("id", "")))
    by_type = {kind.rsplit("/", 1)[-1]: path for kind, path in rels.values()}
    shared = (
        _shared_strings(archive, by_type["sharedStrings"], reader)
        if "sharedStrings" in by_type
        else []
    )
    dates, durations = (
        _date_styles(archive, by_type["styles"], reader) if "styles" in by_type else (set(), set())
    )
    for name, rel in sheets:
        kind, path = rels.get(rel, ("", ""))
        if not kind.endswith("/worksheet"):
            continue  # chart sheets and the like hold no rows
        reader.start_sheet(name)
        handler = _XlsxSheet(reader, shared, dates, durations, epoch)
        _parse_part(archive, path, reader, handler.start, handler.end, handler.text)
        reader.finish_sheet()


def _shared_strings(archive: zipfile.ZipFile, part: str, reader: _Reader) -> list[Any]:
    strings: list[Any] = []
    pieces: list[str] = []
    state = {"length": 0, "collect": False, "phonetic": 0}
    cap, most = reader.limits.cell_chars, reader.limits.cells

    def start(name: str, attrs: dict[str, str]) -> None:
        if name == "si":
            pieces.clear()
            state["length"] = 0
        elif name == "t":
            state["collect"] = not state["phonetic"]
        elif name == "rPh":  # a pronunciation guide, not part of the text
            state["phonetic"] += 1

    def end(name: str) -> None:
        if name == "t":
            state["collect"] = False
        elif name == "rPh":
            state["phonetic"] -= 1
        elif name == "si":
            length = state["length"]
            strings.append("".join(pieces) if length <= cap else _Overlong(length))
            pieces.clear()
            reader.add_text(min(length, cap + 1))
            if len(strings) > most:
                reader.refuse(
                    _("The file holds more than the %(max)s cells allowed.") % {"max": _n(most)}
                )

    def text(data: str) -> None:
        if state["collect"]:
            state["length"] += len(data)
            if state["length"] <= cap:
                pieces.append(data)

    _parse_part(archive, part, reader, start, end, text)
    return strings


def _date_styles(archive: zipfile.ZipFile, part: str, reader: _Reader) -> tuple[set[int], set[int]]:
    """The cell styles (indices into ``cellXfs``) that show a number as a date, and as a duration."""
    from openpyxl.styles.numbers import BUILTIN_FORMATS, is_date_format, is_timedelta_format

    custom: dict[int, str] = {}
    styles: list[int] = []
    for parent, name, attrs in _elements(archive, part, reader, {"numFmt", "xf"}):
        number = attrs.get("numFmtId", "0")
        key = int(number) if number.isdigit() and len(number) < 9 else 0
        if name == "numFmt":
            custom[key] = attrs.get("formatCode", "")
        elif parent == "cellXfs":
            styles.append(key)
    dates, durations = set(), set()
    for index, key in enumerate(styles):
        code = custom.get(key) or BUILTIN_FORMATS.get(key, "General")
        if is_date_format(code):
            dates.add(index)
        if is_timedelta_format(code):
            durations.add(index)
    return dates, durations


class _XlsxSheet:
    """Rows of one worksheet part, as expat reads it."""

    def __init__(
        self,
        reader: _Reader,
        shared: list[Any],
        dates: set[int],
        durations: set[int],
        epoch: dt.datetime,
    ) -> None:
        self.reader = reader
        self.shared = shared
        self.dates, self.durations, self.epoch = dates, durations, epoch
        self.cap = reader.limits.cell_chars
        self.row_number = 0
        self.row: list[Any] = []
        self.column = 0
        self.kind = "n"
        self.style = 0
        self.pieces: list[str] = []
        self.length = 0
        self.collect = False
        self.inline = False
        self.phonetic = 0
        self.has_value = False

    def start(self, name: str, attrs: dict[str, str]) -> None:
        if name == "c":
            ref = _REF.match(attrs.get("r", ""))
            self.column = _column_number(ref.group(1)) if ref else self.column + 1
            self.kind = attrs.get("t", "n")
            style = attrs.get("s", "")
            self.style = int(style) if style.isdigit() and len(style) < 9 else 0
            self.pieces = []
            self.length = 0
            self.has_value = False
        elif name == "v":
            self.collect = self.has_value = True
        elif name == "is":
            self.inline = self.has_value = True
        elif name == "t":
            self.collect = self.inline and not self.phonetic
        elif name == "rPh":
            self.phonetic += 1
        elif name == "row":
            number = attrs.get("r", "")
            self.row_number = (
                int(number) if number.isdigit() and len(number) < 10 else self.row_number + 1
            )
            self.row = []
            self.column = 0
        elif name == "dimension":
            self._dimension(attrs.get("ref", ""))

    def text(self, data: str) -> None:
        if self.collect:
            self.length += len(data)
            self.reader.check_length(self.length, self.row_number, self.column)
            self.pieces.append(data)

    def end(self, name: str) -> None:
        if name in ("v", "t"):
            self.collect = False
        elif name == "is":
            self.inline = False
        elif name == "rPh":
            self.phonetic -= 1
        elif name == "c":
            self._cell()
        elif name == "row":
            if self.row:
                self.reader.add_row(self.row_number, self.row)
            self.row = []
        elif name == "sheetData":
            raise _Done

    def _dimension(self, ref: str) -> None:
        """Refuse a sheet that declares more rows or columns than a file may hold, unread."""
        corner = _REF.match(ref.rsplit(":", 1)[-1])
        if corner is None:
            return
        column, row = _column_number(corner.group(1)), int(corner.group(2))
        limits = self.reader.limits
        if row > limits.rows or column > limits.columns:
            self.reader.refuse(
                _(
                    "The sheet declares cells as far as %(ref)s, past the %(rows)s rows and "
                    "%(columns)s columns a file may hold. Delete the empty rows and columns after "
                    "the data, or copy the data into a new file."
                )
                % {
                    "ref": f"{column_letter(column)}{row}",
                    "rows": _n(limits.rows),
                    "columns": _n(limits.columns),
                },
                row,
                column,
            )

    def _cell(self) -> None:
        value = self._value("".join(self.pieces) if self.has_value else None)
        if value is None or value == "":
            return
        row, column = self.row_number, self.column
        self.reader.check_place(row, column)
        if self.kind != "s" and isinstance(value, str):
            self.reader.add_text(len(value), row, column)
        cells = self.row
        if column > len(cells):
            cells.extend([None] * (column - 1 - len(cells)))
            cells.append(value)
        else:
            cells[column - 1] = value

    def _value(self, text: str | None) -> Any:
        from openpyxl.utils.datetime import from_excel, from_ISO8601

        if text is None:
            return None  # includes a formula whose result was never saved
        kind = self.kind
        if kind == "s":
            found: Any = None
            if text.strip().isdigit() and len(text) < 10 and int(text) < len(self.shared):
                found = self.shared[int(text)]
            if found is None:
                self.reader.refuse(
                    _("This cell refers to a shared text the file does not hold."),
                    self.row_number,
                    self.column,
                )
            if isinstance(found, _Overlong):
                self.reader.check_length(found.length, self.row_number, self.column)
            return found
        if kind in ("inlineStr", "str", "e"):
            return text
        if kind == "b":
            return {"1": True, "0": False, "true": True, "false": False}.get(
                text.strip().lower(), text
            )
        if kind == "d":
            try:
                return _cell(from_ISO8601(text.strip()))
            except (ValueError, TypeError, OverflowError):
                return text
        number = _number(text)
        if number is None:
            # A cell that says it holds a number but holds text: what a formula whose result is
            # text looks like in some files. The text is what people see.
            return text
        if self.style in self.dates:
            try:
                return _cell(from_excel(number, self.epoch, timedelta=self.style in self.durations))
            except (ValueError, TypeError, OverflowError):
                return number
        return _cell(number)


# --- ODS -----------------------------------------------------------------------------------------


def _read_ods(archive: zipfile.ZipFile, reader: _Reader) -> None:
    handler = _OdsContent(reader)
    _parse_part(archive, "content.xml", reader, handler.start, handler.end, handler.text)
    reader.finish_sheet()


def _repeat(attrs: dict[str, str], name: str) -> int:
    raw = attrs.get(name, "1")
    return int(raw) if raw.isdigit() and 0 < len(raw) < 10 and int(raw) > 0 else 1


class _OdsContent:
    """Every table of an ODS ``content.xml``, as expat reads it. Repeated empty rows and cells
    (LibreOffice repeats them to the end of the sheet) only move the position."""

    def __init__(self, reader: _Reader) -> None:
        self.reader = reader
        self.tables = 0  # depth of table elements (a table inside a cell is not read)
        self.row_number = 0  # rows of the current table so far
        self.row: list[Any] = []
        self.row_repeat = 1
        self.column = 0
        self.in_cell = False
        self.cell: dict[str, str] = {}
        self.cell_repeat = 1
        self.pieces: list[str] = []
        self.length = 0
        self.paragraphs = 0
        self.collect = 0
        self.notes = 0

    def _attrs(self, attrs: dict[str, str]) -> dict[str, str]:
        out: dict[str, str] = {}
        for key, value in attrs.items():
            out.setdefault(_local(key), value)
        return out

    def _add(self, piece: str) -> None:
        self.length += len(piece)
        self.reader.check_length(self.length, self.row_number + 1, self.column + 1)
        self.pieces.append(piece)

    def start(self, name: str, attrs: dict[str, str]) -> None:
        if name == "table":
            self.tables += 1
            if self.tables == 1 and not self.in_cell:
                self.reader.start_sheet(self._attrs(attrs).get("name", ""))
                self.row_number = 0
            return
        if self.tables != 1:
            return
        if name == "table-row" and not self.in_cell:
            self.row = []
            self.column = 0
            self.row_repeat = _repeat(self._attrs(attrs), "number-rows-repeated")
        elif name in ("table-cell", "covered-table-cell") and not self.in_cell:
            self.in_cell = True
            self.cell = self._attrs(attrs)
            self.cell_repeat = _repeat(self.cell, "number-columns-repeated")
            self.pieces = []
            self.length = 0
            self.paragraphs = 0
        elif not self.in_cell:
            return
        elif name == "annotation":
            self.notes += 1
        elif self.notes:
            return
        elif name in ("p", "h"):
            if self.paragraphs:
                self._add("\n")
            self.paragraphs += 1
            self.collect += 1
        elif self.collect and name == "s":
            count = _repeat(self._attrs(attrs), "c")
            self.reader.check_length(self.length + count, self.row_number + 1, self.column + 1)
            self._add(" " * count)
        elif self.collect and name == "tab":
            self._add("\t")
        elif self.collect and name == "line-break":
            self._add("\n")

    def text(self, data: str) -> None:
        if self.collect and not self.notes:
            self._add(data)

    def end(self, name: str) -> None:
        if name == "table":
            self.tables -= 1
            if self.tables == 0 and not self.in_cell:
                self.reader.finish_sheet()
            return
        if self.tables != 1:
            return
        if name == "annotation" and self.in_cell:
            self.notes -= 1
        elif name in ("p", "h") and self.in_cell and not self.notes:
            self.collect -= 1
        elif name in ("table-cell", "covered-table-cell") and self.in_cell:
            self.in_cell = False
            self._cell()
        elif name == "table-row" and not self.in_cell:
            self._row()

    def _cell(self) -> None:
        value = self._value()
        first = self.column + 1
        self.column += self.cell_repeat
        if value is None or value == "":
            return
        row = self.row_number + 1
        self.reader.check_place(row, first)
        self.reader.check_place(row, self.column)
        if isinstance(value, str):
            self.reader.add_text(len(value), row, first)
        cells = self.row
        cells.extend([None] * (first - 1 - len(cells)))
        cells.extend([value] * self.cell_repeat)

    def _value(self) -> Any:
        attrs = self.cell
        kind = attrs.get("value-type", "")
        text = "".join(self.pieces)
        if kind in ("float", "percentage", "currency"):
            number = _number(attrs.get("value", ""))
            return _cell(number) if number is not None else text
        if kind == "date":
            raw = attrs.get("date-value", "")
            try:
                return _cell(
                    dt.date.fromisoformat(raw) if len(raw) == 10 else dt.datetime.fromisoformat(raw)
                )
            except ValueError:
                return text or raw
        if kind == "boolean":
            return attrs.get("boolean-value", "").strip().lower() == "true"
        if kind == "string" and "string-value" in attrs:
            self.reader.check_length(
                len(attrs["string-value"]), self.row_number + 1, self.column + 1
            )
            return attrs["string-value"]
        return text or None

    def _row(self) -> None:
        cells = self.row
        if cells:
            for i in range(self.row_repeat):
                self.reader.add_row(self.row_number + 1 + i, cells if i == 0 else list(cells))
        self.row_number += self.row_repeat
        self.row = []
